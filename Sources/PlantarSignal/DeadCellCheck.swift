/// Tells a dead load cell from an unloaded one.
///
/// Both read 0, but on a rigid plate a corner can only be unloaded when the centre of pressure sits on the far edge —
/// and then one of its two neighbours is unloaded too. A sensor reading exactly 0 while both of its nearest neighbours
/// carry at least `neighbourFraction` of the load is therefore a broken cell (or wire); once that has lasted
/// `holdSeconds`, samples are marked with it until it reads again.
///
/// | state   | frame                                                        | next    |
/// |---------|--------------------------------------------------------------|---------|
/// | healthy | a sensor at 0, both neighbours ≥ fraction, total ≥ minimum   | suspect |
/// | suspect | still so for `holdSeconds`                                   | faulty (samples marked) |
/// | suspect | the sensor reads, or a neighbour unloads                     | healthy |
/// | faulty  | the sensor reads again (> 0)                                 | healthy |
///
/// Only for four corner cells under one plate (the balance board, 4-cell pads): on a mat of many cells a cell under the
/// arch of the foot reads 0 between loaded ones, which is no fault. Not handled: a cell stuck at a non-zero value (it
/// looks like a still foot).
public struct DeadCellCheck: Sendable {
    public var neighbourFraction = 0.15
    public var minimumKilograms = 10.0
    public var holdSeconds = 0.5
    /// The two nearest sensors of each sensor.
    private let neighbours: [(Int, Int)]
    private var suspect = -1
    private var suspectSinceMicros: Int64 = 0
    public private(set) var faulty = -1

    public init(layout: SensorLayout) {
        let p = layout.positions
        guard p.count == 4 else {
            neighbours = []
            return
        }
        neighbours = p.indices.map { i in
            let others = p.indices.filter { $0 != i }.sorted { (p[$0] - p[i]).length < (p[$1] - p[i]).length }
            return (others[0], others[1])
        }
    }

    /// Marks `sample` with the faulty sensor, if any. O(sensors), no allocation.
    public mutating func check(_ frame: Frame, _ sample: inout Sample) {
        let faulty = check(frame, totalKilograms: sample.loadKilograms)
        if faulty >= 0 { sample.faultySensor = faulty }
    }

    /// The sensor to mark the frame's sample with, or -1. `totalKilograms` is the frame's total load.
    /// O(sensors), no allocation.
    @inline(__always)
    public mutating func check(_ frame: Frame, totalKilograms total: Double) -> Int8 {
        guard !neighbours.isEmpty else { return -1 }
        let loads = frame.loadsKilograms
        if faulty >= 0 {
            if faulty < loads.count, loads[faulty] > 0 {
                faulty = -1
                return -1
            }
            return Int8(faulty)
        }
        var candidate = -1
        // Almost every frame has no sensor at exactly 0: the scan for one reads the loads without bounds checks.
        let n = Swift.min(loads.count, neighbours.count)
        if total >= minimumKilograms, let first = Self.firstZero(loads, below: n) {
            for i in first..<n where loads[i] == 0 {
                let (a, b) = neighbours[i]
                if loads[a] >= neighbourFraction * total, loads[b] >= neighbourFraction * total {
                    candidate = i
                    break
                }
            }
        }
        guard candidate >= 0 else {
            suspect = -1
            return -1
        }
        if candidate != suspect {
            suspect = candidate
            suspectSinceMicros = frame.timeMicros
        }
        if Double(frame.timeMicros - suspectSinceMicros) >= holdSeconds * 1_000_000 {
            faulty = candidate
            return Int8(candidate)
        }
        return -1
    }

    /// The first index below `n` (at most `loads.count`) whose load is exactly 0, or nil.
    @inline(__always)
    private static func firstZero(_ loads: [Double], below n: Int) -> Int? {
        loads.withUnsafeBufferPointer { l in
            // Four loaded cells (the board, nearly every frame): four compares, no loop.
            if n == 4, l[0] != 0, l[1] != 0, l[2] != 0, l[3] != 0 { return nil }
            for i in 0..<n where l[i] == 0 { return i }
            return nil
        }
    }
}
