import PlantarSession
import PlantarSignal
import Testing

@Suite struct ProgressionTests {
    let walks = ProgressionRange.builtIn(.toeWalks)!
    let flexes = ProgressionRange.builtIn(.footFlexes)!
    let presses = ProgressionRange.builtIn(.toePresses)!

    /// A history written oldest first, as a person lives it: (target, met).
    func history(_ sessions: [(Double, Bool)]) -> [PastTarget] {
        sessions.reversed().map { PastTarget(value: $0.0, met: $0.1) }
    }

    func propose(_ kind: ExerciseKind, _ range: ProgressionRange, _ sessions: [(Double, Bool)]) -> Proposal {
        Progression.propose(kind: kind, range: range, routineValue: 10, history: history(sessions))
    }

    @Test func theBuiltInRangesAreTheArticles() {
        #expect(flexes == ProgressionRange(parameter: .holdSeconds, minimum: 5, maximum: 10, step: 1))
        #expect(walks == ProgressionRange(parameter: .holdSeconds, minimum: 10, maximum: 20, step: 2))
        #expect(presses == ProgressionRange(parameter: .reps, minimum: 10, maximum: 20, step: 2))
        #expect(
            ProgressionRange.builtIn(.pencilPickups)
                == ProgressionRange(parameter: .reps, minimum: 4, maximum: 10, step: 1))
        #expect(ProgressionRange.builtIn(.ankleCircles) == nil)
    }

    @Test func aFirstSessionKeepsTheRoutinesTarget() {
        let p = propose(.toeWalks, walks, [])
        #expect(p.value == 10)
        #expect(p.change == .first)
        #expect(p.text == "toe walks: 10 s today (first time)")
    }

    @Test func threeMetSessionsInARowStepUp() {
        let p = propose(.toeWalks, walks, [(10, true), (10, true), (10, true)])
        #expect(p.value == 12)
        #expect(p.change == .up)
        #expect(p.text == "toe walks: 12 s today, up from 10 s (last three: met)")
    }

    @Test func twoMetSessionsAreNotEnough() {
        let p = propose(.toeWalks, walks, [(10, false), (10, true), (10, true)])
        #expect(p.value == 10)
        #expect(p.change == .same)
        #expect(p.text == "toe walks: 10 s today (last three: met, met, missed)")
    }

    @Test func eachStepIsEarnedAfreshAtTheNewTarget() {
        // Up to 12 s after three at 10 s; one session at 12 s does not move it again.
        let p = propose(.toeWalks, walks, [(10, true), (10, true), (10, true), (12, true)])
        #expect(p.value == 12)
        #expect(p.change == .same)
        let q = propose(.toeWalks, walks, [(10, true), (10, true), (10, true), (12, true), (12, true), (12, true)])
        #expect(q.value == 14)
    }

    @Test func twoMissedSessionsInARowStepBack() {
        let p = propose(.footFlexes, flexes, [(6, true), (7, false), (7, false)])
        #expect(p.value == 6)
        #expect(p.change == .down)
        #expect(p.text == "foot flexes: 6 s today, down from 7 s (last three: missed, missed, met)")
    }

    @Test func theRangeIsNeverLeft() {
        let top = propose(.footFlexes, flexes, [(10, true), (10, true), (10, true)])
        #expect(top.value == 10)
        #expect(top.change == .same)
        let bottom = propose(.footFlexes, flexes, [(5, false), (5, false)])
        #expect(bottom.value == 5)
        #expect(bottom.text == "foot flexes: 5 s today (last two: missed)")
    }

    @Test func aWholeProgressionOverTenSessionsClimbsAndFallsBack() {
        // Each session uses what the one before proposed; the person meets 10 s and 12 s but not 14 s.
        var sessions: [(Double, Bool)] = []
        var targets: [Double] = []
        for _ in 0..<10 {
            let target = propose(.toeWalks, walks, sessions).value
            targets.append(target)
            sessions.append((target, target <= 12))
        }
        #expect(targets == [10, 10, 10, 12, 12, 12, 14, 14, 12, 12])
    }

    @Test func pressesRaiseTheirRepsAndTheRoutineTakesTheProposal() {
        let p = Progression.propose(
            kind: .toePresses, range: presses, routineValue: 10, history: history([(10, true), (10, true), (10, true)]))
        #expect(p.text == "toe presses: 12 reps today, up from 10 reps (last three: met)")
        let walk = propose(.toeWalks, walks, [(10, true), (10, true), (10, true)])
        let routine = Progression.apply([3: p, 4: walk], to: .builtIn)
        #expect(routine.exercises[3].settings.targetReps == 12)
        #expect(routine.exercises[3].settings.holdSeconds == 3)
        #expect(routine.exercises[4].settings.holdSeconds == 12)
        if case .hold(let params) = routine.exercises[4].settings.detector {
            #expect(params.holdSeconds == 12, "the detector's hold moves with the target")
        } else {
            Issue.record("toe walks use the hold detector")
        }
        #expect(routine.exercises[0] == Routine.builtIn.exercises[0])
    }
}
