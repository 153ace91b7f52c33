import Foundation
import PlantarSession
import PlantarSignal

/// The SVG pictures of a session: the whole session in one document (`plantar plot`), or each part on its own (the
/// report page).
public struct SessionPlot {
    public var session: PlottedSession
    public var width: Double

    public init(session: PlottedSession, width: Double = 960) {
        self.session = session
        self.width = max(480, width)
    }

    /// One standalone SVG document: a heading, the session overview (when there is more than one exercise) and one
    /// plot per exercise, stacked.
    public func document(title: String? = nil) -> String {
        var body = SVGWriter()
        let report = session.report
        let heading = title ?? URL(fileURLWithPath: report.sourcePath).lastPathComponent
        body.element(
            "text",
            [("class", "title"), ("x", SVGWriter.number(ExercisePlot.marginLeft)), ("y", "24"), ("font-size", "17")],
            content: heading)
        body.element(
            "text", [("class", "subtitle"), ("x", SVGWriter.number(ExercisePlot.marginLeft)), ("y", "42")],
            content: "\(report.routineName) \u{00B7} \(report.verdict) \u{00B7} \(report.frames) frames, "
                + "\(seconds(report.durationSeconds)) s from \(report.deviceName)")
        var y = 56.0
        if report.results.count > 1 {
            y += SessionOverview(session: session, width: width, idPrefix: "overview").draw(into: &body, top: y)
        }
        for result in report.results {
            body.newline()
            y += 14
            let plot = ExercisePlot(
                result: result, trace: session.traces.exercises[result.index], width: width,
                idPrefix: "ex\(result.index)")
            y += plot.draw(into: &body, top: y)
        }
        return Self.wrap(body.text, width: width, height: y + 10, label: "Plantar: \(heading)", standalone: true)
    }

    /// The overview alone, as an inline SVG (nil for a session of one exercise).
    public func overviewSVG() -> String? {
        guard session.report.results.count > 1 else { return nil }
        var body = SVGWriter()
        let height = SessionOverview(session: session, width: width, idPrefix: "overview").draw(into: &body, top: 0)
        return Self.wrap(body.text, width: width, height: height + 6, label: "The whole session", standalone: false)
    }

    /// One exercise's plot as an inline SVG.
    public func exerciseSVG(_ result: ExerciseResult) -> String {
        var body = SVGWriter()
        let plot = ExercisePlot(
            result: result, trace: session.traces.exercises[result.index], width: width, idPrefix: "ex\(result.index)")
        let height = plot.draw(into: &body, top: 0)
        return Self.wrap(
            body.text, width: width, height: height, label: "\(result.kind.displayName): signals and reps",
            standalone: false)
    }

    /// An `<svg>` element; standalone documents carry the XML declaration and their own style sheet.
    static func wrap(_ body: String, width: Double, height: Double, label: String, standalone: Bool) -> String {
        var w = SVGWriter()
        if standalone { w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
        w.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "plantar"), ("width", SVGWriter.number(width)),
                ("height", SVGWriter.number(height)),
                ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"), ("role", "img"),
                ("aria-label", label), ("font-family", PlotStyle.fontFamily),
            ])
        w.element("title", content: label)
        if standalone {
            w.open("style")
            w.raw("\n" + PlotStyle.css + "\n")
            w.close("style")
        }
        w.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#fff")])
        w.newline()
        w.raw(body)
        w.newline()
        w.close("svg")
        w.newline()
        return w.text
    }
}
