import Foundation
import Testing

/// A real recording (`Fixtures/real/README.md`): quiet single-leg stance on a four-cell plate is no toe press, no toe
/// walk and no ankle circle, and the baseline is the person's weight.
@Suite struct RealRecordingTests {
    static let path = CLI.root.appendingPathComponent("Fixtures/real/single-leg-stance-kinvent-left-foot.evemu").path

    @Test(arguments: ["toe-presses", "toe-walks", "ankle-circles"])
    func quietSingleLegStanceCountsNothing(_ id: String) throws {
        let r = try CLI.run(["replay", Self.path, "--exercise", id, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try CLI.json(r.stdout)
        let e = try #require((report["exercises"] as? [[String: Any]])?.first)
        #expect(e["counted_reps"] as? Int == 0)
        #expect((e["reps"] as? [Any])?.count == 0)
        if id == "ankle-circles" {
            #expect(e["circles"] as? [String: Int] == ["clockwise": 0, "counterclockwise": 0])
        }
        let baseline = try #require(report["baseline"] as? [String: Any])
        #expect(abs((baseline["load_kg"] as? Double ?? 0) - 77) < 1)
    }
}
