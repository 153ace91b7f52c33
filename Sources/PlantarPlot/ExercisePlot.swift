import Foundation
import PlantarSession
import PlantarSignal

/// One exercise: its detector's signal with the baseline, the enter and exit thresholds and every rep shaded (counted
/// or too short, labelled with its duration); the other signals under it on the same time axis; and for ankle circles
/// the path of the centre of pressure in the board's plane with the circles numbered by direction.
struct ExercisePlot {
    static let marginLeft = 72.0
    static let marginRight = 24.0
    static let detectorHeight = 170.0
    static let secondaryHeight = 66.0
    static let panelGap = 36.0
    static let planeSize = 300.0

    let result: ExerciseResult
    let trace: ExerciseTrace?
    let width: Double
    /// Makes the ids of clip paths unique in a page with many plots.
    let idPrefix: String

    private var settings: ExerciseSettings { result.exercise.settings }
    private var detectorChannel: Channel { Channel.detected(by: settings.detector) }
    private var isCircles: Bool { detectorChannel == .radius }
    private var startMicros: Int64 { result.startMicros ?? 0 }
    private var endMicros: Int64 { max(result.endMicros ?? startMicros, startMicros + 1_000_000) }

    /// Draws the plot with its top edge at `top`; returns its height.
    func draw(into w: inout SVGWriter, top: Double) -> Double {
        w.open("g", [("class", "exercise-plot"), ("data-exercise", result.kind.rawValue)])
        defer { w.close("g") }
        w.element(
            "text", [("class", "title"), ("x", SVGWriter.number(Self.marginLeft)), ("y", SVGWriter.number(top + 20))],
            content: headline)
        guard result.startMicros != nil, let trace, trace.load.sampleCount > 0 else {
            let why = result.startMicros == nil ? "Not reached: the session ended before this exercise." : "No samples."
            w.element(
                "text",
                [("class", "note"), ("x", SVGWriter.number(Self.marginLeft)), ("y", SVGWriter.number(top + 42))],
                content: why)
            return 56
        }
        w.element(
            "text",
            [("class", "subtitle"), ("x", SVGWriter.number(Self.marginLeft)), ("y", SVGWriter.number(top + 38))],
            content: subtitle)

        let stackRight = isCircles ? width - Self.marginRight - Self.planeSize - 48 : width - Self.marginRight
        let timeDomain = Double(startMicros) / 1e6...Double(endMicros) / 1e6
        let channels = [detectorChannel] + [Channel.load, .forward, .sideways].filter { $0 != detectorChannel }
        var y = top + 66
        var last: Panel?
        for (i, channel) in channels.enumerated() {
            let height = i == 0 ? Self.detectorHeight : Self.secondaryHeight
            let panel = Panel(
                x: Self.marginLeft, y: y, width: stackRight - Self.marginLeft, height: height, time: timeDomain,
                value: valueDomain(channel, detector: i == 0), valueTicks: i == 0 ? 6 : 2,
                clipID: "\(idPrefix)-clip-\(i)")
            drawPanel(panel, channel: channel, trace: trace, isDetector: i == 0, into: &w)
            last = panel
            y += height + Self.panelGap
        }
        guard let last else { return 0 }
        last.drawTimeAxis(into: &w, title: "time since the start of the recording (s)")
        var bottom = last.bottom + 40
        if isCircles {
            let plane = CirclePathPlot(
                result: result, path: trace.path, x: width - Self.marginRight - Self.planeSize, y: top + 66,
                size: Self.planeSize, clipID: "\(idPrefix)-plane")
            bottom = max(bottom, plane.draw(into: &w))
        }
        bottom = drawLegend(into: &w, top: bottom + 8)
        return bottom - top + 10
    }

    // MARK: Text

    private var headline: String {
        let name = "\(result.index + 1). \(result.kind.displayName) \u{2014} \(result.status.rawValue)"
        return result.startMicros == nil ? name : "\(name), \(tally)"
    }

    private var tally: String {
        if isCircles {
            return "\(result.counterclockwise) counter-clockwise and \(result.clockwise) clockwise circles "
                + "(target \(settings.targetReps) each way)"
        }
        let short = result.reps.count - result.countedReps
        return "\(result.countedReps) of \(settings.targetReps) reps counted"
            + (short > 0 ? ", \(short) too short" : "") + " (hold \u{2265} \(seconds(settings.holdSeconds)) s)"
    }

    private var subtitle: String {
        let span = "\(seconds(Double(startMicros) / 1e6))\u{2013}\(seconds(Double(result.endMicros ?? 0) / 1e6)) s"
        let ended = "ended by \(result.reason.rawValue)"
        var detector: String
        switch settings.detector {
        case .circles(let p):
            detector =
                "circles counted while the centre of pressure stays \u{2265} \(plainNumber(p.enterRadiusMillimetres)) mm "
                + "(enter) / \(plainNumber(p.exitRadiusMillimetres)) mm (exit) from the baseline point"
        case .hold(let p):
            let unit = detectorChannel.shortUnit
            let pm = p.signal == .lateralShift ? "\u{00B1}" : "+"
            detector =
                "hold: enter \(pm)\(plainNumber(p.enterThreshold)) \(unit), exit \(pm)\(plainNumber(p.exitThreshold)) \(unit), "
                + "grace \(plainNumber(p.graceSeconds)) s"
        }
        if result.baseline == nil { detector += "; no steady baseline was found, so values are absolute" }
        return "\(span), \(ended) \u{00B7} \(detector)"
    }

    // MARK: Panels

    private func valueDomain(_ channel: Channel, detector: Bool) -> ClosedRange<Double> {
        var lo = Double.infinity
        var hi = -Double.infinity
        // From the first baseline on, each stretch relative to the baseline in force, without the moments off the
        // board and the outer 1 %: stepping on and off the board is clipped, not scaled to.
        let all = baselines
        let excluded = offBoard
        let (series, own) = self.series(channel, isDetector: detector)
        let stretches: [(from: Int64, to: Int64, offset: Double)] =
            own
            ? [(all.first?.startMicros ?? startMicros, endMicros + 1, 0)]
            : all.isEmpty
                ? [(startMicros, endMicros + 1, 0)]
                : all.indices.map { i in
                    (
                        all[i].startMicros, i + 1 < all.count ? all[i + 1].startMicros : endMicros + 1,
                        channel.offset(all[i])
                    )
                }
        for s in stretches {
            guard let r = series?.range(from: s.from, to: s.to, trimFraction: 0.01, excluding: excluded) else {
                continue
            }
            lo = min(lo, r.lowerBound - s.offset)
            hi = max(hi, r.upperBound - s.offset)
        }
        guard result.baseline != nil else {
            guard lo <= hi else { return 0...1 }
            let pad = max(1, (hi - lo) * 0.08)
            return (lo - pad)...(hi + pad)
        }
        if lo > hi { (lo, hi) = (0, 0) }
        if detector {
            switch settings.detector {
            case .circles(let p):
                lo = 0
                hi = max(hi, p.enterRadiusMillimetres * 1.6)
            case .hold(let p):
                hi = max(hi, p.enterThreshold * 1.25)
                if p.signal == .lateralShift { lo = min(lo, -p.enterThreshold * 1.25) }
            }
        }
        if channel != .radius {
            lo = max(-channel.clamp, min(lo, -channel.minimumHalfSpan))
            hi = min(channel.clamp, max(hi, channel.minimumHalfSpan))
        }
        let pad = (hi - lo) * 0.04
        // The detector's panel keeps two rows of rep labels clear of the trace.
        let top = hi + (hi - lo) * (detector ? 0.2 : 0.04)
        return (channel == .radius ? lo : lo - pad)...top
    }

    /// When the detector had the user off the board (from its `steppedOff` to its `steppedOn`), with a second either
    /// side for stepping off and back on.
    private var offBoard: [ClosedRange<Int64>] {
        guard let trace, result.baseline != nil else { return [] }
        return trace.offBoard.map { ($0.lowerBound - 1_000_000)...($0.upperBound + 1_000_000) }
    }

    /// What a panel draws: a hold detector's panel its own signal (already relative to the baseline in force, region
    /// rules included: `own`), any other the channel's raw readings.
    private func series(_ channel: Channel, isDetector: Bool) -> (MinMaxTrace?, own: Bool) {
        guard let trace else { return (nil, false) }
        if isDetector, case .hold = settings.detector { return (trace.detector, true) }
        return (channel.trace(trace), false)
    }

    /// What a hold detector's region rule adds to its signal, where the device sees the regions.
    private var regionNote: String {
        guard case .hold(let p) = settings.detector else { return "" }
        switch p.regionRule {
        case .toeGrip: return ", or the toes' share of the load where lower (pads)"
        case .heelsOff: return ", or the heels' unloading where lower (pads)"
        case .none, .standingFoot: return ""
        }
    }

    /// Every baseline the detector measured from (its events), else the one the result names.
    private var baselines: [Baseline] {
        if let trace, !trace.baselines.isEmpty { return trace.baselines }
        return result.baseline.map { [$0] } ?? []
    }

    /// The baseline in force at `micros` among `all` (in order): the latest whose window had begun, else the first.
    static func baseline(in all: [Baseline], atMicros micros: Int64) -> Baseline? {
        var found = all.first
        for b in all.dropFirst() where b.startMicros <= micros { found = b }
        return found
    }

    /// A shaded stretch of the panel with its tooltip.
    private func shade(
        _ micros: ClosedRange<Int64>, _ cssClass: String, _ title: String, panel: Panel, minimumWidth: Double = 1,
        into w: inout SVGWriter
    ) {
        let x0 = panel.time(Double(micros.lowerBound) / 1e6)
        let x1 = panel.time(Double(micros.upperBound) / 1e6)
        let pad = minimumWidth > 1 ? 1.0 : 0
        w.open(
            "rect",
            [
                ("class", cssClass), ("x", SVGWriter.number(x0 - pad)), ("y", SVGWriter.number(panel.y)),
                ("width", SVGWriter.number(max(minimumWidth, x1 - x0 + 2 * pad))),
                ("height", SVGWriter.number(panel.height)),
            ])
        w.element("title", content: title)
        w.close("rect")
    }

    static func skipTitle(_ reason: SkipReason) -> String {
        switch reason {
        case .deadCell: return "samples skipped: a sensor reads nothing while its neighbours carry load (a dead cell)"
        case .implausibleLoad: return "samples skipped: a load no person makes (a shorted or saturated cell)"
        case .aboveBaseline:
            return "samples skipped: more above the baseline than a person adds (a shorted or saturated cell)"
        }
    }

    private func drawPanel(
        _ panel: Panel, channel: Channel, trace: ExerciseTrace, isDetector: Bool, into w: inout SVGWriter
    ) {
        panel.drawFrame(into: &w, title: channel.title + (isDetector ? regionNote : ""), unit: channel.unit)
        panel.drawTimeGrid(into: &w)
        let all = baselines
        for b in all {
            shade(
                b.startMicros...b.endMicros, "baseline-window",
                "baseline window: \(seconds(Double(b.endMicros - b.startMicros) / 1e6)) s standing still", panel: panel,
                into: &w)
        }
        for span in trace.offBoard {
            shade(
                span, "stepped-off",
                "stepped off the board: nothing counts until the user is back on and still again", panel: panel,
                into: &w)
        }
        for gap in trace.gaps {
            shade(
                gap, "gap",
                "no samples for \(seconds(Double(gap.upperBound - gap.lowerBound) / 1e6)) s: "
                    + "a hold in progress ended where they stopped", panel: panel, minimumWidth: 2, into: &w)
        }
        for skip in trace.skipped {
            shade(skip.micros, "skipped", Self.skipTitle(skip.reason), panel: panel, minimumWidth: 2, into: &w)
        }
        if isDetector { drawReps(panel, into: &w) }
        let detectionStart = all.first.map { Double($0.endMicros) / 1e6 }
        if isDetector, !all.isEmpty { drawThresholds(panel, from: detectionStart, into: &w) }
        if !all.isEmpty, channel != .radius {
            panel.level(0, into: &w, cssClass: "baseline")
            // Each baseline's value where it takes over (after stepping back on, a new one).
            for (i, b) in all.enumerated() {
                guard let label = channel.baselineLabel(b) else { continue }
                let x =
                    i == 0
                    ? panel.x + 5 : max(panel.x + 5, min(panel.right - 5, panel.time(Double(b.startMicros) / 1e6)))
                w.element(
                    "text",
                    [
                        ("class", "baseline-label halo"), ("x", SVGWriter.number(x)),
                        ("y", SVGWriter.number(panel.value(0) - 4)),
                    ],
                    content: label)
            }
        }
        // Relative to the baseline in force at each moment (a hold detector's own signal already is); broken where
        // the detector had no sample to use.
        let (series, own) = self.series(channel, isDetector: isDetector)
        if let series {
            panel.drawTrace(
                series, minus: { own ? 0 : channel.offset(Self.baseline(in: all, atMicros: $0)) },
                fromMicros: startMicros, toMicros: endMicros + 1, breaks: trace.gaps + trace.skipped.map(\.micros),
                into: &w, cssClass: isDetector ? "trace" : "trace secondary")
        }
        if isDetector { drawRepLabels(panel, into: &w) }
    }

    private func drawThresholds(_ panel: Panel, from: Double?, into w: inout SVGWriter) {
        let unit = detectorChannel.shortUnit
        var levels: [(value: Double, kind: String, label: String?)] = []
        switch settings.detector {
        case .circles(let p):
            levels = [
                (p.enterRadiusMillimetres, "enter", "enter \(plainNumber(p.enterRadiusMillimetres)) \(unit)"),
                (p.exitRadiusMillimetres, "exit", "exit \(plainNumber(p.exitRadiusMillimetres)) \(unit)"),
            ]
        case .hold(let p):
            let pm = p.signal == .lateralShift ? "\u{00B1}" : "+"
            levels = [
                (p.enterThreshold, "enter", "enter \(pm)\(plainNumber(p.enterThreshold)) \(unit)"),
                (p.exitThreshold, "exit", "exit \(pm)\(plainNumber(p.exitThreshold)) \(unit)"),
            ]
            if p.signal == .lateralShift {
                levels += [(-p.enterThreshold, "enter", nil), (-p.exitThreshold, "exit", nil)]
            }
        }
        for level in levels {
            panel.level(level.value, from: from, into: &w, cssClass: "threshold \(level.kind)")
            guard let label = level.label, panel.value.domain.contains(level.value) else { continue }
            // The enter label sits above its line, the exit label below its own: they never collide.
            let dy = level.kind == "enter" ? -4.0 : 12.0
            w.element(
                "text",
                [
                    ("class", "threshold-label halo"), ("x", SVGWriter.number(panel.right - 5)),
                    ("y", SVGWriter.number(panel.value(level.value) + dy)), ("text-anchor", "end"),
                ],
                content: label)
        }
    }

    /// One shaded rectangle per rep, behind the trace; short reps also mark where they would have counted.
    private func drawReps(_ panel: Panel, into w: inout SVGWriter) {
        for (i, rep) in result.reps.enumerated() {
            let x0 = max(panel.x, min(panel.right, panel.time(Double(rep.startMicros) / 1e6)))
            let x1 = max(panel.x, min(panel.right, panel.time(Double(rep.endMicros) / 1e6)))
            let state = rep.counted ? "counted" : "short"
            w.open(
                "rect",
                [
                    ("class", "rep \(state)"), ("x", SVGWriter.number(x0)), ("y", SVGWriter.number(panel.y)),
                    ("width", SVGWriter.number(max(1, x1 - x0))),
                    ("height", SVGWriter.number(panel.height)),
                    ("data-start", String(format: "%.3f", Double(rep.startMicros) / 1e6)),
                    ("data-duration", String(format: "%.3f", rep.durationSeconds)),
                ])
            w.element("title", content: tooltip(rep, number: i + 1))
            w.close("rect")
            guard !isCircles, !rep.counted else { continue }
            let target = Double(rep.startMicros) / 1e6 + settings.holdSeconds
            guard panel.time.domain.contains(target) else { continue }
            let px = panel.time(target)
            w.element(
                "line",
                [
                    ("class", "target-mark"), ("x1", SVGWriter.number(px)), ("x2", SVGWriter.number(px)),
                    ("y1", SVGWriter.number(panel.y)), ("y2", SVGWriter.number(panel.bottom)),
                ])
        }
    }

    private func tooltip(_ rep: Rep, number: Int) -> String {
        let d = String(format: "%.2f", rep.durationSeconds)
        if let dir = rep.direction { return "\(dir.rawValue) circle: \(d) s" }
        let side = rep.side.map { ", \($0.rawValue) foot lifted" } ?? ""
        let verdict = rep.counted ? "counted" : "too short"
        return "rep \(number): held \(d) s\(side), \(verdict) (target \(seconds(settings.holdSeconds)) s)"
    }

    /// The label of each rep: its duration (pencil pickups: the lifted foot; circles: the number in its direction).
    func label(_ rep: Rep, ordinal: Int) -> String {
        let d = "\(seconds(rep.durationSeconds)) s"
        if let dir = rep.direction { return "\(dir == .counterclockwise ? "\u{21BA}" : "\u{21BB}")\(ordinal) \(d)" }
        if let side = rep.side { return "\(side == .left ? "L" : "R") \(d)" }
        return d
    }

    /// Labels centred over their reps, moved down a row when they would overlap the one before.
    private func drawRepLabels(_ panel: Panel, into w: inout SVGWriter) {
        var rowEnds: [Double] = []
        var ordinals: [Direction: Int] = [:]
        for rep in result.reps {
            var ordinal = 0
            if let dir = rep.direction {
                ordinal = (ordinals[dir] ?? 0) + 1
                ordinals[dir] = ordinal
            }
            let text = label(rep, ordinal: ordinal)
            let x0 = panel.time(Double(rep.startMicros) / 1e6)
            let x1 = panel.time(Double(rep.endMicros) / 1e6)
            let half = textWidth(text, size: 10.5) / 2
            let centre = max(panel.x + half + 1, min(panel.right - half - 1, (x0 + x1) / 2))
            var row = rowEnds.firstIndex { centre - half > $0 + 3 }
            if row == nil {
                if rowEnds.count < 3 {
                    rowEnds.append(-.infinity)
                    row = rowEnds.count - 1
                } else {
                    row = rowEnds.indices.min { rowEnds[$0] < rowEnds[$1] }
                }
            }
            let r = row ?? 0
            rowEnds[r] = centre + half
            w.element(
                "text",
                [
                    ("class", "rep-label halo \(rep.counted ? "counted" : "short")"), ("x", SVGWriter.number(centre)),
                    ("y", SVGWriter.number(panel.y + 13 + Double(r) * 13)), ("text-anchor", "middle"),
                ],
                content: text)
        }
    }

    // MARK: Legend

    private func drawLegend(into w: inout SVGWriter, top: Double) -> Double {
        var items: [(swatch: String, text: String)] = []
        let unit = isCircles ? "circle" : "rep"
        items.append(
            (
                "swatch counted",
                isCircles ? "counted circle" : "counted \(unit) (\u{2265} \(seconds(settings.holdSeconds)) s)"
            ))
        if !isCircles {
            items.append(("swatch short", "too short"))
            items.append(("target-mark", "where a short rep would have counted"))
        }
        items += [
            ("threshold enter", "enter threshold"), ("threshold exit", "exit threshold"), ("baseline", "baseline"),
            ("swatch window", "baseline window (standing still)"),
        ]
        if trace?.offBoard.isEmpty == false { items.append(("swatch off", "stepped off the board")) }
        if trace?.gaps.isEmpty == false { items.append(("swatch gap", "gap in the samples")) }
        let reasons = Set(trace?.skipped.map(\.reason) ?? [])
        if !reasons.isEmpty {
            let faulty = reasons.contains(.deadCell) ? "dead or faulty cell" : "faulty cell"
            items.append(("swatch skip", "samples skipped (\(faulty))"))
        }
        var x = Self.marginLeft
        var y = top
        for item in items {
            let textWidth = textWidth(item.text, size: 11)
            if x + 26 + textWidth > width - Self.marginRight {
                x = Self.marginLeft
                y += 18
            }
            switch item.swatch {
            case "swatch counted", "swatch short", "swatch window", "swatch skip", "swatch off", "swatch gap":
                w.element(
                    "rect",
                    [
                        ("class", item.swatch), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y - 9)),
                        ("width", "18"), ("height", "11"),
                    ])
            case "target-mark":
                w.element(
                    "line",
                    [
                        ("class", item.swatch), ("x1", SVGWriter.number(x + 9)), ("x2", SVGWriter.number(x + 9)),
                        ("y1", SVGWriter.number(y - 10)), ("y2", SVGWriter.number(y + 3)),
                    ])
            default:
                w.element(
                    "line",
                    [
                        ("class", item.swatch), ("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(x + 18)),
                        ("y1", SVGWriter.number(y - 3)), ("y2", SVGWriter.number(y - 3)),
                    ])
            }
            w.element(
                "text", [("class", "legend-text"), ("x", SVGWriter.number(x + 24)), ("y", SVGWriter.number(y))],
                content: item.text)
            x += 24 + textWidth + 18
        }
        return y + 6
    }
}

/// About how wide a line of DejaVu Sans is, in pixels (for layout only).
func textWidth(_ s: String, size: Double) -> Double {
    Double(s.count) * size * 0.6
}
