import ArgumentParser
import Foundation
import Logging
import PlantarSupport

/// `--verbose`: the debug log on standard error (devices, resyncs, gaps, the baseline, every detector transition,
/// reconnects, history writes). `PLANTAR_LOG=debug` (or trace, info, …) does the same for any command.
struct LogOptions: ParsableArguments {
    @Flag(
        name: [.customShort("v"), .long],
        help: "Log what the device and the detectors do to standard error (as PLANTAR_LOG=debug does).")
    var verbose = false
}

/// A command that takes `--verbose`.
protocol VerboseCommand {
    var logging: LogOptions { get }
}

enum LogSetup {
    /// Chooses where log messages go, once, before any command runs: standard error at the level asked for, or
    /// nowhere (the default: the program's output is what it always was).
    static func bootstrap(verbose: Bool, logVariable: String? = Console.variable("PLANTAR_LOG")) {
        var level = logVariable.flatMap { Logger.Level(rawValue: $0.lowercased()) }
        if verbose, level.map({ $0 > .debug }) ?? true { level = .debug }
        let chosen = level
        LoggingSystem.bootstrap { label in
            guard let level = chosen else { return SwiftLogNoOpLogHandler(label) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
