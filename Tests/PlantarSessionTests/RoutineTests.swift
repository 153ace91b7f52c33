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

    @Test func theBaselineWindowAndTolerancesCanBeOverridden() throws {
        let path = write(
            """
            name = "Still"
            [[exercise]]
            id = "foot-flexes"
            baseline_seconds = 2
            baseline_tolerance_kg = 0.5
            baseline_tolerance_fraction = 0.02
            baseline_cop_tolerance_mm = 20
            """)
        let b = try Routine.load(path: path).exercises[0].settings.baseline
        #expect(b.windowSeconds == 2 && b.toleranceKilograms == 0.5)
        #expect(b.toleranceFraction == 0.02 && b.copToleranceMillimetres == 20)
    }

    struct Bad: CustomStringConvertible, Sendable {
        var text: String
        var line: Int
        var message: String
        var description: String { message }
    }

    /// `line` 1 also when the file as a whole is wrong.
    static let bad: [Bad] = [
        .init(text: "[[exercise]]\nid = \"toe-hops\"\n", line: 2, message: "'exercise[0].id' is not an exercise"),
        .init(
            text: "[[exercise]]\nid = \"toe-presses\"\nreps = \"ten\"\n", line: 3,
            message: "'exercise[0].reps' must be an integer, not a string"),
        .init(
            text: "[[exercise]]\nid = \"toe-presses\"\nreps = 0\n", line: 3,
            message: "'exercise[0].reps' must be between 1 and 1000"),
        .init(text: "name = \"x\"\n", line: 1, message: "a routine needs at least one [[exercise]]"),
        .init(
            text: "[[exercise]]\nid = \"toe-presses\"\nenter = 5\n", line: 3, message: "'exercise[0].enter' makes exit"),
        .init(text: "[[exercise]]\nid = toe-presses\n", line: 2, message: "strings need quotes"),
        .init(
            text: "rest = 3\n", line: 1,
            message: "unknown key 'rest' (expected one of: exercise, name, progression, rest_seconds, voice)"),
        .init(
            text: "[[exercise]]\nid = \"ankle-circles\"\nhold_seconds = 3\n", line: 3,
            message: "'exercise[0].hold_seconds' does not apply to ankle-circles"),
        .init(text: "name = \"a\"\nname = \"b\"\n", line: 2, message: "cannot redefine existing string 'name'"),
        .init(text: "[[exercise]]\nreps = 3\n", line: 1, message: "exercise[0] needs an id"),
        .init(text: "[[exercise]]\nid = \"toe-presses\"\nreps = 007\n", line: 3, message: "leading zeroes"),
        .init(text: "[[exercise]]\nid = \"toe-presses\"\nreps = 1__0\n", line: 3, message: "underscores"),
        .init(
            text: "[[exercise]]\nid = \"toe-presses\"\nreps = [\n  1,\n", line: 4,
            message: "array: encountered end-of-file"),
        .init(text: "rest_seconds = 1979-05-27\n", line: 1, message: "must be a number, not a date or time"),
        .init(text: "exercise = \"toe-presses\"\n", line: 1, message: "must be written as [[exercise]] tables"),
    ]

    @Test(arguments: bad)
    func aWrongRoutineFileNamesTheKeyAndLine(_ b: Bad) {
        let path = write(b.text)
        let error = #expect(throws: PlantarError.self) { _ = try Routine.load(path: path) }
        let prefix = b.line > 0 ? "\(path):\(b.line): " : "\(path): "
        #expect(error?.description.hasPrefix(prefix) == true, "\(String(describing: error))")
        #expect(error?.description.contains(b.message) == true, "\(String(describing: error))")
        #expect(error?.exitCode == 2)
    }

    @Test func aSemanticErrorNamesTheKeyPathOfTheThirdExercise() {
        let path = write(
            """
            name = "Three"

            [[exercise]]
            id = "toe-presses"

            [[exercise]]
            id = "toe-walks"

            [[exercise]]
            id = "foot-flexes"
            # a comment with = in it
            instruction = \"\"\"
            hold_seconds = 5
            \"\"\"
            hold_seconds = -1
            """)
        #expect(
            throws: PlantarError.badInput(
                path: path, line: 15, message: "'exercise[2].hold_seconds' must be between 0.0 and 600.0")
        ) { try Routine.load(path: path) }
    }

    @Test func aMultiLineInstructionLoadsAndSurvivesTheRoundTrip() throws {
        let path = write(
            """
            [[exercise]]
            id = "toe-presses"
            instruction = \"\"\"
            Stand tall.
            Grip the floor with your toes.\"\"\"
            """)
        let r = try Routine.load(path: path)
        #expect(r.exercises[0].instruction == "Stand tall.\nGrip the floor with your toes.")
        let again = try Routine.load(path: write(r.toml()))
        #expect(again.exercises[0].instruction == "Stand tall.\nGrip the floor with your toes.")
        #expect(again.exercises.map(\.settings) == r.exercises.map(\.settings))
    }

    @Test func anArraySplitOverLinesLoads() throws {
        // No routine key takes an array of numbers, so the array that spans lines is the exercises themselves.
        let path = write(
            """
            name = "Split"
            exercise = [
                { id = "toe-presses", reps = 6 },
                { id = "toe-walks" },  # a comment inside the array
            ]
            """)
        let r = try Routine.load(path: path)
        #expect(r.exercises.map(\.kind) == [.toePresses, .toeWalks])
        #expect(r.exercises.map(\.settings.targetReps) == [6, 1])
    }

    @Test func theInlineTableRoutineFileLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Routines/inline.toml").path
        let r = try Routine.load(path: path)
        #expect(r.name == "Inline tables" && r.restSeconds == 3.5)
        #expect(r.exercises.map(\.kind) == [.toePresses, .ankleCircles, .toeWalks])
        #expect(r.exercises.map(\.settings.targetReps) == [6, 2, 1])
        #expect(r.exercises[0].instruction == "Stand with knees slightly bent.\nGrip the floor with your toes.")
        #expect(r.exercises[0].settings.holdSeconds == 2.5)
        #expect(r.exercises[2].timeLimitSeconds == 60)
        guard case .circles(let p) = r.exercises[1].settings.detector else {
            Issue.record("expected a circle detector")
            return
        }
        #expect(p.enterRadiusMillimetres == 15 && p.exitRadiusMillimetres == 10)
    }

    @Test func anInlineTableLoads() throws {
        let path = write("exercise = [{ id = \"toe-presses\", reps = 6 }]\n")
        let r = try Routine.load(path: path)
        #expect(r.name == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        #expect(r.exercises.map(\.kind) == [.toePresses])
        #expect(r.exercises[0].settings.targetReps == 6)
    }

    @Test func anErrorInsideAnInlineTableNamesTheKeyPathAndTheLineOfItsArray() {
        let path = write(
            "name = \"x\"\nexercise = [\n  { id = \"toe-presses\" },\n  { id = \"toe-walks\", reps = 0 },\n]\n")
        #expect(
            throws: PlantarError.badInput(
                path: path, line: 2, message: "'exercise[1].reps' must be between 1 and 1000")
        ) { try Routine.load(path: path) }
        let unknown = write("exercise = [{ id = \"toe-presses\", hold = 3 }]\n")
        let error = #expect(throws: PlantarError.self) { try Routine.load(path: unknown) }
        #expect(
            error?.description.hasPrefix("\(unknown):1: unknown key 'hold' at exercise[0].hold (expected one of:")
                == true)
    }

    @Test func dottedKeysAndQuotedKeysAreTheSameKeys() throws {
        let path = write("\"name\" = \"Quoted\"\n[[exercise]]\n'id' = \"toe-walks\"\nhold_seconds = 12.5\n")
        let r = try Routine.load(path: path)
        #expect(r.name == "Quoted")
        #expect(r.exercises[0].settings.holdSeconds == 12.5)
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
