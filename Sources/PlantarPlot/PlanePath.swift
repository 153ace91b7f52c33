import PlantarSignal

/// The centre of pressure's path in the board's plane, thinned as it streams in.
///
/// A point is kept only when it lies at least `stepMillimetres` from the last one kept. When more than `capacity`
/// points are kept, the step doubles (up to `maximumStepMillimetres`, which still draws a circle smoothly) and the
/// kept points are thinned again; beyond that every other point is dropped. A long recording stays small: going round
/// the same circle for an hour draws it with fewer points per turn, never more points in all.
public struct PlanePath: Sendable {
    public struct Point: Sendable, Equatable {
        public var micros: Int64
        /// Millimetres from the exercise's baseline (+x right, +y towards the toes).
        public var x: Float
        public var y: Float
    }

    public static let maximumStepMillimetres = 2.0

    public let capacity: Int
    public private(set) var stepMillimetres: Double
    /// Of the points that pass the step, one in `stride` is kept.
    public private(set) var stride = 1
    public private(set) var points: [Point] = []
    private var passed = 0

    public init(capacity: Int = 6000, stepMillimetres: Double = 0.5) {
        self.capacity = Swift.max(16, capacity)
        self.stepMillimetres = Swift.min(stepMillimetres, Self.maximumStepMillimetres)
    }

    public mutating func add(micros: Int64, offset: PlantarSignal.Point) {
        guard offset.x.isFinite, offset.y.isFinite else { return }
        let p = Point(micros: micros, x: Float(offset.x), y: Float(offset.y))
        if let last = points.last, Self.distance(last, p) < stepMillimetres { return }
        passed += 1
        guard points.isEmpty || passed % stride == 0 else { return }
        points.append(p)
        guard points.count > capacity else { return }
        if stepMillimetres < Self.maximumStepMillimetres {
            stepMillimetres = Swift.min(stepMillimetres * 2, Self.maximumStepMillimetres)
            var thinned: [Point] = []
            thinned.reserveCapacity(capacity)
            for q in points where thinned.last.map({ Self.distance($0, q) >= stepMillimetres }) ?? true {
                thinned.append(q)
            }
            points = thinned
        }
        if points.count > capacity * 3 / 4 {
            stride *= 2
            points = points.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
    }

    /// The position at `micros`: the last kept point at or before it.
    public func position(atMicros micros: Int64) -> Point? {
        var lo = 0
        var hi = points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if points[mid].micros <= micros { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? points[lo - 1] : points.first
    }

    static func distance(_ a: Point, _ b: Point) -> Double {
        let dx = Double(a.x - b.x)
        let dy = Double(a.y - b.y)
        return (dx * dx + dy * dy).squareRoot()
    }
}
