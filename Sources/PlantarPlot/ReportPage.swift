import Foundation
import PlantarSession
import PlantarSignal

/// One self-contained page about a session: the results table, the whole session, one plot per exercise and the
/// trend over recent sessions. Inline SVG and CSS only (no scripts, no links, nothing fetched), written as XHTML so
/// that any XML parser reads it.
public struct ReportPage {
    public var session: PlottedSession
    public var history: HistorySummary?
    /// The history's id and start of this session, when the report is about a saved one.
    public var sessionID: Int64?
    public var startedAt: Date?
    /// Whose session: the page is about one person, and so is its history.
    public var person: String?
    public var generatedAt = Date()
    public var version = ""

    public init(
        session: PlottedSession, history: HistorySummary? = nil, sessionID: Int64? = nil, startedAt: Date? = nil
    ) {
        self.session = session
        self.history = history
        self.sessionID = sessionID
        self.startedAt = startedAt
    }

    public func html() -> String {
        let report = session.report
        let plot = SessionPlot(session: session)
        let file = URL(fileURLWithPath: report.sourcePath).lastPathComponent
        var w = SVGWriter()
        w.raw("<!DOCTYPE html>\n")
        w.open("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")])
        w.newline()
        w.open("head")
        w.element("meta", [("charset", "utf-8")])
        w.element("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
        w.element("title", content: "Plantar report: \(sessionID.map { "session #\($0)" } ?? file)")
        w.open("style")
        w.raw("\n" + Self.css + PlotStyle.css + "\n")
        w.close("style")
        w.close("head")
        w.newline()
        w.open("body")
        w.open("main")
        header(into: &w)
        w.newline()
        section("results", "Results", into: &w) { w in
            table(into: &w)
            w.element("p", [("class", "verdict-line")], content: verdictLine)
        }
        if let overview = plot.overviewSVG() {
            section("session", "The whole session", into: &w) { w in
                w.element(
                    "p", [("class", "hint")],
                    content: "Total load on the board; each exercise between its boundaries; "
                        + "a tick at the end of every rep (green counted, orange too short).")
                w.raw(overview)
            }
        }
        section("exercises", "Exercises", into: &w) { w in
            w.element(
                "p", [("class", "hint")],
                content: "Signals relative to each exercise's baseline (the user standing still at its start). "
                    + "Shaded: each rep, green when it counted, orange when it was too short, labelled with its duration."
            )
            for result in report.results {
                w.open("figure", [("id", "exercise-\(result.index + 1)"), ("class", "exercise")])
                w.raw(plot.exerciseSVG(result))
                w.close("figure")
                w.newline()
            }
        }
        section("trend", "Recent sessions", into: &w) { w in trend(into: &w) }
        w.open("footer")
        w.raw(
            SVGWriter.escape(
                "Made by plantar \(version) on \(TrendPlot.format(generatedAt, long: true)) from \(report.sourcePath).")
        )
        w.close("footer")
        w.close("main")
        w.close("body")
        w.close("html")
        w.newline()
        return w.text
    }

    // MARK: Parts

    private var verdictLine: String {
        "Result: \(session.report.verdict)" + (session.report.interrupted ? " (interrupted: partial report)" : "")
    }

    private func header(into w: inout SVGWriter) {
        let report = session.report
        w.open("header")
        w.element("h1", content: "Foot exercises: \(report.routineName)")
        var facts: [String] = []
        if let person { facts.append(person) }
        if let sessionID { facts.append("Session #\(sessionID)") }
        if let startedAt { facts.append(TrendPlot.format(startedAt, long: true)) }
        facts.append(URL(fileURLWithPath: report.sourcePath).lastPathComponent)
        facts.append(report.deviceName)
        facts.append("\(seconds(report.durationSeconds)) s, \(report.frames) frames")
        w.element("p", [("class", "meta")], content: facts.joined(separator: " \u{00B7} "))
        let all = report.results.allSatisfy { $0.status == .passed }
        w.element(
            "p", [("class", all ? "verdict passed" : "verdict partial")],
            content: all
                ? "All \(report.results.count) exercises passed"
                : report.verdict.prefix(1).uppercased()
                    + report.verdict.dropFirst())
        w.close("header")
    }

    private func section(_ id: String, _ title: String, into w: inout SVGWriter, body: (inout SVGWriter) -> Void) {
        w.open("section", [("id", id)])
        w.element("h2", content: title)
        body(&w)
        w.close("section")
        w.newline()
    }

    private func table(into w: inout SVGWriter) {
        w.open("table", [("class", "results")])
        w.open("thead")
        w.open("tr")
        for (h, numeric) in [
            ("Exercise", false), ("Target", false), ("Done", false), ("Best hold", true), ("Mean hold", true),
            ("Status", false),
        ] {
            w.element("th", numeric ? [("class", "num")] : [], content: h)
        }
        w.close("tr")
        w.close("thead")
        w.open("tbody")
        for r in session.report.results {
            let row = Self.row(r)
            w.open("tr")
            w.open("td")
            w.element("a", [("href", "#exercise-\(r.index + 1)")], content: r.kind.displayName)
            w.close("td")
            w.element("td", content: row.target)
            w.element("td", content: row.done)
            w.element("td", [("class", "num")], content: row.best)
            w.element("td", [("class", "num")], content: row.mean)
            w.element("td", [("class", "status status-\(r.status.rawValue)")], content: r.status.rawValue)
            w.close("tr")
        }
        w.close("tbody")
        w.close("table")
    }

    /// The cells of the results table, worded as the terminal's table words them.
    static func row(_ r: ExerciseResult) -> (target: String, done: String, best: String, mean: String) {
        let summary = ExerciseSummary(r)
        return (
            summary.targetText, summary.doneText, summary.bestText(none: "\u{2013}"),
            summary.meanText(none: "\u{2013}")
        )
    }

    private func trend(into w: inout SVGWriter) {
        guard let history, !history.sessions.isEmpty else {
            w.element(
                "p", [("class", "hint")],
                content: "No history yet: `plantar replay FILE --save` or `plantar demo --save` keeps a session, "
                    + "and this section then shows how each exercise is going.")
            return
        }
        if history.trends.isEmpty {
            w.element("p", [("class", "hint")], content: "No counted holds in the last \(history.days) days.")
        } else {
            w.element(
                "p", [("class", "hint")],
                content: "Mean counted hold per session over the last \(history.days) days"
                    + (startedAt != nil ? " (this session in orange)." : "."))
            w.open("div", [("class", "trends")])
            for t in history.trends {
                w.open("figure", [("class", "trend")])
                w.raw(TrendPlot(kind: t.kind, points: t.points, current: startedAt).svg())
                w.close("figure")
            }
            w.close("div")
        }
        if !history.pain.isEmpty {
            w.element(
                "p", [("class", "hint")],
                content: "Pain before (orange) and after (blue) each session, 0 none to 10 the worst"
                    + (sessionID != nil ? "; this session's points are larger." : "."))
            w.open("figure", [("class", "pain")])
            w.raw(PainPlot(points: history.pain, current: sessionID).svg())
            w.close("figure")
        }
        w.open("table", [("class", "sessions")])
        w.open("thead")
        w.open("tr")
        for h in ["Session", "Started", "Routine", "Passed", "Counted reps", "Pain", "Targets", "State"] {
            w.element("th", content: h)
        }
        w.close("tr")
        w.close("thead")
        w.open("tbody")
        for s in history.sessions {
            w.open("tr", s.id == sessionID ? [("class", "current")] : [])
            w.element("td", content: "#\(s.id)")
            w.element("td", content: TrendPlot.format(s.startedAt, long: true))
            w.element("td", content: s.routine)
            w.element("td", content: "\(s.passed) of \(s.exercises)")
            w.element("td", [("class", "num")], content: "\(s.countedReps)")
            w.element(
                "td", [("class", "pain")],
                content: s.pain.isEmpty
                    ? "" : (s.pain.before.map(String.init) ?? "–") + " → " + (s.pain.after.map(String.init) ?? "–"))
            w.element("td", [("class", "progression")], content: s.progression.joined(separator: "; "))
            w.element("td", content: s.state.rawValue)
            w.close("tr")
        }
        w.close("tbody")
        w.close("table")
    }

    static let css = """
        body { margin: 0; background: #eef0f3; color: #222;
          font-family: 'DejaVu Sans', Verdana, 'Helvetica Neue', Arial, sans-serif; font-size: 14px; }
        main { max-width: 1000px; margin: 0 auto; padding: 20px 20px 32px; background: #fff; }
        h1 { font-size: 23px; margin: 0 0 6px; }
        h2 { font-size: 18px; margin: 26px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e3e6ea; }
        .meta { color: #555; margin: 0 0 10px; }
        .verdict { display: inline-block; margin: 0; padding: 5px 12px; border-radius: 4px; font-weight: bold; }
        .verdict.passed { background: #e2f3e8; color: #1c6b3d; }
        .verdict.partial { background: #fdefdf; color: #a04f00; }
        .verdict-line { color: #444; }
        .hint { color: #555; margin: 4px 0 10px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e6ea; }
        th { background: #f3f5f7; font-weight: bold; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        td a { color: #1f4e79; text-decoration: none; }
        .status { font-weight: bold; }
        .status-passed { color: #1c6b3d; }
        .status-failed, .status-incomplete { color: #a04f00; }
        .status-skipped { color: #777; }
        tr.current td { background: #fff6ea; }
        figure { margin: 12px 0 18px; }
        figure.exercise { border-top: 1px solid #eceef1; padding-top: 10px; }
        svg { display: block; max-width: 100%; height: auto; }
        .trends { display: flex; flex-wrap: wrap; gap: 8px 24px; }
        .trends figure { margin: 4px 0; }
        footer { margin-top: 28px; color: #777; font-size: 12px; }
        @media print { body { background: #fff; } main { max-width: none; } figure { break-inside: avoid; } }

        """
}
