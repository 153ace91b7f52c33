import Foundation

/// The summary `make bench` prints: every figure as a median with its spread (the lowest and highest of the rounds),
/// its ratio to the C reference, and the target it is held to. It reads the percentile files that
/// `swift package benchmark --format histogramPercentiles` writes.
public struct Report {
    /// One figure over the rounds of its benchmark.
    struct Spread {
        var low: Double
        var median: Double
        var high: Double
        func map(_ f: (Double) -> Double) -> Spread { Spread(low: f(low), median: f(median), high: f(high)) }
    }

    /// By benchmark name and metric, as the files name them (spaces and slashes made underscores).
    private var figures: [String: [String: Spread]] = [:]
    private let recordings: [Recording]

    public init(resultsDirectory: String, recordings: [Recording]) throws {
        self.recordings = recordings
        let files = try FileManager.default.contentsOfDirectory(atPath: resultsDirectory)
        for file in files where file.hasSuffix(".histogram.percentiles.tsv") {
            // BASELINE.TARGET.NAME.METRIC.histogram.percentiles.tsv
            let parts = file.split(separator: ".").map(String.init)
            guard parts.count == 7 else { continue }
            let text = try String(contentsOfFile: resultsDirectory + "/" + file, encoding: .utf8)
            var p: [Int: Double] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                if fields.count == 2, let k = Int(fields[0]), let value = Double(fields[1]) { p[k] = value }
            }
            if let low = p[0], let median = p[50], let high = p[100] {
                figures[parts[2], default: [:]][parts[3]] = Spread(low: low, median: median, high: high)
            }
        }
        guard !figures.isEmpty else { throw BenchError("no benchmark results in \(resultsDirectory)") }
    }

    private func key(_ s: String) -> String {
        s.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    private func spread(_ name: String, _ metric: String = "wallClock") -> Spread? {
        figures[key(name)]?[key(metric)]
    }

    private func median(_ name: String, _ metric: String = "wallClock") -> Double? {
        spread(name, metric)?.median
    }

    // MARK: Rendering

    private struct Row {
        var what: String
        var figure: String = ""
        var spread: String = ""
        var reference: String = ""
        var target: String = ""
    }

    public func render() -> String {
        var rows: [Row] = []
        var notes: [String] = []
        for r in recordings {
            rows.append(Row(what: "\(r.name): \(r.description)"))
            let lines = Double(r.facts.lines)
            let frames = Double(r.facts.frames)
            let lib = median(BenchmarkNames.parseLibevemu(r.name))
            if let s = spread(BenchmarkNames.parseLibevemu(r.name)) {
                rows.append(
                    Row(
                        what: "  libevemu parse (C reference)", figure: "\(ms(s.median))  \(ns(s.median / lines))/line",
                        spread: msRange(s), reference: "1.00×"))
            }
            if let s = spread(BenchmarkNames.parsePlantar(r.name)) {
                rows.append(
                    Row(
                        what: "  Plantar parse", figure: "\(ms(s.median))  \(ns(s.median / lines))/line",
                        spread: msRange(s), reference: faster(lib, s.median)))
            }
            if let s = spread(BenchmarkNames.analyse(r.name)) {
                let t = s.median
                var target = ""
                if r.name == "board-1h", let lib {
                    target = verdict(lib / t >= 5, "≥ 5× libevemu", String(format: "%.1f× short of 5×", 5 / (lib / t)))
                }
                rows.append(
                    Row(
                        what: "  Plantar parse + frames + all 5 detectors", figure: "\(ms(t))  \(ns(t / frames))/frame",
                        spread: msRange(s), reference: faster(lib, t), target: target))
            }
            let measured = Double(r.facts.frames - BenchmarkNames.warmupFrames(of: r.facts.frames))
            if let s = spread(BenchmarkNames.detectors(r.name)).map({ $0.map { $0 / measured } }) {
                let limit = r.name == "board-1h" ? 60.0 : 500.0
                rows.append(
                    Row(
                        what: "  detector path (frame → sample → 5 detectors)", figure: "\(ns(s.median))/frame",
                        spread: "\(ns(s.low)) – \(ns(s.high))",
                        reference: lib.map { "libevemu parse: \(ns($0 / frames))/frame" } ?? "",
                        target: verdict(
                            s.median <= limit, "≤ \(Int(limit)) ns",
                            String(format: "%.0f%% over", (s.median / limit - 1) * 100))))
            }
            if let s = spread(BenchmarkNames.detectors(r.name), "threadCPU").map({ $0.map { $0 / measured } }) {
                // The same frames, the thread's CPU time: on a loaded machine the wall time also counts waiting for a
                // core.
                rows.append(
                    Row(
                        what: "    the same, the thread's CPU time", figure: "\(ns(s.median))/frame",
                        spread: "\(ns(s.low)) – \(ns(s.high))"))
            }
            if let m = median(BenchmarkNames.detectors(r.name), "mallocCountTotal") {
                rows.append(
                    Row(
                        what: "  allocations, detector path (steady state)",
                        figure: String(format: "%.4f/frame (%.0f in %.0f frames)", m / measured, m, measured),
                        target: verdict(m == 0, "0", "\(Int(m)) allocations")))
            }
            if let m = median(BenchmarkNames.analyse(r.name), "mallocCountTotal") {
                rows.append(
                    Row(
                        what: "  allocations, whole file (open, profiles, reps)",
                        figure: String(format: "%.0f (%.4f/frame)", m, m / frames)))
            }
        }
        rows.append(
            Row(what: "plantar executable against evemu-parse (libevemu), alternating in the same rounds"))
        typealias M = BenchmarkNames.Metric
        var measuredExecutable = false
        for r in recordings {
            let name = BenchmarkNames.replay(r.name)
            guard let own = spread(name, M.plantarWall), let ref = spread(name, M.referenceWall),
                let rel = spread(name, M.ratio).map({ $0.map { $0 / 10_000 } })
            else { continue }
            measuredExecutable = true
            rows.append(
                Row(
                    what: "  \(r.name): replay FILE --exercise toe-presses --json", figure: ms(own.median * 1000),
                    spread: msRange(own.map { $0 * 1000 }),
                    reference: "evemu-parse FILE: \(ms(ref.median * 1000)) (\(msRange(ref.map { $0 * 1000 })))"))
            var target = verdict(rel.median <= 0.1, "≤ 0.10×", String(format: "%.3f×", rel.median))
            if r.name == "board-1h" {
                target += rel.median <= 0.05 ? "; stretch ≤ 0.05×: met" : "; stretch ≤ 0.05×: not met"
            }
            rows.append(
                Row(
                    what: "    wall time ratio (same round)", figure: String(format: "%.3f×", rel.median),
                    spread: String(format: "%.3f – %.3f", rel.low, rel.high),
                    reference: String(format: "%.1f× faster", 1 / rel.median), target: target))
            if let kb = spread(name, M.plantarRSS), let refKB = spread(name, M.referenceRSS) {
                rows.append(
                    Row(
                        what: "    peak memory", figure: mb(kb.median), spread: "\(mb(kb.low)) – \(mb(kb.high))",
                        reference: "evemu-parse: \(mb(refKB.median)) (\(ratio(kb.median, refKB.median)))",
                        target: verdict(kb.median < 15 * 1024, "< 15 MB", "\(mb(kb.median - 15 * 1024)) over")))
            }
        }
        if let own = spread(BenchmarkNames.startUp, M.plantarWall),
            let ref = spread(BenchmarkNames.startUp, M.referenceWall),
            let rel = spread(BenchmarkNames.startUp, M.ratio).map({ $0.map { $0 / 10_000 } })
        {
            measuredExecutable = true
            rows.append(
                Row(
                    what: "  start-up, plantar --version", figure: ms(own.median * 1000),
                    spread: msRange(own.map { $0 * 1000 }),
                    reference:
                        "evemu-parse --version: \(ms(ref.median * 1000)) (\(String(format: "%.2f×", rel.median)))",
                    target: verdict(own.median < 5000, "< 5 ms", "\(ms((own.median - 5000) * 1000)) over")))
            if let kb = spread(BenchmarkNames.startUp, M.plantarRSS),
                let refKB = spread(BenchmarkNames.startUp, M.referenceRSS)
            {
                rows.append(
                    Row(
                        what: "    peak memory", figure: mb(kb.median), spread: "\(mb(kb.low)) – \(mb(kb.high))",
                        reference: "evemu-parse --version: \(mb(refKB.median))"))
            }
        }
        if !measuredExecutable { notes.append("PLANTAR_BIN was not set: the plantar executable was not measured.") }
        return table(rows) + notes.map { "\n" + $0 }.joined()
    }

    private func table(_ rows: [Row]) -> String {
        let header = Row(
            what: "", figure: "median", spread: "lowest – highest", reference: "vs the C reference (libevemu)",
            target: "target")
        let all = [header] + rows
        // Section titles (no figure) do not widen the first column.
        let w0 = all.filter { !$0.figure.isEmpty }.map(\.what.count).max() ?? 0
        let w1 = all.map(\.figure.count).max() ?? 0
        let w2 = all.map(\.spread.count).max() ?? 0
        let w3 = all.map(\.reference.count).max() ?? 0
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        return all.map { r in
            if r.figure.isEmpty, !r.what.isEmpty { return r.what }
            return String(
                (pad(r.what, w0) + "  " + pad(r.figure, w1) + "  " + pad(r.spread, w2) + "  " + pad(r.reference, w3)
                    + "  " + r.target).reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    // MARK: Formatting (times in ns, memory in KB)

    private func ms(_ ns: Double) -> String { String(format: "%.1f ms", ns / 1e6) }
    private func msRange(_ s: Spread) -> String { String(format: "%.1f – %.1f ms", s.low / 1e6, s.high / 1e6) }
    private func ns(_ ns: Double) -> String { String(format: "%.0f ns", ns) }
    private func mb(_ kb: Double) -> String { String(format: "%.1f MB", kb / 1024) }

    private func faster(_ reference: Double?, _ t: Double) -> String {
        guard let reference else { return "" }
        return String(format: "%.1f× faster", reference / t)
    }

    private func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.2f×", a / b) }

    private func verdict(_ met: Bool, _ target: String, _ miss: String) -> String {
        met ? "\(target): met" : "\(target): MISSED (\(miss))"
    }
}
