import Foundation
import UVRCore
import UVRKafka
import UVRAudio
import UVRSeparation

/// The uvrctl command line: parses arguments, runs one command, returns its exit status.
public enum CLI {
    /// Runs uvrctl with `arguments` (without the program name) and returns the process exit status.
    /// `environment` and `output` are injectable for tests.
    public static func run(
        _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        output: TextOutput = .standard
    ) async -> Int32 {
        await execute(arguments, environment: environment, output: output).rawValue
    }

    /// The `--version` line: uvrctl's version and the linked C libraries'.
    public static var versionLine: String {
        "uvrctl \(UVRVersion.string) (librdkafka \(KafkaLibrary.version), \(AudioLibrary.version), \(FFTLibrary.version))"
    }

    private static func execute(_ arguments: [String], environment: [String: String], output: TextOutput) async -> ExitCode {
        do {
            let invocation = try ArgumentParser().parse(arguments)
            if invocation.versionRequested {
                output.line(versionLine)
                return .success
            }
            if invocation.helpRequested {
                output.standardOutput(HelpFormatter.help(for: invocation.commandPath))
                return .success
            }
            guard !invocation.commandPath.isEmpty else {
                output.standardError(HelpFormatter.programHelp())
                output.error("missing subcommand; see 'uvrctl --help'")
                return .usage
            }
            let path = invocation.commandPath.joined(separator: " ")
            guard let runner = CommandRegistry.runners[path] else {
                throw CLIError.failure("\(path) has no implementation registered")
            }
            let resolver = try SettingsResolver(invocation: invocation, environment: environment)
            let global = try GlobalSettings(resolving: resolver)
            let context = CommandContext(invocation: invocation, global: global, environment: environment, output: output)
            return try await runner(resolver, context)
        } catch let error as any ExitCodeProviding {
            output.error(String(describing: error))
            return error.exitCode
        } catch {
            output.error(String(describing: error))
            return .failure
        }
    }
}
