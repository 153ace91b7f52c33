import Foundation
import Testing

/// Every input the fuzzers kept (Fuzz/regressions/) gets a clean result or a one-line error — never a crash.
@Suite struct FuzzRegressionTests {
    static func files(_ target: String) -> [String] {
        let dir = CLI.root.appendingPathComponent("Fuzz/regressions/\(target)").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    @Test func thereAreRegressionInputsForEveryTarget() {
        for t in ["evemu", "routine", "profile", "usb-report"] { #expect(!Self.files(t).isEmpty, "\(t)") }
    }

    @Test(arguments: files("evemu"))
    func evemuInputsAreReadOrRejected(_ path: String) throws {
        let r = try CLI.run(["replay", path, "--exercise", "toe-presses", "--json"])
        #expect(r.status == 0 || r.status == 2, "\(r.stderr)")
        if r.status == 2 {
            #expect(r.stderr.hasPrefix("plantar: \(path)"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test(arguments: files("routine"))
    func routineInputsAreReadOrRejected(_ path: String) throws {
        let r = try CLI.run(["routine", "show", path])
        #expect(r.status == 0 || r.status == 2, "\(r.stderr)")
        if r.status == 2 { #expect(r.stderr.hasPrefix("plantar: \(path)"), "\(r.stderr)") }
    }

    @Test(arguments: files("profile"))
    func profileInputsAreReadOrRejected(_ path: String) throws {
        let dir = NSTemporaryDirectory() + "plantar-profiles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/p.toml")
        let r = try CLI.run(["devices"], environment: ["PLANTAR_PROFILE_DIR": dir])
        #expect([0, 2, 3].contains(r.status), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }
}
