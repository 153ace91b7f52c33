import PlantarSession
import PlantarSignal
import Testing

/// Drives the runner with synthetic samples at 50 Hz.
final class Feed {
    let runner: SessionRunner
    var t = 0.0
    var events: [SessionEvent] = []

    init(_ routine: Routine, single: Bool = false) {
        runner = SessionRunner(routine: routine, single: single)
        runner.observer = { [unowned self] in self.events.append($0) }
    }

    func stand(_ seconds: Double, forward: Double = 0, load: Double = 70, button: Bool = false) {
        let end = t + seconds
        while t < end - 1e-9 {
            runner.handle(
                Sample(
                    timeMicros: Int64((t * 1e6).rounded()), loadKilograms: load, cop: Point(x: 0, y: forward),
                    buttonDown: button))
            t += 0.02
        }
    }

    func press() {
        stand(0.1, button: true)
        stand(0.1)
    }

    func toePress(_ seconds: Double) {
        stand(seconds, forward: 25)
        stand(1.5)
    }
}

@Suite struct RunnerTests {
    let twoExercises = Routine(
        name: "two", restSeconds: 5,
        exercises: [
            RoutineExercise(settings: ExerciseKind.toePresses.defaultSettings),
            RoutineExercise(settings: ExerciseKind.toeWalks.defaultSettings),
        ])

    @Test func meetingTheTargetPassesAndRestsBeforeTheNextExercise() {
        var routine = twoExercises
        routine.exercises[0].settings.targetReps = 2
        let f = Feed(routine)
        f.stand(2)
        f.toePress(3.5)
        f.toePress(3.5)
        #expect(f.runner.results.count == 1)
        #expect(f.runner.results[0].status == .passed)
        #expect(f.runner.results[0].countedReps == 2)
        guard case .resting = f.runner.phase else {
            Issue.record("expected a rest, got \(f.runner.phase)")
            return
        }
        f.stand(5)
        #expect(f.runner.phase == .exercising)
        #expect(f.runner.index == 1)
    }

    @Test func theBoardButtonMovesOnAndAnUntouchedExerciseIsSkipped() {
        let f = Feed(twoExercises)
        f.stand(2)
        f.press()
        #expect(f.runner.results.first?.status == .skipped)
        #expect(f.runner.index == 1)
        f.stand(2)
        f.runner.finish()
        #expect(f.runner.results.map(\.status) == [.skipped, .incomplete])
    }

    @Test func theButtonAfterSomeRepsFailsTheExercise() {
        let f = Feed(twoExercises)
        f.stand(2)
        f.toePress(3.5)
        f.press()
        #expect(f.runner.results.first?.status == .failed)
        #expect(f.runner.results.first?.countedReps == 1)
    }

    @Test func theTimeLimitEndsAnExerciseAsIncomplete() {
        var routine = twoExercises
        routine.exercises[0].timeLimitSeconds = 10
        let f = Feed(routine)
        f.stand(2)
        f.toePress(3.5)
        f.stand(6)
        #expect(f.runner.results.first?.status == .incomplete)
        #expect(f.runner.results.first?.reason == .timeLimit)
        #expect(f.runner.results.first?.countedReps == 1)
    }

    @Test func quittingKeepsEveryCompletedRep() {
        let f = Feed(twoExercises)
        f.stand(2)
        f.toePress(3.5)
        f.toePress(1.0)
        f.stand(1, forward: 25)
        f.runner.command(.quit)
        f.stand(0.1)
        #expect(f.runner.isFinished)
        #expect(f.runner.results.map(\.status) == [.incomplete, .skipped])
        #expect(f.runner.results[0].reps.count == 3)
        #expect(f.runner.results[0].countedReps == 1)
    }

    @Test func redoStartsTheExerciseAfresh() {
        let f = Feed(twoExercises)
        f.stand(2)
        f.toePress(3.5)
        f.runner.command(.redo)
        f.stand(2)
        #expect(f.runner.analysis.reps.isEmpty)
        #expect(f.runner.index == 0)
    }

    @Test func pausingIgnoresSamplesAndEndsTheOpenHold() {
        let f = Feed(twoExercises)
        f.stand(2)
        f.stand(2, forward: 25)
        f.runner.command(.togglePause)
        f.stand(5, forward: 25)
        #expect(f.runner.paused)
        #expect(f.runner.analysis.reps.count == 1)
        #expect(f.runner.analysis.reps[0].durationSeconds < 2.1)
    }

    @Test func singleExerciseModeCountsTheWholeSource() {
        let f = Feed(.single(.toePresses), single: true)
        f.stand(2)
        for _ in 0..<12 { f.toePress(3.5) }
        f.press()
        f.runner.finish()
        #expect(f.runner.results.count == 1)
        #expect(f.runner.results[0].countedReps == 12)
        #expect(f.runner.results[0].status == .passed)
    }
}
