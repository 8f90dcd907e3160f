import Foundation
import Testing
@testable import UVRCLI

/// What each command accepts according to the table: its options' long and short forms plus the global ones.
func tableOptionWords(_ spec: CommandSpec) -> Set<String> {
    Set((CommandTable.globalOptions + spec.options).flatMap { [$0.longForm] + ($0.short.map { ["-\($0)"] } ?? []) })
}

/// The commands and subcommands, excluding `help` (it has no options of its own).
var completedCommandPaths: [(path: [String], spec: CommandSpec)] {
    CommandTable.allCommandPaths.filter { $0.path != ["help"] }
}

/// bash completion run for real: source the file, set COMP_WORDS/COMP_CWORD, call the completer.
@Suite struct BashCompletionTests {
    func complete(_ words: [String]) throws -> Set<String> {
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = """
        source completions/uvrctl.bash
        COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
        _uvrctl_complete
        printf '%s\\n' "${COMPREPLY[@]}"
        """
        let result = try runProcess("/bin/bash", ["--norc", "-c", script])
        #expect(result.status == 0, "bash: \(result.err)")
        return Set(result.out.split(separator: "\n").map(String.init))
    }

    @Test func registersTheCompleter() throws {
        let result = try runProcess("/bin/bash", ["--norc", "-c", "source completions/uvrctl.bash; complete -p uvrctl"])
        #expect(result.out == "complete -F _uvrctl_complete uvrctl\n")
    }

    @Test func commands() throws {
        #expect(try complete(["uvrctl", ""]) == Set(CommandTable.commands.map(\.name)))
        #expect(try complete(["uvrctl", "--log-level", "info", "sep"]) == ["separate"])
        #expect(try complete(["uvrctl", "help", ""]) == Set(CommandTable.commands.map(\.name)))
        #expect(try complete(["uvrctl", "offsets", ""]) == ["reset"])
    }

    @Test func everyCommandOffersExactlyTheTablesOptions() throws {
        for (path, spec) in completedCommandPaths {
            #expect(try complete(["uvrctl"] + path + ["-"]) == tableOptionWords(spec), "bash options of \(path)")
        }
    }

    @Test func closedValueSets() throws {
        for (path, spec) in completedCommandPaths {
            for option in spec.options + CommandTable.globalOptions {
                guard let choices = option.choices else { continue }
                #expect(try complete(["uvrctl"] + path + [option.longForm, ""]) == Set(choices), "bash values of \(option.longForm)")
            }
            for choices in spec.positionals.compactMap(\.kind.choiceList) {
                #expect(try complete(["uvrctl"] + path + [""]) == Set(choices))
            }
        }
        #expect(try complete(["uvrctl", "run-processor", "--format", "=", "fl"]) == ["flac"])
    }

    @Test func pathOptionsCompleteFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("uvrctl-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("subdir"), withIntermediateDirectories: true)
        try Data().write(to: directory.appendingPathComponent("song.wav"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.path + "/"
        let everything: Set = [prefix + "subdir", prefix + "song.wav"]
        for (path, spec) in completedCommandPaths {
            for option in spec.options + CommandTable.globalOptions {
                switch option.kind {
                case .file: #expect(try complete(["uvrctl"] + path + [option.longForm, prefix]) == everything, "\(option.longForm)")
                case .directory: #expect(try complete(["uvrctl"] + path + [option.longForm, prefix]) == [prefix + "subdir"], "\(option.longForm)")
                default: continue
                }
            }
        }
        #expect(try complete(["uvrctl", "separate", prefix]) == everything)
    }
}

/// fish completion run for real with `complete -C`.
@Suite struct FishCompletionTests {
    let fish = installedTool("fish")

    func complete(_ line: String) throws -> Set<String> {
        let result = try runProcess(fish!, ["--no-config", "-c", "source completions/uvrctl.fish; complete -C \"\(line)\""])
        #expect(result.err.isEmpty, "fish: \(result.err)")
        return Set(result.out.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") })
    }

    @Test func syntaxIsValid() throws {
        guard let fish else { print("skipping fish -n: fish is not installed"); return }
        let result = try runProcess(fish, ["-n", "completions/uvrctl.fish"])
        #expect(result.status == 0, "\(result.err)")
    }

    @Test func commandsOptionsAndValues() throws {
        guard fish != nil else { print("skipping fish completion: fish is not installed"); return }
        #expect(try complete("uvrctl ") == Set(CommandTable.commands.map(\.name)))
        for (path, spec) in completedCommandPaths {
            let line = "uvrctl " + path.joined(separator: " ")
            #expect(try complete(line + " -") == tableOptionWords(spec), "fish options of \(path)")
            for option in spec.options + CommandTable.globalOptions {
                guard let choices = option.choices else { continue }
                #expect(try complete("\(line) \(option.longForm) ") == Set(choices), "fish values of \(option.longForm)")
            }
        }
        #expect(try complete("uvrctl stop ").isSuperset(of: ["processor", "uploader", "all"]))
    }
}

/// zsh cannot be driven without a terminal here: check its syntax and that each command's
/// completion function (with the shared arrays it uses) names every option and value of the table.
@Suite struct ZshCompletionTests {
    let script: String
    init() throws {
        script = try String(contentsOf: repositoryRoot.appendingPathComponent("completions/_uvrctl"), encoding: .utf8)
    }

    @Test func syntaxIsValid() throws {
        guard let zsh = installedTool("zsh") else { print("skipping zsh -n: zsh is not installed"); return }
        let result = try runProcess(zsh, ["-n", "completions/_uvrctl"])
        #expect(result.status == 0, "\(result.err)")
    }

    /// The text of `_uvrctl_<name>()` with the `$_uvrctl_*_options` arrays it references expanded.
    func functionText(_ name: String) throws -> String {
        let start = try #require(script.range(of: "\n_uvrctl_\(name)() {"), "no zsh function for \(name)")
        let end = try #require(script.range(of: "\n}\n", range: start.upperBound..<script.endIndex))
        var body = String(script[start.lowerBound..<end.upperBound])
        for array in ["global", "kafka", "separator", "drain"] where body.contains("$_uvrctl_\(array)_options") {
            let definition = try #require(script.range(of: "_uvrctl_\(array)_options=("))
            let close = try #require(script.range(of: "\n)\n", range: definition.upperBound..<script.endIndex))
            body += script[definition.lowerBound..<close.upperBound]
        }
        return body
    }

    @Test func everyCommandFunctionNamesItsOptionsAndValues() throws {
        #expect(script.hasPrefix("#compdef uvrctl\n"))
        for (path, spec) in completedCommandPaths {
            let body = try functionText(path.joined(separator: "-"))
            for word in tableOptionWords(spec) {
                #expect(["'", ")", "{", ",", "*"].contains { body.contains($0 + word) },
                        "zsh \(path) lacks \(word)")
            }
            for choices in (spec.options + CommandTable.globalOptions).compactMap(\.choices) + spec.positionals.compactMap(\.kind.choiceList) {
                #expect(body.contains("(\(choices.joined(separator: " ")))"), "zsh \(path) lacks values \(choices)")
            }
        }
        for command in CommandTable.commands {
            #expect(script.contains("'\(command.name):"), "zsh command list lacks \(command.name)")
        }
    }
}
