import Foundation
import Testing

/// The real binary's command-line contract: help on stdout, one-line errors on stderr, exit codes.
@Suite struct CommandLineTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try UvrctlBinary.path())
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func helpGoesToStandardOutput() throws {
        let result = try run(["help", "run-processor"])
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("OVERVIEW:\n"))
        #expect(result.err.isEmpty)
    }

    @Test func usageErrorIsOneLineExit64() throws {
        let result = try run(["offsets", "--max-lag", "lots"])
        #expect(result.status == 64)
        #expect(result.out.isEmpty)
        #expect(result.err == "uvrctl: error: invalid value 'lots' for '--max-lag': expected a whole number\n")
    }

    @Test func badEnvironmentIsAConfigurationErrorExit78() throws {
        let result = try run(["status"], environment: ["UVRCTL_LOG_LEVEL": "chatty"])
        #expect(result.status == 78)
        #expect(result.err == "uvrctl: error: invalid value 'chatty' in UVRCTL_LOG_LEVEL (environment): expected one of error, warn, info, debug\n")
    }
}
