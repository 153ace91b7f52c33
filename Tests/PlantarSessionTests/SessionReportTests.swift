import PlantarSession
import PlantarSignal
import PlantarSupport
import Testing

@Suite struct SessionReportTests {
    @Test func theFrameSummaryIsNotGluedOntoASensorWarning() {
        var report = SessionReport(
            sourcePath: "x.evemu", deviceName: "Board", frames: 1234, durationSeconds: 61.2, routineName: "Toe presses",
            results: [])
        report.sensorFaults = [("bottom-left", 12.5)]
        let lines = report.table().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("Result: passed  ·  1234 frames, 61.2 s from Board"))
        #expect(
            lines.contains(
                "Warning: the bottom-left sensor read nothing from 12.5 s while its neighbours carried load "
                    + "(a dead cell?): those samples were not counted."))
        #expect(!lines.contains { $0.contains("Warning") && $0.contains("frames") })
    }

    @Test func aRealtimeReplayRefusesASpeedItCannotKeep() throws {
        for speed in [0, -1, .nan, .infinity, 1e-300, 1e300] {
            var replay = Replay(
                path: fixtures + "/toe-presses-55kg-100hz.evemu", routine: .single(.toePresses), single: true)
            replay.realtime = true
            replay.speed = speed
            #expect(throws: PlantarError.usage("--speed must be between 0.001 and 1000 (it is \(speed))")) {
                _ = try replay.run()
            }
        }
    }
}
