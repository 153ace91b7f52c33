import PlantarSession

/// The final table a session prints: target, done, best and mean hold and status of each exercise (from
/// `ExerciseSummary`, as the report page words them), the verdict, and any sensor warnings.
public enum ResultsTable {
    public static func text(_ report: SessionReport, color: Bool = false) -> String {
        var rows: [[String]] = [["Exercise", "Target", "Done", "Best hold", "Mean hold", "Status"]]
        for r in report.results {
            let summary = ExerciseSummary(r)
            var status = r.status.rawValue
            if color {
                let code = r.status == .passed ? "32" : r.status == .skipped ? "90" : "33"
                status = "\u{1B}[\(code)m\(status)\u{1B}[0m"
            }
            rows.append([
                r.kind.displayName, summary.targetText, summary.doneText, summary.bestText(none: "-"),
                summary.meanText(none: "-"), status,
            ])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { visibleWidth($0[c]) }.max() ?? 0 }
        var out = ""
        for (n, row) in rows.enumerated() {
            out +=
                row.enumerated().map { c, cell in
                    cell + String(repeating: " ", count: widths[c] - visibleWidth(cell))
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            if n == 0 { out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "\nResult: \(report.verdict)"
        if report.interrupted { out += " (interrupted: partial report)" }
        out +=
            "  ·  \(report.frames) frames, \(ExerciseSummary.format(report.durationSeconds)) s from \(report.deviceName)\n"
        for f in report.sensorFaults {
            out +=
                "Warning: the \(f.sensor) sensor read nothing from \(ExerciseSummary.format(f.atSeconds)) s while its "
                + "neighbours carried load (a dead cell?): those samples were not counted.\n"
        }
        return out
    }

    /// Columns a cell takes on the terminal: its characters without the ANSI colour escapes.
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
}
