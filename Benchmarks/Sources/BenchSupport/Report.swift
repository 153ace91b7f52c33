import Foundation

/// The summary `make bench` prints: every figure as a median, its ratio to the C reference, and the target it is held
/// to. It reads the percentile files that `swift package benchmark --format histogramPercentiles` writes.
public struct Report {
    /// Medians by benchmark name and metric, as the files name them (spaces and slashes made underscores).
    private var medians: [String: [String: Double]] = [:]
    private let recordings: [Recording]

    public init(resultsDirectory: String, recordings: [Recording]) throws {
        self.recordings = recordings
        let files = try FileManager.default.contentsOfDirectory(atPath: resultsDirectory)
        for file in files where file.hasSuffix(".histogram.percentiles.tsv") {
            // BASELINE.TARGET.NAME.METRIC.histogram.percentiles.tsv
            let parts = file.split(separator: ".").map(String.init)
            guard parts.count == 7 else { continue }
            let text = try String(contentsOfFile: resultsDirectory + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                if fields.count == 2, fields[0] == "50", let value = Double(fields[1]) {
                    medians[parts[2], default: [:]][parts[3]] = value
                }
            }
        }
        guard !medians.isEmpty else { throw BenchError("no benchmark results in \(resultsDirectory)") }
    }

    private func median(_ name: String, _ metric: String = "wallClock") -> Double? {
        let key = name.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: " ", with: "_")
        return medians[key]?[metric.replacingOccurrences(of: " ", with: "_")]
    }

    // MARK: Rendering

    private struct Row {
        var what: String
        var figure: String
        var reference: String
        var target: String
    }

    public func render() -> String {
        var rows: [Row] = []
        var notes: [String] = []
        for r in recordings {
            rows.append(Row(what: "\(r.name): \(r.description)", figure: "", reference: "", target: ""))
            let lines = Double(r.facts.lines)
            let frames = Double(r.facts.frames)
            let lib = median(BenchmarkNames.parseLibevemu(r.name))
            if let lib {
                rows.append(
                    Row(
                        what: "  libevemu parse (C reference)", figure: "\(ms(lib))  \(ns(lib / lines))/line",
                        reference: "1.00×", target: ""))
            }
            if let t = median(BenchmarkNames.parsePlantar(r.name)) {
                rows.append(
                    Row(
                        what: "  Plantar parse", figure: "\(ms(t))  \(ns(t / lines))/line",
                        reference: faster(lib, t), target: ""))
            }
            if let t = median(BenchmarkNames.analyse(r.name)) {
                var target = ""
                if r.name == "board-1h", let lib {
                    target = verdict(lib / t >= 5, "≥ 5× libevemu", String(format: "%.1f× short of 5×", 5 / (lib / t)))
                }
                rows.append(
                    Row(
                        what: "  Plantar parse + frames + all 5 detectors", figure: "\(ms(t))  \(ns(t / frames))/frame",
                        reference: faster(lib, t), target: target))
            }
            let measured = Double(r.facts.frames - BenchmarkNames.warmupFrames(of: r.facts.frames))
            if let t = median(BenchmarkNames.detectors(r.name)) {
                let perFrame = t / measured
                let limit = r.name == "board-1h" ? 200.0 : 500.0
                rows.append(
                    Row(
                        what: "  detector path (frame → sample → 5 detectors)", figure: "\(ns(perFrame))/frame",
                        reference: lib.map { "libevemu parse: \(ns($0 / frames))/frame" } ?? "",
                        target: verdict(
                            perFrame <= limit, "≤ \(Int(limit)) ns",
                            String(format: "%.0f%% over", (perFrame / limit - 1) * 100))))
            }
            if let m = median(BenchmarkNames.detectors(r.name), "mallocCountTotal") {
                rows.append(
                    Row(
                        what: "  allocations, detector path (steady state)",
                        figure: String(format: "%.4f/frame (%.0f in %.0f frames)", m / measured, m, measured),
                        reference: "", target: verdict(m == 0, "0", "\(Int(m)) allocations")))
            }
            if let m = median(BenchmarkNames.analyse(r.name), "mallocCountTotal") {
                rows.append(
                    Row(
                        what: "  allocations, whole file (open, profiles, reps)",
                        figure: String(format: "%.0f (%.4f/frame)", m, m / frames), reference: "", target: ""))
            }
        }
        rows.append(Row(what: "plantar executable", figure: "", reference: "", target: ""))
        let refRSS = median(BenchmarkNames.referenceRun, BenchmarkNames.peakResidentMetric)
        if let kb = median(BenchmarkNames.replay, BenchmarkNames.peakResidentMetric) {
            rows.append(
                Row(
                    what: "  peak memory, replay board-1h --exercise toe-presses", figure: mb(kb),
                    reference: refRSS.map { "evemu-parse: \(mb($0)) (\(ratio(kb, $0)))" } ?? "",
                    target: verdict(kb < 30 * 1024, "< 30 MB", "\(mb(kb - 30 * 1024)) over")))
        }
        if let t = median(BenchmarkNames.replay) {
            let lib = median(BenchmarkNames.parseLibevemu("board-1h"))
            rows.append(
                Row(
                    what: "  wall time, replay board-1h --exercise toe-presses", figure: ms(t),
                    reference: lib.map { "libevemu parse: \(ms($0)) (\(faster($0, t)))" } ?? "", target: ""))
        }
        if let t = median(BenchmarkNames.version) {
            let ref = median(BenchmarkNames.referenceVersion)
            rows.append(
                Row(
                    what: "  start-up, plantar --version", figure: ms(t),
                    reference: ref.map { "evemu-parse --version: \(ms($0)) (\(ratio(t, $0)))" } ?? "",
                    target: verdict(t < 20_000_000, "< 20 ms", "\(ms(t - 20_000_000)) over")))
        } else {
            notes.append("PLANTAR_BIN was not set: the plantar executable was not measured.")
        }
        return table(rows) + notes.map { "\n" + $0 }.joined()
    }

    private func table(_ rows: [Row]) -> String {
        let header = Row(what: "", figure: "median", reference: "vs the C reference (libevemu)", target: "target")
        let all = [header] + rows
        let w0 = all.map(\.what.count).max() ?? 0
        let w1 = all.map(\.figure.count).max() ?? 0
        let w2 = all.map(\.reference.count).max() ?? 0
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        return all.map { r in
            String(
                (pad(r.what, w0) + "  " + pad(r.figure, w1) + "  " + pad(r.reference, w2) + "  " + r.target)
                    .reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    // MARK: Formatting (times in ns, memory in KB)

    private func ms(_ ns: Double) -> String { String(format: "%.1f ms", ns / 1e6) }
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
