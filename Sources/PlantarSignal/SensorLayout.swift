/// The geometry of a device's sensing surface, in one place: where each sensor sits (millimetres, seen from above
/// with the user facing the top edge), its name, and the regions of the feet the device can tell apart.
///
/// x grows to the user's right, y towards the toes. Any number of sensors works: the centre of pressure is the
/// load-weighted mean of the positions: for the balance board's four corners, exactly its documented COP formula.
///
/// Regions (toes, forefoot, heel, left foot, right foot) are areas of the surface. A sensor counts towards every
/// region its position lies in; the index list of each region is a bit mask made when the layout is made, so a
/// frame's region loads cost O(sensors) and no allocation (multi-touch contacts, whose positions come with each
/// frame, are placed in their regions per frame: O(contacts × regions)). A layout without regions (the balance board: four corners cannot tell toes from a lean) gives
/// samples without region loads, and detectors use the centre of pressure alone.
///
/// The built-in layouts (`balanceBoard`, `pad16`) are what the profiles `layout = "…"` name and what the simulator
/// writes: nowhere else holds their geometry.
public struct SensorLayout: Sendable, Equatable {
    public private(set) var positions: [Point]
    /// Sensor names for reports and profiles (`"top-right"`, …).
    public var names: [String]
    /// The area of each region the layout names (nil: the device cannot see it), in `Region` order.
    public private(set) var areas: [RegionArea?]
    /// Bit i of `masks[r]` is set when sensor i lies in region r (sensors 0–63).
    public private(set) var masks: RegionMasks = RegionMasks()
    /// Which regions the layout names (bit r), copied into every sample's region loads.
    public private(set) var present: UInt8 = 0

    public init(positions: [Point], names: [String]? = nil, regions: [Region: RegionArea] = [:]) {
        self.positions = positions
        self.names = names ?? positions.indices.map { "sensor\($0)" }
        areas = Region.allCases.map { regions[$0] }
        for r in Region.allCases where regions[r] != nil { present |= 1 << UInt8(r.rawValue) }
        for i in positions.indices { classify(i) }
    }

    public var count: Int { positions.count }

    public var hasRegions: Bool { present != 0 }

    /// The regions the layout names, with their areas.
    public var regions: [Region: RegionArea] {
        var out: [Region: RegionArea] = [:]
        for r in Region.allCases { if let a = areas[r.rawValue] { out[r] = a } }
        return out
    }

    private mutating func classify(_ i: Int) {
        guard i < 64 else { return }
        let bit = UInt64(1) << UInt64(i)
        for r in 0..<RegionLoads.count {
            if let a = areas[r], a.contains(positions[i]) {
                masks[r] |= bit
            } else {
                masks[r] &= ~bit
            }
        }
    }

    /// The Wii Balance Board: corners 433 mm apart left–right and 238 mm front–back, in the kernel's axis order
    /// `ABS_HAT0X` top-right, `ABS_HAT0Y` bottom-right, `ABS_HAT1X` top-left, `ABS_HAT1Y` bottom-left. No regions:
    /// each corner carries both toes and heel of one foot.
    public static let balanceBoard = SensorLayout(
        positions: [
            Point(x: 216.5, y: 119), Point(x: 216.5, y: -119), Point(x: -216.5, y: 119), Point(x: -216.5, y: -119),
        ],
        names: ["top-right", "bottom-right", "top-left", "bottom-left"]
    )

    /// Half the distance between the balance board's corners: left–right (216.5 mm) and front–back (119 mm).
    public static var balanceBoardHalfSpan: Point { balanceBoard.positions[0] }

    /// A 16-cell foot-pressure pad: a 4 × 4 grid, rows 90 mm apart from the toes (row 1, y = 135) to the heels
    /// (row 4), columns 120 mm apart from the left (column 1, x = −180). The left foot stands on columns 1–2, the
    /// right on 3–4. Regions: toes = row 1, forefoot (the ball of the foot) = row 2, heel = row 4 (row 3 is the
    /// arch, in none), left = columns 1–2, right = columns 3–4.
    public static let pad16 = SensorLayout(
        positions: [135.0, 45, -45, -135].flatMap { y in [-180.0, -60, 60, 180].map { x in Point(x: x, y: y) } },
        names: (1...4).flatMap { row in (1...4).map { col in "row\(row)-col\(col)" } },
        regions: footRegions(toesFrom: 90, forefootFrom: 0, heelBelow: -90)
    )

    /// Regions of a surface centred under the feet: toes at y ≥ `toesFrom`, forefoot between `forefootFrom` and
    /// `toesFrom`, heel below `heelBelow`, left foot at x < 0, right at x ≥ 0 (millimetres).
    public static func footRegions(toesFrom: Double, forefootFrom: Double, heelBelow: Double) -> [Region: RegionArea] {
        [
            .toes: RegionArea(yMin: toesFrom), .forefoot: RegionArea(yMin: forefootFrom, yMax: toesFrom),
            .heel: RegionArea(yMax: heelBelow), .left: RegionArea(xMax: 0), .right: RegionArea(xMin: 0),
        ]
    }

    /// The layouts a profile can name with `layout = "…"`.
    public static let builtIn: [String: SensorLayout] = ["wii-balance-board": balanceBoard, "16-cell-pad": pad16]

    /// Total load, centre of pressure and region loads of one frame, unfiltered: O(sensors), no allocation.
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
        var s = Sample(timeMicros: frame.timeMicros, loadKilograms: total, cop: cop, buttonDown: frame.buttonDown)
        if present != 0 {
            s.regions =
                frame.positions.isEmpty
                ? regionLoads(of: frame.loadsKilograms, count: n)
                : regionLoads(of: frame.loadsKilograms, at: frame.positions)
        }
        return s
    }

    /// The load on each region the layout names, for sensors at the layout's positions: O(sensors), no allocation.
    @inlinable
    public func regionLoads(of loads: [Double], count n: Int) -> RegionLoads {
        var out = RegionLoads()
        out.present = present
        loads.withUnsafeBufferPointer { l in
            // Sensors from `n` on are left out of the masks once, not tested bit by bit.
            let n = Swift.min(n, l.count)
            let valid: UInt64 = n >= 64 ? ~0 : (1 << UInt64(Swift.max(0, n))) - 1
            // One sum per region, in sensor order; the five regions written out (indexing the fixed-size masks and
            // values by a region number went through a switch for each).
            func sum(_ mask: UInt64) -> Double {
                var m = mask & valid
                var sum = 0.0
                while m != 0 {
                    sum += l[m.trailingZeroBitCount]
                    m &= m - 1
                }
                return sum
            }
            let b = masks.bits
            if present & 1 != 0 { out.values.v0 = sum(b.0) }
            if present & 2 != 0 { out.values.v1 = sum(b.1) }
            if present & 4 != 0 { out.values.v2 = sum(b.2) }
            if present & 8 != 0 { out.values.v3 = sum(b.3) }
            if present & 16 != 0 { out.values.v4 = sum(b.4) }
        }
        return out
    }

    /// The load on each region the layout names, for loads at `positions` (multi-touch contacts): each is placed in
    /// the regions its position lies in. O(contacts × regions), no allocation.
    @inlinable
    public func regionLoads(of loads: [Double], at positions: [Point]) -> RegionLoads {
        var out = RegionLoads()
        out.present = present
        let n = Swift.min(loads.count, positions.count)
        loads.withUnsafeBufferPointer { l in
            positions.withUnsafeBufferPointer { pos in
                for i in 0..<n where l[i] != 0 {
                    for r in 0..<RegionLoads.count {
                        if let a = areas[r], a.contains(pos[i]) { out.values[r] += l[i] }
                    }
                }
            }
        }
        return out
    }
}

/// A region of the feet a device may see.
public enum Region: Int, Sendable, CaseIterable {
    case toes, forefoot, heel, left, right

    /// The name profiles use.
    public var name: String {
        switch self {
        case .toes: return "toes"
        case .forefoot: return "forefoot"
        case .heel: return "heel"
        case .left: return "left"
        case .right: return "right"
        }
    }

    public init?(name: String) {
        guard let r = Region.allCases.first(where: { $0.name == name }) else { return nil }
        self = r
    }
}

/// An area of the sensing surface in millimetres: from each minimum (included) to each maximum (excluded).
public struct RegionArea: Sendable, Equatable {
    public var xMin: Double
    public var xMax: Double
    public var yMin: Double
    public var yMax: Double

    public init(
        xMin: Double = -.infinity, xMax: Double = .infinity, yMin: Double = -.infinity, yMax: Double = .infinity
    ) {
        self.xMin = xMin
        self.xMax = xMax
        self.yMin = yMin
        self.yMax = yMax
    }

    @inlinable
    public func contains(_ p: Point) -> Bool { p.x >= xMin && p.x < xMax && p.y >= yMin && p.y < yMax }
}

/// One sensor bit mask per region, fixed size.
public struct RegionMasks: Sendable, Equatable {
    @usableFromInline var bits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

    public init() {}

    @inlinable
    public subscript(_ r: Int) -> UInt64 {
        get {
            switch r {
            case 0: return bits.0
            case 1: return bits.1
            case 2: return bits.2
            case 3: return bits.3
            default: return bits.4
            }
        }
        set {
            switch r {
            case 0: bits.0 = newValue
            case 1: bits.1 = newValue
            case 2: bits.2 = newValue
            case 3: bits.3 = newValue
            default: bits.4 = newValue
            }
        }
    }

    public static func == (a: RegionMasks, b: RegionMasks) -> Bool {
        (0..<5).allSatisfy { a[$0] == b[$0] }
    }
}

/// The load on each region of the feet in kilograms, and which regions the device sees (none on the balance board).
/// Fixed size: samples carry it with no allocation.
public struct RegionLoads: Sendable, Equatable, Codable {
    @usableFromInline var values = RegionValues()
    /// Bit r is set when the device sees region r.
    public var present: UInt8 = 0

    public init() {}

    public static let none = RegionLoads()
    /// How many regions there are (`Region`'s cases); loops over regions run over 0..<count, no array made.
    public static let count = 5

    @inlinable @inline(__always)
    public func has(_ r: Region) -> Bool { present & (1 << UInt8(r.rawValue)) != 0 }

    @inlinable
    public subscript(_ r: Region) -> Double {
        get { values[r.rawValue] }
        set { values[r.rawValue] = newValue }
    }

    public var toes: Double { self[.toes] }
    public var forefoot: Double { self[.forefoot] }
    public var heel: Double { self[.heel] }
    public var left: Double { self[.left] }
    public var right: Double { self[.right] }
}

/// Five kilogram values, fixed size.
public struct RegionValues: Sendable, Equatable, Codable {
    @usableFromInline var v0 = 0.0
    @usableFromInline var v1 = 0.0
    @usableFromInline var v2 = 0.0
    @usableFromInline var v3 = 0.0
    @usableFromInline var v4 = 0.0

    public init() {}

    @inlinable
    public subscript(_ r: Int) -> Double {
        get {
            switch r {
            case 0: return v0
            case 1: return v1
            case 2: return v2
            case 3: return v3
            default: return v4
            }
        }
        set {
            switch r {
            case 0: v0 = newValue
            case 1: v1 = newValue
            case 2: v2 = newValue
            case 3: v3 = newValue
            default: v4 = newValue
            }
        }
    }
}
