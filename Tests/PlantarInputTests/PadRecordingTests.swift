import Foundation
import PlantarSignal
import Testing

@testable import PlantarInput

/// The simulator's 16-cell pad recordings are region-correct: read back through the pad's profile, a toe press loads
/// the toe row, a forward lean as far does not, a toe walk lifts the heels and a lean does not, and a pencil pickup
/// unloads the lifted foot's columns. The reps and leans are taken from the expected results, which come from the
/// scripted movement: the board recording of the same script lists the leans as reps, the pad recording does not.
@Suite struct PadRecordingTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The region shares of every sample of a recording, with its time, load and centre of pressure.
    static func samples(_ name: String) throws -> [Sample] {
        let source = try RecordingSource(path: fixtures + "/" + name)
        var stage = source.signalStage()
        var out: [Sample] = []
        while let f = try source.nextFrame() { out.append(stage.sample(of: f)) }
        return out
    }

    /// (start, end) of each rep in an expected result, in seconds.
    static func reps(_ name: String) throws -> [(Double, Double)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let exercise = try #require((json["exercises"] as? [[String: Any]])?.first)
        return try #require(exercise["reps"] as? [[String: Any]]).map {
            let start = $0["start"] as? Double ?? 0
            return (start, start + ($0["duration"] as? Double ?? 0))
        }
    }

    /// The mean of `value` over the samples in the middle half of `span`.
    static func mean(_ samples: [Sample], _ span: (Double, Double), _ value: (Sample) -> Double) -> Double {
        let quarter = (span.1 - span.0) / 4
        let inside = samples.filter { $0.seconds >= span.0 + quarter && $0.seconds <= span.1 - quarter }
        return inside.map(value).reduce(0, +) / Double(max(1, inside.count))
    }

    static func share(_ r: Region) -> (Sample) -> Double { { $0.regions[r] / $0.loadKilograms } }

    @Test func toePressesLoadTheToesAndLeansAsFarDoNot() throws {
        let samples = try Self.samples("toe-presses-lean-70kg-pad16.evemu")
        #expect(samples.allSatisfy { $0.regions.present == 0b11111 })
        let presses = try Self.reps("toe-presses-lean-70kg-pad16.expected.json")
        let board = try Self.reps("toe-presses-lean-70kg-board.expected.json")
        // The leans: the board's reps that are no toe press.
        let leans = board.filter { b in !presses.contains { abs($0.0 - b.0) < 0.01 } }
        #expect(presses.count == 11)
        #expect(leans.count == 5)
        let rest = Self.mean(samples, (2.5, 4.5), Self.share(.toes))
        let restY = Self.mean(samples, (2.5, 4.5)) { $0.cop.y }
        #expect(rest > 0.04 && rest < 0.10, "a standing foot's toes carry a few per cent: \(rest)")
        for p in presses {
            #expect(Self.mean(samples, p) { $0.cop.y } - restY >= 15, "press at \(p.0) s")
            #expect(Self.mean(samples, p, Self.share(.toes)) - rest >= 0.09, "press at \(p.0) s")
        }
        for l in leans {
            #expect(Self.mean(samples, l) { $0.cop.y } - restY >= 15, "lean at \(l.0) s")
            #expect(Self.mean(samples, l, Self.share(.toes)) - rest <= 0.06, "lean at \(l.0) s")
            #expect(Self.mean(samples, l, Self.share(.heel)) >= 0.25, "lean at \(l.0) s: heels down")
        }
    }

    @Test func aToeWalkLiftsTheHeels() throws {
        let samples = try Self.samples("toe-walks-lean-65kg-pad16.evemu")
        let bouts = try Self.reps("toe-walks-lean-65kg-pad16.expected.json")
        #expect(bouts.count == 2)
        #expect(Self.mean(samples, (2.5, 4.5), Self.share(.heel)) >= 0.4)
        for b in bouts {
            #expect(Self.mean(samples, b, Self.share(.heel)) <= 0.02, "bout at \(b.0) s")
        }
        // The 12 s lean before the second bout keeps the heels down although the body is as far forward.
        let gapStart = bouts[0].1 + 3
        let lean = samples.filter { $0.seconds > gapStart && $0.seconds < bouts[1].0 - 3 }
        #expect(lean.count > 100)
        #expect(lean.contains { $0.cop.y - samples[60].cop.y >= 40 })
        #expect(lean.allSatisfy { $0.regions.heel / $0.loadKilograms >= 0.15 })
    }

    @Test func thePencilPickupsLiftedFootCarriesLittle() throws {
        let samples = try Self.samples("pencil-pickups-60kg-pad16.evemu")
        let data = try Data(
            contentsOf: URL(fileURLWithPath: Self.fixtures + "/pencil-pickups-60kg-pad16.expected.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let reps = try #require((json["exercises"] as? [[String: Any]])?.first?["reps"] as? [[String: Any]])
        #expect(reps.count == 5)
        for r in reps {
            let start = r["start"] as? Double ?? 0
            let span = (start, start + (r["duration"] as? Double ?? 0))
            let lifted: Region = r["side"] as? String == "left" ? .left : .right
            #expect(Self.mean(samples, span, Self.share(lifted)) <= 0.2, "rep at \(start) s")
        }
    }
}
