/// Where each sensor sits, in millimetres, seen from above with the user facing the top edge.
///
/// x grows to the user's right, y towards the toes. Any number of sensors works: the centre of pressure is the
/// load-weighted mean of the positions: for the balance board's four corners, exactly its documented COP formula.
public struct SensorLayout: Sendable, Equatable {
    public var positions: [Point]
    /// Sensor names for reports and profiles (`"top-right"`, …).
    public var names: [String]

    public init(positions: [Point], names: [String]? = nil) {
        self.positions = positions
        self.names = names ?? positions.indices.map { "sensor\($0)" }
    }

    public var count: Int { positions.count }

    /// The Wii Balance Board: corners 433 mm apart left–right and 238 mm front–back, in the kernel's axis order
    /// `ABS_HAT0X` top-right, `ABS_HAT0Y` bottom-right, `ABS_HAT1X` top-left, `ABS_HAT1Y` bottom-left.
    public static let balanceBoard = SensorLayout(
        positions: [
            Point(x: 216.5, y: 119), Point(x: 216.5, y: -119), Point(x: -216.5, y: 119), Point(x: -216.5, y: -119),
        ],
        names: ["top-right", "bottom-right", "top-left", "bottom-left"]
    )

    /// Total load and centre of pressure of one frame (at the frame's own positions when it carries them):
    /// O(sensors), no allocation.
    @inlinable
    public func sample(of frame: Frame) -> Sample {
        var total = 0.0
        var momentX = 0.0
        var momentY = 0.0
        let at = frame.positions.isEmpty ? positions : frame.positions
        let n = Swift.min(at.count, frame.loadsKilograms.count)
        frame.loadsKilograms.withUnsafeBufferPointer { loads in
            at.withUnsafeBufferPointer { pos in
                for i in 0..<n {
                    let f = loads[i]
                    total += f
                    momentX += f * pos[i].x
                    momentY += f * pos[i].y
                }
            }
        }
        let cop = total > 0 ? Point(x: momentX / total, y: momentY / total) : Point(x: 0, y: 0)
        return Sample(timeMicros: frame.timeMicros, loadKilograms: total, cop: cop, buttonDown: frame.buttonDown)
    }
}
