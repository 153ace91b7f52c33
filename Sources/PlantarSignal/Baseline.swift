/// The user at rest: mean load and centre of pressure, the reference every detector measures from.
public struct Baseline: Sendable, Equatable, Codable {
    public var loadKilograms: Double
    public var cop: Point
    /// When the steady window that produced it began and ended, in microseconds.
    public var startMicros: Int64
    public var endMicros: Int64

    public init(loadKilograms: Double, cop: Point, startMicros: Int64, endMicros: Int64) {
        self.loadKilograms = loadKilograms
        self.cop = cop
        self.startMicros = startMicros
        self.endMicros = endMicros
    }
}

/// Finds the first steady window (SPEC §4): at least `windowSeconds` long, every load at least
/// `minimumLoadKilograms`, and the spread of loads (max − min) below max(`toleranceKilograms`,
/// `toleranceFraction` × mean). A sample that breaks the window starts a new one with itself.
///
/// | state      | sample                         | next                                  |
/// |------------|--------------------------------|---------------------------------------|
/// | collecting | a dead cell marks the sample   | collecting, sample ignored            |
/// | collecting | load < minimum                 | collecting, window emptied            |
/// | collecting | spread too wide with it        | collecting, window = this sample      |
/// | collecting | window spans ≥ windowSeconds   | done, baseline = window means         |
/// | done       | anything                       | done (the baseline never moves)       |
public struct BaselineEstimator: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var windowSeconds: Double = 1.5
        public var minimumLoadKilograms: Double = 2
        public var toleranceKilograms: Double = 1
        public var toleranceFraction: Double = 0.03
        public init() {}
        public static let `default` = Parameters()
    }

    public let parameters: Parameters
    public private(set) var baseline: Baseline?
    private var count = 0
    private var startMicros: Int64 = 0
    private var sumLoad = 0.0
    private var sumX = 0.0
    private var sumY = 0.0
    private var minLoad = 0.0
    private var maxLoad = 0.0

    public init(parameters: Parameters = .default) {
        self.parameters = parameters
    }

    /// Feeds one sample; returns the baseline when this sample completes it.
    @discardableResult
    public mutating func add(_ s: Sample) -> Baseline? {
        // A dead cell makes load and centre of pressure wrong: such samples neither start nor break a window.
        guard baseline == nil, s.faultySensor < 0 else { return nil }
        guard s.loadKilograms >= parameters.minimumLoadKilograms, s.loadKilograms.isFinite else {
            count = 0
            return nil
        }
        if count > 0 {
            let lo = Swift.min(minLoad, s.loadKilograms)
            let hi = Swift.max(maxLoad, s.loadKilograms)
            let mean = (sumLoad + s.loadKilograms) / Double(count + 1)
            if hi - lo >= Swift.max(parameters.toleranceKilograms, parameters.toleranceFraction * mean) {
                count = 0
            }
        }
        if count == 0 {
            startMicros = s.timeMicros
            sumLoad = 0
            sumX = 0
            sumY = 0
            minLoad = s.loadKilograms
            maxLoad = s.loadKilograms
        }
        count += 1
        sumLoad += s.loadKilograms
        sumX += s.cop.x
        sumY += s.cop.y
        minLoad = Swift.min(minLoad, s.loadKilograms)
        maxLoad = Swift.max(maxLoad, s.loadKilograms)
        let spanMicros = s.timeMicros - startMicros
        guard Double(spanMicros) >= parameters.windowSeconds * 1_000_000 else { return nil }
        let n = Double(count)
        let found = Baseline(
            loadKilograms: sumLoad / n, cop: Point(x: sumX / n, y: sumY / n),
            startMicros: startMicros, endMicros: s.timeMicros)
        baseline = found
        return found
    }
}
