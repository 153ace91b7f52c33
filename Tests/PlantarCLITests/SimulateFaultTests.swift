import Foundation
import Testing

/// A scripted fault the simulator cannot place in time is a usage error that names it, never a fault ignored.
@Suite struct SimulateFaultTests {
    @Test(arguments: ["gap@nan+1", "gap@1+inf", "gap@-1+2", "dead:2@inf+1", "jump@1+nan", "gap@1+-1"])
    func aFaultWithoutAFiniteTimeIsRefused(_ fault: String) throws {
        let scratch = NodeScratch()
        let r = try CLI.run(["simulate", "--exercise", "toe-presses", "--fault", fault, "--out", scratch.path + "/o"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--fault '\(fault)' is not of the form KIND[:CORNER]@START+SECONDS."))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/o"))
    }

    @Test func aFaultWithFiniteTimesIsScripted() throws {
        let scratch = NodeScratch()
        let r = try CLI.run(
            ["simulate", "--exercise", "toe-presses", "--fault", "gap@2+1.5", "--out", scratch.path + "/o"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/o"))
    }
}
