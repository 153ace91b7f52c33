import PlantarSignal
import Testing

@Suite struct HoldDetectorTests {
    let toePresses = ExerciseKind.toePresses.defaultSettings

    @Test func toePressHeldLongerThanTargetIsCounted() {
        let (a, _) = run(toePresses, Stream().forwardHold(shift: 25, from: 3, to: 6.5, total: 9))
        #expect(a.reps.count == 1)
        #expect(a.reps[0].counted)
        #expect(abs(a.reps[0].durationSeconds - 3.5) < 0.011)
        #expect(abs(Double(a.reps[0].startMicros) / 1e6 - 3.0) < 0.011)
    }

    @Test func toePressShorterThanTargetIsNotCounted() {
        let (a, _) = run(toePresses, Stream().forwardHold(shift: 25, from: 3, to: 5.5, total: 8))
        #expect(a.reps.count == 1)
        #expect(!a.reps[0].counted)
        #expect(a.countedReps == 0)
    }

    @Test func shiftBetweenExitAndEnterNeverStartsAHold() {
        let (a, _) = run(toePresses, Stream().forwardHold(shift: 12, from: 3, to: 8, total: 9))
        #expect(a.reps.isEmpty)
    }

    @Test func dipShorterThanGraceDoesNotEndTheHold() {
        let s = Stream().samples(from: 0, to: 10) { t in
            let inHold = t >= 3 && t < 7
            let dipping = t >= 5 && t < 5.15
            return (70, Point(x: 0, y: inHold && !dipping ? 25 : 0))
        }
        let (a, _) = run(toePresses, s)
        #expect(a.reps.count == 1)
        #expect(abs(a.reps[0].durationSeconds - 4.0) < 0.011)
    }

    @Test func dipLongerThanGraceEndsTheHoldWhereTheDipBegan() {
        let s = Stream().samples(from: 0, to: 12) { t in
            let inHold = t >= 3 && t < 9
            let dipping = t >= 5 && t < 5.5
            return (70, Point(x: 0, y: inHold && !dipping ? 25 : 0))
        }
        let (a, _) = run(toePresses, s)
        #expect(a.reps.count == 2)
        #expect(abs(a.reps[0].durationSeconds - 2.0) < 0.011)
        #expect(abs(a.reps[1].durationSeconds - 3.5) < 0.011)
        #expect(a.countedReps == 1)
    }

    @Test func steppingOffEndsAHoldAtOnce() {
        let s = Stream().samples(from: 0, to: 10) { t in
            (t >= 6 ? 20 : 70, Point(x: 0, y: t >= 3 ? 25 : 0))
        }
        let (a, events) = run(toePresses, s)
        #expect(a.reps.count == 1)
        #expect(abs(a.reps[0].durationSeconds - 3.0) < 0.011)
        #expect(events.contains { if case .steppedOff = $0 { return true } else { return false } })
    }

    @Test func gapLongerThanMaxGapEndsTheHoldAtTheLastSampleBeforeIt() {
        var s = Stream().forwardHold(shift: 25, from: 3, to: 9, total: 10)
        // Nothing between 4.0 and 7.0 s: a 3 s Bluetooth gap.
        s.removeAll { $0.timeMicros > 4_000_000 && $0.timeMicros < 7_000_000 }
        let (a, _) = run(toePresses, s)
        #expect(a.reps.count == 2)
        #expect(abs(a.reps[0].durationSeconds - 1.0) < 0.011)
        #expect(abs(Double(a.reps[1].startMicros) / 1e6 - 7.0) < 0.011)
    }

    @Test func gapShorterThanMaxGapKeepsTheHold() {
        var s = Stream().forwardHold(shift: 25, from: 3, to: 7, total: 9)
        s.removeAll { $0.timeMicros > 4_000_000 && $0.timeMicros < 4_800_000 }
        let (a, _) = run(toePresses, s)
        #expect(a.reps.count == 1)
        #expect(abs(a.reps[0].durationSeconds - 4.0) < 0.011)
    }

    @Test func holdTargetReachedIsAnnouncedOnce() {
        let (_, events) = run(toePresses, Stream().forwardHold(shift: 25, from: 3, to: 8, total: 9))
        let reached = events.filter { if case .holdTargetReached = $0 { return true } else { return false } }
        #expect(reached.count == 1)
    }

    @Test func footFlexCountsLoadAboveTheBaseline() {
        let settings = ExerciseKind.footFlexes.defaultSettings
        let s = Stream(load: 7).samples(from: 0, to: 12) { t in (t >= 3 && t < 9 ? 15 : 7, Point(x: 0, y: -70)) }
        let (a, _) = run(settings, s)
        #expect(a.baseline.map { abs($0.loadKilograms - 7) < 0.01 } == true)
        #expect(a.countedReps == 1)
        #expect(abs(a.reps[0].durationSeconds - 6.0) < 0.011)
    }

    @Test func pencilPickupReportsTheLiftedFoot() {
        let settings = ExerciseKind.pencilPickups.defaultSettings
        let s = Stream().samples(from: 0, to: 40) { t in
            // Weight over the right foot (left foot lifted), then over the left foot.
            let x: Double = t >= 3 && t < 14 ? 90 : t >= 18 && t < 30 ? -95 : 0
            return (70, Point(x: x, y: 0))
        }
        let (a, _) = run(settings, s)
        #expect(a.reps.map(\.side) == [.left, .right])
        #expect(a.countedReps == 2)
    }

    @Test func toeWalkNeedsTheLargerForwardShift() {
        let settings = ExerciseKind.toeWalks.defaultSettings
        let (small, _) = run(settings, Stream().forwardHold(shift: 25, from: 3, to: 15, total: 16))
        #expect(small.reps.isEmpty)
        let (big, _) = run(settings, Stream().forwardHold(shift: 60, from: 3, to: 15, total: 16))
        #expect(big.countedReps == 1)
        #expect(big.targetMet)
    }
}
