import Foundation
import Testing

/// `--verbose` and `PLANTAR_LOG`: swift-log's lines on standard error, naming what the detectors do; nothing else
/// changes, and without them standard error stays empty.
@Suite struct VerboseLogTests {
    static let fixture = CLI.fixture("toe-presses-55kg-100hz.evemu")

    /// The part of each log line after its label, timestamp and level.
    func messages(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map { line in
            guard let r = line.range(of: "] ") else { return String(line) }
            return String(line[r.upperBound...])
        }
    }

    @Test func aReplayWithVerboseNamesEachTransitionOfTheFirstRep() throws {
        let r = try CLI.spawn(["replay", Self.fixture, "--exercise", "toe-presses", "--verbose"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = messages(r.stderr)
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.contains(" debug plantar.session: ") })
        let baseline = lines.firstIndex(
            of:
                "toe-presses [1/1]: baseline found: 54.9 kg, centre of pressure (4.2, -8.9) mm, from 2.257 s to 3.743 s"
        )
        let first = lines.firstIndex { $0.contains(": detector ") }
        #expect(baseline != nil && first != nil && baseline! < first!)
        let transitions = lines.filter { $0.contains(": detector ") }.prefix(5)
        #expect(
            Array(transitions) == [
                "toe-presses [1/1]: detector idle → holding at 4.968 s",
                "toe-presses [1/1]: detector holding → holding (target reached) at 7.973 s",
                "toe-presses [1/1]: detector holding (target reached) → dipping (below exit, within grace) at 9.096 s",
                "toe-presses [1/1]: detector dipping (below exit, within grace) → idle at 9.365 s, rep ended: "
                    + "4.964 s–9.085 s, counted",
                "toe-presses [1/1]: detector idle → holding at 11.618 s",
            ])
        #expect(lines.last == "session ended")
    }

    @Test func withoutVerboseNothingIsLoggedAndTheOutputIsTheSame() throws {
        let quiet = try CLI.spawn(["replay", Self.fixture, "--exercise", "toe-presses", "--json"])
        let verbose = try CLI.spawn(["replay", Self.fixture, "--exercise", "toe-presses", "--json", "--verbose"])
        #expect(quiet.status == 0 && verbose.status == 0)
        #expect(quiet.stderr == "")
        #expect(!verbose.stderr.isEmpty)
        #expect(quiet.stdout == verbose.stdout)
    }

    @Test func plantarLogDebugLogsAsVerboseDoes() throws {
        let r = try CLI.spawn(
            ["replay", Self.fixture, "--exercise", "toe-presses"], environment: ["PLANTAR_LOG": "debug"])
        #expect(r.status == 0)
        #expect(messages(r.stderr).contains("toe-presses [1/1]: detector idle → holding at 4.968 s"))
        let info = try CLI.spawn(
            ["replay", Self.fixture, "--exercise", "toe-presses"], environment: ["PLANTAR_LOG": "info"])
        #expect(info.stderr == "")
    }

    @Test func historyWritesAreLogged() throws {
        let dir = NSTemporaryDirectory() + "plantar-log-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.spawn(
            ["replay", Self.fixture, "--exercise", "toe-presses", "--save", "--verbose"],
            environment: ["PLANTAR_DATA_DIR": dir])
        #expect(r.status == 0, "\(r.stderr)")
        let history = messages(r.stderr).filter { $0.hasPrefix("history \(dir)/history.sqlite: session 1 ") }
        #expect(history.first?.hasSuffix(", Toe presses)") == true, "\(history)")
        #expect(history.filter { $0.hasSuffix(" exercise 1: rep saved") }.count == 11, "\(history)")
        #expect(history.dropLast().last?.hasSuffix(" exercise 1 saved: passed") == true, "\(history)")
        #expect(history.last?.hasSuffix(" ended (finished, passed)") == true, "\(history)")
    }
}
