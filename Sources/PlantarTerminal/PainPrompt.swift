import Foundation
import PlantarSupport

/// "Pain now, 0–10?" with one key, before and after a session. Only asked on a terminal: anything else (a pipe, a
/// script, a service) is never kept waiting.
public enum PainPrompt {
    public static let question = "Pain now, 0–10? (0–9, t for 10; Enter skips) "

    /// Whether asking makes sense: standard input and output are both terminals.
    public static var interactive: Bool { Console.isTerminal(STDIN_FILENO) && Console.isTerminal(STDOUT_FILENO) }

    /// The value of one key: 0–9, `t` for 10; nil for Enter, Escape, `q` or anything else (skipped).
    public static func value(ofKey key: UInt8) -> Int? {
        switch key {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(key - UInt8(ascii: "0"))
        case UInt8(ascii: "t"), UInt8(ascii: "T"): return 10
        default: return nil
        }
    }

    /// Asks once and returns the answer, or nil when skipped, interrupted or not on a terminal.
    public static func ask(_ when: String, terminal: Terminal = Terminal()) -> Int? {
        guard interactive else { return nil }
        terminal.write(when + " — " + question)
        terminal.enterRawMode()
        defer { terminal.restore() }
        while !Interrupt.requested {
            guard let key = terminal.waitForKey(seconds: 0.2) else { continue }
            let v = value(ofKey: key)
            terminal.write((v.map { String($0) } ?? "skipped") + "\n")
            return v
        }
        terminal.write("\n")
        return nil
    }
}
