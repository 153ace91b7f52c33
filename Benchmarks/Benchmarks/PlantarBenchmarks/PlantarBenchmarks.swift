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
        // Besides wall time, the thread's CPU time over the same frames (nanoseconds, `threadCPU`): on a loaded machine
        // the wall time also counts the time the thread waits for a core. (The framework's own `cpuTotal` counts in
        // 10 ms ticks and allocates while measuring.) It is read outside the measured span, so it allocates nothing.
        let threadCPU = BenchmarkMetric.custom("threadCPU", useScalingFactor: false)
        let detectorConfig = Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal, threadCPU], units: [.mallocCountTotal: .count, threadCPU: .count],
            maxIterations: 15)
        Benchmark(BenchmarkNames.detectors(r.name), configuration: detectorConfig) { benchmark in
            let frames = try tape.get()
            let warm = BenchmarkNames.warmupFrames(of: frames.count)
            var detectors = AllDetectors()
            detectors.reserve(reps: BenchmarkNames.reservedReps)
            var frame = frames.emptyFrame()
            var stage = frames.stage
            blackHole(frames.play(0..<warm, into: &detectors, stage: &stage, frame: &frame))
            let cpu = Quick.threadCPUMilliseconds()
            benchmark.startMeasurement()
            blackHole(frames.play(warm..<frames.count, into: &detectors, stage: &stage, frame: &frame))
            benchmark.stopMeasurement()
            benchmark.measurement(threadCPU, Int(((Quick.threadCPUMilliseconds() - cpu) * 1e6).rounded()))
            blackHole(detectors.result)
        }
    }

    // The executables, each against the C reference in the same rounds: every round runs `evemu-parse` and `plantar`
    // one after the other (which goes first alternates), so that both see the same load on the machine, and records
    // both wall times, their ratio and both peak memories. `peak-rss`, a small C parent, runs each program and
    // reports its own figures (see its header for why a separate process).
    let reference = ChildProcess.tool("evemu-parse")
    guard let helper = ChildProcess.tool("peak-rss"), let reference else {
        FileHandle.standardError.write(Data("evemu-parse and peak-rss are not built: executables not measured\n".utf8))
        return
    }
    guard let plantar = ChildProcess.plantarExecutable else {
        FileHandle.standardError.write(Data("PLANTAR_BIN is not set: not measuring the plantar executable\n".utf8))
        return
    }
    let metrics = BenchmarkNames.Metric.all.map { BenchmarkMetric.custom($0, useScalingFactor: false) }
    let units = Dictionary(uniqueKeysWithValues: metrics.map { ($0, BenchmarkUnits.count) })
    func pair(_ name: String, rounds: Int, plantar p: [String], reference c: [String]) {
        let config = Benchmark.Configuration(
            metrics: metrics, units: units, warmupIterations: 1, maxDuration: .seconds(60), maxIterations: rounds)
        Benchmark(name, configuration: config) { benchmark in
            for _ in benchmark.scaledIterations {
                let first = benchmark.currentIteration % 2 == 0
                let a = try ChildProcess.measure(first ? c : p, helper: helper)
                let b = try ChildProcess.measure(first ? p : c, helper: helper)
                let (ref, own) = first ? (a, b) : (b, a)
                benchmark.measurement(metrics[0], own.wallMicros)
                benchmark.measurement(metrics[1], ref.wallMicros)
                benchmark.measurement(metrics[2], own.wallMicros * 10_000 / max(1, ref.wallMicros))
                benchmark.measurement(metrics[3], own.peakKilobytes)
                benchmark.measurement(metrics[4], ref.peakKilobytes)
            }
        }
    }
    for r in recordings {
        pair(
            BenchmarkNames.replay(r.name), rounds: r.facts.bytes > 150_000_000 ? 7 : 11,
            plantar: [plantar, "replay", r.path, "--exercise", "toe-presses", "--json"], reference: [reference, r.path])
    }
    pair(BenchmarkNames.startUp, rounds: 41, plantar: [plantar, "--version"], reference: [reference, "--version"])
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
