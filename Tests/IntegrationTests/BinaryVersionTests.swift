import Foundation
import Testing

@Test func builtBinaryPrintsItsVersion() throws {
    let binary = try UvrctlBinary.path()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["--version"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(output.hasPrefix("uvrctl "))
}
