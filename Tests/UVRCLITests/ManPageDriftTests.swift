import Foundation
import Testing
@testable import UVRCLI
import UVRCore

/// The man page must document every command, option, value and environment variable of the table, and nothing else.
@Suite struct ManPageDriftTests {
    let page: String
    init() throws {
        page = try String(contentsOf: repositoryRoot.appendingPathComponent("man/uvrctl.1"), encoding: .utf8)
    }

    /// Every option the page documents: mdoc writes `--task-topic` as `Fl -task-topic`, `-X` as `Fl X`.
    var documentedFlags: Set<String> {
        let macro = /Fl (-?[A-Za-z][A-Za-z-]*)/
        return Set(page.matches(of: macro).map { "-" + $0.output.1 })
    }

    /// True when some macro line sets `value` as a command modifier (`.Cm wav | flac` counts for both).
    func documentsValue(_ value: String) -> Bool {
        page.split(separator: "\n").contains { line in
            guard let start = line.range(of: "Cm ") else { return false }
            return line[start.upperBound...].split(separator: " ").contains { $0 == value }
        }
    }

    @Test func everyCommandHasAnEntry() {
        for (path, _) in CommandTable.allCommandPaths {
            #expect(page.contains(".It Cm \(path.joined(separator: " "))"), "man page lacks command \(path)")
        }
    }

    @Test func everyOptionAppears() {
        for option in everyOptionSpec {
            #expect(documentedFlags.contains(option.longForm), "man page lacks \(option.longForm)")
            if let short = option.short { #expect(documentedFlags.contains("-\(short)"), "man page lacks -\(short)") }
            for value in option.choices ?? [] {
                #expect(documentsValue(value), "man page lacks value \(value) of \(option.longForm)")
            }
        }
    }

    @Test func everyRoleAppears() {
        for (_, spec) in CommandTable.allCommandPaths {
            for value in spec.positionals.compactMap(\.kind.choiceList).joined() {
                #expect(documentsValue(value), "man page lacks \(value)")
            }
        }
    }

    @Test func everyEnvironmentVariableIsInEnvironment() throws {
        let section = try #require(page.components(separatedBy: ".Sh ENVIRONMENT").last?.components(separatedBy: ".Sh FILES").first)
        for variable in CommandTable.allOptions.compactMap(\.environment) {
            #expect(section.contains(".It Ev \(variable)"), "ENVIRONMENT lacks \(variable)")
        }
    }

    /// The test separator switch is not in the table (no flag), but the page must still name it.
    @Test func testSeparatorVariableIsInEnvironment() throws {
        let section = try #require(page.components(separatedBy: ".Sh ENVIRONMENT").last?.components(separatedBy: ".Sh FILES").first)
        #expect(section.contains(".It Ev \(TestSeparators.environmentKey)"))
    }

    @Test func documentsNoOptionTheTableLacks() {
        let known = Set(everyOptionSpec.flatMap { [$0.longForm] + ($0.short.map { ["-\($0)"] } ?? []) })
        for flag in documentedFlags {
            #expect(known.contains(flag), "man page documents \(flag), which the table lacks")
        }
    }

    @Test func hasTheRequiredSections() {
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS", "SIGNALS", "EXAMPLES", "SEE ALSO"] {
            #expect(page.contains(".Sh \(section)\n"), "man page lacks \(section)")
        }
    }

    @Test func mandocLintIsClean() throws {
        guard let mandoc = installedTool("mandoc") else {
            print("skipping mandoc -Tlint: mandoc is not installed (apt-get install mandoc)")
            return
        }
        let result = try runProcess(mandoc, ["-Tlint", "man/uvrctl.1"])
        // Lines about the system's stale mandoc.db concern this machine, not the page.
        let complaints = (result.out + result.err).split(separator: "\n").filter { !$0.contains("mandoc.db") }
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }
}
