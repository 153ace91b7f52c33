import Foundation
import PlantarSession
import PlantarSignal

/// A snapshot of what the live readout shows, taken from the runner.
public struct ReadoutState: Sendable {
    public enum Phase: Sendable, Equatable {
        case findingBaseline
        case active
        case steppedOff
        case resting(secondsLeft: Double, next: String)
        case paused
        case finished
    }

    public var routineName: String
    public var index: Int
    public var count: Int
    public var kind: ExerciseKind
    public var instruction: String
    public var targetReps: Int
    public var holdSeconds: Double
    public var phase: Phase
    public var countedReps: Int
    public var attempts: Int
    public var heldSeconds: Double?
    /// The hold in progress has reached its target, as the detector decided it (its `holdTargetReached`): it counts
    /// whenever it ends. Not the held time compared here: a hold dipping below its exit level is not reached.
    public var targetReached = false
    public var clockwise: Int
    public var counterclockwise: Int
    /// Centre of pressure relative to the baseline, mm.
    public var cop: Point?
    public var trail: [Point]
    public var loadKilograms: Double
    public var sessionSeconds: Double
    /// What the routine should take (its targets and rests).
    public var expectedSeconds: Double
    public var exercisesDone: Int
    public var lastRep: String?
    /// Why the detector skipped the latest sample (from its `sampleSkipped` event), or nil: a skipped sample's load
    /// and centre of pressure are wrong, so they are not shown.
    public var skipped: SkipReason?

    public init(runner: SessionRunner, trail: [Point], lastRep: String?, skipped: SkipReason? = nil) {
        let ex = runner.currentExercise
        let a = runner.analysis
        routineName = runner.routine.name
        index = runner.index
        count = runner.routine.exercises.count
        kind = ex.kind
        instruction = ex.instruction
        targetReps = ex.settings.targetReps
        holdSeconds = ex.settings.holdSeconds
        countedReps = a.countedReps
        attempts = a.reps.count
        clockwise = a.clockwise
        counterclockwise = a.counterclockwise
        loadKilograms = a.latest?.loadKilograms ?? 0
        sessionSeconds = runner.durationSeconds
        expectedSeconds = runner.routine.expectedSeconds
        exercisesDone = runner.results.count
        self.trail = trail
        self.lastRep = lastRep
        self.skipped = skipped
        if let b = a.baseline, let s = a.latest {
            cop = s.cop - b.cop
            heldSeconds = a.heldSeconds(atMicros: s.timeMicros)
            if case .hold(let d)? = a.detector {
                switch d.state {
                case .holding(_, _, let reached), .dipping(_, _, let reached, _): targetReached = reached
                case .idle, .steppedOff: break
                }
            }
        } else {
            cop = nil
            heldSeconds = nil
        }
        switch runner.phase {
        case .finished:
            phase = .finished
        case .resting(let until):
            let next = runner.routine.exercises[min(runner.index + 1, count - 1)].kind.displayName
            phase = .resting(secondsLeft: max(0, Double(until - runner.lastMicros) / 1e6), next: next)
        case .exercising:
            if runner.paused {
                phase = .paused
            } else if a.steppedOff {
                phase = .steppedOff
            } else if a.awaitingBaseline {
                // At the start, and back on the board after a step-off: detection waits for a still window.
                phase = .findingBaseline
            } else {
                phase = .active
            }
        }
    }
}

/// Renders the readout as lines that fit `width` columns.
public enum Readout {
    /// What a skipped sample's reading was, in a few words.
    public static func describe(_ reason: SkipReason) -> String {
        switch reason {
        case .deadCell: return "a sensor reads nothing (a dead cell?)"
        case .implausibleLoad, .aboveBaseline: return "a load no person makes (a shorted cell?)"
        }
    }

    public static func render(_ s: ReadoutState, width: Int, color: Bool) -> [String] {
        let w = max(40, width - 1)
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        lines.append(
            paint("Plantar", "1") + " · \(s.routineName) · exercise \(s.index + 1) of \(s.count) · "
                + clock(s.sessionSeconds) + " of "
                + paint(
                    "~" + clock(s.expectedSeconds.rounded()), s.sessionSeconds > s.expectedSeconds ? "33" : "2"))
        lines.append(paint(s.kind.displayName, "1;36") + " — " + s.instruction)
        switch s.phase {
        case .findingBaseline:
            lines.append(paint("Stand still: finding your starting position…", "33"))
        case .steppedOff:
            lines.append(paint("Step back on the board to go on.", "33"))
        case .paused:
            lines.append(paint("Paused — press space to go on.", "33"))
        case .resting(let left, let next):
            lines.append(
                paint(
                    "Done! Rest \(Int(left.rounded(.up))) s — next: \(next) (press n or the board's button to start now)",
                    "32"))
        case .finished:
            lines.append(paint("Session complete.", "32"))
        case .active:
            if s.kind == .ankleCircles {
                lines.append("Circle slowly, keep your weight moving around your ankles.")
            } else if s.heldSeconds != nil {
                lines.append(paint("Holding — keep it up until the bar is full.", "36"))
            } else if s.countedReps >= s.targetReps {
                lines.append(paint("Target met — relax.", "32"))
            } else {
                lines.append("Ready: start rep \(s.countedReps + 1) of \(s.targetReps) when you are.")
            }
        }
        let barWidth = max(10, min(40, w - 30))
        if s.kind == .ankleCircles {
            lines.append(
                "Circles  counter-clockwise \(s.counterclockwise)/\(s.targetReps)  \(meter(s.counterclockwise, s.targetReps, color))"
            )
            lines.append(
                "         clockwise         \(s.clockwise)/\(s.targetReps)  \(meter(s.clockwise, s.targetReps, color))")
        } else {
            var reps = "Reps     \(s.countedReps)/\(s.targetReps)  \(meter(s.countedReps, s.targetReps, color))"
            if s.attempts > s.countedReps { reps += "  (\(s.attempts - s.countedReps) too short)" }
            lines.append(reps)
            let held = s.heldSeconds ?? 0
            let fraction = s.holdSeconds > 0 ? min(1, held / s.holdSeconds) : 0
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            let reached = s.heldSeconds != nil && s.targetReached
            var bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            bar = reached ? paint(bar, "32") : s.heldSeconds != nil ? paint(bar, "36") : bar
            var hold = "Hold     [\(bar)] \(String(format: "%4.1f", held)) / \(String(format: "%.0f", s.holdSeconds)) s"
            if reached { hold += "  " + paint("✓ target reached — release when ready", "1;32") }
            lines.append(hold)
        }
        if let last = s.lastRep { lines.append("Last     " + last) }
        var load = "Load     \(String(format: "%.1f", s.loadKilograms)) kg"
        if let c = s.cop {
            load += String(format: "   COP %+.0f mm right, %+.0f mm forward", c.x, c.y)
        }
        if let why = s.skipped {
            load = "Load     — " + paint("not counted: \(Readout.describe(why))", "33")
        }
        lines.append(load)
        lines += map(s, color: color)
        let progress = min(s.count, s.exercisesDone)
        let pw = max(5, min(20, w - 40))
        let pf = s.count > 0 ? pw * progress / s.count : 0
        lines.append(
            "Session  [" + String(repeating: "■", count: pf) + String(repeating: "·", count: pw - pf)
                + "] \(progress)/\(s.count) exercises done")
        lines.append(paint("[space] pause  [n] next  [r] redo  [q] quit", "2"))
        return lines.map { fit($0, w) }
    }

    /// ■■■□□ for small counts.
    static func meter(_ n: Int, _ of: Int, _ color: Bool) -> String {
        let shown = min(of, 20)
        let done = of > 0 ? min(shown, n * shown / of) : 0
        let s = String(repeating: "■", count: done) + String(repeating: "□", count: shown - done)
        return color && n >= of ? "\u{1B}[32m\(s)\u{1B}[0m" : s
    }

    /// A small map of the board around the starting position: `+` start, `o` now, `·` the recent path.
    static func map(_ s: ReadoutState, color: Bool) -> [String] {
        let cols = 25
        let rows = 7
        let spanX = 80.0
        let spanY = 60.0
        var grid = [[Character]](repeating: [Character](repeating: " ", count: cols), count: rows)
        func cell(_ p: Point) -> (Int, Int)? {
            let c = Int(((p.x / spanX + 1) / 2 * Double(cols - 1)).rounded())
            let r = Int(((1 - (p.y / spanY + 1) / 2) * Double(rows - 1)).rounded())
            guard c >= 0, c < cols, r >= 0, r < rows else { return nil }
            return (r, c)
        }
        for p in s.trail { if let (r, c) = cell(p) { grid[r][c] = "·" } }
        if let (r, c) = cell(Point(x: 0, y: 0)) { grid[r][c] = "+" }
        if let p = s.cop, let (r, c) = cell(p) { grid[r][c] = "o" }
        var out = ["         toes ↑  ┌" + String(repeating: "─", count: cols) + "┐"]
        for (i, row) in grid.enumerated() {
            let label = i == rows / 2 ? "    left ← " : "           "
            let right = i == rows / 2 ? " → right" : ""
            var line = String(row)
            if color { line = line.replacingOccurrences(of: "o", with: "\u{1B}[1;35mo\u{1B}[0m") }
            out.append(label + "      │" + line + "│" + right)
        }
        out.append("                 └" + String(repeating: "─", count: cols) + "┘")
        return out
    }

    static func clock(_ seconds: Double) -> String {
        let t = max(0, Int(seconds))
        return String(format: "%02d:%02d", t / 60, t % 60)
    }

    /// Cuts a line to `width` visible columns (escape sequences do not count).
    static func fit(_ line: String, _ width: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        for ch in line {
            if inEscape {
                out.append(ch)
                if ch == "m" { inEscape = false }
                continue
            }
            if ch == "\u{1B}" {
                inEscape = true
                out.append(ch)
                continue
            }
            if visible >= width {
                if line.contains("\u{1B}") { out += "\u{1B}[0m" }
                break
            }
            out.append(ch)
            visible += 1
        }
        return out
    }
}
