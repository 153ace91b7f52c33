import PlantarSignal

/// One exercise's results, computed once from its `ExerciseResult` and read by everything that shows them: the
/// terminal's table, the report page, the JSON report and the history.
public struct ExerciseSummary: Sendable, Equatable {
    public var kind: ExerciseKind
    public var status: ExerciseStatus
    public var targetReps: Int
    public var holdSeconds: Double
    /// Reps that lasted the hold (for circles: circles in both directions).
    public var countedReps: Int
    /// Reps too short to count (holds only).
    public var shortReps: Int
    /// The longest rep, counted or not (nil for circles and without reps).
    public var bestHoldSeconds: Double?
    /// The mean of the counted reps (nil for circles and without a counted rep).
    public var meanHoldSeconds: Double?
    public var clockwise: Int
    public var counterclockwise: Int
    /// Pencil pickups: counted reps per lifted foot (nil for other exercises and without reps).
    public var sides: (left: Int, right: Int)?

    public init(_ r: ExerciseResult) {
        kind = r.kind
        status = r.status
        targetReps = r.exercise.settings.targetReps
        holdSeconds = r.exercise.settings.holdSeconds
        countedReps = r.countedReps
        clockwise = r.clockwise
        counterclockwise = r.counterclockwise
        let isCircles = r.kind == .ankleCircles
        shortReps = isCircles ? 0 : r.reps.count - r.countedReps
        let counted = r.reps.filter(\.counted).map(\.durationSeconds)
        bestHoldSeconds = isCircles ? nil : r.reps.map(\.durationSeconds).max()
        meanHoldSeconds = isCircles || counted.isEmpty ? nil : counted.reduce(0, +) / Double(counted.count)
        if r.kind == .pencilPickups, !r.reps.isEmpty {
            sides = (
                r.reps.filter { $0.counted && $0.side == .left }.count,
                r.reps.filter { $0.counted && $0.side == .right }.count
            )
        }
    }

    public static func == (a: ExerciseSummary, b: ExerciseSummary) -> Bool {
        a.kind == b.kind && a.status == b.status && a.targetReps == b.targetReps && a.holdSeconds == b.holdSeconds
            && a.countedReps == b.countedReps && a.shortReps == b.shortReps
            && a.bestHoldSeconds == b.bestHoldSeconds && a.meanHoldSeconds == b.meanHoldSeconds
            && a.clockwise == b.clockwise && a.counterclockwise == b.counterclockwise
            && a.sides?.left == b.sides?.left && a.sides?.right == b.sides?.right
    }

    // MARK: Cells, worded the same wherever the results are shown

    /// "10 × 3.0 s", or "10 + 10 circles".
    public var targetText: String {
        kind == .ankleCircles
            ? "\(targetReps) + \(targetReps) circles" : "\(targetReps) \u{00D7} \(Self.format(holdSeconds)) s"
    }

    /// "8/10 (+2 short)", "3/4 (L2 R1)", or "10 ccw, 9 cw".
    public var doneText: String {
        if kind == .ankleCircles { return "\(counterclockwise) ccw, \(clockwise) cw" }
        var done = "\(countedReps)/\(targetReps)" + (shortReps > 0 ? " (+\(shortReps) short)" : "")
        if let sides { done += " (L\(sides.left) R\(sides.right))" }
        return done
    }

    /// "4.5 s", or `none`.
    public func bestText(none: String) -> String { bestHoldSeconds.map { Self.format($0) + " s" } ?? none }

    /// "3.9 s", or `none`.
    public func meanText(none: String) -> String { meanHoldSeconds.map { Self.format($0) + " s" } ?? none }

    /// Seconds with one decimal.
    public static func format(_ seconds: Double) -> String { String(format: "%.1f", seconds) }
}
