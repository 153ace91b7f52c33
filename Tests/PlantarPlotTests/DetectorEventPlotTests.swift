import Foundation
import PlantarSession
import PlantarSignal
import Testing

@testable import PlantarPlot

/// The plots draw what the detector reported it left out (skipped samples, gaps, stepping off, its baselines), from
/// its events: the same stretches, to the microsecond, and never a rule of their own.
@Suite struct DetectorEventPlotTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// What one exercise's detector reported, from the session events.
    struct Reported {
        var skips: [(micros: Int64, reason: SkipReason)] = []
        var gaps: [ClosedRange<Int64>] = []
        var steps: [(off: Bool, micros: Int64)] = []
        var baselines: [Baseline] = []
        var faults: [Int64] = []

        mutating func observe(_ e: SessionEvent) {
            switch e {
            case .sampleSkipped(_, let t, let reason): skips.append((t, reason))
            case .gap(_, let from, let to): gaps.append(from...to)
            case .steppedOff(_, let t): steps.append((true, t))
            case .steppedOn(_, let t): steps.append((false, t))
            case .baselineEstablished(_, let b): baselines.append(b)
            case .sensorFault(_, _, let t): faults.append(t)
            default: break
            }
        }

        /// From each step-off to the step back on (or `end`).
        func offBoard(end: Int64) -> [ClosedRange<Int64>] {
            var out: [ClosedRange<Int64>] = []
            var from: Int64?
            for s in steps {
                if s.off, from == nil { from = s.micros }
                if !s.off, let f = from {
                    out.append(f...s.micros)
                    from = nil
                }
            }
            if let f = from { out.append(f...end) }
            return out
        }
    }

    /// Replays `fixture` as one exercise; returns the plot's trace, what the detector reported, and the time of
    /// every sample.
    static func replay(_ fixture: String, _ kind: ExerciseKind) throws -> (ExerciseTrace, Reported, [Int64], Int64) {
        let replay = Replay(path: fixtures + "/" + fixture, routine: .single(kind), single: true)
        let traces = SessionTraces()
        var reported = Reported()
        var times: [Int64] = []
        let report = try replay.run(
            observer: {
                traces.observe($0)
                reported.observe($0)
            },
            perFrame: { runner, _, sample in
                traces.add(sample, runner: runner)
                times.append(sample.timeMicros)
                return true
            })
        let trace = try #require(traces.exercises[0])
        return (trace, reported, times, try #require(report.results.first?.endMicros))
    }

    /// The plot's marks are the detector's events: every gap, step-off and baseline as reported, and the skipped
    /// stretches made of exactly the skipped samples (each stretch starts and ends at one, and holds every one).
    static func expectMarksEqualEvents(_ trace: ExerciseTrace, _ r: Reported, end: Int64) {
        #expect(trace.gaps == r.gaps)
        #expect(trace.offBoard == r.offBoard(end: end))
        #expect(trace.baselines == r.baselines)
        for skip in trace.skipped {
            let inside = r.skips.filter { skip.micros.contains($0.micros) && $0.reason == skip.reason }
            #expect(inside.first?.micros == skip.micros.lowerBound)
            #expect(inside.map(\.micros).max() == skip.micros.upperBound)
        }
        for s in r.skips {
            #expect(trace.skipped.contains { $0.micros.contains(s.micros) && $0.reason == s.reason }, "\(s)")
        }
    }

    static let everyFixture: [String] = {
        let fm = FileManager.default
        let top = ((try? fm.contentsOfDirectory(atPath: fixtures)) ?? []).filter { $0.hasSuffix(".evemu") }
        let faults = ((try? fm.contentsOfDirectory(atPath: fixtures + "/faults")) ?? []).filter {
            $0.hasSuffix(".evemu")
        }
        return (top + faults.map { "faults/" + $0 }).sorted()
    }()

    @Test func theFixturesAreFound() {
        #expect(Self.everyFixture.contains("routine-full-70kg.evemu"))
        #expect(Self.everyFixture.contains("faults/pencil-pickups-gap-3s.evemu"))
    }

    /// Every bundled recording, replayed as `plantar plot` replays it: each exercise's marks are its detector's events.
    @Test(arguments: everyFixture)
    func everyFixturesMarksAreItsDetectorsEvents(_ fixture: String) throws {
        let name = fixture.split(separator: "/").last.map(String.init) ?? fixture
        let kind = ExerciseKind.allCases.first { name.hasPrefix($0.rawValue) }
        let replay = Replay(
            path: Self.fixtures + "/" + fixture, routine: kind.map { .single($0) } ?? .builtIn, single: kind != nil)
        let traces = SessionTraces()
        var reported: [Int: Reported] = [:]
        let report = try replay.run(
            observer: { e in
                traces.observe(e)
                switch e {
                case .sampleSkipped(let i, _, _), .gap(let i, _, _), .steppedOff(let i, _), .steppedOn(let i, _),
                    .baselineEstablished(let i, _), .sensorFault(let i, _, _):
                    reported[i, default: Reported()].observe(e)
                default:
                    break
                }
            },
            perFrame: { runner, _, sample in
                traces.add(sample, runner: runner)
                return true
            })
        let started = report.results.filter { $0.startMicros != nil }
        #expect(!started.isEmpty)
        for r in started {
            let trace = try #require(traces.exercises[r.index])
            Self.expectMarksEqualEvents(trace, reported[r.index] ?? Reported(), end: try #require(r.endMicros))
            #expect(trace.baselines.last == r.baseline)
        }
    }

    @Test func aSaturatedCornerIsMarkedWhereTheScriptShortedIt() throws {
        // Scripted: corner 1 shorted from 20 s for 0.5 s, corner 2 from 45 s for 4 s.
        let (trace, r, times, end) = try Self.replay("faults/pencil-pickups-saturated-corner.evemu", .pencilPickups)
        Self.expectMarksEqualEvents(trace, r, end: end)
        func within(_ from: Double, _ seconds: Double) -> ClosedRange<Int64> {
            let inside = times.filter { $0 >= Int64(from * 1e6) && $0 < Int64((from + seconds) * 1e6) }
            return inside.first!...inside.last!
        }
        #expect(trace.skipped.map(\.micros) == [within(20, 0.5), within(45, 4)])
        // Shorted, the board reads more than any person weighs.
        #expect(trace.skipped.allSatisfy { $0.reason == .implausibleLoad })
        // The four seconds without a usable sample are a gap too (from the last sample before to the first after).
        let before = try #require(times.last { $0 < 45_000_000 })
        let after = try #require(times.first { $0 >= 49_000_000 })
        #expect(trace.gaps == [before...after])
        // The recording ends with the user stepping off.
        #expect(trace.offBoard.count == 1 && trace.offBoard.first?.upperBound == end)
    }

    @Test func aCornerDyingMidExerciseIsMarkedFromItsFaultToTheEnd() throws {
        let (trace, r, times, end) = try Self.replay("faults/toe-presses-dead-corner-mid.evemu", .toePresses)
        Self.expectMarksEqualEvents(trace, r, end: end)
        let fault = try #require(r.faults.first)
        #expect(trace.skipped == [ExerciseTrace.Skip(fault...times.last!, .deadCell)])
    }

    @Test func aThreeSecondGapIsMarkedBetweenTheSamplesAroundIt() throws {
        let (trace, r, times, end) = try Self.replay("faults/pencil-pickups-gap-3s.evemu", .pencilPickups)
        Self.expectMarksEqualEvents(trace, r, end: end)
        let i = try #require(times.indices.dropLast().first { times[$0 + 1] - times[$0] > 2_000_000 })
        #expect(trace.gaps == [times[i]...times[i + 1]])
        #expect(trace.skipped.isEmpty)
    }

    @Test func steppingOffAndBackOnIsMarkedWithBothBaselines() throws {
        let (trace, r, _, end) = try Self.replay("toe-presses-reposition-70kg-20hz-noisy.evemu", .toePresses)
        Self.expectMarksEqualEvents(trace, r, end: end)
        // Off and back on elsewhere in the middle, and off at the end of the recording.
        #expect(trace.offBoard.count == 2)
        #expect(trace.baselines.count == 2)
        let off = try #require(trace.offBoard.first)
        #expect(trace.baselines[0].endMicros < off.lowerBound && off.upperBound < trace.baselines[1].startMicros)
        #expect(trace.offBoard.last?.upperBound == end)
    }

    /// A detector with its own limits (a shorted cell at +20 kg, stepping off below 80 %, gaps over 0.5 s): a plot
    /// with a rule of its own (the default 150 kg, half the baseline, 2 s), or one that drew a dead cell's samples,
    /// would mark other stretches than these.
    @Test func thePlotMarksFollowTheDetectorsOwnParameters() throws {
        var routine = Routine.single(.toePresses)
        guard case .hold(var p) = routine.exercises[0].settings.detector else {
            Issue.record("toe presses use a hold detector")
            return
        }
        p.implausibleKilograms = 20
        p.stepOffFraction = 0.8
        p.maxGapSeconds = 0.5
        routine.exercises[0].settings.detector = .hold(p)
        let traces = SessionTraces()
        var reported = Reported()
        let runner = SessionRunner(routine: routine, single: true) {
            traces.observe($0)
            reported.observe($0)
        }
        for i in 0..<900 where i < 400 || i >= 470 {
            let t = Int64(i) * 10_000
            var load = 70.0
            if (300..<320).contains(i) { load = 95 }  // 25 kg over the baseline: over 20, under 150
            if (500..<600).contains(i) { load = 52 }  // 74 % of the baseline: under 80 %, over 50 %
            var s = Sample(timeMicros: t, loadKilograms: (350..<360).contains(i) ? 10 : load, cop: Point(x: 0, y: 0))
            if (350..<360).contains(i) { s.faultySensor = 2 }
            runner.handle(s)
            traces.add(s, runner: runner)
        }
        runner.finish()
        let trace = try #require(traces.exercises[0])
        Self.expectMarksEqualEvents(trace, reported, end: 8_990_000)
        #expect(
            trace.skipped == [
                ExerciseTrace.Skip(3_000_000...3_190_000, .aboveBaseline),
                ExerciseTrace.Skip(3_500_000...3_590_000, .deadCell),
            ])
        #expect(trace.gaps == [3_990_000...4_700_000])
        #expect(trace.offBoard == [5_000_000...6_000_000])
        #expect(trace.baselines.count == 2)
        // The skipped samples are not drawn as signal: the load stays the person's.
        #expect(trace.load.range(from: 2_900_000, to: 3_700_000) == 70...70)

        let report = SessionReport(runner: runner, sourcePath: "synthetic", deviceName: "test")
        let svg = SessionPlot(session: PlottedSession(report: report, traces: traces, routine: routine)).document()
        func rects(_ cssClass: String) -> Int { svg.components(separatedBy: "<rect class=\"\(cssClass)\"").count - 1 }
        // Each mark in each of the three panels.
        #expect(rects("skipped") == 2 * 3)
        #expect(rects("gap") == 3)
        #expect(rects("stepped-off") == 3)
        #expect(rects("baseline-window") == 2 * 3)
    }

    /// After stepping off and back on 30 mm further forward, the plot measures from the new baseline, as the detector
    /// does: the standing position is no toe press on the plot either.
    @Test func theSignalIsDrawnFromTheBaselineInForce() throws {
        let routine = Routine.single(.toePresses)
        let traces = SessionTraces()
        let runner = SessionRunner(routine: routine, single: true) { traces.observe($0) }
        for i in 0..<700 {
            let t = Int64(i) * 10_000
            let y: Double = i < 300 ? 0 : 30
            let load: Double = (200..<300).contains(i) ? 0 : 70
            let s = Sample(timeMicros: t, loadKilograms: load, cop: Point(x: 0, y: y))
            runner.handle(s)
            traces.add(s, runner: runner)
        }
        runner.finish()
        let trace = try #require(traces.exercises[0])
        #expect(trace.baselines.map(\.cop.y) == [0, 30])
        #expect(runner.results.first?.reps.isEmpty == true)
        let second = trace.baselines[1]
        #expect(ExercisePlot.baseline(in: trace.baselines, atMicros: 1_000_000)?.cop.y == 0)
        #expect(ExercisePlot.baseline(in: trace.baselines, atMicros: second.startMicros - 1)?.cop.y == 0)
        #expect(ExercisePlot.baseline(in: trace.baselines, atMicros: second.startMicros)?.cop.y == 30)
        let report = SessionReport(runner: runner, sourcePath: "synthetic", deviceName: "test")
        let svg = SessionPlot(session: PlottedSession(report: report, traces: traces, routine: routine)).document()
        // Each baseline's label, in each of the three panels.
        #expect(svg.components(separatedBy: "class=\"baseline-label halo\"").count - 1 == 2 * 3)
        #expect(svg.contains(">baseline y = 30.0 mm<"))
    }

    /// On a pad that sees the toes, a forward lean moves the centre of pressure past the enter level without a toe
    /// grip: the detector does not start a hold, and its panel shows its own signal (region rule included), which
    /// stays under the enter level outside the reps it counted.
    @Test func theDetectorPanelDrawsTheDetectorsOwnSignal() throws {
        let (trace, _, _, end) = try Self.replay("toe-presses-lean-70kg-pad16.evemu", .toePresses)
        let replay = Replay(
            path: Self.fixtures + "/toe-presses-lean-70kg-pad16.evemu", routine: .single(.toePresses), single: true)
        let reps = try #require(try replay.run().results.first?.reps)
        #expect(reps.filter(\.counted).count == 10)
        guard case .hold(let p) = ExerciseKind.toePresses.defaultSettings.detector else { return }
        let b = try #require(trace.baselines.first)
        var starts = [b.endMicros]
        var ends: [Int64] = []
        for r in reps {
            ends.append(r.startMicros - 300_000)
            starts.append(r.endMicros + 300_000)
        }
        ends.append(end)
        var leaned = false
        for (from, to) in zip(starts, ends) where to > from {
            if let v = trace.detector.range(from: from, to: to) { #expect(v.upperBound < p.enterThreshold) }
            if let y = trace.copY.range(from: from, to: to), y.upperBound - b.cop.y >= p.enterThreshold {
                leaned = true
            }
        }
        // The leans: the centre of pressure alone would have started holds there.
        #expect(leaned)
    }
}
