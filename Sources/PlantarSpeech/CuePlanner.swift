import PlantarSession
import PlantarSignal

/// One thing to say, at a time on the session's clock.
public struct Cue: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The exercise and its instruction.
        case start
        /// While the starting position (the baseline) is found.
        case standStill = "stand-still"
        /// The baseline is found: the person may begin.
        case go
        case hold
        /// One of the last seconds before a hold's target.
        case countdown
        /// A hold's target is met.
        case release
        /// A counted rep: "3 of 10".
        case count
        case tooShort = "too-short"
        case circle
        /// Rest, and the next exercise.
        case rest
        case stepOn = "step-on"
        case paused
        case done
    }

    public var atMicros: Int64
    public var kind: Kind
    public var text: String

    public init(atMicros: Int64, kind: Kind, text: String) {
        self.atMicros = atMicros
        self.kind = kind
        self.text = text
    }

    public var seconds: Double { Double(atMicros) / 1_000_000 }
}

/// Turns the runner's events (and the passing of time, for countdowns) into cues. Pure: the same events give the
/// same cues, whether the session is live, replayed in real time or replayed as fast as possible.
///
/// | event                         | cue                                               |
/// |-------------------------------|---------------------------------------------------|
/// | exercise started              | "Toe presses. Stand with knees…", "Stand still."   |
/// | baseline found                | "Go."                                             |
/// | hold started                  | "Hold."                                           |
/// | 3, 2, 1 s before the target   | "3", "2", "1" (fewer for holds under 4 s)         |
/// | hold target reached           | "Release."                                        |
/// | rep counted / too short       | "4 of 10." / "Too short."                         |
/// | circle counted                | "3 clockwise."                                    |
/// | rest started                  | "Rest. Next: toe presses."                        |
/// | stepped off, paused           | "Step back on.", "Paused."                        |
/// | session ended                 | "Session complete."                               |
public struct CuePlanner {
    public var routine: Routine
    /// How many of the last seconds before a hold's target are counted out loud.
    public var countdownFrom = 3
    private var index = 0
    private var counted = 0
    private var clockwise = 0
    private var counterclockwise = 0
    private var holdStartMicros: Int64?
    /// The next number to say in the countdown (0: none left).
    private var nextCount = 0
    private var lastMicros: Int64 = 0

    public init(routine: Routine) {
        self.routine = routine
    }

    private var exercise: RoutineExercise { routine.exercises[min(index, routine.exercises.count - 1)] }

    /// The cues one event gives, appended to `out`.
    public mutating func observe(_ e: SessionEvent, into out: inout [Cue]) {
        func cue(_ at: Int64, _ kind: Cue.Kind, _ text: String) {
            lastMicros = max(lastMicros, at)
            out.append(Cue(atMicros: at, kind: kind, text: text))
        }
        switch e {
        case .exerciseStarted(let i, let at):
            index = i
            counted = 0
            clockwise = 0
            counterclockwise = 0
            holdStartMicros = nil
            nextCount = 0
            let ex = exercise
            cue(at, .start, "\(ex.kind.displayName). " + Self.spoken(ex.instruction))
            cue(at, .standStill, "Stand still.")
        case .baselineEstablished(_, let b):
            cue(max(b.endMicros, lastMicros), .go, "Go.")
        case .holdStarted(_, let at, _):
            holdStartMicros = at
            let whole = Int(exercise.settings.holdSeconds.rounded(.down))
            nextCount = max(0, min(countdownFrom, whole - 1))
            cue(at, .hold, "Hold.")
        case .holdTargetReached(_, let at):
            holdStartMicros = nil
            nextCount = 0
            cue(at, .release, "Release.")
        case .repEnded(_, let r):
            holdStartMicros = nil
            nextCount = 0
            if r.counted {
                counted += 1
                cue(r.endMicros, .count, "\(counted) of \(exercise.settings.targetReps).")
            } else {
                cue(r.endMicros, .tooShort, "Too short.")
            }
        case .circleCounted(_, let r):
            if r.direction == .clockwise {
                clockwise += 1
                cue(r.endMicros, .circle, "\(clockwise) clockwise.")
            } else {
                counterclockwise += 1
                cue(r.endMicros, .circle, "\(counterclockwise) counter-clockwise.")
            }
        case .steppedOff(_, let at):
            holdStartMicros = nil
            nextCount = 0
            cue(at, .stepOn, "Step back on.")
        case .exerciseEnded(let r):
            holdStartMicros = nil
            nextCount = 0
            if let end = r.endMicros { lastMicros = max(lastMicros, end) }
        case .restStarted(let next, _):
            let name = routine.exercises[min(next, routine.exercises.count - 1)].kind.displayName.lowercased()
            cue(lastMicros, .rest, "Rest. Next: \(name).")
        case .paused(let at):
            holdStartMicros = nil
            nextCount = 0
            cue(at, .paused, "Paused.")
        case .sessionEnded:
            cue(lastMicros, .done, "Session complete.")
        case .steppedOn, .resumed, .sensorFault, .sensorRecovered, .sampleSkipped, .gap:
            break
        }
    }

    /// After each frame: the countdown number that is due, if any (at most one per call; call again for more).
    /// Allocation-free when nothing is due.
    public mutating func tick(atMicros now: Int64) -> Cue? {
        guard let start = holdStartMicros, nextCount > 0 else { return nil }
        let hold = exercise.settings.holdSeconds
        let due = start + Int64(((hold - Double(nextCount)) * 1_000_000).rounded())
        guard now >= due else { return nil }
        let n = nextCount
        nextCount -= 1
        lastMicros = max(lastMicros, due)
        return Cue(atMicros: due, kind: .countdown, text: "\(n)")
    }

    /// The instruction as it should be said: "5-10 s" becomes "5 to 10 seconds".
    public static func spoken(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            // "N s" (a number, a space, an "s" that ends the word) → "N seconds".
            if c == "s", i >= 2, chars[i - 1] == " ", chars[i - 2].isNumber,
                i + 1 == chars.count || !chars[i + 1].isLetter
            {
                out += "seconds"
            } else if c == "-", i >= 1, chars[i - 1].isNumber, i + 1 < chars.count, chars[i + 1].isNumber {
                out += " to "
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
