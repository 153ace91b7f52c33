import Foundation
import Logging
import PlantarSignal

/// The session layer's debug log: silent unless the program asks for it (`--verbose`, `PLANTAR_LOG=debug`).
public let sessionLog = Logger(label: "plantar.session")

/// Tells the debug log what a session does, as it happens: every state transition of the detector (libinput's
/// habit: `from`, `to`, and what caused it), the baseline found, gaps between samples, reps, rests and the end.
///
/// The signal module stays free of logging: its detectors report events and expose their state as values; this
/// reads them after each sample. A transition that emits an event (a hold starts, a rep ends, the user steps off)
/// is logged when the event arrives, so two in one sample (a rep ends and the next starts) are both named; one that
/// emits nothing (a dip below the exit threshold, a circle being traced) is seen in the state after the sample.
///
/// It exists only while debug logging is on: otherwise the session does no extra work per sample.
public final class SessionTrace {
    private let log: Logger
    private let routine: Routine
    private var index = 0
    private var state = "finding the baseline"
    private var lastMicros: Int64?
    /// The time of the sample being handled: when its events' transitions happen.
    private var now: Int64 = 0
    /// The latest skipped sample: a stretch of them is logged once.
    private var lastSkip: (reason: SkipReason, micros: Int64)?

    /// A trace when `logger` logs at debug level, else nil.
    public init?(routine: Routine, logger: Logger = sessionLog) {
        guard logger.logLevel <= .debug else { return nil }
        log = logger
        self.routine = routine
    }

    /// A debug message (built only while debug logging is on, which a trace's existence already says).
    private func debug(_ text: String) { log.debug("\(text)") }

    private var exerciseName: String {
        let i = min(index, routine.exercises.count - 1)
        return "\(routine.exercises[i].kind.rawValue) [\(i + 1)/\(routine.exercises.count)]"
    }

    private func transition(to next: String, atMicros micros: Int64, because cause: String? = nil) {
        guard next != state else { return }
        let why = cause.map { ", \($0)" } ?? ""
        debug("\(exerciseName): detector \(state) → \(next) at \(seconds(micros))\(why)")
        state = next
    }

    /// A session event, as the runner reports it (wrap the runner's observer).
    public func event(_ e: SessionEvent) {
        switch e {
        case .exerciseStarted(let i, let t):
            index = i
            state = "finding the baseline"
            debug("\(exerciseName): started at \(seconds(t))")
        case .baselineEstablished(_, let b):
            debug(
                "\(exerciseName): baseline found: \(fixed(b.loadKilograms, 1)) kg, centre of pressure "
                    + "(\(fixed(b.cop.x, 1)), \(fixed(b.cop.y, 1))) mm, from \(seconds(b.startMicros)) "
                    + "to \(seconds(b.endMicros))")
            state = "idle"
        case .holdStarted(_, let t, let side):
            transition(to: "holding" + (side.map { " (\($0.rawValue) foot lifted)" } ?? ""), atMicros: max(t, now))
        case .holdTargetReached(_, let t):
            transition(to: state + " (target reached)", atMicros: max(t, now))
        case .repEnded(_, let rep):
            transition(
                to: "idle", atMicros: max(rep.endMicros, now),
                because: "rep ended: \(seconds(rep.startMicros))–\(seconds(rep.endMicros)), "
                    + (rep.counted ? "counted" : "too short, not counted"))
        case .circleCounted(_, let rep):
            debug(
                "\(exerciseName): circle counted, \(rep.direction?.rawValue ?? "?"), "
                    + "\(seconds(rep.startMicros))–\(seconds(rep.endMicros))")
        case .steppedOff(_, let t):
            transition(to: "stepped off", atMicros: t, because: "load below the step-off fraction of the baseline")
        case .steppedOn(_, let t):
            transition(to: state.hasPrefix("resting") ? "resting" : "idle", atMicros: t, because: "stepped back on")
        case .exerciseEnded(let r):
            debug(
                "\(exerciseName): ended (\(r.reason.rawValue)): \(r.status.rawValue), \(r.countedReps) reps counted")
        case .restStarted(let next, let until):
            debug("rest until \(seconds(until)), then exercise \(next + 1)")
        case .sampleSkipped(_, let t, let reason):
            // One line per stretch of skipped samples (a lasting fault would write one per sample).
            let sameStretch = lastSkip.map { $0.reason == reason && t - $0.micros <= 1_000_000 } ?? false
            if !sameStretch {
                debug("\(exerciseName): sample at \(seconds(t)) skipped by the detector (\(Self.why(reason)))")
            }
            lastSkip = (reason, t)
        case .gap(_, let from, let to):
            debug(
                "\(exerciseName): no usable sample from \(seconds(from)) to \(seconds(to)), over max_gap_seconds: "
                    + "a hold in progress ends at \(seconds(from))")
        case .sensorFault(_, let sensor, let t):
            debug("\(exerciseName): sensor \(sensor + 1) reads nothing at \(seconds(t)): its samples are skipped")
        case .sensorRecovered(_, let sensor, let t):
            debug("\(exerciseName): sensor \(sensor + 1) reads again at \(seconds(t))")
        case .paused(let t):
            debug("paused at \(seconds(t))")
        case .resumed(let t):
            debug("resumed at \(seconds(t))")
        case .sessionEnded:
            debug("session ended")
        }
    }

    /// Before the runner handles `s`: the gap before it.
    public func willHandle(_ s: Sample, runner: SessionRunner) {
        now = s.timeMicros
        if let last = lastMicros, s.timeMicros - last > 250_000 {
            // Whether the detector ends a hold across it is its own event (`gap`).
            let gap = Double(s.timeMicros - last) / 1_000_000
            debug("gap of \(fixed(gap, 3)) s in the samples before \(seconds(s.timeMicros))")
        }
        lastMicros = s.timeMicros
    }

    /// After the runner handled `s`: a transition that emitted no event.
    public func didHandle(_ s: Sample, runner: SessionRunner) {
        guard runner.phase == .exercising, runner.index == index else { return }
        if let name = Self.stateName(runner.analysis) { transition(to: name, atMicros: s.timeMicros) }
    }

    static func why(_ reason: SkipReason) -> String {
        switch reason {
        case .deadCell: return "a dead cell"
        case .implausibleLoad: return "a load no person makes"
        case .aboveBaseline: return "more above the baseline than a person adds: a shorted or saturated cell"
        }
    }

    /// The detector's state as the log names it; nil while the baseline is being found.
    static func stateName(_ analysis: ExerciseAnalysis) -> String? {
        switch analysis.detector {
        case .none:
            return nil
        case .hold(let d):
            switch d.state {
            case .idle: return "idle"
            case .holding(_, let side, let reached):
                return "holding" + (side.map { " (\($0.rawValue) foot lifted)" } ?? "")
                    + (reached ? " (target reached)" : "")
            case .dipping: return "dipping (below exit, within grace)"
            case .steppedOff: return "stepped off"
            }
        case .circles(let d):
            let direction = d.direction.map { " (\($0.rawValue))" } ?? ""
            switch d.state {
            case .resting: return "resting" + direction
            case .tracing: return "tracing" + direction
            case .steppedOff: return "stepped off"
            }
        }
    }
}

/// Seconds on the session's time axis, as the log writes them.
private func seconds(_ micros: Int64) -> String { String(format: "%.3f s", Double(micros) / 1_000_000) }

private func fixed(_ v: Double, _ places: Int) -> String { String(format: "%.\(places)f", v) }
