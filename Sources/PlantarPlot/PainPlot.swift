import Foundation
import PlantarSession

/// Pain before and after each session (0–10), oldest first: the line after below the line before is a session that
/// helped.
struct PainPlot {
    static let width = 460.0
    static let height = 190.0
    static let beforeColour = "#a04f00"
    static let afterColour = "#1f4e79"

    let points: [HistorySummary.PainPoint]
    /// The session this report is about, highlighted when it is among the points.
    let current: Int64?

    func svg() -> String {
        var w = SVGWriter()
        let panel = Panel(
            x: 48, y: 40, width: Self.width - 64, height: Self.height - 86,
            time: -0.5...Double(max(1, points.count)) - 0.5, value: 0...10, valueTicks: 5, clipID: "pain-clip")
        w.element(
            "text", [("class", "title"), ("x", "12"), ("y", "18"), ("font-size", "13")],
            content: "Pain before and after each session")
        panel.drawFrame(into: &w, title: "pain, 0–10", unit: "\(points.count) sessions")
        for (name, colour, value, dy) in [
            ("before", Self.beforeColour, { (p: HistorySummary.PainPoint) in p.before }, -20.0),
            ("after", Self.afterColour, { (p: HistorySummary.PainPoint) in p.after }, -8.0),
        ] {
            var d = ""
            var pen = "M"
            for (i, p) in points.enumerated() {
                guard let v = value(p) else {
                    pen = "M"
                    continue
                }
                d += pen + SVGWriter.number(panel.time(Double(i))) + " " + SVGWriter.number(panel.value(Double(v)))
                pen = "L"
            }
            if !d.isEmpty {
                w.element(
                    "path",
                    [
                        ("class", "pain-\(name)"), ("d", d), ("fill", "none"), ("stroke", colour),
                        ("stroke-width", "1.5"),
                    ]
                )
            }
            for (i, p) in points.enumerated() {
                guard let v = value(p) else { continue }
                w.open(
                    "circle",
                    [
                        ("class", "pain-\(name)-point"), ("cx", SVGWriter.number(panel.time(Double(i)))),
                        ("cy", SVGWriter.number(panel.value(Double(v)))), ("r", p.id == current ? "5" : "3.5"),
                        ("fill", colour),
                    ])
                w.element("title", content: "Session #\(p.id), \(TrendPlot.format(p.date, long: true)): \(name) \(v)")
                w.close("circle")
            }
            w.element(
                "text",
                [
                    ("class", "legend-text halo"), ("x", SVGWriter.number(panel.right - 4)),
                    ("y", SVGWriter.number(panel.y + 20 + dy)),
                    ("text-anchor", "end"), ("fill", colour),
                ],
                content: name)
        }
        TrendPlot.drawSessionAxis(into: &w, panel: panel, dates: points.map(\.date))
        return SessionPlot.wrap(w.text, width: Self.width, height: Self.height, label: "Pain trend", standalone: false)
    }
}
