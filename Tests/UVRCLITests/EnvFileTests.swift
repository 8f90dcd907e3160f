import Foundation
import Testing
@testable import UVRCLI

@Suite struct EnvFileTests {
    @Test func parsesCommentsQuotesAndExport() throws {
        let text = """
        # a comment
          KAFKA_BOOTSTRAP_SERVERS = broker:9092
        export KAFKA_TASK_TOPIC="tasks # not a comment"
        UVRCTL_LOG_FILE='/var/log/uvr ctl.log'
        ESCAPED="a \\"quoted\\" word"
        EMPTY=
        KAFKA_TASK_TOPIC=later-wins\r
        """
        let file = try EnvFile.parse(text, path: "x.env")
        #expect(file.entries["KAFKA_BOOTSTRAP_SERVERS"] == .init(value: "broker:9092", line: 2))
        #expect(file.entries["UVRCTL_LOG_FILE"]?.value == "/var/log/uvr ctl.log")
        #expect(file.entries["ESCAPED"]?.value == "a \"quoted\" word")
        #expect(file.entries["EMPTY"]?.value == "")
        #expect(file.entries["KAFKA_TASK_TOPIC"] == .init(value: "later-wins", line: 7))
    }

    @Test(arguments: [
        ("A=1\nnot an assignment\n", "x.env:2: expected KEY=VALUE"),
        ("1BAD=value", "x.env:1: invalid variable name '1BAD'"),
        ("A=1\nB=\"open", "x.env:2: unterminated quote in the value of B"),
        ("C='mismatched\"", "x.env:1: unterminated quote in the value of C"),
    ])
    func badLinesNameFileAndLine(text: String, message: String) {
        #expect(throws: CLIError.configuration(message)) { try EnvFile.parse(text, path: "x.env") }
    }

    @Test func missingFileIsAConfigurationError() async {
        let result = await runCLI(["--env-file", "/nonexistent/uvrctl.env", "status"])
        #expect(result.status == 78)
        #expect(result.err == "uvrctl: error: cannot read env file /nonexistent/uvrctl.env: No such file or directory\n")
    }
}
