import Foundation
import PlantarSession
import PlantarSignal
import PlantarSupport
import Testing

/// A routine file may change what a pad that sees the toes and heels must show, or turn the regions off.
@Suite struct RegionRoutineTests {
    func load(_ text: String) throws -> Routine {
        let path = NSTemporaryDirectory() + "routine-\(UUID().uuidString).toml"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Routine.load(path: path)
    }

    func rule(_ e: RoutineExercise) -> RegionRule? {
        guard case .hold(let p) = e.settings.detector else { return nil }
        return p.regionRule
    }

    @Test func theRegionThresholdsCanBeChangedAndTheRegionsTurnedOff() throws {
        let r = try load(
            """
            name = "Pad"
            [[exercise]]
            id = "toe-presses"
            toe_share_rise_enter = 0.1
            [[exercise]]
            id = "toe-walks"
            heel_share_enter = 0.05
            heel_share_exit = 0.2
            [[exercise]]
            id = "pencil-pickups"
            use_regions = false
            [[exercise]]
            id = "toe-presses"
            """)
        #expect(rule(r.exercises[0]) == .toeGrip(enterRise: 0.1, exitRise: 0.04))
        #expect(rule(r.exercises[1]) == .heelsOff(enterShare: 0.05, exitShare: 0.2))
        #expect(rule(r.exercises[2]) == RegionRule.none)
        #expect(rule(r.exercises[3]) == .toeGrip(enterRise: 0.07, exitRise: 0.04))
        // `routine show` writes what differs from the defaults, and reads back the same.
        let text = r.toml()
        #expect(text.contains("toe_share_rise_enter = 0.1\ntoe_share_rise_exit = 0.04\n"))
        #expect(text.contains("heel_share_enter = 0.05\nheel_share_exit = 0.2\n"))
        #expect(text.contains("use_regions = false\n"))
        let again = try load(text)
        #expect(again.exercises.map(rule) == r.exercises.map(rule))
        #expect(!Routine.builtIn.toml().contains("region"))
        #expect(!Routine.builtIn.toml().contains("share"))
    }

    @Test func aRegionKeyOnTheWrongExerciseOrTheWrongWayRoundNamesItsLine() {
        let cases: [(String, String)] = [
            (
                "id = \"toe-walks\"\ntoe_share_rise_exit = 0.02\n",
                ":3: 'exercise[0].toe_share_rise_exit' applies to toe-presses only"
            ),
            (
                "id = \"toe-presses\"\nheel_share_enter = 0.1\n",
                ":3: 'exercise[0].heel_share_enter' applies to toe-walks only"
            ),
            (
                "id = \"ankle-circles\"\nuse_regions = false\n",
                ":3: 'exercise[0].use_regions' does not apply to ankle-circles"
            ),
            (
                "id = \"toe-presses\"\ntoe_share_rise_exit = 0.09\n",
                ":3: 'exercise[0].toe_share_rise_exit' makes the exit rise (0.09) larger than the enter rise (0.07)"
            ),
            (
                "id = \"toe-walks\"\nheel_share_enter = 0.2\n",
                ":3: 'exercise[0].heel_share_enter' makes the enter share (0.2) larger than the exit share (0.15)"
            ),
            (
                "id = \"toe-presses\"\ntoe_share_rise_enter = 2\n",
                ":3: 'exercise[0].toe_share_rise_enter' must be between 0"
            ),
        ]
        for (body, message) in cases {
            let error = #expect(throws: PlantarError.self) { try load("[[exercise]]\n" + body) }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        }
    }
}
