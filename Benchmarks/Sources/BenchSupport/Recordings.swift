import Foundation
import PlantarInput
import PlantarSignal
import PlantarSimulator

/// One generated recording and what is known about it.
public struct Recording: Sendable {
    /// Short name used in benchmark names: `board-1h`, `pad16-10min`.
    public var name: String
    public var path: String
    public var description: String
    /// Counted once after generation: lines, bytes, events, frames.
    public var facts: Facts

    public struct Facts: Codable, Sendable, Equatable {
        public var bytes: Int
        public var lines: Int
        public var events: Int
        public var frames: Int
        public var durationSeconds: Double
        /// Σ type + code + value over every event, as libevemu's reading is checked against.
        public var checksum: Int64
    }
}

/// The benchmark recordings: made by the simulator on first use into a cache directory, never committed.
///
/// The directory is `$PLANTAR_BENCH_DIR`, or `$XDG_CACHE_HOME/plantar/bench` (`~/.cache/plantar/bench`). A file's
/// name carries the generator's version, so changing the generator makes new files instead of reusing stale ones.
public enum Recordings {
    static let version = 1

    public static var directory: String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["PLANTAR_BENCH_DIR"], !dir.isEmpty { return dir }
        let cache = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? "/tmp") + "/.cache")
        return cache + "/plantar/bench"
    }

    /// The one-hour, 100 Hz balance-board session and the ten-minute, 1 kHz, 16-cell pad session.
    public static func all(log: (String) -> Void = { _ in }) throws -> [Recording] {
        [try board(log: log), try pad(log: log)]
    }

    public static func board(log: (String) -> Void = { _ in }) throws -> Recording {
        try recording(
            name: "board-1h", file: "board-1h-100hz-v\(version).evemu",
            description: "balance board, 1 h at 100 Hz", log: log
        ) { path in
            let person = Person(massKilograms: 74, swayMillimetres: 3, stance: Point(x: 4, y: -12))
            let (script, quiet) = ScenarioBuilder.session(person: person, seed: 2024, seconds: 3600)
            var options = BoardRecorder.Options()
            options.rateHertz = 100
            options.seed = 2024
            let writer = try EvemuWriter(
                path: path, device: .wiiBalanceBoard,
                comment: "Benchmark recording: the five exercises over and over for an hour, ~100 Hz, seed 2024")
            var recorder = BoardRecorder(person: person, options: options)
            try recorder.record(script, quietTimes: quiet, to: writer)
        }
    }

    public static func pad(log: (String) -> Void = { _ in }) throws -> Recording {
        try recording(
            name: "pad16-10min", file: "pad16-10min-1khz-v\(version).evemu",
            description: "16-cell pad, 10 min at 1 kHz", log: log
        ) { path in
            let person = Person(massKilograms: 68, swayMillimetres: 3, stance: Point(x: -3, y: -8))
            let (script, _) = ScenarioBuilder.session(person: person, seed: 2025, seconds: 600)
            var options = PadRecorder.Options()
            options.seed = 2025
            let writer = try EvemuWriter(
                path: path, device: PadRecorder.device,
                comment: "Benchmark recording: the five exercises over and over for ten minutes, 1 kHz, seed 2025")
            var recorder = PadRecorder(person: person, options: options)
            try recorder.record(script, to: writer)
        }
    }

    private static func recording(
        name: String, file: String, description: String, log: (String) -> Void,
        generate: (String) throws -> Void
    ) throws -> Recording {
        let dir = directory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + file
        let factsPath = path + ".facts.json"
        if FileManager.default.fileExists(atPath: path),
            let data = FileManager.default.contents(atPath: factsPath),
            let facts = try? JSONDecoder().decode(Recording.Facts.self, from: data)
        {
            return Recording(name: name, path: path, description: description, facts: facts)
        }
        log("generating \(path) (\(description)) …")
        let partial = path + ".partial"
        try generate(partial)
        let facts = try count(partial)
        guard rename(partial, path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        try JSONEncoder().encode(facts).write(to: URL(fileURLWithPath: factsPath))
        log(
            "  \(facts.lines) lines, \(facts.bytes / 1_000_000) MB, \(facts.events) events, \(facts.frames) frames, "
                + String(format: "%.0f s", facts.durationSeconds))
        return Recording(name: name, path: path, description: description, facts: facts)
    }

    /// Lines and bytes of the file, and what Plantar reads from it.
    static func count(_ path: String) throws -> Recording.Facts {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let lines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let parsed = try Pipeline.parse(path: path)
        let analysed = try Pipeline.analyse(path: path)
        return Recording.Facts(
            bytes: data.count, lines: lines, events: parsed.events, frames: analysed.frames,
            durationSeconds: Double(parsed.lastMicros) / 1_000_000, checksum: parsed.checksum)
    }
}
