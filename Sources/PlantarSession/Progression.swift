import Foundation
import PlantarSignal

/// How far an exercise's target may move from session to session, and in which steps.
public struct ProgressionRange: Sendable, Equatable {
    /// What moves: the hold (flexes, toe walks) or the number of reps (pickups, presses).
    public enum Parameter: String, Sendable {
        case holdSeconds = "hold"
        case reps
    }

    public var parameter: Parameter
    public var minimum: Double
    public var maximum: Double
    public var step: Double

    public init(parameter: Parameter, minimum: Double, maximum: Double, step: Double) {
        self.parameter = parameter
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
    }

    /// The article's ranges: flexes held "for five to ten seconds", toe walks "for ten to twenty seconds"; pickups
    /// and presses are repeated "until you feel your pain beginning to decrease", so their reps go up (4 → 10 and
    /// 10 → 20). Ankle circles have no range in the article and stay as they are.
    public static func builtIn(_ kind: ExerciseKind) -> ProgressionRange? {
        switch kind {
        case .footFlexes: return ProgressionRange(parameter: .holdSeconds, minimum: 5, maximum: 10, step: 1)
        case .toeWalks: return ProgressionRange(parameter: .holdSeconds, minimum: 10, maximum: 20, step: 2)
        case .pencilPickups: return ProgressionRange(parameter: .reps, minimum: 4, maximum: 10, step: 1)
        case .toePresses: return ProgressionRange(parameter: .reps, minimum: 10, maximum: 20, step: 2)
        case .ankleCircles: return nil
        }
    }

    /// The parameter's value in an exercise's settings.
    public func value(of settings: ExerciseSettings) -> Double {
        parameter == .holdSeconds ? settings.holdSeconds : Double(settings.targetReps)
    }

    public func clamped(_ v: Double) -> Double { min(maximum, max(minimum, v)) }

    /// "12 s" or "14 reps".
    public func describe(_ v: Double) -> String {
        let n = v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
        return parameter == .holdSeconds ? "\(n) s" : "\(n) reps"
    }
}

/// One earlier session of an exercise: the target it had and whether it was met.
public struct PastTarget: Sendable, Equatable {
    public var value: Double
    public var met: Bool

    public init(value: Double, met: Bool) {
        self.value = value
        self.met = met
    }
}

/// What the next session of an exercise should aim for, and why.
public struct Proposal: Sendable, Equatable {
    public enum Change: String, Sendable {
        /// No history of this exercise yet: the routine's own target.
        case first
        case up
        case down
        case same
    }

    public var kind: ExerciseKind
    public var range: ProgressionRange
    public var value: Double
    /// The target of the last session, if there was one.
    public var previous: Double?
    public var change: Change
    /// Met or missed in the last (up to) three sessions, newest first.
    public var recent: [Bool]

    /// "toe walks: 12 s today (last three: met)".
    public var text: String {
        var out = "\(kind.displayName.lowercased()): \(range.describe(value)) today"
        switch change {
        case .up: out += ", up from \(range.describe(previous ?? value))"
        case .down: out += ", down from \(range.describe(previous ?? value))"
        case .first, .same: break
        }
        guard !recent.isEmpty else { return out + " (first time)" }
        let count = ["one", "two", "three"][recent.count - 1]
        let words = recent.map { $0 ? "met" : "missed" }
        let summary = Set(words).count == 1 ? words[0] : words.joined(separator: ", ")
        return out + " (last \(count): \(summary))"
    }
}

/// The next target from the history of one exercise: three sessions in a row that met the current target move it one
/// step up; two in a row that missed it move it one step down; anything else keeps it. Only sessions at the current
/// target count towards a change, so each step is earned (or lost) afresh. Always within the range.
public enum Progression {
    public static let metToStepUp = 3
    public static let missedToStepDown = 2

    /// - Parameters:
    ///   - history: earlier sessions of this exercise, newest first (exercises skipped or not reached left out).
    ///   - routineValue: the routine's own target, used for a first session.
    public static func propose(
        kind: ExerciseKind, range: ProgressionRange, routineValue: Double, history: [PastTarget]
    ) -> Proposal {
        let recent = Array(history.prefix(3).map(\.met))
        guard let last = history.first else {
            return Proposal(
                kind: kind, range: range, value: range.clamped(routineValue), previous: nil, change: .first, recent: [])
        }
        let current = range.clamped(last.value)
        let atCurrent = history.prefix { abs(range.clamped($0.value) - current) < 1e-9 }
        var value = current
        if atCurrent.count >= metToStepUp, atCurrent.prefix(metToStepUp).allSatisfy(\.met) {
            value = range.clamped(current + range.step)
        } else if atCurrent.count >= missedToStepDown, atCurrent.prefix(missedToStepDown).allSatisfy({ !$0.met }) {
            value = range.clamped(current - range.step)
        }
        let change: Proposal.Change = value > last.value ? .up : value < last.value ? .down : .same
        return Proposal(kind: kind, range: range, value: value, previous: last.value, change: change, recent: recent)
    }

    /// The routine with each exercise's target set to its proposal (exercises without a range are left alone).
    public static func apply(_ proposals: [Int: Proposal], to routine: Routine) -> Routine {
        var out = routine
        for (i, p) in proposals where i < out.exercises.count {
            switch p.range.parameter {
            case .holdSeconds: out.exercises[i].settings.setHoldSeconds(p.value)
            case .reps: out.exercises[i].settings.targetReps = Int(p.value.rounded())
            }
        }
        return out
    }
}
