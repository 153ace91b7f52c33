import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSupport
import Testing

@Suite struct RoutineTests {
    func write(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "routine-\(UUID().uuidString).toml"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func theBuiltInRoutineIsTheFiveExercisesWithSpecDefaults() {
        let r = Routine.builtIn
        #expect(r.exercises.map(\.kind) == ExerciseKind.allCases)
        #expect(r.exercises.map(\.settings.targetReps) == [5, 5, 4, 10, 1])
        #expect(r.exercises.map(\.settings.holdSeconds) == [0, 5, 10, 3, 10])
        #expect(r.exercises.allSatisfy { !$0.instruction.isEmpty })
    }

    @Test func theBuiltInRoutineSurvivesARoundTripThroughItsFile() throws {
        let path = write(Routine.builtIn.toml())
        let back = try Routine.load(path: path)
        #expect(back.exercises.map(\.settings) == Routine.builtIn.exercises.map(\.settings))
        #expect(back.restSeconds == Routine.builtIn.restSeconds)
    }

    @Test func overridesReachTheDetector() throws {
        let path = write(
            """
            name = "Gentle"
            rest_seconds = 8
            [[exercise]]
            id = "toe-presses"
            reps = 6
            hold_seconds = 2.5
            enter = 12
            exit = 8
            grace_seconds = 0.4
            """)
        let r = try Routine.load(path: path)
        #expect(r.name == "Gentle" && r.restSeconds == 8)
        let s = r.exercises[0].settings
        #expect(s.targetReps == 6)
        guard case .hold(let p) = s.detector else {
            Issue.record("expected a hold detector")
            return
        }
        #expect(p.holdSeconds == 2.5 && p.enterThreshold == 12 && p.exitThreshold == 8 && p.graceSeconds == 0.4)
    }

    struct Bad: CustomStringConvertible, Sendable {
        var text: String
        var line: Int
        var message: String
        var description: String { message }
    }

    static let bad: [Bad] = [
        .init(text: "[[exercise]]\nid = \"toe-hops\"\n", line: 2, message: "'id' is not an exercise"),
        .init(
            text: "[[exercise]]\nid = \"toe-presses\"\nreps = \"ten\"\n", line: 3, message: "'reps' must be an integer"),
        .init(text: "[[exercise]]\nid = \"toe-presses\"\nreps = 0\n", line: 3, message: "'reps' must be between 1"),
        .init(text: "name = \"x\"\n", line: 1, message: "at least one [[exercise]]"),
        .init(text: "[[exercise]]\nid = \"toe-presses\"\nenter = 5\n", line: 3, message: "'enter' makes exit"),
        .init(text: "[[exercise]]\nid = toe-presses\n", line: 2, message: "strings need quotes"),
        .init(text: "rest = 3\n", line: 1, message: "unknown key 'rest'"),
        .init(text: "[[exercise]]\nid = \"ankle-circles\"\nhold_seconds = 3\n", line: 3, message: "does not apply"),
        .init(text: "name = \"a\"\nname = \"b\"\n", line: 2, message: "set twice"),
    ]

    @Test(arguments: bad)
    func aWrongRoutineFileNamesTheKeyAndLine(_ b: Bad) {
        let path = write(b.text)
        let error = #expect(throws: PlantarError.self) { _ = try Routine.load(path: path) }
        #expect(error?.description.hasPrefix("\(path):\(b.line): ") == true, "\(String(describing: error))")
        #expect(error?.description.contains(b.message) == true, "\(String(describing: error))")
    }
}

@Suite struct ExpectedTimeTests {
    @Test func theBuiltInRoutineTakesAboutFourAndAHalfMinutesWellWithinTwenty() {
        let r = Routine.builtIn
        // Setup 3 s + baseline 1.5 s each; circles 10 × 4 s; holds: reps × (hold + 4 s); four rests of 5 s.
        #expect(Routine.expectedSeconds(r.exercises[0]) == 4.5 + 40)
        #expect(Routine.expectedSeconds(r.exercises[1]) == 4.5 + 5 * 9)
        #expect(Routine.expectedSeconds(r.exercises[2]) == 4.5 + 4 * 14)
        #expect(Routine.expectedSeconds(r.exercises[3]) == 4.5 + 10 * 7)
        #expect(Routine.expectedSeconds(r.exercises[4]) == 4.5 + 14)
        #expect(r.expectedRestSeconds == 20)
        #expect(r.expectedSeconds == 267.5)
        #expect(r.expectedSeconds <= Routine.articleLimitSeconds)
        #expect(Routine.clock(r.expectedSeconds) == "4:28")
    }

    @Test func longerTargetsAndRestsMakeALongerRoutine() throws {
        var r = Routine.builtIn
        r.restSeconds = 60
        r.exercises[3].settings.targetReps = 100
        let longerRests: Double = 4 * 55
        let moreReps: Double = 90 * 7
        #expect(r.expectedSeconds == 267.5 + longerRests + moreReps)
        #expect(r.expectedTimeComment().hasPrefix("# Expected time: 18:38 (within the article's 20 minutes or less)\n"))
        r.exercises[4].settings.targetReps = 10
        #expect(r.expectedTimeComment().hasPrefix("# Expected time: 20:44 (longer than the article's 20 minutes)\n"))
    }
}
