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
    public var length: Double { lengthSquared.squareRoot() }

    @inlinable
    public var lengthSquared: Double { x * x + y * y }
}
