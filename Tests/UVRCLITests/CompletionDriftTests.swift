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

/// zsh completion run for real: an interactive zsh in a pseudo-terminal (zsh/zpty) loads the
/// completion with compinit, gets the line and a TAB, and a wrapped `compadd` records the matches.
@Suite struct ZshCompletionTests {
    static let zsh = installedTool("zsh")

    static let driver = #"""
    zmodload zsh/zpty
    local dir=$1 out=$2 line=$3
    : > $out
    zpty z zsh -f -i
    zpty -w z "fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
    zpty -w z "compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return; fi; local -a __hits; builtin compadd -A __hits \"\$@\"; (( \$#__hits )) && print -rl -- \$__hits >> $out; builtin compadd \"\$@\"; }"
    zpty -w z "__uvrctl_done() { print -r -- '<<END>>' >> $out; }; comppostfuncs=(__uvrctl_done)"
    zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' select-prompt ''; LISTMAX=0"
    zpty -n -w z "$line"$'\t'
    for i in {1..100}; do grep -q '<<END>>' $out 2>/dev/null && break; sleep 0.1; done
    zpty -d z
    grep -qs '<<END>>' $out || print -u2 'zsh completion did not finish'
    grep -v '<<END>>' $out
    """#

    /// The matches zsh offers for `line` followed by TAB.
    func complete(_ line: String) throws -> Set<String> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("uvrctl-zsh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("driver.zsh")
        try Self.driver.write(to: script, atomically: true, encoding: .utf8)
        let completions = repositoryRoot.appendingPathComponent("completions").path
        let result = try runProcess(Self.zsh!, ["-f", script.path, completions, directory.appendingPathComponent("matches").path, line])
        #expect(result.err.isEmpty, "zsh: \(result.err)")
        return Set(result.out.split(separator: "\n").map(String.init))
    }

    @Test func syntaxIsValid() throws {
        guard let zsh = Self.zsh else { print("skipping zsh -n: zsh is not installed"); return }
        let result = try runProcess(zsh, ["-n", "completions/_uvrctl"])
        #expect(result.status == 0, "\(result.err)")
    }

    @Test func commands() throws {
        guard Self.zsh != nil else { print("skipping zsh completion: zsh is not installed"); return }
        #expect(try complete("uvrctl ") == Set(CommandTable.commands.map(\.name)))
        #expect(try complete("uvrctl stop ") == ["processor", "uploader", "all"])
    }

    @Test(arguments: completedCommandPaths.map(\.path))
    func everyCommandOffersExactlyTheTablesOptionsAndValues(path: [String]) throws {
        guard Self.zsh != nil else { print("skipping zsh completion: zsh is not installed"); return }
        let spec = try #require(CommandTable.allCommandPaths.first { $0.path == path }?.spec)
        let line = "uvrctl " + path.joined(separator: " ")
        #expect(try complete(line + " -") == tableOptionWords(spec), "zsh options of \(path)")
        for option in spec.options + CommandTable.globalOptions {
            guard let choices = option.choices else { continue }
            #expect(try complete("\(line) \(option.longForm) ") == Set(choices), "zsh values of \(option.longForm)")
        }
    }
}
