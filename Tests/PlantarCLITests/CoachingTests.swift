import Foundation
import Testing

/// Expected time, progression and pain, through the command line.
@Suite struct CoachingTests {
    @Test func routineShowPrintsTheExpectedTimeAndStillReadsBackAsARoutine() throws {
        let r = try CLI.run(["routine", "show"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Expected time: 4:28 (within the article's 20 minutes or less)")
        #expect(
            lines.dropFirst().first
                == "#   ankle-circles 0:45, foot-flexes 0:50, pencil-pickups 1:01, toe-presses 1:15, toe-walks 0:19, rests 0:20"
        )
        let path = NSTemporaryDirectory() + "plantar-shown-\(UUID().uuidString.prefix(8)).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try r.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let again = try CLI.run(["routine", "show", path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == r.stdout)
    }
}
