import Foundation
import PlantarSignal
import Testing

/// The case table in each detector's header comment is executable: every row is driven here, and the rows driven
/// here are exactly the rows of the table (a row added to the code's table without a test, or a test for a row the
/// table no longer has, fails).
@Suite struct CaseTableTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PlantarSignal").path

    /// The rows of every table in `file`'s header comments, as their first `keyColumns` cells joined by " | ".
    static func rows(of file: String, keyColumns: Int = 2) throws -> [String] {
        let lines = try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("/// |") }
        var out: [String] = []
        for (i, line) in lines.enumerated() {
            let isSeparator = line.hasPrefix("/// |-")
            let isHeader = i + 1 < lines.count && lines[i + 1].hasPrefix("/// |-")
            guard !isSeparator, !isHeader else { continue }
            let cells = line.dropFirst(4).split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            out.append(cells.prefix(keyColumns).joined(separator: " | "))
        }
        return out
    }

    static func check(_ file: String, keyColumns: Int = 2, _ drivers: [String: () -> Void]) throws {
        let table = try rows(of: file, keyColumns: keyColumns)
        #expect(!table.isEmpty, "\(file) has a case table")
        #expect(Set(table) == Set(drivers.keys), "\(file): table rows and driven rows differ")
        for row in table {
            let drive = try #require(drivers[row], "\(file): no test drives row “\(row)”")
            drive()
        }
    }

    // MARK: Hold detector

    static let baseline = Baseline(loadKilograms: 70, cop: Point(x: 0, y: 0), startMicros: 0, endMicros: 0)

    static func sample(_ t: Double, y: Double = 0, x: Double = 0, load: Double = 70) -> Sample {
        Sample(timeMicros: Int64((t * 1_000_000).rounded()), loadKilograms: load, cop: Point(x: x, y: y))
    }

    /// A toe-press detector (enter 15, exit 10 mm, grace 0.25 s, target 3 s) fed `samples`; returns it and what
    /// the last sample made it emit.
    static func hold(
        _ samples: [Sample], grace: Double = 0.25, signal: HoldSignal = .forwardShift
    ) -> (HoldDetector, [DetectorEvent]) {
        var p = HoldDetector.Parameters(
            signal: signal, enterThreshold: signal == .lateralShift ? 50 : 15,
            exitThreshold: signal == .lateralShift ? 35 : 10, graceSeconds: grace, holdSeconds: 3)
        p.maxGapSeconds = 2
        var d = HoldDetector(parameters: p, baseline: baseline)
        var last: [DetectorEvent] = []
        for s in samples {
            last = []
            d.handle(s) { last.append($0) }
        }
        return (d, last)
    }

    /// Idle at 0 s, holding from 1 s (the samples are more than the interpolation span apart: edges are exact).
    static let holding = [sample(0), sample(1, y: 25), sample(1.1, y: 25)]
    /// Holding from 1 s, dipping from 2 s.
    static let dipping = holding + [sample(2, y: 0)]

    static func isIdle(_ d: HoldDetector) -> Bool { d.state == .idle }

    @Test func everyRowOfTheHoldDetectorsTableIsDriven() throws {
        try Self.check(
            "HoldDetector.swift",
            [
                "any | load > baseline + implausible (a shorted cell)": {
                    let (d, e) = Self.hold(Self.holding + [Self.sample(1.2, y: 0, load: 300)])
                    #expect(d.state == .holding(entryMicros: 1_000_000, side: nil, targetReached: false))
                    #expect(e == [.sampleSkipped(atMicros: 1_200_000, reason: .aboveBaseline)])
                },
                "any | marked by `SignalStage` (dead cell, implausible)": {
                    var dead = Self.sample(1.2, y: 0)
                    dead.faultySensor = 2
                    var shorted = Self.sample(1.3, y: 0)
                    shorted.implausible = true
                    let (d, e) = Self.hold(Self.holding + [dead, shorted])
                    #expect(d.state == .holding(entryMicros: 1_000_000, side: nil, targetReached: false))
                    #expect(e == [.sampleSkipped(atMicros: 1_300_000, reason: .implausibleLoad)])
                    #expect(
                        Self.hold(Self.holding + [dead]).1 == [.sampleSkipped(atMicros: 1_200_000, reason: .deadCell)])
                },
                "any | time since previous sample > maxGap": {
                    let (d, e) = Self.hold(Self.holding + [Self.sample(4, y: 0)])
                    #expect(Self.isIdle(d))
                    #expect(
                        e == [
                            .gap(fromMicros: 1_100_000, toMicros: 4_000_000),
                            .repEnded(Rep(startMicros: 1_000_000, endMicros: 1_100_000, counted: false, peak: 25)),
                        ])
                },
                "idle | load < stepOff × baseline": {
                    let (d, e) = Self.hold([Self.sample(0), Self.sample(1, load: 20)])
                    #expect(d.state == .steppedOff)
                    #expect(e == [.steppedOff(atMicros: 1_000_000)])
                },
                "holding | load < stepOff × baseline": {
                    let (d, e) = Self.hold(Self.holding + [Self.sample(1.5, y: 25, load: 20)])
                    #expect(d.state == .steppedOff)
                    #expect(
                        e == [
                            .repEnded(Rep(startMicros: 1_000_000, endMicros: 1_500_000, counted: false, peak: 25)),
                            .steppedOff(atMicros: 1_500_000),
                        ])
                },
                "dipping | load < stepOff × baseline": {
                    let (d, e) = Self.hold(Self.dipping + [Self.sample(2.1, load: 20)])
                    #expect(d.state == .steppedOff)
                    #expect(
                        e == [
                            .repEnded(Rep(startMicros: 1_000_000, endMicros: 2_000_000, counted: false, peak: 25)),
                            .steppedOff(atMicros: 2_100_000),
                        ])
                },
                "steppedOff | load ≥ stepOff × baseline": {
                    let (d, e) = Self.hold([Self.sample(0), Self.sample(1, load: 20), Self.sample(2, y: 30)])
                    #expect(d.state == .holding(entryMicros: 2_000_000, side: nil, targetReached: false))
                    #expect(e == [.steppedOn(atMicros: 2_000_000), .holdStarted(atMicros: 2_000_000, side: nil)])
                },
                "idle | v ≥ enter (lateral: abs(v) ≥ enter, side chosen)": {
                    let (d, e) = Self.hold([Self.sample(0), Self.sample(1, x: -60)], signal: .lateralShift)
                    #expect(d.state == .holding(entryMicros: 1_000_000, side: .right, targetReached: false))
                    #expect(e == [.holdStarted(atMicros: 1_000_000, side: .right)])
                },
                "idle | lateral, regions: v towards the foot that carries more ≥ enter": {
                    var p = ExerciseKind.pencilPickups.defaultSettings.holdParameters
                    p.maxGapSeconds = 2
                    var d = HoldDetector(parameters: p, baseline: Self.baseline)
                    var e: [DetectorEvent] = []
                    // The left foot carries less: it is the lifted one, and the centre of pressure moved right.
                    for s in [
                        regionSample(0, left: 35, right: 35), regionSample(1, x: 60, left: 8, right: 62),
                    ] {
                        e = []
                        d.handle(s) { e.append($0) }
                    }
                    #expect(d.state == .holding(entryMicros: 1_000_000, side: .left, targetReached: false))
                    #expect(e == [.holdStarted(atMicros: 1_000_000, side: .left)])
                    // The regions say the right foot is lifted, but the centre of pressure moved right too: no hold.
                    var other = HoldDetector(parameters: p, baseline: Self.baseline)
                    for s in [regionSample(0, left: 35, right: 35), regionSample(1, x: 60, left: 62, right: 8)] {
                        other.handle(s) { _ in }
                    }
                    #expect(other.state == .idle)
                },
                "idle | v < enter": {
                    let (d, e) = Self.hold([Self.sample(0), Self.sample(1, y: 14.9)])
                    #expect(Self.isIdle(d))
                    #expect(e.isEmpty)
                },
                "holding | v ≥ exit, held ≥ target for the first time": {
                    let on = Self.holding + [Self.sample(2, y: 20), Self.sample(3, y: 20), Self.sample(4, y: 11)]
                    let (d, e) = Self.hold(on)
                    #expect(d.state == .holding(entryMicros: 1_000_000, side: nil, targetReached: true))
                    #expect(e == [.holdTargetReached(atMicros: 4_000_000)])
                    let (_, again) = Self.hold(on + [Self.sample(4.1, y: 20)])
                    #expect(again.isEmpty)
                },
                "holding | v < exit, grace > 0": {
                    let (d, e) = Self.hold(Self.dipping)
                    #expect(
                        d.state
                            == .dipping(
                                entryMicros: 1_000_000, side: nil, targetReached: false, dipStartMicros: 2_000_000))
                    #expect(e.isEmpty)
                },
                "holding | v < exit, grace = 0": {
                    let (d, e) = Self.hold(Self.dipping, grace: 0)
                    #expect(Self.isIdle(d))
                    #expect(
                        e == [.repEnded(Rep(startMicros: 1_000_000, endMicros: 2_000_000, counted: false, peak: 25))])
                },
                "dipping | now − dip start ≥ grace": {
                    let (d, e) = Self.hold(Self.dipping + [Self.sample(2.25, y: 20)])
                    // The rep ends where the dip began; this sample starts the next hold, which entered at 15 mm
                    // on the way from 0 (2.0 s) to 20 mm (2.25 s).
                    #expect(
                        e == [
                            .repEnded(Rep(startMicros: 1_000_000, endMicros: 2_000_000, counted: false, peak: 25)),
                            .holdStarted(atMicros: 2_187_500, side: nil),
                        ])
                    #expect(d.state == .holding(entryMicros: 2_187_500, side: nil, targetReached: false))
                },
                "dipping | v ≥ exit, now − dip start < grace": {
                    let (d, e) = Self.hold(Self.dipping + [Self.sample(2.2, y: 10)])
                    #expect(d.state == .holding(entryMicros: 1_000_000, side: nil, targetReached: false))
                    #expect(e.isEmpty)
                },
                "dipping | v < exit, now − dip start < grace": {
                    let (d, e) = Self.hold(Self.dipping + [Self.sample(2.2, y: 9.9)])
                    #expect(
                        d.state
                            == .dipping(
                                entryMicros: 1_000_000, side: nil, targetReached: false, dipStartMicros: 2_000_000))
                    #expect(e.isEmpty)
                },
            ])
    }

    @Test func holdEdgesAreInterpolatedBetweenCloseSamples() {
        // 0 → 25 mm between 1.00 and 1.10 s: 15 mm is crossed 60 % of the way; 25 → 0 between 2.0 and 2.1 s:
        // 10 mm is crossed 60 % of the way.
        var p = ExerciseKind.toePresses.defaultSettings
        p.setHoldSeconds(0.5)
        guard case .hold(let params) = p.detector else {
            Issue.record("toe presses are a hold")
            return
        }
        var d = HoldDetector(parameters: params, baseline: Self.baseline)
        var events: [DetectorEvent] = []
        for s in [Self.sample(1, y: 0), Self.sample(1.1, y: 25), Self.sample(2, y: 25), Self.sample(2.1, y: 0)] {
            d.handle(s) { events.append($0) }
        }
        d.handle(Self.sample(2.5, y: 0)) { events.append($0) }
        #expect(events.first == .holdStarted(atMicros: 1_060_000, side: nil))
        #expect(events.last == .repEnded(Rep(startMicros: 1_060_000, endMicros: 2_060_000, counted: true, peak: 25)))
    }

    // MARK: Circle detector

    /// An ankle-circle detector around (0, 0) fed `samples`; returns it and what the last sample made it emit.
    static func circles(_ samples: [Sample]) -> (CircleDetector, [DetectorEvent]) {
        var d = CircleDetector(parameters: .default, baseline: baseline)
        var last: [DetectorEvent] = []
        for s in samples {
            last = []
            d.handle(s) { last.append($0) }
        }
        return (d, last)
    }

    /// A point `r` mm from the centre at `degrees`, at time `t`.
    static func at(_ t: Double, _ degrees: Double, r: Double = 30, load: Double = 70) -> Sample {
        let a = degrees * .pi / 180
        return sample(t, y: r * sin(a), x: r * cos(a), load: load)
    }

    /// Turning counter-clockwise from 0° in 10° steps every 0.05 s, up to `degrees`.
    static func turning(to degrees: Double, from start: Double = 0, at t0: Double = 0) -> [Sample] {
        stride(from: start, through: degrees, by: start <= degrees ? 10 : -10).enumerated().map { i, a in
            at(t0 + Double(i) * 0.05, a)
        }
    }

    static func degrees(_ radians: Double) -> Double { (radians * 180 / .pi * 1000).rounded() / 1000 }

    /// The angle reference while tracing, in degrees (rounded), or nil.
    static func traced(_ d: CircleDetector) -> Double? {
        if case .tracing(let a) = d.state { return degrees(a) }
        return nil
    }

    @Test func everyRowOfTheCircleDetectorsTablesIsDriven() throws {
        try Self.check(
            "CircleDetector.swift",
            [
                "any | load > baseline + implausible (faulty cell)": {
                    let (d, e) = Self.circles(Self.turning(to: 40) + [Self.at(0.3, 180, load: 300)])
                    #expect(Self.degrees(d.rotation) == 40)
                    #expect(Self.traced(d) == 40)
                    #expect(e == [.sampleSkipped(atMicros: 300_000, reason: .aboveBaseline)])
                },
                "any | marked by `SignalStage` (dead cell, implausible)": {
                    var s = Self.at(0.3, 180)
                    s.faultySensor = 1
                    let (d, e) = Self.circles(Self.turning(to: 40) + [s])
                    #expect(Self.degrees(d.rotation) == 40)
                    #expect(e == [.sampleSkipped(atMicros: 300_000, reason: .deadCell)])
                },
                "tracing | time since previous sample > maxGap": {
                    // 2.5 s without samples: the next sample is a new angle reference, no rotation across the gap.
                    let (d, e) = Self.circles(Self.turning(to: 40) + [Self.at(2.8, 100)])
                    #expect(Self.degrees(d.rotation) == 40)
                    #expect(Self.traced(d) == 100)
                    #expect(e == [.gap(fromMicros: 200_000, toMicros: 2_800_000)])
                },
                "other | time since previous sample > maxGap": {
                    // Resting near the centre, then 2.5 s without samples: only the gap is reported.
                    let (d, e) = Self.circles([Self.at(0, 0, r: 5), Self.at(2.5, 0, r: 5)])
                    #expect(d.state == .resting)
                    #expect(e == [.gap(fromMicros: 0, toMicros: 2_500_000)])
                },
                "steppedOff | load < stepOff × baseline": {
                    let (d, e) = Self.circles([Self.at(0, 0, load: 20), Self.at(0.1, 0, load: 20)])
                    #expect(d.state == .steppedOff)
                    #expect(e.isEmpty)
                },
                "other | load < stepOff × baseline": {
                    let (d, e) = Self.circles(Self.turning(to: 40) + [Self.at(0.3, 50, load: 20)])
                    #expect(d.state == .steppedOff)
                    #expect(e == [.steppedOff(atMicros: 300_000)])
                },
                "steppedOff | load ≥ stepOff × baseline": {
                    let (d, e) = Self.circles([Self.at(0, 0, load: 20), Self.at(0.1, 90)])
                    #expect(Self.traced(d) == 90)
                    #expect(e == [.steppedOn(atMicros: 100_000)])
                },
                "resting | radius ≥ enter": {
                    let (d, _) = Self.circles([Self.at(0, 30, r: 15.5)])
                    #expect(Self.traced(d) == 30)
                },
                "resting | radius < enter": {
                    let (d, _) = Self.circles([Self.at(0, 30, r: 14.5)])
                    #expect(d.state == .resting)
                },
                "tracing | radius < exit": {
                    let (d, e) = Self.circles(Self.turning(to: 40) + [Self.at(0.3, 60, r: 9.9)])
                    #expect(d.state == .resting)
                    #expect(Self.degrees(d.rotation) == 40)
                    #expect(e.isEmpty)
                },
                "tracing | radius ≥ exit, interval ≤ shortInterval": {
                    let (d, _) = Self.circles(Self.turning(to: 40) + [Self.at(0.3, 60, r: 10.5)])
                    #expect(Self.degrees(d.rotation) == 60)
                },
                "tracing | radius ≥ exit, after a longer gap": {
                    // Turning at 200°/s to 80°, then 1.2 s unseen: 240° on, which the nearest angle reads as −120°.
                    let before = (0...8).map { Self.at(Double($0) * 0.05, Double($0) * 10) }
                    let after = (0...6).map { Self.at(1.6 + Double($0) * 0.05, 320 + Double($0) * 10) }
                    let (held, _) = Self.circles(before + [after[0]])
                    #expect(Self.degrees(held.rotation) == 80)
                    let (d, _) = Self.circles(before + after)
                    #expect(Self.degrees(d.rotation) == 80 + 240 + 60)
                    // Turning back after the gap: the nearest angle.
                    let back = (0...6).map { Self.at(1.6 + Double($0) * 0.05, 320 - Double($0) * 10) }
                    let (r, _) = Self.circles(before + back)
                    #expect(Self.degrees(r.rotation) == 80 - 120 - 60)
                },
                "no direction | net rotation reaches ±directionDegrees": {
                    let (none, _) = Self.circles(Self.turning(to: 80))
                    #expect(none.direction == nil)
                    let (d, _) = Self.circles(Self.turning(to: -100, from: 0))
                    #expect(d.direction == .clockwise)
                },
                "direction set | progress ≥ (n + 1) × 360°": {
                    let (d, e) = Self.circles(Self.turning(to: 350) + [Self.at(1.8, 365)])
                    #expect(d.counterclockwise == 1)
                    #expect(e.count == 1)
                    if case .circleCounted(let rep) = e.first {
                        #expect(rep.direction == .counterclockwise)
                        #expect(rep.endMicros == 1_800_000)
                    } else {
                        Issue.record("no circle counted")
                    }
                },
                "direction set | furthest − progress > reversalDegrees": {
                    let (d, _) = Self.circles(Self.turning(to: 180) + Self.turning(to: 80, from: 170, at: 0.95))
                    #expect(d.direction == nil)
                    #expect(Self.degrees(d.rotation) == 0)
                    #expect(d.counterclockwise == 0)
                },
            ])
    }

    // MARK: Baseline

    @Test func everyRowOfTheBaselineTableIsDriven() throws {
        /// `count` samples at 100 Hz from 0 s, 70 kg.
        func still(_ count: Int) -> [Sample] { (0..<count).map { Self.sample(Double($0) / 100) } }
        try Self.check(
            "Baseline.swift",
            [
                "collecting | marked (dead cell, implausible load)": {
                    var e = BaselineEstimator()
                    for (i, s) in still(160).enumerated() {
                        var m = s
                        // Every other sample marked, at a load that would break any window.
                        if i % 2 == 1 {
                            m.faultySensor = 0
                            m.rawLoadKilograms = 200
                        }
                        e.add(m)
                    }
                    #expect(e.baseline?.loadKilograms == 70)
                },
                "collecting | inside the current block": {
                    var e = BaselineEstimator()
                    for s in still(150) { #expect(e.add(s) == nil) }
                    #expect(e.baseline == nil)
                },
                "collecting | past the block: window not still": {
                    var e = BaselineEstimator()
                    // 3 kg more from 0.5 s: no window that holds the step is still; the one after it is.
                    for i in 0...200 { e.add(Self.sample(Double(i) / 100, load: i < 50 ? 70 : 73)) }
                    #expect(e.baseline?.startMicros == 500_000)
                    #expect(e.baseline?.loadKilograms == 73)
                },
                "collecting | past the block: window not still, after a still run ≥ shortestWindow": {
                    var e = BaselineEstimator()
                    // Still for 1 s, then 3 kg more: the still run is taken when the step breaks it, without its
                    // last block (0.75–1.0 s), which may hold the start of the movement.
                    var found: Baseline?
                    for i in 0...200 where found == nil {
                        found = e.add(Self.sample(Double(i) / 100, load: i < 100 ? 70 : 73))
                    }
                    #expect(
                        found == Baseline(loadKilograms: 70, cop: Point(x: 0, y: 0), startMicros: 0, endMicros: 740_000)
                    )
                },
                "collecting | after a gap > maximumGap": {
                    var e = BaselineEstimator()
                    // 1 s still, 2.5 s of nothing, 0.6 s still: no 1.5 s window spans the gap.
                    for s in still(100) + (350..<410).map({ Self.sample(Double($0) / 100) }) { e.add(s) }
                    #expect(e.baseline == nil)
                    // A 1.5 s gap is bridged: 1 s before it and 0.6 s after it make a window.
                    var bridged = BaselineEstimator()
                    for s in still(100) + (250..<310).map({ Self.sample(Double($0) / 100) }) { bridged.add(s) }
                    #expect(bridged.baseline?.startMicros == 0)
                },
                "collecting | past the block: window still": {
                    var e = BaselineEstimator()
                    var found: Baseline?
                    for s in still(160) where found == nil { found = e.add(s) }
                    #expect(
                        found
                            == Baseline(loadKilograms: 70, cop: Point(x: 0, y: 0), startMicros: 0, endMicros: 1_490_000)
                    )
                },
                "done | anything": {
                    var e = BaselineEstimator()
                    for s in still(160) { e.add(s) }
                    for i in 160..<500 { #expect(e.add(Self.sample(Double(i) / 100, load: 90)) == nil) }
                    #expect(e.baseline?.loadKilograms == 70)
                },
            ])
    }

    // MARK: Exercise analysis

    @Test func everyRowOfTheExerciseAnalysisTableIsDriven() throws {
        let settings = ExerciseKind.toePresses.defaultSettings
        /// 70 kg from 0 s, still for 2 s; then `then`; returns the analysis and all events.
        func analysis(_ then: [Sample]) -> (ExerciseAnalysis, [DetectorEvent]) {
            var a = ExerciseAnalysis(settings: settings)
            var events: [DetectorEvent] = []
            for s in (0..<200).map({ Self.sample(Double($0) / 100) }) + then { a.handle(s) { events.append($0) } }
            return (a, events)
        }
        func at(_ i: Int) -> Double { Double(i) / 100 }
        let off = (200..<300).map { Self.sample(at($0), load: 0) }
        // Back on with the feet 30 mm further forward.
        let backOn = (300..<500).map { Self.sample(at($0), y: 30, load: 68) }
        func baselines(_ e: [DetectorEvent]) -> [Baseline] {
            e.compactMap { if case .baselineEstablished(let b) = $0 { return b } else { return nil } }
        }
        try Self.check(
            "ExerciseAnalysis.swift",
            [
                "waiting | marked by `SignalStage` (dead cell, implausible)": {
                    var dead = Self.sample(0.5, load: 10)
                    dead.faultySensor = 3
                    var a = ExerciseAnalysis(settings: settings)
                    var e: [DetectorEvent] = []
                    for s in (0..<50).map({ Self.sample(at($0)) }) + [dead] { a.handle(s) { e.append($0) } }
                    #expect(e == [.sampleSkipped(atMicros: 500_000, reason: .deadCell)])
                    // Reported once: not again when detection replays the samples after the still window.
                    let (_, all) = analysis([])
                    #expect(!all.contains { if case .sampleSkipped = $0 { return true } else { return false } })
                    var b = ExerciseAnalysis(settings: settings)
                    var f: [DetectorEvent] = []
                    for s in (0..<200).map({ i -> Sample in
                        var s = Self.sample(at(i))
                        if i == 160 { s.implausible = true }
                        return s
                    }) {
                        b.handle(s) { f.append($0) }
                    }
                    #expect(
                        f.filter { if case .sampleSkipped = $0 { return true } else { return false } }
                            == [.sampleSkipped(atMicros: 1_600_000, reason: .implausibleLoad)])
                    #expect(b.baseline?.endMicros == 1_490_000)
                },
                "finding | the estimator finds a still window": {
                    let (a, e) = analysis([])
                    #expect(!a.awaitingBaseline)
                    #expect(baselines(e).map(\.endMicros) == [1_490_000])
                },
                "finding | otherwise": {
                    var a = ExerciseAnalysis(settings: settings)
                    for i in 0..<140 { a.handle(Self.sample(at(i))) { _ in } }
                    #expect(a.awaitingBaseline)
                    #expect(a.baseline == nil)
                },
                "detecting | the detector emits steppedOff": {
                    let (a, e) = analysis(Array(off.prefix(5)))
                    #expect(a.awaitingBaseline)
                    #expect(a.steppedOff)
                    #expect(e.last == .steppedOff(atMicros: 2_000_000))
                },
                "detecting | otherwise": {
                    let (a, e) = analysis((200..<600).map { Self.sample(at($0), y: $0 < 550 ? 25 : 0) })
                    #expect(a.reps.count == 1)
                    #expect(a.countedReps == 1)
                    // 15 mm is crossed 60 % of the way from 1.99 s (0 mm) to 2.00 s (25 mm).
                    #expect(e.contains(.holdStarted(atMicros: 1_996_000, side: nil)))
                },
                "off | load ≥ stepOff × baseline": {
                    let (a, e) = analysis(off + backOn.prefix(1))
                    #expect(!a.steppedOff)
                    #expect(a.awaitingBaseline)
                    #expect(e.last == .steppedOn(atMicros: 3_000_000))
                },
                "off | otherwise": {
                    let (a, e) = analysis(off)
                    #expect(a.steppedOff)
                    #expect(e.filter { if case .steppedOff = $0 { return true } else { return false } }.count == 1)
                },
                "refinding | load < stepOff × baseline": {
                    let (a, e) = analysis(off + backOn.prefix(50) + [Self.sample(3.5, load: 10)])
                    #expect(a.steppedOff)
                    #expect(e.last == .steppedOff(atMicros: 3_500_000))
                },
                "refinding | a still window, load ≥ stepOff × old baseline": {
                    let (a, e) = analysis(off + backOn)
                    #expect(!a.awaitingBaseline)
                    #expect(baselines(e).count == 2)
                    #expect(a.baseline?.cop == Point(x: 0, y: 30))
                    #expect(a.baseline?.loadKilograms == 68)
                    // Standing 30 mm further forward is no toe press.
                    #expect(a.reps.isEmpty)
                    #expect(!a.isHolding)
                },
                "refinding | otherwise": {
                    let (a, e) = analysis(off + backOn.prefix(100))
                    #expect(a.awaitingBaseline)
                    #expect(baselines(e).count == 1)
                    #expect(a.reps.isEmpty)
                },
            ])
    }

    // MARK: Signal stage and dead cells

    @Test func everyRowOfTheSignalStageTableIsDriven() throws {
        func frame(_ t: Double, _ loads: [Double]) -> Frame {
            Frame(timeMicros: Int64((t * 1_000_000).rounded()), loadsKilograms: loads)
        }
        try Self.check(
            "SignalStage.swift", keyColumns: 1,
            [
                "the first unmarked frame": {
                    var st = SignalStage(layout: .balanceBoard)
                    let s = st.sample(of: frame(0, [10, 10, 20, 20]))
                    #expect(s.loadKilograms == 60)
                    #expect((s.cop - s.rawCop).length < 1e-9)
                },
                "a dead cell (`DeadCellCheck`, four cells under one plate)": {
                    // A corner at 0 from 0.01 s: suspect, then marked from 0.51 s.
                    var st = SignalStage(layout: .balanceBoard)
                    var unmarked = SignalStage(layout: .balanceBoard)
                    let frames =
                        [frame(0, [20, 20, 20, 20])] + (1...60).map { frame(Double($0) * 0.01, [20, 20, 20, 0]) }
                    var last = Sample(timeMicros: 0, loadKilograms: 0, cop: Point(x: 0, y: 0))
                    for f in frames {
                        last = st.sample(of: f)
                        if !last.isMarked { _ = unmarked.sample(of: f) }
                    }
                    #expect(last.faultySensor == 3)
                    #expect(last.loadKilograms == 60)
                    #expect(last.loadKilograms == last.rawLoadKilograms)
                    // The filter was not fed the marked frames: it goes on as if they had never come.
                    let back = st.sample(of: frame(0.61, [20, 20, 20, 20]))
                    #expect(back.faultySensor == -1)
                    #expect(back.loadKilograms == unmarked.sample(of: frame(0.61, [20, 20, 20, 20])).loadKilograms)
                },
                "total above `maximumKilograms`, or not a number": {
                    var st = SignalStage(layout: .balanceBoard)
                    _ = st.sample(of: frame(0, [20, 20, 20, 20]))
                    let s = st.sample(of: frame(0.01, [655.35, 20, 20, 20]))
                    #expect(s.implausible)
                    #expect(s.loadKilograms == s.rawLoadKilograms)
                    let nan = st.sample(of: frame(0.02, [.nan, 20, 20, 20]))
                    #expect(nan.implausible)
                    #expect(st.sample(of: frame(0.03, [20, 20, 20, 20])).loadKilograms == 80)
                },
                "otherwise": {
                    var st = SignalStage(layout: .balanceBoard)
                    _ = st.sample(of: frame(0, [0, 0, 0, 0]))
                    let s = st.sample(of: frame(0.05, [20, 20, 20, 20]))
                    #expect(abs(s.loadKilograms - 80 * (1 - exp(-1))) < 1e-9)
                },
            ])
    }

    @Test func everyRowOfTheDeadCellTableIsDriven() throws {
        func feed(_ c: inout DeadCellCheck, _ loads: [Double], at t: Double) -> Int8 {
            let f = Frame(timeMicros: Int64((t * 1_000_000).rounded()), loadsKilograms: loads)
            var s = SensorLayout.balanceBoard.sample(of: f)
            c.check(f, &s)
            return s.faultySensor
        }
        try Self.check(
            "DeadCellCheck.swift",
            [
                "healthy | a sensor at 0, both neighbours ≥ fraction, total ≥ minimum": {
                    var c = DeadCellCheck(layout: .balanceBoard)
                    #expect(feed(&c, [20, 20, 20, 0], at: 0) == -1)
                    #expect(c.faulty == -1)
                },
                "suspect | still so for `holdSeconds`": {
                    var c = DeadCellCheck(layout: .balanceBoard)
                    _ = feed(&c, [20, 20, 20, 0], at: 0)
                    #expect(feed(&c, [20, 20, 20, 0], at: 0.49) == -1)
                    #expect(feed(&c, [20, 20, 20, 0], at: 0.5) == 3)
                },
                "suspect | the sensor reads, or a neighbour unloads": {
                    var c = DeadCellCheck(layout: .balanceBoard)
                    _ = feed(&c, [20, 20, 20, 0], at: 0)
                    _ = feed(&c, [20, 20, 20, 1], at: 0.3)
                    // The count starts again: 0.5 s from 0.4 s.
                    _ = feed(&c, [20, 20, 20, 0], at: 0.4)
                    #expect(feed(&c, [20, 20, 20, 0], at: 0.8) == -1)
                    #expect(feed(&c, [20, 20, 20, 0], at: 0.9) == 3)
                },
                "faulty | the sensor reads again (> 0)": {
                    var c = DeadCellCheck(layout: .balanceBoard)
                    _ = feed(&c, [20, 20, 20, 0], at: 0)
                    _ = feed(&c, [20, 20, 20, 0], at: 0.5)
                    #expect(feed(&c, [20, 20, 20, 0.01], at: 0.6) == -1)
                    #expect(c.faulty == -1)
                },
            ])
    }
}
