/// A point in the board's plane, in millimetres.
public struct Point: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double

    @inlinable
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    @inlinable
    public static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }

    @inlinable
    public var length: Double { (x * x + y * y).squareRoot() }
}

/// The signals every detector works from: one per frame.
public struct Sample: Sendable, Equatable {
    public var timeMicros: Int64
    public var loadKilograms: Double
    /// Centre of pressure in millimetres (+x right, +y towards the toes).
    public var cop: Point
    public var buttonDown: Bool
    /// The sensor that reads nothing while its neighbours carry load (a dead cell), or -1. Detectors skip such
    /// samples: their load and centre of pressure are wrong.
    public var faultySensor: Int8 = -1

    @inlinable
    public init(timeMicros: Int64, loadKilograms: Double, cop: Point, buttonDown: Bool = false) {
        self.timeMicros = timeMicros
        self.loadKilograms = loadKilograms
        self.cop = cop
        self.buttonDown = buttonDown
    }

    @inlinable
    public var seconds: Double { Double(timeMicros) / 1_000_000 }
}
