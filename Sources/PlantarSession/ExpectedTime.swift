import PlantarSignal

/// How long a routine should take, from its targets and rests: the readout shows the session's time against it, and
/// `routine show` prints it. The article promises the five exercises in "20 minutes or less".
extension Routine {
    /// Getting into position and standing still while the starting position is found.
    public static let setupSeconds = 3.0
    /// Per rep besides the hold itself: rising into it, letting go, and a breath before the next.
    public static let perRepSeconds = 4.0
    /// One slow circle of the ankles.
    public static let perCircleSeconds = 4.0
    /// The article's limit for the whole routine.
    public static let articleLimitSeconds = 20.0 * 60

    /// One exercise: setup and baseline, then its reps (holds plus their overhead) or its circles (both ways).
    public static func expectedSeconds(_ e: RoutineExercise) -> Double {
        let setup = setupSeconds + e.settings.baseline.windowSeconds
        if e.kind == .ankleCircles {
            return setup + Double(2 * e.settings.targetReps) * perCircleSeconds
        }
        return setup + Double(e.settings.targetReps) * (e.settings.holdSeconds + perRepSeconds)
    }

    /// The rests between exercises.
    public var expectedRestSeconds: Double { Double(max(0, exercises.count - 1)) * restSeconds }

    /// The whole routine: every exercise and the rests between them.
    public var expectedSeconds: Double {
        exercises.reduce(0) { $0 + Self.expectedSeconds($1) } + expectedRestSeconds
    }

    /// "4:28" (or "1:02:03").
    public static func clock(_ seconds: Double) -> String {
        let t = max(0, Int(seconds.rounded()))
        return t >= 3600
            ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }

    /// The expected time as comment lines for a routine file.
    public func expectedTimeComment() -> String {
        let total = expectedSeconds
        let verdict =
            total <= Self.articleLimitSeconds
            ? "within the article's 20 minutes or less" : "longer than the article's 20 minutes"
        var out = "# Expected time: \(Self.clock(total)) (\(verdict))\n#  "
        for e in exercises { out += " \(e.kind.rawValue) \(Self.clock(Self.expectedSeconds(e)))," }
        out += " rests \(Self.clock(expectedRestSeconds))\n"
        return out
    }
}
