import Foundation
import Testing

@Suite(.serialized) struct HistoryTests {
    func dataDir() -> String {
        let d = NSTemporaryDirectory() + "plantar-history-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func savedReplaysShowUpWithTheirTrend() throws {
        let dir = dataDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["PLANTAR_DATA_DIR": dir]
        for f in ["toe-presses-55kg-100hz.evemu", "toe-presses-120kg-25hz.evemu"] {
            let r = try CLI.run(["replay", CLI.fixture(f), "--exercise", "toe-presses", "--save"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let text = try CLI.run(["history"], environment: env)
        #expect(text.stdout.contains("Toe presses: 1/1 passed, 10 counted reps"))
        #expect(
            text.stdout.range(
                of: #"Toe presses +[▁▂▃▄▅▆▇█]{2}  last [0-9.]+ s  \(2 sessions"#, options: .regularExpression) != nil,
            "\(text.stdout)")
        let json = try CLI.json(try CLI.run(["history", "--json"], environment: env).stdout)
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 2)
        #expect((sessions[0]["reps"] as? [[String: Any]])?.count == 11)
        let csv = try CLI.run(["history", "export", "--csv"], environment: env).stdout.split(separator: "\n")
        #expect(csv.count == 1 + 22)
        #expect(csv[0].hasPrefix("session,started_at,routine"))
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/history.sqlite")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
    }

    /// kill -9 in the middle of a session: every rep completed before the kill is in the history, exactly as a full
    /// run reports it, and the next start reports the session as interrupted.
    /// Three fixed moments and two random ones each run (the failure message names the moment).
    @Test(arguments: [1.2, 2.5, 4.0, Double.random(in: 0.6...6), Double.random(in: 0.6...6)])
    func historySurvivesKillNine(after seconds: Double) throws {
        let dir = dataDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let full = try CLI.json(try CLI.run(["replay", CLI.fixture("routine-full-70kg.evemu"), "--json"]).stdout)
        let fullReps = (full["exercises"] as? [[String: Any]] ?? []).flatMap { e in
            (e["reps"] as? [[String: Any]] ?? []).map {
                (e["id"] as? String ?? "", $0["start"] as? Double ?? -1, $0["duration"] as? Double ?? -1)
            }
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.executable)
        p.arguments = ["demo", "--speed", "40", "--save", "--quiet"]
        var env = ProcessInfo.processInfo.environment
        env["PLANTAR_DATA_DIR"] = dir
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: seconds)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        let json = try CLI.json(try CLI.run(["history", "--json"], environment: ["PLANTAR_DATA_DIR": dir]).stdout)
        let session = try #require((json["sessions"] as? [[String: Any]])?.first)
        #expect(session["state"] as? String == "interrupted")
        let reps = try #require(session["reps"] as? [[String: Any]])
        #expect(!reps.isEmpty, "the first circles come within a second at 40× speed")
        #expect(reps.count <= fullReps.count)
        for (got, want) in zip(reps, fullReps) {
            #expect(got["id"] as? String == want.0)
            #expect(abs((got["start"] as? Double ?? 0) - want.1) < 0.002)
            #expect(abs((got["duration"] as? Double ?? 0) - want.2) < 0.002)
        }
    }
}

@Suite struct InterruptTests {
    /// Ctrl-C: the partial report is printed and saved, exit code 130.
    @Test func ctrlCWritesThePartialReportAndExits130() throws {
        let dir = NSTemporaryDirectory() + "plantar-int-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.executable)
        p.arguments = ["demo", "--speed", "20", "--save", "--quiet"]
        var env = ProcessInfo.processInfo.environment
        env["PLANTAR_DATA_DIR"] = dir
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        // Interrupted once the tenth circle is counted (read from its output, not guessed from a clock: a loaded
        // machine runs it slower).
        var text = ""
        let deadline = Date() + 120
        while text.components(separatedBy: "circle counted").count <= 10, Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        kill(p.processIdentifier, SIGINT)
        text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(text.contains("interrupted: partial report"), "\(text)")
        #expect(text.contains("Ankle circles"), "\(text)")
        let history = try CLI.json(try CLI.run(["history", "--json"], environment: ["PLANTAR_DATA_DIR": dir]).stdout)
        let session = try #require((history["sessions"] as? [[String: Any]])?.first)
        #expect(session["state"] as? String == "interrupted")
        #expect(((session["reps"] as? [[String: Any]]) ?? []).count >= 10, "the ten circles came before the interrupt")
    }
}
