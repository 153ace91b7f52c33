import PlantarSession
import PlantarSignal
import PlantarSupport
import Testing

@Suite struct SessionReportTests {
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
