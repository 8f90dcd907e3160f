import Testing
@testable import UVRCLI

@Suite struct ArgumentParserTests {
    let parser = ArgumentParser()

    @Test func longOptionWithSeparateAndInlineValues() throws {
        let separate = try parser.parse(["run-processor", "--task-topic", "t1"])
        let inline = try parser.parse(["run-processor", "--task-topic=t1"])
        #expect(separate.value("task-topic") == "t1")
        #expect(inline == separate)
    }

    @Test func inlineValueMayContainEqualsSigns() throws {
        let invocation = try parser.parse(["offsets", "-X", "sasl.jaas=a=b", "-Xclient.id=c", "-X=linger.ms=5"])
        #expect(invocation.values("X") == ["sasl.jaas=a=b", "client.id=c", "linger.ms=5"])
    }

    @Test func repeatableOptionsKeepEveryValueInOrder() throws {
        let invocation = try parser.parse(["offsets", "--group", "a", "--group=b", "--topic", "t"])
        #expect(invocation.values("group") == ["a", "b"])
        #expect(invocation.values("topic") == ["t"])
    }

    @Test func singleValueOptionGivenTwiceKeepsTheLast() throws {
        #expect(try parser.parse(["separate", "x.wav", "--format", "wav", "--format", "flac"]).value("format") == "flac")
    }

    @Test func shortOptionWithSeparateAndAttachedValue() throws {
        #expect(try parser.parse(["separate", "in.wav", "-o", "out"]).value("output-dir") == "out")
        #expect(try parser.parse(["separate", "in.wav", "-oout"]).value("output-dir") == "out")
    }

    @Test func switchesAndPositionals() throws {
        let invocation = try parser.parse(["status", "processor", "--json"])
        #expect(invocation.isPresent("json"))
        #expect(invocation.arguments["role"] == "processor")
        #expect(try parser.parse(["status"]).arguments["role"] == "all")
    }

    @Test func doubleDashEndsOptions() throws {
        let invocation = try parser.parse(["separate", "--", "-weird name.wav"])
        #expect(invocation.arguments["input"] == "-weird name.wav")
        #expect(!invocation.isPresent("format"))
    }

    @Test func negativeNumberIsAValue() throws {
        let invocation = try parser.parse(["offsets", "reset", "--group", "g", "--all-topics", "--shift-by", "-5"])
        #expect(invocation.commandPath == ["offsets", "reset"])
        #expect(invocation.value("shift-by") == "-5")
    }

    @Test func globalOptionsBeforeOrAfterTheCommand() throws {
        let before = try parser.parse(["--log-level", "debug", "status"])
        let after = try parser.parse(["status", "--log-level", "debug"])
        #expect(before.value("log-level") == "debug")
        #expect(before == after)
    }

    @Test func commandOptionsMayPrecedeTheCommand() throws {
        let invocation = try parser.parse(["--bootstrap-servers", "b:9092", "offsets"])
        #expect(invocation.value("bootstrap-servers") == "b:9092")
    }

    @Test func helpAndVersionAnywhere() throws {
        #expect(try parser.parse(["--help"]).helpRequested)
        #expect(try parser.parse(["separate", "--help"]).helpRequested)  // no <input> needed
        #expect(try parser.parse(["offsets", "reset", "-h"]).commandPath == ["offsets", "reset"])
        #expect(try parser.parse(["--version"]).versionRequested)
        let help = try parser.parse(["help", "offsets", "reset"])
        #expect(help.helpRequested && help.commandPath == ["offsets", "reset"])
    }

    @Test(arguments: [
        (["run-procesor"], "unknown command 'run-procesor'; did you mean 'run-processor'?"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["run-processor", "--task-topc", "x"], "unknown option '--task-topc' for 'run-processor'; did you mean '--task-topic'?"),
        (["run-processor", "--concurency=2"], "unknown option '--concurency' for 'run-processor'; did you mean '--concurrency'?"),
        (["--verison"], "unknown option '--verison'; did you mean '--version'?"),
        (["separate", "x.wav", "-q"], "unknown option '-q' for 'separate'"),
        (["run-processor", "--task-topic"], "option '--task-topic' needs a value <topic>"),
        (["run-processor", "--task-topic", "--result-topic", "r"], "option '--task-topic' needs a value <topic>"),
        (["status", "--json=yes"], "option '--json' takes no value (in '--json=yes')"),
        (["run-processor", "--concurrency", "ten"], "invalid value 'ten' for '--concurrency': expected a whole number"),
        (["run-processor", "--drain-timeout", "soon"], "invalid value 'soon' for '--drain-timeout': expected seconds (e.g. 30, 2.5, 500ms, 10m)"),
        (["run-processor", "--format", "flak"], "invalid value 'flak' for '--format': expected one of wav, flac; did you mean 'flac'?"),
        (["offsets", "-X", "novalue"], "invalid value 'novalue' for '-X': expected key=value"),
        (["stop", "procesor"], "invalid value 'procesor' for <role>: expected one of processor, uploader, all; did you mean 'processor'?"),
        (["status", "processor", "extra"], "unexpected argument 'extra' for 'status'"),
        (["offsets", "rest"], "unexpected argument 'rest' for 'offsets'; did you mean 'reset'?"),
        (["separate"], "missing argument <input> for 'separate'"),
        (["--pid-dir", "p", "separate", "x.wav"], "option '--pid-dir' does not apply to 'separate'"),
        (["help", "ofsets"], "unknown command 'ofsets'; did you mean 'offsets'?"),
        (["help", "offsets", "rset"], "'offsets' has no subcommand 'rset'; did you mean 'reset'?"),
    ])
    func usageErrorsNameTheTokenAndExit64(arguments: [String], message: String) {
        let error = parseError(arguments)
        #expect(error?.message == message)
        #expect(error?.exitCode == .usage)
    }

    @Test func secretValuesAreNotEchoedInErrors() {
        let error = parseError(["run-uploader", "--webhook-secret="])
        #expect(error?.message == "invalid value for '--webhook-secret': expected a non-empty value")
    }
}

@Suite struct SuggestionTests {
    @Test func editDistance() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("same", "same") == 0)
    }

    @Test func nearestOrPrefixOrNothing() {
        #expect(Suggestion.nearest(to: "stauts", in: ["status", "stop", "separate"]) == "status")
        #expect(Suggestion.nearest(to: "--max", in: ["--max-lag", "--json"]) == "--max-lag")
        #expect(Suggestion.nearest(to: "zzzzzzzz", in: ["status", "stop"]) == nil)
    }
}
