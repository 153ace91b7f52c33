import Foundation
import PlantarInput
import PlantarSignal

/// Turns a script into what the kernel would deliver from a 16-cell USB foot-pressure pad: a 4 × 4 grid of force
/// sensors, one absolute axis each in grams (hid-generic, no fuzz: every change is sent), polled at 1 kHz by default.
///
/// Its geometry is `SensorLayout.pad16`, which the bundled profile `usb-16cell-pad.toml` names too; `device` and
/// `axes` here must agree with that profile.
///
/// The load is spread over the feet as a pad sees them, so that its regions are right (`cells`): each foot stands
/// on two columns (left foot columns 1–2, right foot 3–4), sharing the load so that the centre of pressure is where
/// the script puts it sideways; front to back, the rows carry a standing foot's shares (toes 7 %, forefoot 33 %, arch
/// 12 %, heel 48 %) tilted towards the scripted centre of pressure. A lean moves load from the heels to the forefoot
/// and hardly loads the toes; a toe grip (`Posture.toeGripMillimetres`) puts load on the toe row itself; on tiptoes
/// (`Posture.heelsUp`) the heel row carries nothing. The pad's own centre of pressure is the script's, moved so
/// that standing still puts it where those shares do.
public struct PadRecorder {
    public struct Options: Sendable {
        /// The USB polling rate; intervals jitter by a few microseconds around it.
        public var rateHertz: Double = 1000
        /// Chance per frame that the client's buffer overflowed (`SYN_DROPPED`).
        public var dropChance: Double = 0.0002
        /// Per-cell noise, kg (one standard deviation).
        public var noiseKilograms: Double = 0.015
        public var seed: UInt64 = 1
        public init() {}
    }

    /// The cells' axes, in the profile's order: ABS_X … ABS_BRAKE, then ABS_HAT0X … ABS_HAT2X.
    public static let axes: [UInt16] = Array(0x00...0x0a) + Array(0x10...0x14)

    /// Cell centres in millimetres: rows 90 mm apart from the toes (y = 135) back, columns 120 mm apart.
    public static var positions: [Point] { SensorLayout.pad16.positions }

    /// The rows' distances towards the toes (toes, forefoot, arch, heel) and a standing foot's share of each.
    static let rowY: [Double] = [135, 45, -45, -135]
    static let standingShares: [Double] = [0.07, 0.33, 0.12, 0.48]
    /// Where the feet's own centre of pressure is when standing still, mm (Σ share × row).
    static let standingY: Double = zip(rowY, standingShares).reduce(0) { $0 + $1.0 * $1.1 }
    /// The centres of the two feet, mm from the middle (columns 1–2 and 3–4).
    static let footX = 120.0

    /// What the pad's evdev node says about itself (as an evemu header).
    public static var device: DeviceDescription {
        var d = DeviceDescription(name: "Plantar 16-cell Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 0x0010)
        d.version = 0x0100
        d.enable(type: EventCode.evSyn, code: EventCode.synReport)
        for axis in axes {
            d.enable(type: EventCode.evAbs, code: axis)
            d.absInfo[axis] = AbsInfo(minimum: 0, maximum: 65535)
        }
        return d
    }

    public let options: Options
    public let person: Person
    private var rng: SeededRandom
    private var swayPhases: [Double] = []
    private var swayFrequencies: [Double] = []

    public init(person: Person, options: Options) {
        self.person = person
        self.options = options
        rng = SeededRandom(seed: options.seed &* 6151 &+ 29)
        for _ in 0..<4 {
            swayPhases.append(rng.uniform(0...(2 * .pi)))
            swayFrequencies.append(rng.uniform(0.08...0.7))
        }
    }

    private func sway(_ t: Double) -> Point {
        let a = person.swayMillimetres
        return Point(
            x: a
                * (0.7 * sin(2 * .pi * swayFrequencies[0] * t + swayPhases[0])
                    + 0.3 * sin(2 * .pi * swayFrequencies[1] * t + swayPhases[1])),
            y: a
                * (0.7 * sin(2 * .pi * swayFrequencies[2] * t + swayPhases[2])
                    + 0.3 * sin(2 * .pi * swayFrequencies[3] * t + swayPhases[3])))
    }

    /// The share of the load on each row (toes, forefoot, arch, heel) for a centre of pressure `y` mm towards the
    /// toes on the pad: the standing shares tilted by exp(β·row), β found by bisection; with `toeGrip` mm of that
    /// forward position carried by the toe row, and the heel row lifted by `heelsUp` (0–1).
    static func rowShares(y: Double, toeGrip: Double, heelsUp: Double) -> [Double] {
        var prior = standingShares
        prior[3] *= max(0.001, 1 - max(0, min(1, heelsUp)))
        let g = max(0, toeGrip)
        // The toes carry t of the load at the toe row; the rest stands where it would without the grip.
        let body = max(-130, min(130, y - g))
        let t = g > 0 ? min(0.9, g / (rowY[0] - body)) : 0
        func tilted(_ beta: Double) -> [Double] {
            let w = zip(prior, rowY).map { $0 * exp(beta * $1) }
            let sum = w.reduce(0, +)
            return w.map { $0 / sum }
        }
        func mean(_ s: [Double]) -> Double { zip(s, rowY).reduce(0) { $0 + $1.0 * $1.1 } }
        var lo = -0.2
        var hi = 0.2
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if mean(tilted(mid)) < body { lo = mid } else { hi = mid }
        }
        var shares = tilted((lo + hi) / 2).map { $0 * (1 - t) }
        shares[0] += t
        return shares
    }

    /// Cell loads (row by row from the toes, columns from the left) that put `load` at the pad's centre of pressure
    /// `cop`, with the posture's toe grip and heels.
    static func cells(load: Double, cop: Point, toeGrip: Double, heelsUp: Double, into out: inout [Double]) {
        let rows = rowShares(y: cop.y, toeGrip: toeGrip, heelsUp: heelsUp)
        // The right foot's share puts the centre of pressure at x: −footX on the left foot alone, +footX on the right.
        let right = max(0, min(1, 0.5 + cop.x / (2 * footX)))
        let columns = [(1 - right) / 2, (1 - right) / 2, right / 2, right / 2]
        for r in 0..<4 {
            for c in 0..<4 { out[r * 4 + c] = load * rows[r] * columns[c] }
        }
    }

    /// Writes the script as an evemu recording, one frame per polling interval.
    public mutating func record(_ script: Script, to writer: EvemuWriter) throws {
        let count = Self.positions.count
        var sent = [Int32](repeating: -1, count: count)
        var loads = [Double](repeating: 0, count: count)
        var cursor = 0
        var micros: Int64 = 0
        let interval = 1_000_000 / options.rateHertz
        let end = Int64(script.now * 1_000_000)
        // Standing still at the person's stance puts the pad's centre of pressure where the standing shares do.
        let origin = Point(x: person.stance.x, y: person.stance.y - Self.standingY)
        while micros <= end {
            let t = Double(micros) / 1_000_000
            var p = script.posture(at: t, cursor: &cursor)
            if p.loadKilograms > 1 {
                let s = sway(t)
                p.cop.x += s.x
                p.cop.y += s.y
            }
            let onPad = Point(x: p.cop.x - origin.x, y: p.cop.y - origin.y)
            Self.cells(
                load: p.loadKilograms, cop: onPad, toeGrip: p.toeGripMillimetres, heelsUp: p.heelsUp, into: &loads)
            let dropAt = rng.chance(options.dropChance) ? Int(rng.uniform(0...Double(count - 1))) : -1
            var changed = 0
            for i in 0..<count {
                let noisy = loads[i] > 0.05 ? loads[i] + options.noiseKilograms * rng.gaussian() : 0
                let value = Int32(max(0, min(65535, (noisy * 1000).rounded())))
                if i == dropAt {
                    try writer.write(syn(EventCode.synDropped, micros))
                }
                guard value != sent[i] else { continue }
                sent[i] = value
                changed += 1
                try writer.write(
                    InputEvent(timeMicros: micros, type: EventCode.evAbs, code: Self.axes[i], value: value))
            }
            if changed > 0 || dropAt >= 0 {
                try writer.write(syn(EventCode.synReport, micros))
            }
            micros += Int64((interval + rng.uniform(-20...20)).rounded())
        }
        try writer.flush()
    }

    private func syn(_ code: UInt16, _ micros: Int64) -> InputEvent {
        InputEvent(timeMicros: micros, type: EventCode.evSyn, code: code, value: 0)
    }
}
