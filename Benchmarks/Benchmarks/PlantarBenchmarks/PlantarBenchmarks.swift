import BenchSupport
import Benchmark
import Foundation

/// Plantar against libevemu on the same recordings, the detector path per frame, and the `plantar` executable
/// (peak memory of a one-hour replay, start-up). `make bench` runs these and prints the summary.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .nanoseconds,
        units: [.mallocCountTotal: .count],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 9
    )
    let recordings: [Recording]
    do {
        recordings = try Recordings.all { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    } catch {
        fatalError("cannot prepare the benchmark recordings: \(error)")
    }
    for r in recordings {
        // The pad file is several times larger: fewer rounds keep the run within minutes.
        let rounds = r.facts.bytes > 150_000_000 ? 5 : 9
        let config = Benchmark.Configuration(maxIterations: rounds)
        Benchmark(BenchmarkNames.parsePlantar(r.name), configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try Pipeline.parse(path: r.path)) }
        }
        Benchmark(
            BenchmarkNames.parseLibevemu(r.name),
            configuration: .init(metrics: [.wallClock], maxIterations: rounds)
        ) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try Pipeline.parseWithLibevemu(path: r.path)) }
        }
        Benchmark(BenchmarkNames.analyse(r.name), configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try Pipeline.analyse(path: r.path)) }
        }
        let tape = TapeCache(path: r.path)
        Benchmark(BenchmarkNames.detectors(r.name), configuration: .init(maxIterations: 15)) { benchmark in
            let frames = try tape.get()
            let warm = BenchmarkNames.warmupFrames(of: frames.count)
            var detectors = AllDetectors()
            detectors.reserve(reps: BenchmarkNames.reservedReps)
            var frame = frames.emptyFrame()
            blackHole(frames.play(0..<warm, into: &detectors, frame: &frame))
            benchmark.startMeasurement()
            blackHole(frames.play(warm..<frames.count, into: &detectors, frame: &frame))
            benchmark.stopMeasurement()
            blackHole(detectors.result)
        }
    }

    // The executables: start-up time spawned directly, peak memory through `peak-rss` (a small parent, so that the
    // figure is the program's own).
    let board = recordings[0]
    let memory = BenchmarkMetric.custom(BenchmarkNames.peakResidentMetric, useScalingFactor: false)
    let childConfig = Benchmark.Configuration(
        metrics: [.wallClock, memory], units: [memory: .count], warmupIterations: 1, maxIterations: 5)
    let startConfig = Benchmark.Configuration(metrics: [.wallClock], warmupIterations: 3, maxIterations: 40)
    let reference = ChildProcess.tool("evemu-parse")
    guard let helper = ChildProcess.tool("peak-rss"), let reference else {
        FileHandle.standardError.write(Data("evemu-parse and peak-rss are not built: executables not measured\n".utf8))
        return
    }
    if let plantar = ChildProcess.plantarExecutable {
        Benchmark(BenchmarkNames.replay, configuration: childConfig) { benchmark in
            let argv = [plantar, "replay", board.path, "--exercise", "toe-presses", "--json"]
            benchmark.measurement(memory, try ChildProcess.peakResident(argv, helper: helper))
        }
        Benchmark(BenchmarkNames.version, configuration: startConfig) { _ in
            let run = try ChildProcess.run([plantar, "--version"])
            guard run.status == 0 else { throw BenchError("plantar --version exited with \(run.status)") }
        }
    } else {
        FileHandle.standardError.write(Data("PLANTAR_BIN is not set: not measuring the plantar executable\n".utf8))
    }
    Benchmark(BenchmarkNames.referenceRun, configuration: childConfig) { benchmark in
        benchmark.measurement(memory, try ChildProcess.peakResident([reference, board.path], helper: helper))
    }
    Benchmark(BenchmarkNames.referenceVersion, configuration: startConfig) { _ in
        let run = try ChildProcess.run([reference, "--version"])
        guard run.status == 0 else { throw BenchError("evemu-parse --version exited with \(run.status)") }
    }
}

/// Assembles a recording's frames the first time a benchmark asks, then keeps them.
final class TapeCache: @unchecked Sendable {
    let path: String
    private var tape: FrameTape?
    private let lock = NSLock()

    init(path: String) { self.path = path }

    func get() throws -> FrameTape {
        try lock.withLock {
            if let tape { return tape }
            let made = try FrameTape(path: path)
            tape = made
            return made
        }
    }
}
