import EvemuReference
import PlantarInput
import PlantarSignal

/// What one pass over a recording saw: enough to check that two readers agree and to keep the work observable.
public struct ParseResult: Sendable, Equatable {
    public var events = 0
    public var checksum: Int64 = 0
    /// The last event's time, relative to the first (Plantar) or as recorded (libevemu).
    public var lastMicros: Int64 = 0
}

public struct AnalysisResult: Sendable, Equatable {
    public var frames = 0
    public var reps = 0
    public var countedReps = 0
    public var baselines = 0
}

/// The five exercises' signal paths side by side: every frame goes through all of them.
public struct AllDetectors: Sendable {
    public private(set) var analyses: [ExerciseAnalysis]

    public init() {
        analyses = ExerciseKind.allCases.map { ExerciseAnalysis(settings: $0.defaultSettings) }
    }

    /// Room for `reps` reps in each analysis, so that storing results does not allocate while measuring.
    public mutating func reserve(reps: Int) {
        for i in analyses.indices { analyses[i].reserveRepCapacity(reps) }
    }

    @inline(__always)
    public mutating func handle(_ s: Sample) {
        for i in analyses.indices { analyses[i].handle(s) { _ in } }
    }

    public mutating func finish(atMicros micros: Int64) {
        for i in analyses.indices { analyses[i].finish(atMicros: micros) }
    }

    public var result: (reps: Int, counted: Int, baselines: Int) {
        analyses.reduce((0, 0, 0)) { acc, a in
            (acc.0 + a.reps.count, acc.1 + a.countedReps, acc.2 + (a.baseline == nil ? 0 : 1))
        }
    }
}

public enum Pipeline {
    /// Plantar's evemu reader alone: header, then every event.
    public static func parse(path: String) throws -> ParseResult {
        let reader = try EvemuReader(path: path)
        var r = ParseResult()
        while let e = try reader.next() {
            r.events += 1
            r.checksum &+= Int64(e.type) + Int64(e.code) + Int64(e.value)
            r.lastMicros = e.timeMicros
        }
        return r
    }

    /// libevemu's reading of the same file: `evemu_read`, then `evemu_read_event` until the end.
    public static func parseWithLibevemu(path: String) throws -> ParseResult {
        let c = evemu_reference_parse(path)
        guard c.status == 0 else { throw BenchError("libevemu could not read \(path) (step \(c.status))") }
        return ParseResult(events: Int(c.events), checksum: c.checksum, lastMicros: c.last_micros)
    }

    /// Parse, frames and all five detectors: what `plantar replay` does for each exercise, all at once.
    public static func analyse(path: String) throws -> AnalysisResult {
        let source = try RecordingSource(path: path)
        var detectors = AllDetectors()
        var stage = source.signalStage()
        var r = AnalysisResult()
        while let frame = try source.nextFrame() {
            r.frames += 1
            detectors.handle(stage.sample(of: frame))
        }
        detectors.finish(atMicros: source.lastEventMicros)
        (r.reps, r.countedReps, r.baselines) = detectors.result
        return r
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
