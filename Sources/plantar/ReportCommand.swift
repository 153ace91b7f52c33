import ArgumentParser
import Foundation
import PlantarInput
import PlantarPlot
import PlantarSession
import PlantarSignal

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML page about a session: results, plots and the recent trend.",
        discussion: """
            SESSION is a history session id or a recording. The page has the results table, one plot per exercise \
            and, when there is a history, the recent sessions and each exercise's trend. It needs no network and no \
            JavaScript: send it, print it, open it anywhere.
            """)

    @Argument(help: "A history session id or a recording (evemu).")
    var session: String

    @Option(help: "Where to write the page (- for standard output).")
    var html: String

    @OptionGroup var choice: ExerciseChoice

    @Option(help: "Days the trend looks back.")
    var days = 56

    @OptionGroup var person: PersonOption

    func validate() throws {
        guard days > 0 else { throw ValidationError("--days must be positive.") }
    }

    func run() throws {
        let named = person.isNamed ? try person.resolved() : nil
        let source = try PlotSource.resolve(session, routine: choice.routine, exercise: choice.exercise, person: named)
        for note in source.notes { stderrLine("plantar: " + note) }
        let plotted = try PlottedSession.replay(source.replay)
        // A saved session's page shows its person's history; a recording's, the person named or logged in.
        let who = try source.session?.person ?? person.resolved()
        let history = try HistorySummary.existingStore().map {
            try HistorySummary.load(from: $0, person: who, days: days)
        }
        var page = ReportPage(
            session: plotted, history: history, sessionID: source.session?.id, startedAt: source.session?.startedAt)
        page.version = Plantar.version
        page.person = who
        try writeOutput(page.html(), to: html)
    }
}
