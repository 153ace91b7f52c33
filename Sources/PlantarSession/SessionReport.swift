import Foundation
import PlantarSignal

/// The outcome of a session or a replay: SPEC §5's JSON report and the table people read.
public struct SessionReport: Sendable {
    public static let schema = "plantar.report/1"

    public var sourcePath: String
    public var deviceName: String
    public var frames: Int
    public var durationSeconds: Double
    public var routineName: String
    public var results: [ExerciseResult]
    public var interrupted: Bool = false
    /// Dead cells seen during the session: which sensor, from when (seconds).
    public var sensorFaults: [(sensor: String, atSeconds: Double)] = []

    public init(
        sourcePath: String, deviceName: String, frames: Int, durationSeconds: Double, routineName: String,
        results: [ExerciseResult]
    ) {
        self.sourcePath = sourcePath
        self.deviceName = deviceName
        self.frames = frames
        self.durationSeconds = durationSeconds
        self.routineName = routineName
        self.results = results
    }

    public init(runner: SessionRunner, sourcePath: String, deviceName: String) {
        self.init(
            sourcePath: sourcePath, deviceName: deviceName, frames: runner.frames,
            durationSeconds: runner.durationSeconds, routineName: runner.routine.name, results: runner.results)
        sensorFaults = runner.sensorFaults.map { (runner.sensorName($0.sensor), Double($0.atMicros) / 1_000_000) }
    }

    /// The first baseline the session established.
    public var baseline: Baseline? { results.lazy.compactMap(\.baseline).first }

    public var passedCount: Int { results.filter { $0.status == .passed }.count }

    /// All exercises passed.
    public var verdict: String {
        if results.allSatisfy({ $0.status == .passed }) { return "passed" }
        return "\(passedCount) of \(results.count) exercises passed"
    }

    // MARK: JSON

    public func json() -> JSON {
        var top: [(String, JSON)] = [
            ("schema", .string(Self.schema)),
            (
                "source",
                .object([
                    ("path", .string(sourcePath)), ("device", .string(deviceName)), ("frames", .int(frames)),
                    ("duration", .rounded(durationSeconds)),
                ])
            ),
            ("baseline", Self.json(baseline)),
            ("routine", .string(routineName)),
            ("exercises", .array(results.map(Self.json))),
            ("verdict", .string(verdict)),
        ]
        if interrupted { top.append(("interrupted", .bool(true))) }
        if !sensorFaults.isEmpty {
            top.append(
                (
                    "sensor_faults",
                    .array(
                        sensorFaults.map { .object([("sensor", .string($0.sensor)), ("at", .rounded($0.atSeconds))]) })
                ))
        }
        return .object(top)
    }

    static func json(_ b: Baseline?) -> JSON {
        guard let b else { return .null }
        return .object([
            ("load_kg", .rounded(b.loadKilograms, places: 2)),
            ("cop_mm", .array([.rounded(b.cop.x, places: 1), .rounded(b.cop.y, places: 1)])),
        ])
    }

    static func seconds(_ micros: Int64?) -> JSON {
        guard let micros else { return .null }
        return .rounded(Double(micros) / 1_000_000)
    }

    static func json(_ r: ExerciseResult) -> JSON {
        let isCircles = r.kind == .ankleCircles
        var fields: [(String, JSON)] = [
            ("id", .string(r.kind.rawValue)),
            ("status", .string(r.status.rawValue)),
            ("target_reps", .int(isCircles ? 2 * r.exercise.settings.targetReps : r.exercise.settings.targetReps)),
            ("hold_seconds", .rounded(r.exercise.settings.holdSeconds)),
            ("counted_reps", .int(r.countedReps)),
            ("reps", .array(r.reps.map(json))),
            (
                "circles",
                isCircles
                    ? .object([("clockwise", .int(r.clockwise)), ("counterclockwise", .int(r.counterclockwise))])
                    : .null
            ),
        ]
        if isCircles { fields.append(("target_per_direction", .int(r.exercise.settings.targetReps))) }
        let holds = r.reps.map(\.durationSeconds)
        let counted = r.reps.filter(\.counted).map(\.durationSeconds)
        fields += [
            ("best_hold", isCircles || holds.isEmpty ? .null : .rounded(holds.max()!)),
            (
                "mean_hold",
                isCircles || counted.isEmpty ? .null : .rounded(counted.reduce(0, +) / Double(counted.count))
            ),
            ("baseline", json(r.baseline)),
            ("start", seconds(r.startMicros)),
            ("end", seconds(r.endMicros)),
            ("ended_by", .string(r.reason.rawValue)),
        ]
        return .object(fields)
    }

    static func json(_ rep: Rep) -> JSON {
        var fields: [(String, JSON)] = [
            ("start", seconds(rep.startMicros)),
            ("end", seconds(rep.endMicros)),
            ("duration", .rounded(rep.durationSeconds)),
            ("counted", .bool(rep.counted)),
        ]
        if let side = rep.side { fields.append(("side", .string(side.rawValue))) }
        if let d = rep.direction { fields.append(("direction", .string(d.rawValue))) }
        return .object(fields)
    }

    // MARK: Text

    /// The final table: target, done, best and mean hold, status; then the verdict.
    public func table(color: Bool = false) -> String {
        var rows: [[String]] = [["Exercise", "Target", "Done", "Best hold", "Mean hold", "Status"]]
        for r in results {
            let s = r.exercise.settings
            let target: String
            var done: String
            var best = "-"
            var mean = "-"
            if r.kind == .ankleCircles {
                target = "\(s.targetReps) + \(s.targetReps) circles"
                done = "\(r.counterclockwise) ccw, \(r.clockwise) cw"
            } else {
                target = "\(s.targetReps) × \(Self.format(s.holdSeconds)) s"
                done =
                    "\(r.countedReps)/\(s.targetReps)"
                    + (r.reps.count > r.countedReps ? " (+\(r.reps.count - r.countedReps) short)" : "")
                let holds = r.reps.map(\.durationSeconds)
                let counted = r.reps.filter(\.counted).map(\.durationSeconds)
                if let m = holds.max() { best = Self.format(m) + " s" }
                if !counted.isEmpty { mean = Self.format(counted.reduce(0, +) / Double(counted.count)) + " s" }
                if r.kind == .pencilPickups, !r.reps.isEmpty {
                    let left = r.reps.filter { $0.counted && $0.side == .left }.count
                    let right = r.reps.filter { $0.counted && $0.side == .right }.count
                    done += " (L\(left) R\(right))"
                }
            }
            var status = r.status.rawValue
            if color {
                let code = r.status == .passed ? "32" : r.status == .skipped ? "90" : "33"
                status = "\u{1B}[\(code)m\(status)\u{1B}[0m"
            }
            rows.append([r.kind.displayName, target, done, best, mean, status])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { Self.visibleWidth($0[c]) }.max() ?? 0 }
        var out = ""
        for (n, row) in rows.enumerated() {
            out +=
                row.enumerated().map { c, cell in
                    cell + String(repeating: " ", count: widths[c] - Self.visibleWidth(cell))
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            if n == 0 { out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "\nResult: \(verdict)"
        if interrupted { out += " (interrupted: partial report)" }
        out += "  ·  \(frames) frames, \(Self.format(durationSeconds)) s from \(deviceName)\n"
        for f in sensorFaults {
            out +=
                "Warning: the \(f.sensor) sensor read nothing from \(Self.format(f.atSeconds)) s while its neighbours "
                + "carried load (a dead cell?): those samples were not counted.\n"
        }
        return out
    }

    static func visibleWidth(_ s: String) -> Int {
        var n = 0
        var inEscape = false
        for u in s.unicodeScalars {
            if inEscape {
                if u == "m" { inEscape = false }
            } else if u == "\u{1B}" {
                inEscape = true
            } else {
                n += 1
            }
        }
        return n
    }

    public static func format(_ d: Double) -> String {
        String(format: "%.1f", d)
    }
}
