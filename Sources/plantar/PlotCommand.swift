import ArgumentParser
import Foundation
import PlantarInput
import PlantarPlot
import PlantarSession
import PlantarSignal

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a recording or a saved session as an SVG picture: signals, thresholds and every rep.",
        discussion: """
            FIXTURE_OR_SESSION is a recording (replayed as `plantar replay` does) or the id of a session in the \
            history (`plantar history`), replayed from the recording it was made from. The picture shows, for each \
            exercise, the load and the centre of pressure relative to its baseline, the detector's enter and exit \
            thresholds, and each rep shaded (green counted, orange too short) with its duration; for ankle circles \
            also the path seen from above, with the circles numbered by direction.
            """)

    @Argument(help: "A recording (evemu) or a history session id.")
    var fixtureOrSession: String

    @Option(help: "Where to write the SVG (- for standard output).")
    var out: String

    @OptionGroup var choice: ExerciseChoice

    @Option(help: "Width of the picture in pixels.")
    var width: Double = 960

    @OptionGroup var person: PersonOption

    func validate() throws {
        guard (480...4000).contains(width) else { throw ValidationError("--width must be between 480 and 4000.") }
    }

    func run() throws {
        let named = person.isNamed ? try person.resolved() : nil
        let source = try PlotSource.resolve(
            fixtureOrSession, routine: choice.routine, exercise: choice.exercise, person: named)
        for note in source.notes { stderrLine("plantar: " + note) }
        let session = try PlottedSession.replay(source.replay)
        let title = source.session.map {
            "Session #\($0.id) (\($0.person)): \(URL(fileURLWithPath: $0.source).lastPathComponent)"
        }
        try writeOutput(SessionPlot(session: session, width: width).document(title: title), to: out)
    }
}
