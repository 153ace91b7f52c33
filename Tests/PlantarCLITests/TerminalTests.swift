import Foundation
import Testing

/// The live readout as a person sees it: `plantar demo` inside tmux, read back with capture-pane.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (make deps installs it)"))
struct TerminalTests {
    @Test func demoShowsTheHoldBarTheRepCounterAndTheFinalTable() throws {
        let tmux = try Tmux(command: "\(CLI.executable) demo --speed 25 --quiet; sleep 30")
        defer { tmux.kill() }
        var sawBar = false
        var sawCounter = false
        var sawMap = false
        var final = ""
        for _ in 0..<300 {
            let screen = try tmux.capture()
            if screen.contains("Hold     [") && screen.contains("█") { sawBar = true }
            if screen.range(of: #"Reps +[0-9]+/10"#, options: .regularExpression) != nil { sawCounter = true }
            if screen.contains("toes ↑") && screen.contains("→ right") { sawMap = true }
            if screen.contains("Result:") {
                final = screen
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(sawBar, "the hold bar filled at some point")
        #expect(sawCounter, "the rep counter showed n/10 during toe presses")
        #expect(sawMap)
        #expect(final.contains("Toe presses     10 × 3.0 s     10/10"), "\(final)")
        #expect(final.contains("Result: passed"), "\(final)")
    }

    @Test func qQuitsWithAPartialReportAndRestoresTheTerminal() throws {
        let tmux = try Tmux(
            command:
                "\(CLI.executable) demo --speed 10 --quiet; stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo; sleep 5"
        )
        defer { tmux.kill() }
        var screen = ""
        for _ in 0..<50 {
            screen = try tmux.capture()
            if screen.contains("Circles") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(screen.contains("Circles"))
        try tmux.send("q")
        for _ in 0..<50 {
            screen = try tmux.capture()
            if screen.contains("Result:") && screen.contains("echo") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(screen.contains("interrupted: partial report"), "\(screen)")
        #expect(screen.contains("incomplete"), "\(screen)")
        // stty shows the terminal back in canonical mode with echo.
        let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("icanon") && lines.contains("echo"), "\(screen)")
    }

    @Test func pausingStopsTheClock() throws {
        let tmux = try Tmux(command: "\(CLI.executable) demo --speed 5 --quiet")
        defer { tmux.kill() }
        Thread.sleep(forTimeInterval: 1.5)
        try tmux.send(" ")
        Thread.sleep(forTimeInterval: 0.3)
        let first = try tmux.capture()
        Thread.sleep(forTimeInterval: 1.5)
        let second = try tmux.capture()
        #expect(first.contains("Paused"), "\(first)")
        let clock = #"exercise 1 of 5 · [0-9:]+"#
        let a = first.range(of: clock, options: .regularExpression).map { String(first[$0]) }
        let b = second.range(of: clock, options: .regularExpression).map { String(second[$0]) }
        #expect(a != nil && a == b, "\(a ?? "-") then \(b ?? "-")")
    }
}

@Suite struct PlainOutputTests {
    @Test func pipedOutputIsPlainTimestampedLines() throws {
        let r = try CLI.run(["demo", "--speed", "400"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}["), "no escape sequences when stdout is a pipe")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let pattern = #"^ +[0-9]+\.[0-9]{2}  [a-z-]+  "#
        let events = lines.filter { $0.range(of: pattern, options: .regularExpression) != nil }
        #expect(events.filter { $0.contains("toe-presses  rep counted") }.count == 10)
        #expect(events.filter { $0.contains("exercise done: passed") }.count == 5)
        #expect(events.filter { $0.contains("circle counted") }.count == 10)
        #expect(lines.contains { $0.hasPrefix("Result: passed") })
    }

    @Test func noColorKeepsEscapeCodesOutOfTheTable() throws {
        let r = try CLI.run(
            ["replay", CLI.fixture("toe-walks-55kg-100hz.evemu"), "--exercise", "toe-walks"],
            environment: ["NO_COLOR": "1"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}"))
    }
}

/// A tmux server of its own, so tests do not touch the user's sessions.
final class Tmux {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
    let socket: String
    let session = "plantar"

    init(command: String, columns: Int = 100, rows: Int = 40) throws {
        socket = NSTemporaryDirectory() + "plantar-tmux-\(UUID().uuidString.prefix(8))"
        // Started through the shell: a server spawned by Foundation's Process does not survive here.
        let script = socket + ".sh"
        try "cd '\(CLI.root.path)' && \(command)\n".write(toFile: script, atomically: true, encoding: .utf8)
        let line =
            "TERM=xterm-256color tmux -S '\(socket)' new-session -d -s \(session) -x \(columns) -y \(rows) "
            + "'sh \(script)' </dev/null >/dev/null 2>&1"
        guard system("env -u TMUX -u NO_COLOR " + line) == 0 else {
            throw CocoaError(.executableLoad)
        }
    }

    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    func send(_ keys: String) throws { try tmux(["send-keys", "-t", session, "-l", keys]) }

    func sendEnter() throws { try tmux(["send-keys", "-t", session, "Enter"]) }

    func kill() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
        try? FileManager.default.removeItem(atPath: socket + ".sh")
    }

    @discardableResult
    private func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        p.arguments = ["-S", socket] + args
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env.removeValue(forKey: "NO_COLOR")
        env.removeValue(forKey: "TMUX")
        p.environment = env
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
