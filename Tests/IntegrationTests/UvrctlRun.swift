import Foundation
import TestSupport

/// What one run of the built `uvrctl` printed and how it exited.
struct UvrctlRun {
    var status: Int32?
    var out: String
    var err: String

    /// Runs the built binary with `arguments` and a minimal environment (no inherited UVRCTL_* or
    /// KAFKA_* settings), its output captured in files of `directory`; waits for it to exit.
    init(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = [:]) throws {
        let name = "uvrctl-run-\(UUID().uuidString)"
        let child = try ChildProcess(try UvrctlBinary.path(), arguments,
                                     environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 },
                                     standardOutputFile: directory.file("\(name).out"), standardErrorFile: directory.file("\(name).err"))
        status = child.exitCode
        out = directory.contents("\(name).out")
        err = directory.contents("\(name).err")
    }
}
