import PlantarSession
import PlantarSignal
import PlantarTerminal
import Testing

@Suite struct ResultsTableTests {
    @Test func theFrameSummaryIsNotGluedOntoASensorWarning() {
        var report = SessionReport(
            sourcePath: "x.evemu", deviceName: "Board", frames: 1234, durationSeconds: 61.2, routineName: "Toe presses",
            results: [])
        report.sensorFaults = [("bottom-left", 12.5)]
        let lines = ResultsTable.text(report).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("Result: passed  ·  1234 frames, 61.2 s from Board"))
        #expect(
            lines.contains(
                "Warning: the bottom-left sensor read nothing from 12.5 s while its neighbours carried load "
                    + "(a dead cell?): those samples were not counted."))
        #expect(!lines.contains { $0.contains("Warning") && $0.contains("frames") })
    }

    @Test func aPencilPickupRowReadsTheSameOnTheTerminalAsOnThePage() {
        let reps = [
            Rep(startMicros: 1_000_000, endMicros: 8_400_000, counted: false, side: .left),
            Rep(startMicros: 10_000_000, endMicros: 20_600_000, counted: true, side: .right),
            Rep(startMicros: 22_000_000, endMicros: 33_400_000, counted: true, side: .left),
        ]
        let result = ExerciseResult(
            index: 0, exercise: RoutineExercise(settings: ExerciseKind.pencilPickups.defaultSettings), status: .failed,
            reason: .button, reps: reps, baseline: nil, startMicros: 0, endMicros: 40_000_000, clockwise: 0,
            counterclockwise: 0)
        let report = SessionReport(
            sourcePath: "x.evemu", deviceName: "Board", frames: 2000, durationSeconds: 40, routineName: "Pickups",
            results: [result])
        let lines = ResultsTable.text(report).split(separator: "\n").map(String.init)
        #expect(lines[0] == "Exercise        Target      Done                    Best hold  Mean hold  Status")
        #expect(lines[2] == "Pencil pickups  4 \u{00D7} 10.0 s  2/4 (+1 short) (L1 R1)  11.4 s     11.0 s     failed")
        let summary = ExerciseSummary(result)
        #expect(summary.bestHoldSeconds == 11.4)
        #expect(summary.meanHoldSeconds == 11.0)
        #expect(summary.shortReps == 1)
    }
}
