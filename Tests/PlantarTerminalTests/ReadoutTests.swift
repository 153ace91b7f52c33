import PlantarSession
import PlantarSignal
import PlantarTerminal
import Testing

/// The readout shows the detector's decisions, not a rule of its own.
@Suite struct ReadoutTests {
    /// A toe press (enter 15 mm, exit 10 mm, grace 0.25 s, target 3 s) from 3 s, dipping below the exit level at
    /// 5.95 s, then on at `y` from 6.0 s; the readout as it is at `until`.
    static func readout(thenAt y: Double, until: Double) -> (ReadoutState, SessionRunner) {
        let runner = SessionRunner(routine: .single(.toePresses), single: true)
        for i in 0...Int((until * 100).rounded()) {
            let t = Double(i) / 100
            let forward: Double = t < 3 ? 0 : t < 5.95 ? 25 : t < 6 ? 5 : y
            runner.handle(Sample(timeMicros: Int64(i) * 10_000, loadKilograms: 70, cop: Point(x: 0, y: forward)))
        }
        return (ReadoutState(runner: runner, trail: [], lastRep: nil), runner)
    }

    @Test func aHoldDippingBelowItsExitLevelIsNotShownAsReachedWhateverTheClockSays() throws {
        // At 6.1 s the hold began 3.1 s ago, but it dipped at 2.95 s and has not come back: the detector has not
        // reached the target, and the rep will be too short.
        let (state, runner) = Self.readout(thenAt: 5, until: 6.1)
        let held = try #require(state.heldSeconds)
        #expect(held > state.holdSeconds)
        #expect(!state.targetReached)
        #expect(!Readout.render(state, width: 100, color: false).contains { $0.contains("target reached") })
        let (_, ended) = Self.readout(thenAt: 5, until: 6.3)
        #expect(ended.analysis.reps.map(\.counted) == [false])
        #expect(runner.analysis.reps.isEmpty)
    }

    /// A sample the detector skipped (here a dead cell's, which reads 10 kg) shows no load: what the readout knows
    /// of it comes from the detector's event, as the presenter passes it on.
    @Test func aSkippedSampleShowsWhyInsteadOfItsLoad() {
        var events: [SessionEvent] = []
        let runner = SessionRunner(routine: .single(.toePresses), single: true) { events.append($0) }
        for i in 0..<300 {
            var s = Sample(timeMicros: Int64(i) * 10_000, loadKilograms: i == 299 ? 10 : 70, cop: Point(x: 0, y: 0))
            if i == 299 { s.faultySensor = 1 }
            runner.handle(s)
        }
        let skipped = events.compactMap { e -> SkipReason? in
            if case .sampleSkipped(_, 2_990_000, let reason) = e { return reason }
            return nil
        }
        #expect(skipped == [.deadCell])
        let lines = Readout.render(
            ReadoutState(runner: runner, trail: [], lastRep: nil, skipped: skipped.last), width: 100, color: false)
        #expect(lines.contains("Load     — not counted: a sensor reads nothing (a dead cell?)"))
        #expect(!lines.contains { $0.contains("10.0 kg") })
        let shown = Readout.render(ReadoutState(runner: runner, trail: [], lastRep: nil), width: 100, color: false)
        #expect(shown.contains { $0.hasPrefix("Load     10.0 kg") })
    }

    @Test func aHoldBackAboveItsExitLevelPastTheTargetIsShownAsReached() {
        let (state, runner) = Self.readout(thenAt: 25, until: 6.1)
        #expect(state.targetReached)
        #expect(runner.analysis.isHolding)
        #expect(Readout.render(state, width: 100, color: false).contains { $0.contains("✓ target reached") })
    }
}
