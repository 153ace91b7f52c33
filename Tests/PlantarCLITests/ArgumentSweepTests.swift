import Foundation
import Testing

/// No command line crashes the program: odd numbers, empty strings, directories and devices where files belong.
/// Each ends with one of the five exit codes, and a usage error says what is wrong.
@Suite struct ArgumentSweepTests {
    static let fixture = CLI.fixture("toe-presses-55kg-100hz.evemu")
    static let scratch = NodeScratch()
    static let out = scratch.path + "/out"
    static let dir = scratch.path
    /// A device to read from: the private node (reads nothing), or a FIFO-free stand-in where mknod is not permitted.
    static let device = scratch.device ?? "/dev/null"

    static let commandLines: [[String]] = {
        var lines: [[String]] = []
        for speed in ["0", "nan", "1e-300", "-1", "inf", "", "1e300"] {
            lines.append(["replay", fixture, "--realtime", "--speed", speed])
            lines.append(["demo", "--speed", speed])
        }
        lines += [
            ["replay", ""], ["replay", dir], ["replay", device], ["replay", fixture, "--routine", ""],
            ["replay", fixture, "--routine", dir], ["replay", fixture, "--routine", device],
            ["replay", fixture, "--exercise", ""],
            ["plot", fixture, "--out", ""], ["plot", fixture, "--out", dir], ["plot", "", "--out", out],
            ["plot", "0", "--out", out], ["plot", "-5", "--out", out], ["plot", "#99999999999999999999", "--out", out],
            ["plot", fixture, "--out", out, "--width", "nan"], ["plot", fixture, "--out", out, "--width", "-1"],
            ["plot", dir, "--out", out], ["plot", device, "--out", out],
            ["report", fixture, "--html", dir], ["report", fixture, "--html", out, "--days", "-1"],
            ["report", fixture, "--html", out, "--days", "0"], ["report", "#0", "--html", out],
            ["report", fixture, "--html", out, "--days", "99999999999999999999"],
            ["history", "--limit", "-1"], ["history", "--limit", "0"], ["history", "--days", "0"],
            ["history", "--limit", "99999999999999999999"], ["history", "export", "--csv", "--json"],
            ["simulate", "--mass", "nan", "--out", out], ["simulate", "--rate", "inf", "--out", out],
            ["simulate", "--gap-every", "nan", "--out", out], ["simulate", "--gap-every", "-1", "--out", out],
            ["simulate", "--fault", "dead:9@0+1", "--out", out], ["simulate", "--fault", "gap@nan+1", "--out", out],
            ["simulate", "--fault", "gap@1+inf", "--out", out], ["simulate", "--fault", "", "--out", out],
            ["simulate", "--variant", "", "--out", out], ["simulate", "--out", ""], ["simulate", "--out", dir],
            ["simulate", "--seed", "-1", "--out", out],
            ["record", "--duration", "nan", out], ["record", "--duration", "1e300", out],
            ["record", "--duration", "0", out],
            ["run", "--reconnect-wait", "nan"], ["run", "--reconnect-wait", "1e300"], ["run", "--device", ""],
            ["run", "--device", dir, "--allow-root"], ["run", "--device", device, "--allow-root"],
            ["record", out, "--device", device, "--allow-root"], ["record", out, "--device", dir, "--allow-root"],
            ["routine", "show", ""], ["routine", "show", dir], ["routine", "show", device],
            ["--speed"], [""], ["replay", "--", "-"],
        ]
        return lines
    }()

    @Test(arguments: commandLines)
    func anOddArgumentEndsWithOneOfTheFiveExitCodes(_ args: [String]) throws {
        let env = ["PLANTAR_DATA_DIR": Self.scratch.path + "/data", "PLANTAR_DEMO_RECORDING": Self.fixture]
        let r = try CLI.spawn(args, environment: env)
        #expect([0, 2, 3, 64, 130].contains(r.status), "exit \(r.status): \(r.stderr)")
        if r.status != 0 {
            #expect(!r.stderr.isEmpty, "a failure says why")
        }
    }
}
