import ArgumentParser
import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSupport

@main
struct Plantar: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "plantar",
        abstract: "Verify foot exercises with a Wii Balance Board or a foot-pressure pad.",
        version: version,
        subcommands: [
            Demo.self, Replay.self, HistoryCommand.self, Simulate.self, RoutineCommand.self, Devices.self, Record.self,
            Run.self, Doctor.self, Pair.self,
            PlotCommand.self, ReportCommand.self,
        ]
    )

    static func main() {
        // What ArgumentParser would print, without building the whole command tree first (most of the start-up), and
        // straight from the C arguments to standard output: no array of strings, no `print`.
        if CommandLine.argc == 2, let first = CommandLine.unsafeArgv[1], strcmp(first, "--version") == 0 {
            let line = Array((version + "\n").utf8)
            _ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            Glibc.exit(0)
        }
        Glibc.exit(run(arguments: Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses and runs one command line; errors are printed (one line, on standard error) and become the exit code.
    /// A plain `replay` command line is read directly (`ReplayRequest(plainArguments:)`), without building
    /// ArgumentParser's command tree; `direct: false` reads every command line with ArgumentParser.
    static func run(arguments: [String], direct: Bool = true) -> Int32 {
        if direct, let request = ReplayRequest(plainArguments: arguments) {
            return execute(verbose: request.verbose) { try request.run() }
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            return report(argumentParserError: error)
        }
        return execute(verbose: (command as? VerboseCommand)?.logging.verbose ?? false) { try command.run() }
    }

    /// Runs a command read from the command line: its errors are printed and become the exit code.
    private static func execute(verbose: Bool, _ body: () throws -> Void) -> Int32 {
        // Once a process: a command run inside a test process logs as the process was set up to.
        if Console.capture == nil {
            LogSetup.bootstrap(verbose: verbose)
        }
        do {
            try body()
            return ExitStatus.ran.rawValue
        } catch let error as PlantarError {
            if error != .interrupted { stderrLine("plantar: \(error)") }
            return error.exitCode
        } catch {
            // ArgumentParser's own (help, usage errors, `ExitCode`) have their code; anything else is a bug.
            guard exitCode(for: error) != .failure else {
                stderrLine("plantar: \(error)")
                return ExitCode.failure.rawValue
            }
            return report(argumentParserError: error)
        }
    }

    /// Help, version and usage errors as ArgumentParser prints them (help on standard output, errors on standard
    /// error), and its exit code: 0, or 64 for a usage error.
    private static func report(argumentParserError error: Error) -> Int32 {
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if !text.isEmpty {
            if code.isSuccess {
                Console.line(text)
            } else {
                stderrLine(text)
            }
        }
        return code.rawValue
    }
}

extension ExerciseKind: ExpressibleByArgument {}
