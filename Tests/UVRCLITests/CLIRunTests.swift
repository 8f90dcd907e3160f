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

    @Test func unimplementedBodiesSaySoAndExit1() async {
        // Landed bodies that serve until a signal or wait for a broker are not run here: the
        // integration tests run them as real processes.
        let landed: Set<[String]> = [["help"], ["broker"], ["run-processor"], ["offsets"], ["send-test"]]
        for (path, spec) in CommandTable.allCommandPaths where !landed.contains(path) {
            var arguments = path
            if spec.positionals.first?.isRequired == true { arguments.append("song.wav") }
            if path == ["offsets", "reset"] { arguments += ["--group", "g", "--all-topics", "--to-latest"] }
            let result = await runCLI(arguments)
            let name = path.joined(separator: " ")
            guard result.err.contains("not implemented") else { continue }  // its real body has landed
            #expect(result.status == 1)
            #expect(result.err == "uvrctl: error: \(name) is not implemented in this build\n")
        }
    }

    @Test func exitCodesHaveTheContractsValues() {
        let codes: [ExitCode] = [.success, .failure, .healthCheckFailed, .notRunning, .usage, .unavailable, .abandonedTasks, .configuration]
        #expect(codes.map(\.rawValue) == [0, 1, 2, 3, 64, 69, 75, 78])
    }
}
