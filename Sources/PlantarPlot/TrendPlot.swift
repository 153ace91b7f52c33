import Foundation
import PlantarSession
import PlantarSignal

/// One exercise over recent sessions: the mean counted hold of each session, with the hold target.
struct TrendPlot {
    static let width = 460.0
    static let height = 190.0

    let kind: ExerciseKind
    let points: [HistorySummary.TrendPoint]
    /// The session this report is about, highlighted when it is among the points.
    let current: Date?

    func svg() -> String {
        var w = SVGWriter()
        let target = kind.defaultSettings.holdSeconds
        let highest = max(points.map(\.meanHoldSeconds).max() ?? 0, target)
        let panel = Panel(
            x: 48, y: 40, width: Self.width - 64, height: Self.height - 86,
            time: -0.5...Double(max(1, points.count)) - 0.5, value: 0...highest * 1.15, valueTicks: 4,
            clipID: "trend-\(kind.rawValue)-clip")
        w.element(
            "text", [("class", "title"), ("x", "12"), ("y", "18"), ("font-size", "13")],
            content: "\(kind.displayName): mean counted hold")
        panel.drawFrame(into: &w, title: "seconds per session", unit: "\(points.count) sessions")
        panel.level(target, into: &w, cssClass: "target-line")
        w.element(
            "text",
            [
                ("class", "legend-text halo"), ("x", SVGWriter.number(panel.right - 4)),
                ("y", SVGWriter.number(panel.value(target) - 4)),
                ("text-anchor", "end"),
            ],
            content: "target \(seconds(target)) s")
        var d = ""
        for (i, p) in points.enumerated() {
            d +=
                (i == 0 ? "M" : "L") + SVGWriter.number(panel.time(Double(i))) + " "
                + SVGWriter.number(panel.value(p.meanHoldSeconds))
        }
        w.element("path", [("class", "trend-line"), ("d", d)])
        for (i, p) in points.enumerated() {
            let isCurrent = current.map { abs($0.timeIntervalSince(p.date)) < 0.001 } ?? false
            w.open(
                "circle",
                [
                    ("class", isCurrent ? "trend-point current" : "trend-point"),
                    ("cx", SVGWriter.number(panel.time(Double(i)))),
                    ("cy", SVGWriter.number(panel.value(p.meanHoldSeconds))), ("r", isCurrent ? "5" : "3.5"),
                ])
            w.element(
                "title",
                content:
                    "\(Self.format(p.date, long: true)): \(seconds(p.meanHoldSeconds)) s over \(p.countedReps) reps")
            w.close("circle")
        }
        w.element(
            "line",
            [
                ("class", "axis"), ("x1", SVGWriter.number(panel.x)), ("x2", SVGWriter.number(panel.right)),
                ("y1", SVGWriter.number(panel.bottom)),
                ("y2", SVGWriter.number(panel.bottom)),
            ])
        Self.drawSessionAxis(into: &w, panel: panel, dates: points.map(\.date))
        return SessionPlot.wrap(
            w.text, width: Self.width, height: Self.height, label: "\(kind.displayName): trend", standalone: false)
    }

    /// Dates under the first, the last and (when there is room) the middle session, and the axis title: the time axis
    /// of every per-session trend.
    static func drawSessionAxis(into w: inout SVGWriter, panel: Panel, dates: [Date]) {
        var labelled = Set([0, dates.count - 1])
        if dates.count > 4 { labelled.insert(dates.count / 2) }
        for i in labelled.sorted() where i >= 0 && i < dates.count {
            w.element(
                "text",
                [
                    ("class", "tick-label"), ("x", SVGWriter.number(panel.time(Double(i)))),
                    ("y", SVGWriter.number(panel.bottom + 15)),
                    ("text-anchor", "middle"),
                ],
                content: format(dates[i], long: false))
        }
        w.element(
            "text",
            [
                ("class", "axis-title"), ("x", SVGWriter.number(panel.x + panel.width / 2)),
                ("y", SVGWriter.number(panel.bottom + 32)),
                ("text-anchor", "middle"),
            ],
            content: "sessions, oldest first")
    }

    static func format(_ date: Date, long: Bool) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.dateFormat = long ? "yyyy-MM-dd HH:mm" : "d MMM"
        return f.string(from: date)
    }
}
