import PlantarSession
import PlantarSignal
import PlantarSpeech
import Testing

@Suite struct CuePlannerTests {
    func s(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000).rounded()) }

    func said(_ cues: [Cue]) -> [String] { cues.map { String(format: "%.2f", $0.seconds) + " " + $0.text } }

    /// Feeds events and frame ticks (every 10 ms between them) in time order.
    func plan(_ routine: Routine, _ events: [(Double, SessionEvent)], until end: Double) -> [Cue] {
        var planner = CuePlanner(routine: routine)
        var out: [Cue] = []
        var t = 0.0
        var next = 0
        while t <= end + 1e-9 {
            while next < events.count, events[next].0 <= t + 1e-9 {
                planner.observe(events[next].1, into: &out)
                next += 1
            }
            while let c = planner.tick(atMicros: s(t)) { out.append(c) }
            t += 0.01
        }
        return out
    }

    @Test func aToePressIsStartedHeldCountedDownReleasedAndCounted() {
        let routine = Routine.single(.toePresses)
        let cues = plan(
            routine,
            [
                (0, .exerciseStarted(index: 0, atMicros: 0)),
                (
                    1.5,
                    .baselineEstablished(
                        index: 0, Baseline(loadKilograms: 70, cop: .init(x: 0, y: 0), startMicros: 0, endMicros: s(1.5))
                    )
                ),
                (3, .holdStarted(index: 0, atMicros: s(3), side: nil)),
                (6, .holdTargetReached(index: 0, atMicros: s(6))),
                (6.8, .repEnded(index: 0, Rep(startMicros: s(3), endMicros: s(6.5), counted: true))),
            ], until: 8)
        #expect(
            said(cues) == [
                "0.00 Toe presses. Stand with knees slightly bent and grip the floor with your toes; hold for 3 seconds, then relax.",
                "0.00 Stand still.",
                "1.50 Go.",
                "3.00 Hold.",
                "4.00 2",
                "5.00 1",
                "6.00 Release.",
                "6.50 1 of 10.",
            ])
        #expect(cues.map(\.kind) == [.start, .standStill, .go, .hold, .countdown, .countdown, .release, .count])
    }

    @Test func aTenSecondHoldCountsDownTheLastThreeSeconds() {
        let cues = plan(
            .single(.toeWalks),
            [
                (0, .holdStarted(index: 0, atMicros: s(2), side: nil)),
                (12, .holdTargetReached(index: 0, atMicros: s(12))),
            ],
            until: 13)
        #expect(said(cues) == ["2.00 Hold.", "9.00 3", "10.00 2", "11.00 1", "12.00 Release."])
    }

    @Test func aHoldThatEndsEarlyIsTooShortAndItsCountdownStops() {
        let cues = plan(
            .single(.toeWalks),
            [
                (0, .holdStarted(index: 0, atMicros: 0, side: nil)),
                (9.6, .repEnded(index: 0, Rep(startMicros: 0, endMicros: s(9.5), counted: false))),
            ], until: 14)
        #expect(said(cues) == ["0.00 Hold.", "7.00 3", "8.00 2", "9.00 1", "9.50 Too short."])
    }

    @Test func restNamesTheNextExerciseAndTheEndIsAnnounced() {
        let routine = Routine.builtIn
        let cues = plan(
            routine,
            [
                (
                    39,
                    .circleCounted(
                        index: 0, Rep(startMicros: s(35), endMicros: s(39), counted: true, direction: .clockwise))
                ),
                (40, .restStarted(nextIndex: 1, untilMicros: s(45))),
                (46, .steppedOff(index: 1, atMicros: s(46))),
                (47, .paused(atMicros: s(47))),
                (48, .sessionEnded),
            ], until: 48)
        #expect(
            said(cues) == [
                "39.00 1 clockwise.", "39.00 Rest. Next: foot flexes.", "46.00 Step back on.", "47.00 Paused.",
                "47.00 Session complete.",
            ])
    }

    @Test func instructionsAreSpokenWithWordsForUnitsAndRanges() {
        #expect(CuePlanner.spoken("hold 5-10 s.") == "hold 5 to 10 seconds.")
        #expect(CuePlanner.spoken("for 10-20 s, or until") == "for 10 to 20 seconds, or until")
        #expect(CuePlanner.spoken("5 circles one way") == "5 circles one way")
        #expect(CuePlanner.spoken("hold 3 s") == "hold 3 seconds")
    }
}
