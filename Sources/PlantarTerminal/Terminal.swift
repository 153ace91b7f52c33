import Foundation
import PlantarSupport

/// What the terminal can do, and the raw mode a live session needs for its keys.
public final class Terminal: @unchecked Sendable {
    public let isTTY: Bool
    public let color: Bool
    /// `TERM=dumb`: no cursor movement, so no redraws.
    public let dumb: Bool
    private let output: Int32
    private let input: Int32
    private var rawEnabled = false

    public init(output: Int32 = STDOUT_FILENO, input: Int32 = STDIN_FILENO) {
        self.output = output
        self.input = input
        isTTY = Console.isTerminal(output)
        dumb = (Console.variable("TERM") ?? "") == "dumb"
        color = isTTY && !dumb && Console.variable("NO_COLOR").map { $0.isEmpty } ?? true
    }

    /// Can redraw in place.
    public var canRedraw: Bool { isTTY && !dumb }

    /// The terminal's size now (it follows resizes: asked on every redraw).
    public var size: (columns: Int, rows: Int) {
        var w = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 {
            return (Int(w.ws_col), Int(w.ws_row))
        }
        let env = Console.environment
        return (Int(env["COLUMNS"] ?? "") ?? 80, Int(env["LINES"] ?? "") ?? 24)
    }

    public func write(_ s: String) {
        var bytes = Array(s.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = valueOrErrno {
                bytes.withUnsafeMutableBytes { Glibc.write(output, $0.baseAddress! + offset, $0.count - offset) }
            }
            guard case .success(let n) = written else { return }
            offset += n
        }
        bytes.removeAll()
    }

    // MARK: Raw mode

    /// Keys without Enter and without echo; Ctrl-C still raises SIGINT. Restored by `restore()`, at exit and on signals.
    public func enterRawMode() {
        guard Console.isTerminal(input), !rawEnabled else { return }
        var t = termios()
        guard tcgetattr(input, &t) == 0 else { return }
        TerminalState.save(t, fd: input)
        t.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        tcsetattr(input, TCSANOW, &t)
        rawEnabled = true
        if canRedraw { write("\u{1B}[?25l") }
    }

    public func restore() {
        guard rawEnabled else {
            if canRedraw { write("\u{1B}[?25h") }
            return
        }
        TerminalState.restore()
        rawEnabled = false
        if canRedraw { write("\u{1B}[?25h") }
    }

    /// A key pressed since the last call, if any (raw mode only).
    public func readKey() -> UInt8? {
        guard rawEnabled else { return nil }
        var p = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return nil }
        var byte: UInt8 = 0
        return read(input, &byte, 1) == 1 ? byte : nil
    }

    /// Waits up to `seconds` for a key.
    public func waitForKey(seconds: Double) -> UInt8? {
        guard rawEnabled else {
            if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
            return nil
        }
        var p = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(max(0, seconds * 1000))) > 0 else { return nil }
        var byte: UInt8 = 0
        return read(input, &byte, 1) == 1 ? byte : nil
    }
}

/// The saved terminal mode, reachable from signal handlers and `atexit`.
enum TerminalState {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var fd: Int32 = -1
    nonisolated(unsafe) static var installed = false

    static func save(_ t: termios, fd: Int32) {
        saved = t
        self.fd = fd
        if !installed {
            installed = true
            atexit { TerminalState.restore() }
            // A second Ctrl-C ends the process at once: the terminal is put back first.
            Interrupt.beforeKill = { TerminalState.restore() }
        }
    }

    /// Async-signal-safe (it runs in the signal handler too): `tcsetattr` and `write` of static bytes only.
    static func restore() {
        guard fd >= 0 else { return }
        var t = saved
        tcsetattr(fd, TCSANOW, &t)
        let show: StaticString = "\u{1B}[?25h"
        _ = Glibc.write(STDOUT_FILENO, show.utf8Start, show.utf8CodeUnitCount)
        fd = -1
    }
}
