import PlantarSession
import PlantarSignal

/// A signal a plot draws, relative to the exercise's baseline.
enum Channel {
    case load
    case forward
    case sideways
    /// Distance of the centre of pressure from the baseline point (ankle circles).
    case radius

    /// The signal a detector works on.
    static func detected(by detector: DetectorParameters) -> Channel {
        switch detector {
        case .circles: return .radius
        case .hold(let p):
            switch p.signal {
            case .loadGain: return .load
            case .forwardShift: return .forward
            case .lateralShift: return .sideways
            }
        }
    }

    var title: String {
        switch self {
        case .load: return "Load above baseline"
        case .forward: return "Forward shift of the centre of pressure"
        case .sideways: return "Sideways shift of the centre of pressure"
        case .radius: return "Distance of the centre of pressure from the baseline point"
        }
    }

    var unit: String {
        switch self {
        case .load: return "kg"
        case .forward: return "mm, + towards the toes"
        case .sideways: return "mm, + right"
        case .radius: return "mm"
        }
    }

    var shortUnit: String { self == .load ? "kg" : "mm" }

    func trace(_ t: ExerciseTrace) -> MinMaxTrace {
        switch self {
        case .load: return t.load
        case .forward: return t.copY
        case .sideways: return t.copX
        case .radius: return t.radius
        }
    }

    /// What is taken off the raw signal: the baseline's value.
    func offset(_ b: Baseline?) -> Double {
        guard let b else { return 0 }
        switch self {
        case .load: return b.loadKilograms
        case .forward: return b.cop.y
        case .sideways: return b.cop.x
        case .radius: return 0
        }
    }

    /// The label of the zero line.
    func baselineLabel(_ b: Baseline) -> String? {
        switch self {
        case .load: return "baseline \(signed(b.loadKilograms, decimals: 1)) kg"
        case .forward: return "baseline y = \(signed(b.cop.y, decimals: 1)) mm"
        case .sideways: return "baseline x = \(signed(b.cop.x, decimals: 1)) mm"
        case .radius: return nil
        }
    }

    /// The smallest half-height of the value axis, so that sway at rest does not look like movement.
    var minimumHalfSpan: Double { self == .load ? 3 : 10 }

    /// The largest extent of the value axis either way: a step off the board is clipped, not plotted to scale.
    var clamp: Double { self == .load ? 40 : 160 }
}
