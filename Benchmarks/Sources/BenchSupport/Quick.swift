import Foundation

/// The best of a few runs of each pipeline, timed with the monotonic clock: a fast loop while optimising.
public enum Quick {
    /// CPU time of the calling thread: less disturbed than wall time by other work on the machine.
    public static func threadCPUMilliseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }

    public static func run(recordings: [Recording], only: String?, log: (String) -> Void) throws {
        func best(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<rounds {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return times.min() ?? 0
        }
        for r in recordings where only == nil || r.name == only {
            let rounds = r.facts.bytes > 150_000_000 ? 2 : 4
            let parse = try best(rounds) { _ = try Pipeline.parse(path: r.path) }
            let libevemu = only == nil ? 0 : try best(2) { _ = try Pipeline.parseWithLibevemu(path: r.path) }
            let analyse = try best(rounds) { _ = try Pipeline.analyse(path: r.path) }
            let tape = try FrameTape(path: r.path)
            let detectors = best(rounds) {
                var d = AllDetectors()
                var frame = tape.emptyFrame()
                var stage = tape.stage
                _ = tape.play(0..<tape.count, into: &d, stage: &stage, frame: &frame)
            }
            log(
                String(
                    format: "%@: libevemu %.1f ms, parse %.1f ms (%.1f ns/line), analyse %.1f ms, "
                        + "detectors %.1f ns/frame",
                    r.name, libevemu, parse, parse * 1e6 / Double(r.facts.lines), analyse,
                    detectors * 1e6 / Double(tape.count)))
        }
    }
}
