import Foundation
import PlantarInput
import PlantarSignal

/// Turns a script into what the kernel would deliver from a 16-cell USB foot-pressure pad: a 4 × 4 grid of force
/// sensors, one absolute axis each in grams (hid-generic, no fuzz: every change is sent), polled at 1 kHz.
///
/// Its geometry is `SensorLayout.pad16`, which the bundled profile `usb-16cell-pad.toml` names too; `device` and
/// `axes` here must agree with that profile.
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
    /// Σ xᵢ² / n and Σ yᵢ² / n of the grid, for tilting the load towards the centre of pressure.
    private let meanSquareX: Double
    private let meanSquareY: Double

    public init(person: Person, options: Options) {
        self.person = person
        self.options = options
        rng = SeededRandom(seed: options.seed &* 6151 &+ 29)
        for _ in 0..<4 {
            swayPhases.append(rng.uniform(0...(2 * .pi)))
            swayFrequencies.append(rng.uniform(0.08...0.7))
        }
        let n = Double(Self.positions.count)
        meanSquareX = Self.positions.reduce(0) { $0 + $1.x * $1.x } / n
        meanSquareY = Self.positions.reduce(0) { $0 + $1.y * $1.y } / n
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

    /// Cell loads that put `load` at `cop`: an even spread tilted linearly towards the centre of pressure, exact
    /// while no cell would go negative (|x| ≤ 100 mm, |y| ≤ 60 mm), clamped beyond.
    func cells(load: Double, cop: Point, into out: inout [Double]) {
        let n = Double(Self.positions.count)
        let a = cop.x / meanSquareX
        let b = cop.y / meanSquareY
        for (i, p) in Self.positions.enumerated() {
            out[i] = max(0, load / n * (1 + a * p.x + b * p.y))
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
        while micros <= end {
            let t = Double(micros) / 1_000_000
            var p = script.posture(at: t, cursor: &cursor)
            if p.loadKilograms > 1 {
                let s = sway(t)
                p.cop.x += s.x
                p.cop.y += s.y
            }
            cells(load: p.loadKilograms, cop: p.cop, into: &loads)
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
