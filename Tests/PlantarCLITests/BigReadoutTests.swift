import Foundation
import PlantarTerminal
import Testing

/// The big readout as a person sees it from a few metres: `plantar demo` inside tmux.
@Suite(.serialized, .enabled(if: Tmux.available, "needs tmux (make deps installs it)"))
struct BigReadoutTests {
    /// Where the five rows of `text` in block digits stand one above the other on the screen, if they do.
    func findBig(_ text: String, in screen: String) -> Bool {
        let rows = BigDigits.render(text)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= rows.count else { return false }
        for top in 0...(lines.count - rows.count) {
            guard
                let column = lines[top].range(of: rows[0]).map({
                    lines[top].distance(from: lines[top].startIndex, to: $0.lowerBound)
                })
            else { continue }
            let same = (1..<rows.count).allSatisfy { r in
                let line = Array(lines[top + r])
                guard line.count >= column + rows[r].count else { return false }
                return String(line[column..<(column + rows[r].count)]) == rows[r]
            }
            if same { return true }
        }
        return false
    }

    func watch(_ tmux: Tmux, until done: (String) -> Bool) throws -> String {
        var screen = ""
        for _ in 0..<300 {
            screen = try tmux.capture()
            if done(screen) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return screen
    }

    @Test func bigShowsTheRepCounterInBlockDigitsAndAFullWidthHoldBar() throws {
        let tmux = try Tmux(
            command: "\(CLI.executable) demo --speed 20 --quiet --big; sleep 30", columns: 100, rows: 40)
        defer { tmux.kill() }
        var counter: String?
        var fullWidthBar = false
        var header = ""
        _ = try watch(tmux) { screen in
            if header.isEmpty, let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("Plantar · ") }) {
                header = String(line)
            }
            if counter == nil, screen.contains("Toe presses —") {
                counter = (0...10).map { "\($0)/10" }.first { findBig($0, in: screen) }
            }
            // The bar spans the terminal's width (99 columns): filled and empty cells together.
            if screen.split(separator: "\n").contains(where: { line in
                line.count == 99 && line.allSatisfy { $0 == "█" || $0 == "░" } && line.contains("░")
            }) {
                fullWidthBar = true
            }
            return counter != nil && fullWidthBar || screen.contains("Result:")
        }
        #expect(counter != nil, "the toe-press counter n/10 in block digits")
        #expect(fullWidthBar)
        // The session's time against the routine's expected 4:28.
        #expect(
            header.range(of: #"exercise [0-9] of 5 · [0-9]{2}:[0-9]{2} of ~04:28$"#, options: .regularExpression)
                != nil, "\(header)")
    }

    @Test func aLargeTerminalGetsTheBigReadoutWithoutAskingAndASmallOneTheNormalOne() throws {
        let large = try Tmux(command: "\(CLI.executable) demo --speed 5 --quiet; sleep 30", columns: 130, rows: 50)
        defer { large.kill() }
        let big = try watch(large) { findBig("0/5", in: $0) || $0.contains("Result:") }
        #expect(findBig("0/5", in: big), "circles start at 0 of 5 each way:\n\(big)")
        #expect(big.contains("COUNTER-CLOCKWISE"))
        #expect(!big.contains("Circles  counter-clockwise"))
        let small = try Tmux(command: "\(CLI.executable) demo --speed 5 --quiet; sleep 30", columns: 100, rows: 40)
        defer { small.kill() }
        let normal = try watch(small) { $0.contains("Circles  counter-clockwise") || $0.contains("Result:") }
        #expect(normal.contains("Circles  counter-clockwise"))
        #expect(!normal.contains("COUNTER-CLOCKWISE"))
    }

    @Test func painIsAskedWithOneKeyBeforeAndAfterAndEnterSkips() throws {
        let dir = NSTemporaryDirectory() + "plantar-pain-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = try Tmux(
            command: "PLANTAR_DATA_DIR='\(dir)' \(CLI.executable) demo --speed 50 --quiet --pain --save; sleep 30")
        defer { tmux.kill() }
        let before = try watch(tmux) { $0.contains("Before the session — Pain now, 0–10?") }
        #expect(before.contains("Before the session — Pain now, 0–10? (0–9, t for 10; Enter skips)"))
        #expect(!before.contains("Circles"), "the session waits for the answer")
        try tmux.send("t")
        let after = try watch(tmux) { $0.contains("After the session — Pain now, 0–10?") }
        #expect(after.contains("Result: passed"), "asked after the table")
        try tmux.sendEnter()
        let end = try watch(tmux) {
            $0.contains("After the session — Pain now, 0–10? (0–9, t for 10; Enter skips) skipped")
        }
        #expect(end.contains("After the session — Pain now, 0–10? (0–9, t for 10; Enter skips) skipped"))
        Thread.sleep(forTimeInterval: 0.5)
        let history = try CLI.json(try CLI.run(["history", "--json"], environment: ["PLANTAR_DATA_DIR": dir]).stdout)
        let pain = (history["sessions"] as? [[String: Any]])?.first?["pain"] as? [String: Any]
        #expect(pain?["before"] as? Int == 10)
        #expect(pain?["after"] is NSNull)
    }
}
