import Testing
@testable import UVRCLI

@Suite struct HelpTests {
    /// The section titles of a help text, in order.
    func sections(_ text: String) -> [String] {
        text.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.hasSuffix(":") }.map { String($0.dropLast()) }
    }

    @Test func programHelpLayout() async {
        let result = await runCLI(["--help"])
        #expect(result.status == 0)
        #expect(sections(result.out) == ["OVERVIEW", "USAGE", "OPTIONS", "SUBCOMMANDS"])
        for command in CommandTable.commands {
            #expect(result.out.contains("\n  \(command.name) "), "\(command.name) missing from --help")
        }
    }

    @Test func commandHelpLayoutListsEveryOptionWithEnvAndDefault() async {
        let viaFlag = await runCLI(["run-processor", "--help"])
        let viaHelp = await runCLI(["help", "run-processor"])
        #expect(viaFlag.out == viaHelp.out)
        #expect(sections(viaFlag.out) == ["OVERVIEW", "USAGE", "OPTIONS", "GLOBAL OPTIONS"])
        #expect(viaFlag.out.contains("USAGE:\n  uvrctl run-processor [<options>]\n"))
        #expect(viaFlag.out.contains("KAFKA_TASK_TOPIC, default: uvr-tasks)"))
        for option in CommandTable.command(named: "run-processor")!.options {
            #expect(viaFlag.out.contains(HelpFormatter.signature(option)))
        }
    }

    @Test func subcommandsAndArgumentsSections() async {
        #expect(sections(await runCLI(["help", "offsets"]).out) == ["OVERVIEW", "USAGE", "OPTIONS", "GLOBAL OPTIONS", "SUBCOMMANDS"])
        let separate = await runCLI(["separate", "-h"]).out
        #expect(sections(separate) == ["OVERVIEW", "USAGE", "ARGUMENTS", "OPTIONS", "GLOBAL OPTIONS"])
        #expect(separate.contains("uvrctl separate <input> [<options>]"))
        #expect(separate.contains("-o, --output-dir <dir>"))
    }

    @Test func linesFitEightyColumns() async {
        for (path, _) in CommandTable.allCommandPaths {
            for line in HelpFormatter.help(for: path).split(separator: "\n") where !line.contains("--bootstrap-servers") {
                #expect(line.count <= 80, "\(path): \(line)")
            }
        }
    }

    @Test func wrapKeepsWordsWhole() {
        #expect(HelpFormatter.wrap("aa bb cc", width: 5) == ["aa bb", "cc"])
        #expect(HelpFormatter.wrap("averyveryverylongword x", width: 5) == ["averyveryverylongword", "x"])
    }
}
