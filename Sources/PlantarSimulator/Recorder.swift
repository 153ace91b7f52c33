import Foundation
import PlantarInput
import PlantarSignal

/// Turns a script into what the kernel would deliver from a Wii Balance Board: four corner loads in 0.01 kg,
/// postural sway and sensor noise, the input core's fuzz-2 de-fuzzing (only changed axes are sent), irregular
/// sampling with Bluetooth gaps, and an occasional `SYN_DROPPED`.
public struct BoardRecorder {
    public struct Options: Sendable {
        /// Mean sample rate; intervals vary around it.
        public var rateHertz: Double = 100
        /// Mean seconds between Bluetooth gaps (0: none).
        public var gapEverySeconds: Double = 40
        /// How long a Bluetooth gap lasts, s (real boards: 0.5–0.8 s, at worst 1.5 s and more).
        public var gapSeconds: ClosedRange<Double> = 0.5...0.8
        /// Intervals between frames, as multiples of the mean interval (besides an occasional slow patch).
        public var jitter: ClosedRange<Double> = 0.6...1.4
        /// Chance per frame that the client's buffer overflowed (`SYN_DROPPED`).
        public var dropChance: Double = 0.0007
        /// Per-corner noise, kg (one standard deviation).
        public var noiseKilograms: Double = 0.04
        public var seed: UInt64 = 1
        /// Scripted faults: gaps, dropped frames, broken corners, clock jumps.
        public var faults: [Fault] = []
        public init() {}
    }

    /// Something going wrong between `start` and `end` seconds of the script.
    public struct Fault: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// No frames at all (a Bluetooth link that stalls).
            case gap
            /// Every frame is cut by `SYN_DROPPED` (the reader fell behind).
            case dropped
            /// This corner (0 TR, 1 BR, 2 TL, 3 BL) keeps the value it had at `start`.
            case stuck(Int)
            /// This corner reads 0 (a dead load cell or a broken wire).
            case dead(Int)
            /// This corner reads its maximum (65535: a shorted cell).
            case saturated(Int)
            /// From `start` on, timestamps run `end − start` seconds ahead (a clock jump forward).
            case clockJump
        }

        public var kind: Kind
        public var start: Double
        public var end: Double

        public init(_ kind: Kind, start: Double, end: Double) {
            self.kind = kind
            self.start = start
            self.end = end
        }

        /// `gap@14+3`, `dropped@20+0.3`, `stuck:2@0+999`, `dead:3@10+5`, `saturated:0@10+5`, `jump@30+5`.
        public init?(_ text: String) {
            let parts = text.split(separator: "@")
            guard parts.count == 2 else { return nil }
            let times = parts[1].split(separator: "+")
            // A fault starts at or after the recording's start and lasts a finite time (not `nan`, not `inf`).
            guard times.count == 2, let start = Double(times[0]), let length = Double(times[1]), start.isFinite,
                start >= 0, length.isFinite, length >= 0
            else {
                return nil
            }
            let name = parts[0].split(separator: ":")
            let corner = name.count == 2 ? Int(name[1]) : nil
            if let c = corner, !(0...3).contains(c) { return nil }
            switch (String(name[0]), corner) {
            case ("gap", nil): kind = .gap
            case ("dropped", nil): kind = .dropped
            case ("jump", nil): kind = .clockJump
            case ("stuck", let c?): kind = .stuck(c)
            case ("dead", let c?): kind = .dead(c)
            case ("saturated", let c?): kind = .saturated(c)
            default: return nil
            }
            self.start = start
            end = start + length
        }

        func covers(_ t: Double) -> Bool { t >= start && t < end }
    }

    public let options: Options
    public let person: Person
    private var rng: SeededRandom
    private var swayPhases: [Double] = []
    private var swayFrequencies: [Double] = []

    public init(person: Person, options: Options) {
        self.person = person
        self.options = options
        rng = SeededRandom(seed: options.seed &* 7919 &+ 17)
        for _ in 0..<6 {
            swayPhases.append(rng.uniform(0...(2 * .pi)))
            swayFrequencies.append(rng.uniform(0.08...0.7))
        }
    }

    private func sway(_ t: Double) -> Point {
        let a = person.swayMillimetres
        let x =
            a
            * (0.6 * sin(2 * .pi * swayFrequencies[0] * t + swayPhases[0])
                + 0.3 * sin(2 * .pi * swayFrequencies[1] * t + swayPhases[1])
                + 0.2 * sin(2 * .pi * swayFrequencies[2] * t + swayPhases[2]))
        let y =
            a
            * (0.6 * sin(2 * .pi * swayFrequencies[3] * t + swayPhases[3])
                + 0.3 * sin(2 * .pi * swayFrequencies[4] * t + swayPhases[4])
                + 0.2 * sin(2 * .pi * swayFrequencies[5] * t + swayPhases[5]))
        return Point(x: x, y: y)
    }

    /// The kernel's `input_defuzz_abs_event`.
    static func defuzz(_ value: Int32, old: Int32, fuzz: Int32) -> Int32 {
        if fuzz > 0 {
            if value > old - fuzz / 2 && value < old + fuzz / 2 { return old }
            if value > old - fuzz && value < old + fuzz { return (old * 3 + value) / 4 }
            if value > old - fuzz * 2 && value < old + fuzz * 2 { return (old + value) / 2 }
        }
        return value
    }

    /// Corner loads (TR, BR, TL, BL) that put `load` at `cop`: the bilinear split, exact for the board's COP formula.
    static func corners(load: Double, cop: Point) -> [Double] {
        let half = SensorLayout.balanceBoardHalfSpan
        let fx = max(-1, min(1, cop.x / half.x))
        let fy = max(-1, min(1, cop.y / half.y))
        return [
            load * (1 + fx) * (1 + fy) / 4, load * (1 + fx) * (1 - fy) / 4,
            load * (1 - fx) * (1 + fy) / 4, load * (1 - fx) * (1 - fy) / 4,
        ]
    }

    /// Writes the script as an evemu recording; `quietTimes` are edges that random gaps must keep clear of.
    public mutating func record(_ script: Script, quietTimes: [Double], to writer: EvemuWriter) throws {
        var kernel: [Int32] = [0, 0, 0, 0]
        var stuck: [Int: Int32] = [:]
        var button = false
        var cursor = 0
        var t = 0.0
        var first = true
        let quiet = quietTimes.sorted()
        let end = script.now
        while t <= end {
            var p = script.posture(at: t, cursor: &cursor)
            if p.loadKilograms > 1 {
                let s = sway(t)
                p.cop.x += s.x
                p.cop.y += s.y
                p.loadKilograms *= 1 + 0.002 * sin(2 * .pi * 0.25 * t)
            }
            if options.faults.contains(where: { $0.kind == .gap && $0.covers(t) }) {
                t += nextInterval(at: t, quiet: quiet)
                continue
            }
            let jump = options.faults.filter { $0.kind == .clockJump && t >= $0.start }.reduce(0) {
                $0 + $1.end - $1.start
            }
            let micros = Int64(((t + jump) * 1_000_000).rounded())
            var events: [InputEvent] = []
            for (i, kg) in Self.corners(load: p.loadKilograms, cop: p.cop).enumerated() {
                let noisy = p.loadKilograms > 0.5 ? kg + options.noiseKilograms * rng.gaussian() : kg
                var raw = Int32(max(0, min(65535, (noisy * 100).rounded())))
                for f in options.faults where f.covers(t) {
                    switch f.kind {
                    case .stuck(i): raw = stuck[i] ?? kernel[i]
                    case .dead(i): raw = 0
                    case .saturated(i): raw = 65535
                    default: break
                    }
                }
                if case .stuck(i)? = options.faults.first(where: { $0.covers(t) && $0.kind == .stuck(i) })?.kind,
                    stuck[i] == nil
                {
                    stuck[i] = kernel[i]
                    raw = kernel[i]
                }
                let value = Self.defuzz(raw, old: kernel[i], fuzz: 2)
                if value != kernel[i] || first {
                    kernel[i] = value
                    events.append(
                        InputEvent(timeMicros: micros, type: EventCode.evAbs, code: UInt16(0x10 + i), value: value))
                }
            }
            if p.buttonDown != button {
                button = p.buttonDown
                events.append(
                    InputEvent(timeMicros: micros, type: EventCode.evKey, code: EventCode.btnA, value: button ? 1 : 0))
            }
            first = false
            if !events.isEmpty {
                let dropped =
                    options.faults.contains { $0.kind == .dropped && $0.covers(t) }
                    || (options.dropChance > 0 && rng.chance(options.dropChance) && !near(t, quiet, within: 0.4))
                for (n, e) in events.enumerated() {
                    if dropped, n == events.count / 2 {
                        try writer.write(
                            InputEvent(timeMicros: micros, type: EventCode.evSyn, code: EventCode.synDropped, value: 0))
                    }
                    try writer.write(e)
                }
                if dropped, events.count == 1 {
                    try writer.write(
                        InputEvent(timeMicros: micros, type: EventCode.evSyn, code: EventCode.synDropped, value: 0))
                }
                try writer.write(
                    InputEvent(timeMicros: micros, type: EventCode.evSyn, code: EventCode.synReport, value: 0))
            }
            t += nextInterval(at: t, quiet: quiet)
        }
        try writer.flush()
    }

    private func near(_ t: Double, _ quiet: [Double], within: Double) -> Bool {
        quiet.contains { abs($0 - t) < within }
    }

    private mutating func nextInterval(at t: Double, quiet: [Double]) -> Double {
        let mean = 1 / options.rateHertz
        if options.gapEverySeconds > 0, rng.chance(mean / options.gapEverySeconds) {
            let gap = rng.uniform(options.gapSeconds)
            // Keep a gap from hiding the start or end of a rep the tests measure.
            if !quiet.contains(where: { $0 > t - 0.9 && $0 < t + gap + 0.9 }) { return gap }
        }
        // Mostly regular, sometimes a slow patch, as the board's Bluetooth link delivers.
        let jitter = rng.chance(0.05) ? rng.uniform(1.5...3.5) : rng.uniform(options.jitter)
        return max(0.004, mean * jitter)
    }
}

/// Writes the expected-result file that tests compare a replay with.
public enum ExpectedFile {
    public static func json(_ expected: [ExpectedExercise], person: Person, options: BoardRecorder.Options) -> String {
        func num(_ d: Double) -> String { String(format: "%.3f", d) }
        var out = "{\n  \"schema\": \"plantar.expected/1\",\n"
        out += "  \"body_mass_kg\": \(num(person.massKilograms)),\n  \"rate_hz\": \(num(options.rateHertz)),\n"
        out += "  \"seed\": \(options.seed),\n  \"exercises\": [\n"
        out += expected.map { e in
            var s =
                "    {\"id\": \"\(e.kind.rawValue)\", \"status\": \"\(e.status)\", \"counted_reps\": \(e.countedReps)"
            if let cw = e.clockwise, let ccw = e.counterclockwise {
                s += ", \"circles\": {\"clockwise\": \(cw), \"counterclockwise\": \(ccw)}"
            }
            s += ",\n     \"reps\": ["
            s += e.reps.map { r in
                var x = "{\"start\": \(num(r.start)), \"duration\": \(num(r.duration)), \"counted\": \(r.counted)"
                if let side = r.side { x += ", \"side\": \"\(side.rawValue)\"" }
                return x + "}"
            }.joined(separator: ",\n              ")
            return s + "]}"
        }.joined(separator: ",\n")
        return out + "\n  ]\n}\n"
    }
}
