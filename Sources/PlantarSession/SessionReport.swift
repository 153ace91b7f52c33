import Foundation
import PlantarSignal

/// The outcome of a session or a replay: the `plantar.report/1` JSON report and the table people read.
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
        let summary = ExerciseSummary(r)
        fields += [
            ("best_hold", summary.bestHoldSeconds.map { .rounded($0) } ?? .null),
            ("mean_hold", summary.meanHoldSeconds.map { .rounded($0) } ?? .null),
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
}
