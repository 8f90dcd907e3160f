import Testing
@testable import UVRCLI

@Suite struct CLIRunTests {
    @Test func versionLine() async {
        let result = await runCLI(["--version"])
        #expect(result.status == 0)
        #expect(result.out == CLI.versionLine + "\n")
        #expect(result.out.hasPrefix("uvrctl 0.") && result.out.contains("librdkafka 2."))
    }

    @Test func usageErrorIsOneLineAndExit64() async {
        let result = await runCLI(["run-processor", "--task-topc", "x"])
        #expect(result.status == 64)
        #expect(result.out.isEmpty)
        #expect(result.err == "uvrctl: error: unknown option '--task-topc' for 'run-processor'; did you mean '--task-topic'?\n")
    }

    @Test func noCommandPrintsHelpAndExits64() async {
        let result = await runCLI([])
        #expect(result.status == 64)
        #expect(result.err.hasPrefix("OVERVIEW:"))
        #expect(result.err.hasSuffix("uvrctl: error: missing subcommand; see 'uvrctl --help'\n"))
    }

    @Test func configurationErrorExits78BeforeTheBodyRuns() async {
        let result = await runCLI(["status"], environment: ["UVRCTL_LOG_FORMAT": "xml"])
        #expect(result.status == 78)
        #expect(result.err == "uvrctl: error: invalid value 'xml' in UVRCTL_LOG_FORMAT (environment): expected one of text, json\n")
    }

    @Test(arguments: [
        (["--allow-hosts", "good.example,bad host"], #"--allow-hosts entry "bad host" is not a host or *.suffix"#),
        (["--upload-to", "file://elsewhere/dir"], #"--upload-to "file://elsewhere/dir" is not a file:///absolute/dir URL"#),
    ])
    func runUploaderConfigurationErrorsNameTheFlagAndExit78(arguments: [String], message: String) async {
        let result = await runCLI(["run-uploader"] + arguments)
        #expect(result.status == 78)
        #expect(result.err == "uvrctl: error: \(message)\n")
    }

    @Test func exitCodesHaveTheContractsValues() {
        let codes: [ExitCode] = [.success, .failure, .healthCheckFailed, .notRunning, .usage, .unavailable, .abandonedTasks, .configuration]
        #expect(codes.map(\.rawValue) == [0, 1, 2, 3, 64, 69, 75, 78])
    }
}
