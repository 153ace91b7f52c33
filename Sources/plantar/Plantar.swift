import ArgumentParser
import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal

@main
struct Plantar: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "plantar",
        abstract: "Verify foot exercises with a Wii Balance Board or a foot-pressure pad.",
        version: version,
        subcommands: [
            Demo.self, Replay.self, HistoryCommand.self, Simulate.self, RoutineCommand.self, Devices.self, Record.self,
            Run.self, Doctor.self,
            PlotCommand.self, ReportCommand.self,
        ]
    )
}

/// Prints a one-line error and leaves with SPEC §5's exit code.
func fail(_ error: Error) -> Never {
    let message: String
    let code: Int32
    if let e = error as? PlantarError {
        message = e.description
        code = e.exitCode
    } else {
        message = "\(error)"
        code = 1
    }
    FileHandle.standardError.write(Data(("plantar: " + message + "\n").utf8))
    exit(code)
}

extension ExerciseKind: ExpressibleByArgument {}
