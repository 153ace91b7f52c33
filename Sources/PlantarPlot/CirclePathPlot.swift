import Foundation
import PlantarSession
import PlantarSignal

/// Ankle circles seen from above (toes up): the path of the centre of pressure around the baseline point, coloured by
/// the circle each stretch belongs to, the enter and exit radii, and each circle numbered in its direction where it
/// was completed.
struct CirclePathPlot {
    let result: ExerciseResult
    let path: PlanePath
    let x: Double
    let y: Double
    let size: Double
    let clipID: String

    /// Draws the plot; returns the lowest y it drew at.
    func draw(into w: inout SVGWriter) -> Double {
        guard case .circles(let p) = result.exercise.settings.detector else { return y }
        let extent = robustExtent(minimum: p.enterRadiusMillimetres * 1.6)
        let step = Ticks.step(-extent...extent, count: 6)
        let domain = Ticks.extend(-extent...extent, step: step)
        let half = max(abs(domain.lowerBound), abs(domain.upperBound))
        let sx = LinearScale(domain: -half...half, from: x, to: x + size)
        let sy = LinearScale(domain: -half...half, from: y + size, to: y)

        w.open("g", [("class", "plane")])
        defer { w.close("g") }
        w.open("clipPath", [("id", clipID)])
        w.element(
            "rect",
            [
                ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)), ("width", SVGWriter.number(size)),
                ("height", SVGWriter.number(size)),
            ])
        w.close("clipPath")
        w.element(
            "rect",
            [
                ("class", "panel"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)),
                ("width", SVGWriter.number(size)), ("height", SVGWriter.number(size)),
            ])
        w.open("text", [("class", "panel-title"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y - 6))])
        w.raw("Seen from above ")
        w.element("tspan", [("class", "panel-unit")], content: "(mm, toes up)")
        w.close("text")
        for v in Ticks.values(-half...half, step: step) {
            let px = sx(v)
            let py = sy(v)
            if abs(v) < half - 1e-9 {
                let cls = v == 0 ? "baseline" : "grid"
                w.element(
                    "line",
                    [
                        ("class", cls), ("x1", SVGWriter.number(px)), ("x2", SVGWriter.number(px)),
                        ("y1", SVGWriter.number(y)), ("y2", SVGWriter.number(y + size)),
                    ])
                w.element(
                    "line",
                    [
                        ("class", cls), ("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(x + size)),
                        ("y1", SVGWriter.number(py)), ("y2", SVGWriter.number(py)),
                    ])
            }
            w.element(
                "text",
                [
                    ("class", "tick-label"), ("x", SVGWriter.number(px)), ("y", SVGWriter.number(y + size + 14)),
                    ("text-anchor", "middle"),
                ],
                content: Ticks.label(v, step: step))
            w.element(
                "text",
                [
                    ("class", "tick-label"), ("x", SVGWriter.number(x - 5)), ("y", SVGWriter.number(py + 3.5)),
                    ("text-anchor", "end"),
                ],
                content: Ticks.label(v, step: step))
        }
        w.element(
            "text",
            [
                ("class", "axis-title"), ("x", SVGWriter.number(x + size / 2)), ("y", SVGWriter.number(y + size + 30)),
                ("text-anchor", "middle"),
            ],
            content: "sideways (mm, + right)")
        w.element(
            "text",
            [
                ("class", "axis-title"),
                ("transform", "translate(\(SVGWriter.number(x - 34)) \(SVGWriter.number(y + size / 2))) rotate(-90)"),
                ("text-anchor", "middle"),
            ],
            content: "forward (mm, + toes)")
        let unit = sx(1) - sx(0)
        for (r, kind) in [(p.enterRadiusMillimetres, "enter"), (p.exitRadiusMillimetres, "exit")] {
            w.element(
                "circle",
                [
                    ("class", "radius \(kind)"), ("cx", SVGWriter.number(sx(0))), ("cy", SVGWriter.number(sy(0))),
                    ("r", SVGWriter.number(r * unit)),
                ])
        }
        drawPath(sx: sx, sy: sy, into: &w)
        drawNumbers(sx: sx, sy: sy, into: &w)
        return drawLegend(p, top: y + size + 52, into: &w)
    }

    /// The largest distance from the baseline point either way, ignoring the furthest 0.5 % of points.
    private func robustExtent(minimum: Double) -> Double {
        let extents = path.points.map { max(abs(Double($0.x)), abs(Double($0.y))) }.sorted()
        guard !extents.isEmpty else { return minimum }
        let k = min(extents.count - 1, Int(Double(extents.count) * 0.995))
        // Room outside the path for the circles' numbers.
        return max(minimum, extents[k] * 1.3)
    }

    /// Which counted circle a moment belongs to.
    private func direction(at micros: Int64) -> Direction? {
        result.reps.first { micros > $0.startMicros && micros <= $0.endMicros }?.direction
    }

    private func drawPath(sx: LinearScale, sy: LinearScale, into w: inout SVGWriter) {
        var segments: [(cls: String, d: String)] = []
        var previous: PlanePath.Point?
        for point in path.points {
            let cls: String
            switch direction(at: point.micros) {
            case .counterclockwise: cls = "ccw"
            case .clockwise: cls = "cw"
            case nil: cls = "other"
            }
            let xy = SVGWriter.number(sx(Double(point.x))) + " " + SVGWriter.number(sy(Double(point.y)))
            let gap = previous.map { point.micros - $0.micros > 2_000_000 } ?? true
            if gap {
                segments.append((cls, "M" + xy))
            } else if segments.last?.cls != cls, let prev = previous {
                // A new colour starts from where the last one ended, so the path has no holes.
                segments.append(
                    (
                        cls,
                        "M" + SVGWriter.number(sx(Double(prev.x))) + " " + SVGWriter.number(sy(Double(prev.y))) + "L"
                            + xy
                    ))
            } else {
                segments[segments.count - 1].d += "L" + xy
            }
            previous = point
        }
        // Stretches outside counted circles first, so that the circles are drawn over them.
        for s in segments.sorted(by: { ($0.cls == "other" ? 0 : 1) < ($1.cls == "other" ? 0 : 1) }) {
            w.element("path", [("class", "path \(s.cls)"), ("d", s.d), ("clip-path", "url(#\(clipID))")])
        }
    }

    /// Each direction's circles numbered 1, 2, … on a ring just outside the path, at the angle where each was
    /// completed (marked by a dot on the path), spread along the ring where they would overlap.
    private func drawNumbers(sx: LinearScale, sy: LinearScale, into w: inout SVGWriter) {
        let cx = sx(0)
        let cy = sy(0)
        var labels: [(angle: Double, text: String, cls: String, dot: (Double, Double))] = []
        var ordinals: [Direction: Int] = [:]
        for rep in result.reps {
            guard let dir = rep.direction, let end = path.position(atMicros: rep.endMicros) else { continue }
            let k = (ordinals[dir] ?? 0) + 1
            ordinals[dir] = k
            let dot = (sx(Double(end.x)), sy(Double(end.y)))
            let arrow = dir == .counterclockwise ? "\u{21BA}" : "\u{21BB}"
            labels.append(
                (atan2(dot.1 - cy, dot.0 - cx), "\(arrow)\(k)", dir == .counterclockwise ? "ccw" : "cw", dot))
        }
        guard !labels.isEmpty else { return }
        let reach = path.points.map { hypot(sx(Double($0.x)) - cx, sy(Double($0.y)) - cy) }.max() ?? 0
        let ring = min(size / 2 - 12, reach + 16)
        let angles = Self.spread(labels.map(\.angle), separation: 26 / max(ring, 1))
        for (label, angle) in zip(labels, angles) {
            let lx = cx + cos(angle) * ring
            let ly = cy + sin(angle) * ring
            w.element(
                "line",
                [
                    ("class", "leader"), ("x1", SVGWriter.number(label.dot.0)), ("y1", SVGWriter.number(label.dot.1)),
                    ("x2", SVGWriter.number(cx + cos(angle) * (ring - 8))),
                    ("y2", SVGWriter.number(cy + sin(angle) * (ring - 8))),
                ])
            w.element(
                "circle",
                [
                    ("class", "circle-end \(label.cls)"), ("cx", SVGWriter.number(label.dot.0)),
                    ("cy", SVGWriter.number(label.dot.1)), ("r", "2.5"),
                ])
            w.element(
                "text",
                [
                    ("class", "circle-label halo \(label.cls)"), ("x", SVGWriter.number(lx)),
                    ("y", SVGWriter.number(ly + 4)),
                    ("text-anchor", "middle"),
                ],
                content: label.text)
        }
    }

    /// Angles pushed apart until neighbours are at least `separation` radians apart, keeping their order.
    static func spread(_ angles: [Double], separation: Double) -> [Double] {
        let order = angles.indices.sorted { angles[$0] < angles[$1] }
        var sorted = order.map { angles[$0] }
        guard sorted.count > 1 else { return angles }
        let gap = min(separation, 2 * .pi / Double(sorted.count))
        for _ in 0..<200 {
            var moved = false
            for i in sorted.indices {
                let j = (i + 1) % sorted.count
                var d = sorted[j] - sorted[i]
                if j == 0 { d += 2 * .pi }
                if d < gap - 1e-9 {
                    let push = (gap - d) / 2
                    sorted[i] -= push
                    sorted[j] += push
                    moved = true
                }
            }
            if !moved { break }
        }
        var out = angles
        for (k, index) in order.enumerated() { out[index] = sorted[k] }
        return out
    }

    private func drawLegend(_ p: CircleDetector.Parameters, top: Double, into w: inout SVGWriter) -> Double {
        let items: [(String, String)] = [
            ("path ccw", "\u{21BA} counter-clockwise (\(result.counterclockwise))"),
            ("path cw", "\u{21BB} clockwise (\(result.clockwise))"),
            ("path other", "between circles"),
            ("radius enter", "enter radius \(plainNumber(p.enterRadiusMillimetres)) mm"),
            ("radius exit", "exit radius \(plainNumber(p.exitRadiusMillimetres)) mm"),
        ]
        var row = top
        var column = 0
        for (cls, text) in items {
            let lx = x + Double(column) * 176
            w.element(
                "line",
                [
                    ("class", cls), ("x1", SVGWriter.number(lx)), ("x2", SVGWriter.number(lx + 18)),
                    ("y1", SVGWriter.number(row - 4)), ("y2", SVGWriter.number(row - 4)),
                ])
            w.element(
                "text", [("class", "legend-text"), ("x", SVGWriter.number(lx + 24)), ("y", SVGWriter.number(row))],
                content: text)
            column += 1
            if column == 2 {
                column = 0
                row += 17
            }
        }
        return row + (column == 0 ? 0 : 17)
    }
}
