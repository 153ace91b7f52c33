/// One strip of a plot: a framed area with a value axis on the left, sharing its time axis with the strips above
/// and below it. Traces are clipped to it.
struct Panel {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var time: LinearScale
    var value: LinearScale
    var valueStep: Double
    var clipID: String

    init(
        x: Double, y: Double, width: Double, height: Double, time: ClosedRange<Double>, value: ClosedRange<Double>,
        valueTicks: Int, clipID: String
    ) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.time = LinearScale(domain: time, from: x, to: x + width)
        valueStep = Ticks.step(value, count: valueTicks)
        let extended = Ticks.extend(value, step: valueStep)
        self.value = LinearScale(domain: extended, from: y + height, to: y)
        self.clipID = clipID
    }

    var bottom: Double { y + height }
    var right: Double { x + width }

    /// The frame, the grid, the value ticks and the title above the panel.
    func drawFrame(into w: inout SVGWriter, title: String, unit: String) {
        w.open("clipPath", [("id", clipID)])
        w.element(
            "rect",
            [
                ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)), ("width", SVGWriter.number(width)),
                ("height", SVGWriter.number(height)),
            ])
        w.close("clipPath")
        w.element(
            "rect",
            [
                ("class", "panel"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)),
                ("width", SVGWriter.number(width)), ("height", SVGWriter.number(height)),
            ])
        for v in Ticks.values(value.domain, step: valueStep) {
            let py = value(v)
            if v != value.domain.lowerBound, v != value.domain.upperBound {
                w.element(
                    "line",
                    [
                        ("class", "grid"), ("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(right)),
                        ("y1", SVGWriter.number(py)), ("y2", SVGWriter.number(py)),
                    ])
            }
            w.element(
                "line",
                [
                    ("class", "tick"), ("x1", SVGWriter.number(x - 4)), ("x2", SVGWriter.number(x)),
                    ("y1", SVGWriter.number(py)), ("y2", SVGWriter.number(py)),
                ])
            w.element(
                "text",
                [
                    ("class", "tick-label"), ("x", SVGWriter.number(x - 6)), ("y", SVGWriter.number(py + 3.5)),
                    ("text-anchor", "end"),
                ],
                content: Ticks.label(v, step: valueStep))
        }
        w.element(
            "line",
            [
                ("class", "axis"), ("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(x)),
                ("y1", SVGWriter.number(y)), ("y2", SVGWriter.number(bottom)),
            ])
        w.open("text", [("class", "panel-title"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y - 6))])
        w.raw(SVGWriter.escape(title) + " ")
        w.element("tspan", [("class", "panel-unit")], content: "(\(unit))")
        w.close("text")
    }

    /// The time axis under the panel: ticks, labels and the axis title.
    func drawTimeAxis(into w: inout SVGWriter, title: String) {
        w.element(
            "line",
            [
                ("class", "axis"), ("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(right)),
                ("y1", SVGWriter.number(bottom)), ("y2", SVGWriter.number(bottom)),
            ])
        let step = Ticks.step(time.domain, count: max(2, Int(width / 80)))
        for t in Ticks.values(time.domain, step: step) {
            let px = time(t)
            w.element(
                "line",
                [
                    ("class", "tick"), ("x1", SVGWriter.number(px)), ("x2", SVGWriter.number(px)),
                    ("y1", SVGWriter.number(bottom)), ("y2", SVGWriter.number(bottom + 4)),
                ])
            w.element(
                "text",
                [
                    ("class", "tick-label"), ("x", SVGWriter.number(px)), ("y", SVGWriter.number(bottom + 15)),
                    ("text-anchor", "middle"),
                ],
                content: Ticks.label(t, step: step))
        }
        w.element(
            "text",
            [
                ("class", "axis-title"), ("x", SVGWriter.number(x + width / 2)), ("y", SVGWriter.number(bottom + 31)),
                ("text-anchor", "middle"),
            ],
            content: title)
    }

    /// Vertical grid lines at the time ticks (drawn before the traces).
    func drawTimeGrid(into w: inout SVGWriter) {
        let step = Ticks.step(time.domain, count: max(2, Int(width / 80)))
        for t in Ticks.values(time.domain, step: step) {
            let px = time(t)
            guard px > x + 0.5, px < right - 0.5 else { continue }
            w.element(
                "line",
                [
                    ("class", "grid"), ("x1", SVGWriter.number(px)), ("x2", SVGWriter.number(px)),
                    ("y1", SVGWriter.number(y)), ("y2", SVGWriter.number(bottom)),
                ])
        }
    }

    /// A horizontal line at `v` from time `from` to the panel's right edge.
    func level(_ v: Double, from: Double? = nil, into w: inout SVGWriter, cssClass: String) {
        guard value.domain.contains(v) else { return }
        let x1 = from.map { max(x, min(right, time($0))) } ?? x
        let py = value(v)
        w.element(
            "line",
            [
                ("class", cssClass), ("x1", SVGWriter.number(x1)), ("x2", SVGWriter.number(right)),
                ("y1", SVGWriter.number(py)), ("y2", SVGWriter.number(py)),
            ])
    }

    /// The trace as one path through each pixel column's extremes, broken across gaps longer than `gapMicros`.
    func drawTrace(
        _ trace: MinMaxTrace, minus offset: Double, fromMicros: Int64, toMicros: Int64, gapMicros: Int64 = 2_000_000,
        into w: inout SVGWriter, cssClass: String
    ) {
        drawTrace(
            trace, minus: { _ in offset }, fromMicros: fromMicros, toMicros: toMicros, gapMicros: gapMicros,
            into: &w, cssClass: cssClass)
    }

    /// The trace with `offset(t)` taken off each column (t: the column's first sample), broken across gaps longer
    /// than `gapMicros` and across each of `breaks` (stretches with no sample to draw: the detector's gaps and skips).
    func drawTrace(
        _ trace: MinMaxTrace, minus offset: (Int64) -> Double, fromMicros: Int64, toMicros: Int64,
        gapMicros: Int64 = 2_000_000, breaks: [ClosedRange<Int64>] = [], into w: inout SVGWriter, cssClass: String
    ) {
        let count = max(1, Int(width.rounded()))
        let columns = trace.columns(from: fromMicros, to: toMicros, count: count)
        var d = ""
        d.reserveCapacity(count * 20)
        var previous: MinMaxTrace.Bucket?
        var lastY = 0.0
        let columnWidth = width / Double(count)
        for (c, bucket) in columns.enumerated() {
            guard let b = bucket else { continue }
            let px = SVGWriter.number(x + (Double(c) + 0.5) * columnWidth)
            let o = offset(b.firstMicros)
            let lo = value(b.min - o)
            let hi = value(b.max - o)
            let broken =
                previous.map { p in
                    b.firstMicros - p.lastMicros > gapMicros
                        || breaks.contains { p.lastMicros <= $0.lowerBound && b.firstMicros >= $0.upperBound }
                } ?? true
            // Start at the extreme nearer the previous point, so that the connecting stroke stays short.
            let (a, z) = abs(lastY - lo) <= abs(lastY - hi) || broken ? (lo, hi) : (hi, lo)
            d += (broken ? "M" : "L") + px + " " + SVGWriter.number(a)
            if SVGWriter.number(a) != SVGWriter.number(z) { d += "L" + px + " " + SVGWriter.number(z) }
            lastY = z
            previous = b
        }
        guard !d.isEmpty else { return }
        w.element("path", [("class", cssClass), ("d", d), ("clip-path", "url(#\(clipID))")])
    }
}
