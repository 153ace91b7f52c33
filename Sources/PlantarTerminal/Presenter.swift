import Foundation
import PlantarSession
import PlantarSignal
import PlantarSupport

/// Shows a session to a person: a live readout redrawn in place on a terminal, or plain timestamped lines when
/// the output is not one (a pipe, a log, `TERM=dumb`). Handles the keys of a live session.
public final class Presenter {
    public let terminal: Terminal
    public let live: Bool
    public let bell: Bool
    /// Print nothing while running (for `--json`).
    public let silent: Bool
    private var drawnLines = 0
    private let clock = ContinuousClock()
    private var lastDraw: ContinuousClock.Instant?
    private var trail: [Point]
    private var trailNext = 0
    private var trailCount = 0
    private var lastRep: String?
    /// The latest sample the detector skipped (from its events): not drawn in the circle trail.
    private var skippedMicros: Int64 = .min
    private var skippedReason: SkipReason?
    private weak var runner: SessionRunner?
    public private(set) var quitByKey = false
    private let maxRedrawsPerSecond = 30.0

    public let routine: Routine?
    /// The big readout (block digits, for a few metres away): true, false, or nil for "when the terminal is large
    /// enough" (`BigReadout.fits`).
    public var big: Bool?

    public init(terminal: Terminal = Terminal(), routine: Routine? = nil, bell: Bool = true, silent: Bool = false) {
        self.terminal = terminal
        self.routine = routine
        self.bell = bell && terminal.isTTY
        self.silent = silent
        live = terminal.canRedraw && !silent
        trail = [Point](repeating: Point(x: 0, y: 0), count: 90)
    }

    /// A line about the device (lost, back) shown under the readout until the next one.
    public func notice(_ text: String) {
        lastRep = text
        redraw(force: true)
    }

    public func attach(_ runner: SessionRunner) {
        self.runner = runner
        if live { terminal.enterRawMode() }
    }

    // MARK: Events

    public func observe(_ e: SessionEvent) {
        switch e {
        case .repEnded(_, let r):
            // Shown only by the live readout (no formatting for a report alone).
            guard live else { break }
            lastRep = String(format: "%.1f s", r.durationSeconds) + (r.counted ? " ✓ counted" : " — too short")
            if r.side != nil { lastRep! += " (\(r.side == .left ? "left" : "right") foot lifted)" }
        case .circleCounted(_, let r):
            lastRep = "circle \(r.direction == .clockwise ? "clockwise" : "counter-clockwise") ✓"
            ring()
        case .holdTargetReached:
            ring()
        case .exerciseStarted:
            lastRep = nil
            trailCount = 0
        case .exerciseEnded:
            ring()
        case .sensorFault(_, let sensor, _):
            lastRep =
                "⚠ \(runner?.sensorName(sensor) ?? "a sensor") reads nothing: a dead cell? Nothing counts until it reads"
        case .sensorRecovered(_, let sensor, _):
            lastRep = "\(runner?.sensorName(sensor) ?? "the sensor") reads again"
        case .sampleSkipped(_, let at, let reason):
            // A dead cell has its own message (sensorFault); a load no person makes is said once per stretch.
            if reason != .deadCell, skippedMicros == .min || at - skippedMicros > 1_000_000 {
                lastRep = "⚠ a load no person makes (a shorted or saturated cell?): those samples do not count"
            }
            skippedMicros = at
            skippedReason = reason
        default:
            break
        }
        if !live && !silent,
            let line = Self.plainLine(e, routine: runner?.routine ?? routine, sensorNames: runner?.sensorNames ?? [])
        {
            Console.line(line)
            fflush(nil)
        }
    }

    private func ring() {
        if bell { terminal.write("\u{7}") }
    }

    /// One plain line per event: what a log or a pipe gets.
    public static func plainLine(_ e: SessionEvent, routine: Routine?, sensorNames: [String] = []) -> String? {
        func sensorName(_ i: Int) -> String { i >= 0 && i < sensorNames.count ? sensorNames[i] : "sensor \(i + 1)" }
        func t(_ micros: Int64) -> String { String(format: "%8.2f", Double(micros) / 1_000_000) }
        func name(_ i: Int) -> String { routine.map { $0.exercises[i].kind.rawValue } ?? "exercise \(i + 1)" }
        switch e {
        case .exerciseStarted(let i, let at):
            return "\(t(at))  \(name(i))  started: \(routine?.exercises[i].instruction ?? "")"
        case .baselineEstablished(let i, let b):
            return "\(t(b.endMicros))  \(name(i))  baseline \(String(format: "%.1f", b.loadKilograms)) kg"
        case .holdStarted(let i, let at, let side):
            return "\(t(at))  \(name(i))  rep started" + (side.map { " (\($0.rawValue) foot lifted)" } ?? "")
        case .holdTargetReached(let i, let at):
            return "\(t(at))  \(name(i))  hold target reached"
        case .repEnded(let i, let r):
            let d = String(format: "%.2f", r.durationSeconds)
            return "\(t(r.endMicros))  \(name(i))  rep \(r.counted ? "counted" : "too short") (\(d) s)"
        case .circleCounted(let i, let r):
            return "\(t(r.endMicros))  \(name(i))  circle counted (\(r.direction?.rawValue ?? ""))"
        case .steppedOff(let i, let at):
            return "\(t(at))  \(name(i))  stepped off"
        case .steppedOn(let i, let at):
            return "\(t(at))  \(name(i))  stepped back on"
        case .exerciseEnded(let r):
            let counted =
                r.kind == .ankleCircles
                ? "\(r.counterclockwise) ccw + \(r.clockwise) cw" : "\(r.countedReps)/\(r.exercise.settings.targetReps)"
            return "\(t(r.endMicros ?? 0))  \(r.kind.rawValue)  exercise done: \(r.status.rawValue) (\(counted))"
        case .restStarted(let next, let until):
            return "\(t(until))  rest, then \(name(next))"
        case .sensorFault(let i, let sensor, let at):
            return "\(t(at))  \(name(i))  \(sensorName(sensor)) reads nothing while its neighbours carry load: a dead "
                + "cell? Nothing counts until it reads again"
        case .sensorRecovered(let i, let sensor, let at):
            return "\(t(at))  \(name(i))  \(sensorName(sensor)) reads again"
        case .paused(let at):
            return "\(t(at))  paused"
        case .resumed(let at):
            return "\(t(at))  resumed"
        case .sampleSkipped, .gap, .sessionEnded:
            return nil
        }
    }

    // MARK: Frames and keys

    /// After each frame: remembers the path for the circle trace, redraws at most 30 times a second.
    public func frame(_ sample: Sample) {
        guard live, let runner else { return }
        if let b = runner.analysis.baseline, sample.timeMicros != skippedMicros {
            trail[trailNext] = sample.cop - b.cop
            trailNext = (trailNext + 1) % trail.count
            trailCount = min(trail.count, trailCount + 1)
        }
        redraw(force: false)
    }

    /// Waits up to `seconds`, handling keys and redrawing; false when the session should stop.
    public func wait(seconds: Double) -> Bool {
        if Interrupt.requested { return false }
        guard live, let runner else {
            if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
            return !Interrupt.requested
        }
        if let key = terminal.waitForKey(seconds: seconds) { handle(key, runner) }
        redraw(force: false)
        return !Interrupt.requested && !quitByKey
    }

    /// Keys pressed since the last frame; false when the session should stop.
    public func pollKeys() -> Bool {
        if Interrupt.requested { return false }
        guard live, let runner else { return true }
        while let key = terminal.readKey() { handle(key, runner) }
        return !quitByKey
    }

    private func handle(_ key: UInt8, _ runner: SessionRunner) {
        switch key {
        case UInt8(ascii: " "): runner.command(.togglePause)
        case UInt8(ascii: "n"), UInt8(ascii: "N"): runner.command(.next)
        case UInt8(ascii: "r"), UInt8(ascii: "R"): runner.command(.redo)
        case UInt8(ascii: "q"), UInt8(ascii: "Q"):
            quitByKey = true
            runner.command(.quit)
        default: break
        }
        redraw(force: true)
    }

    public func redraw(force: Bool) {
        guard live, let runner else { return }
        let now = clock.now
        if !force, let last = lastDraw, now - last < .milliseconds(Int64(1000 / maxRedrawsPerSecond)) { return }
        lastDraw = now
        var points: [Point] = []
        if runner.currentExercise.kind == .ankleCircles {
            points.reserveCapacity(trailCount)
            for i in 0..<trailCount { points.append(trail[(trailNext - 1 - i + trail.count) % trail.count]) }
        }
        let state = ReadoutState(
            runner: runner, trail: points, lastRep: lastRep,
            skipped: skippedMicros == runner.lastMicros ? skippedReason : nil)
        let size = terminal.size
        let lines =
            big ?? BigReadout.fits(columns: size.columns, rows: size.rows)
            ? BigReadout.render(state, width: size.columns, color: terminal.color)
            : Readout.render(state, width: size.columns, color: terminal.color)
        var out = ""
        if drawnLines > 0 { out += "\u{1B}[\(drawnLines)A" }
        for line in lines { out += "\r" + line + "\u{1B}[K\n" }
        // Clear what a longer previous frame left below.
        if drawnLines > lines.count { out += "\u{1B}[J" }
        drawnLines = lines.count
        terminal.write(out)
    }

    /// The last redraw, the terminal restored, then the final table (unless the report goes out as JSON).
    public func end(_ report: SessionReport, table: Bool = true) {
        if live {
            redraw(force: true)
            terminal.restore()
            terminal.write("\n")
        }
        guard table else { return }
        Console.line(ResultsTable.text(report, color: terminal.color))
        fflush(nil)
    }
}
