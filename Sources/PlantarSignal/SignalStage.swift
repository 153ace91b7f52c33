// Only the C maths library (exp): the signal module does no I/O and reads no clock.
import Glibc

/// The one place where a frame of sensor loads becomes a sample: total load and centre of pressure, the body's load
/// and centre of pressure (low-pass filtered), and the marks that tell detectors to skip a sample.
///
/// The filter is first order with a time constant, not a per-sample factor: each frame moves the filtered value by
/// α = 1 − exp(−Δt / τ) of the way to the frame's value, which is the same filter whatever the sample rate, the
/// jitter or the gaps (a gap much longer than τ restarts it at the new value). It filters the load and the moments
/// (load × position), so the centre of pressure stays right while the load changes (stepping on or off).
///
/// | frame                                                        | sample                                         |
/// |--------------------------------------------------------------|------------------------------------------------|
/// | the first unmarked frame                                     | filter starts at the frame's values            |
/// | a dead cell (`DeadCellCheck`, four cells under one plate)    | faultySensor set, raw values, filter untouched |
/// | total above `maximumKilograms`, or not a number              | implausible, raw values, filter untouched      |
/// | otherwise                                                    | filter fed with α = 1 − exp(−Δt / τ)           |
///
/// On a layout with regions (a 16-cell pad, a multi-touch surface) the region loads are filtered the same way.
///
/// Per frame: O(sensors), no allocation. Not handled here: what the load means (baseline, detectors).
public struct SignalStage: Sendable {
    public struct Parameters: Sendable, Equatable {
        /// The filter's time constant: long enough to take the edge off sensor noise, short next to the 0.25 s
        /// grace times and ramps of a person moving.
        public var timeConstantSeconds = 0.05
        /// No person puts more than this on a board or pad: a shorted or saturated cell.
        public var maximumKilograms = 300.0
        public init() {}
        public static let `default` = Parameters()
    }

    public let parameters: Parameters
    /// Where the sensors are. Multi-touch sources move their contacts here before each frame.
    public var layout: SensorLayout
    // Without the dead-cell check it has no neighbours and marks nothing.
    private var cells: DeadCellCheck
    private var load = 0.0
    private var momentX = 0.0
    private var momentY = 0.0
    /// The filtered region loads (devices with regions only).
    private var regions = RegionLoads.none
    private var lastMicros: Int64 = .min
    private let timeConstantMicros: Double
    /// timeConstantMicros ≠ 0 (with 0, every frame starts the filter at its own values).
    private let filters: Bool
    /// The filter's step for each interval seen (see `IntervalMemo`).
    private var steps = IntervalMemo()

    /// - Parameter checksDeadCells: false for multi-touch surfaces, whose contacts come and go.
    public init(layout: SensorLayout, parameters: Parameters = .default, checksDeadCells: Bool = true) {
        self.layout = layout
        self.parameters = parameters
        cells = DeadCellCheck(layout: checksDeadCells ? layout : SensorLayout(positions: []))
        timeConstantMicros = Swift.max(0, parameters.timeConstantSeconds * 1_000_000)
        filters = timeConstantMicros != 0
    }

    /// The sensor the dead-cell check holds faulty, or -1.
    public var faultySensor: Int { cells.faulty }

    @inline(__always)
    private static func moments(
        _ loads: UnsafeBufferPointer<Double>, _ positions: UnsafeBufferPointer<Point>
    ) -> (Double, Double, Double) {
        var total = 0.0
        var x = 0.0
        var y = 0.0
        let n = Swift.min(positions.count, loads.count)
        if n == 4 {
            // Four sensors (the balance board): the loop below written out, the same sums in the same order.
            let (f0, f1, f2, f3) = (loads[0], loads[1], loads[2], loads[3])
            let (p0, p1, p2, p3) = (positions[0], positions[1], positions[2], positions[3])
            total = 0.0 + f0 + f1 + f2 + f3
            x = 0.0 + f0 * p0.x + f1 * p1.x + f2 * p2.x + f3 * p3.x
            y = 0.0 + f0 * p0.y + f1 * p1.y + f2 * p2.y + f3 * p3.y
            return (total, x, y)
        }
        for i in 0..<n {
            let f = loads[i]
            total += f
            x += f * positions[i].x
            y += f * positions[i].y
        }
        return (total, x, y)
    }

    /// The sample is made once, from locals, at the end: building it early and changing it field by field cost a
    /// copy of the whole struct per change.
    public mutating func sample(of frame: Frame) -> Sample {
        let now = frame.timeMicros
        // The filter's step, worked out first: a call to `exp` then keeps nothing else waiting in registers, and
        // runs while the loads are summed. Unused (and harmless) when the frame turns out to be marked. Remembered
        // per interval (`IntervalMemo`): most intervals have been seen before, and the same interval gives the same
        // step, so most frames look it up instead of calling `exp`.
        let step = now > lastMicros && lastMicros != .min && filters
        let tau = timeConstantMicros
        let a = step ? steps.value(atMicros: now - lastMicros) { 1 - exp(-Double($0) / tau) } : 0
        // As `SensorLayout.sample(of:)` sums, in registers rather than through a returned `Sample`, and with no
        // reference taken to either array.
        let (total, sumX, sumY) = frame.loadsKilograms.withUnsafeBufferPointer { loads in
            frame.positions.isEmpty
                ? layout.positions.withUnsafeBufferPointer { Self.moments(loads, $0) }
                : frame.positions.withUnsafeBufferPointer { Self.moments(loads, $0) }
        }
        let rawCop = total > 0 ? Point(x: sumX / total, y: sumY / total) : Point(x: 0, y: 0)
        let faulty = cells.check(frame, totalKilograms: total)
        let implausible = !(total <= parameters.maximumKilograms) || !rawCop.x.isFinite || !rawCop.y.isFinite
        var rawRegions = RegionLoads.none
        if layout.present != 0 {
            let n = Swift.min(
                frame.positions.isEmpty ? layout.positions.count : frame.positions.count, frame.loadsKilograms.count)
            rawRegions =
                frame.positions.isEmpty
                ? layout.regionLoads(of: frame.loadsKilograms, count: n)
                : layout.regionLoads(of: frame.loadsKilograms, at: frame.positions)
        }
        var filteredLoad = total
        var filteredCop = rawCop
        var filteredRegions = rawRegions
        if faulty < 0, !implausible {
            let mx = total * rawCop.x
            let my = total * rawCop.y
            // The filter's state in locals, stored once: read back from memory after the stores, the moments (written
            // 8 bytes at a time, read 16) waited for the stores to complete on every frame.
            var l = load
            var x = momentX
            var y = momentY
            if lastMicros == .min || !filters {
                l = total
                x = mx
                y = my
                regions = rawRegions
            } else if step {
                l += a * (total - l)
                x += a * (mx - x)
                y += a * (my - y)
                if rawRegions.present != 0 {
                    for r in 0..<RegionLoads.count {
                        regions.values[r] += a * (rawRegions.values[r] - regions.values[r])
                    }
                    regions.present = rawRegions.present
                }
            }
            load = l
            momentX = x
            momentY = y
            if now > lastMicros { lastMicros = now }
            filteredLoad = l
            filteredCop = l > 1e-9 ? Point(x: x / l, y: y / l) : Point(x: 0, y: 0)
            filteredRegions = regions
        }
        return Sample(
            timeMicros: now, loadKilograms: filteredLoad, cop: filteredCop, rawLoadKilograms: total, rawCop: rawCop,
            buttonDown: frame.buttonDown, regions: filteredRegions, faultySensor: faulty, implausible: implausible)
    }
}
