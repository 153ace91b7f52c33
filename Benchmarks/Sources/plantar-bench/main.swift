import BenchSupport
import Foundation

// The benchmark package's helper, which `make bench` calls around the benchmark run:
//   generate          make the recordings (cached) and check that libevemu reads the same events as Plantar
//   report DIR        the summary, from the percentile files the benchmark run wrote into DIR
// and two for whoever optimises, without the benchmark tool:
//   quick [NAME]      the best of a few runs of each pipeline on each recording (or on NAME)
//   profile-analyse [N]   parse + frames + detectors on the board recording N times, CPU time of each (for perf)
//   profile-detectors [N] the detector path alone over the board's frames N times (for perf, callgrind)
let usage =
    "usage: plantar-bench generate | report RESULTS-DIR | quick [RECORDING] | profile-analyse [COUNT]"
    + " | profile-detectors [COUNT]"
let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case "generate":
        let recordings = try Recordings.all { print($0) }
        try Verification.check(recordings) { print($0) }
    case "report":
        guard args.count == 2 else { throw BenchError(usage) }
        print(try Report(resultsDirectory: args[1], recordings: try Recordings.all()).render())
    case "quick":
        try Quick.run(recordings: try Recordings.all(), only: args.dropFirst().first) { print($0) }
    case "profile-detectors":
        // The detector path alone (signal stage and five analyses over the board's frame tape), N times.
        let tape = try FrameTape(path: try Recordings.board().path)
        for _ in 0..<(args.count > 1 ? Int(args[1]) ?? 10 : 10) {
            var d = AllDetectors()
            var frame = tape.emptyFrame()
            var stage = tape.stage
            let start = Quick.threadCPUMilliseconds()
            _ = tape.play(0..<tape.count, into: &d, stage: &stage, frame: &frame)
            let ms = Quick.threadCPUMilliseconds() - start
            print(String(format: "%.1f ms, %.1f ns/frame", ms, ms * 1e6 / Double(tape.count)))
        }
    case "profile-analyse":
        let r = try Recordings.board()
        for _ in 0..<(args.count > 1 ? Int(args[1]) ?? 10 : 10) {
            let start = Quick.threadCPUMilliseconds()
            _ = try Pipeline.analyse(path: r.path)
            print(String(format: "%.1f ms", Quick.threadCPUMilliseconds() - start))
        }
    default:
        throw BenchError(usage)
    }
} catch {
    FileHandle.standardError.write(Data("plantar-bench: \(error)\n".utf8))
    exit(1)
}
