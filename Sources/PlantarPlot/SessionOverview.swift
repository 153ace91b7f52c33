import PlantarSession
import PlantarSignal

/// The whole session on one time axis: total load, each exercise as a labelled band between its boundaries, and a
/// tick for every rep (green counted, orange too short).
struct SessionOverview {
    static let panelHeight = 90.0

    let session: PlottedSession
    let width: Double
    let idPrefix: String

    /// Draws the overview with its top edge at `top`; returns its height.
    func draw(into w: inout SVGWriter, top: Double) -> Double {
        let trace = session.traces.sessionLoad
        guard let origin = trace.originMicros, let last = trace.buckets.last??.lastMicros else { return 0 }
        let from = Double(origin) / 1e6
        let to = max(Double(last) / 1e6, from + 1)
        let peak = trace.range(from: origin, to: last + 1)?.upperBound ?? 1
        w.open("g", [("class", "session-overview")])
        defer { w.close("g") }
        let panel = Panel(
            x: ExercisePlot.marginLeft, y: top + 52, width: width - ExercisePlot.marginLeft - ExercisePlot.marginRight,
            height: Self.panelHeight, time: from...to, value: 0...max(1, peak * 1.05), valueTicks: 3,
            clipID: "\(idPrefix)-clip")
        panel.drawFrame(into: &w, title: "Total load", unit: "kg")
        panel.drawTimeGrid(into: &w)
        var labelEnds: [Double] = []
        for r in session.report.results {
            guard let start = r.startMicros, let end = r.endMicros else { continue }
            let x0 = panel.time(Double(start) / 1e6)
            let x1 = panel.time(Double(end) / 1e6)
            w.element(
                "rect",
                [
                    ("class", "exercise-band"), ("x", SVGWriter.number(x0)), ("y", SVGWriter.number(panel.y)),
                    ("width", SVGWriter.number(max(1, x1 - x0))),
                    ("height", SVGWriter.number(panel.height)),
                ])
            for px in [x0, x1] where px > panel.x + 1 && px < panel.right - 1 {
                w.element(
                    "line",
                    [
                        ("class", "boundary"), ("x1", SVGWriter.number(px)), ("x2", SVGWriter.number(px)),
                        ("y1", SVGWriter.number(panel.y - 16)),
                        ("y2", SVGWriter.number(panel.bottom)),
                    ])
            }
            let text = "\(r.index + 1). \(r.kind.displayName)"
            let row = labelEnds.firstIndex { x0 + 3 > $0 + 6 } ?? labelEnds.count
            if row == labelEnds.count { labelEnds.append(0) }
            labelEnds[row] = x0 + 3 + textWidth(text, size: 11)
            w.element(
                "text",
                [
                    ("class", "exercise-label"), ("x", SVGWriter.number(x0 + 3)),
                    ("y", SVGWriter.number(panel.y - 20 - Double(row) * 13)),
                ],
                content: text)
            for rep in r.reps {
                let px = panel.time(Double(rep.endMicros) / 1e6)
                let cls = rep.counted ? "counted" : "short"
                w.element(
                    "line",
                    [
                        ("class", "rep-tick \(cls)"), ("x1", SVGWriter.number(px)), ("x2", SVGWriter.number(px)),
                        ("y1", SVGWriter.number(panel.bottom - 9)),
                        ("y2", SVGWriter.number(panel.bottom)),
                    ])
            }
        }
        panel.drawTrace(trace, minus: 0, fromMicros: origin, toMicros: last + 1, into: &w, cssClass: "trace")
        panel.drawTimeAxis(into: &w, title: "time since the start of the recording (s)")
        return panel.bottom + 44 - top
    }
}
