import Foundation
import Testing

/// Defects found in review, each pinned by what a person would see.
@Suite struct ReviewDefectTests {
    static let fixture = CLI.fixture("toe-presses-55kg-100hz.evemu")

    @Test(arguments: ["0", "nan", "1e-300"])
    func aRealtimeReplayAtAnImpossibleSpeedIsAUsageError(_ speed: String) throws {
        let r = try CLI.run(["replay", Self.fixture, "--realtime", "--speed", speed])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--speed must be between 0.001 and 1000."))
    }

    @Test func historyExportHonoursItsFormatFlag() throws {
        let dir = NSTemporaryDirectory() + "plantar-export-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["PLANTAR_DATA_DIR": dir]
        let saved = try CLI.run(["replay", Self.fixture, "--exercise", "toe-presses", "--save"], environment: env)
        #expect(saved.status == 0, "\(saved.stderr)")
        let json = try CLI.json(try CLI.run(["history", "export", "--json"], environment: env).stdout)
        #expect(json["schema"] as? String == "plantar.history/1")
        #expect((json["sessions"] as? [[String: Any]])?.count == 1)
        let csv = try CLI.run(["history", "export", "--csv"], environment: env).stdout.split(separator: "\n")
        #expect(csv.first?.hasPrefix("session,started_at,routine") == true)
        #expect(csv.count == 1 + 11)
    }

    @Test func replayReportsABrokenProfileFileAsRunDoes() throws {
        let config = NSTemporaryDirectory() + "plantar-config-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: config) }
        try FileManager.default.createDirectory(atPath: config + "/plantar/profiles", withIntermediateDirectories: true)
        let bad = config + "/plantar/profiles/broken.toml"
        FileManager.default.createFile(atPath: bad, contents: Data("name = \"N\"\n[match]\nvendor = 0x1209\n".utf8))
        let r = try CLI.run(
            ["replay", Self.fixture, "--exercise", "toe-presses"], environment: ["XDG_CONFIG_HOME": config])
        #expect(r.status == 2)
        #expect(r.stderr == "plantar: \(bad):1: a profile needs at least one [[sensor]]\n")
    }

    @Test func helpNamesTheReportSchemaAndNoInternalDocument() throws {
        let commands = [
            "demo", "replay", "history", "history show", "history export", "simulate", "routine", "routine show",
            "routine list", "devices", "record", "run", "doctor", "plot", "report",
        ]
        for command in commands {
            let r = try CLI.run(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(r.status == 0)
            #expect(!r.stdout.contains("SPEC"), "\(command) --help mentions SPEC")
        }
        for command in ["demo", "replay", "run"] {
            let r = try CLI.run([command, "--help"])
            #expect(r.stdout.contains("plantar.report/1"), "\(command) --help names the schema")
        }
    }
}
