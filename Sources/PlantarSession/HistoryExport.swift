import Foundation

/// A person's history as it leaves Plantar: the `plantar.history/1` JSON document of `plantar history --json` and
/// `history export --json`, and the one-line-per-rep CSV of `history export`. Built here once, from the store's typed
/// rows; the command only prints it.
public enum HistoryExport {
    /// The CSV's first line, naming its columns.
    public static let csvHeader =
        "session,started_at,routine,exercise_index,exercise,start_s,end_s,duration_s,counted,side,direction,"
        + "target_reps,hold_target_s,progression,pain_before,pain_after,person"

    /// The `plantar.history/1` document of these sessions, newest first as given.
    public static func json(_ store: HistoryStore, _ sessions: [HistoryStore.SessionRow]) throws -> JSON {
        let iso = ISO8601DateFormatter()
        return .object([
            ("schema", .string("plantar.history/1")),
            (
                "sessions",
                .array(
                    try sessions.map { s in
                        let reps = try store.reps(session: s.id)
                        let pain = try store.pain(session: s.id)
                        let progression = try store.progression(session: s.id)
                        return .object([
                            ("id", .int(Int(s.id))), ("person", .string(s.person)),
                            ("started_at", .string(iso.string(from: s.startedAt))),
                            ("state", .string(s.state.rawValue)), ("source", .string(s.source)),
                            ("recording", s.recording.map(JSON.string) ?? .null),
                            ("device", .string(s.device)),
                            ("routine", .string(s.routine)), ("verdict", s.verdict.map(JSON.string) ?? .null),
                            (
                                "pain",
                                .object([
                                    ("before", pain.before.map(JSON.int) ?? .null),
                                    ("after", pain.after.map(JSON.int) ?? .null),
                                ])
                            ),
                            (
                                "exercises",
                                .array(
                                    try store.exercises(session: s.id).map { e in
                                        .object([
                                            ("index", .int(e.index)), ("id", .string(e.kind.rawValue)),
                                            ("status", .string(e.status.rawValue)),
                                            ("target_reps", .int(e.targetReps)),
                                            ("counted_reps", .int(e.countedReps)),
                                            ("best_hold", e.bestHold.map { JSON.rounded($0) } ?? .null),
                                            ("mean_hold", e.meanHold.map { JSON.rounded($0) } ?? .null),
                                            ("hold_seconds", .rounded(e.holdSeconds)),
                                            (
                                                "progression",
                                                progression[e.index].map {
                                                    .object([
                                                        ("change", .string($0.change)), ("note", .string($0.note)),
                                                    ])
                                                } ?? .null
                                            ),
                                        ])
                                    })
                            ),
                            (
                                "reps",
                                .array(
                                    reps.map { r in
                                        var f: [(String, JSON)] = [
                                            ("exercise_index", .int(r.exerciseIndex)),
                                            ("id", .string(r.kind.rawValue)),
                                            ("start", .rounded(r.start)), ("end", .rounded(r.end)),
                                            ("duration", .rounded(r.duration)), ("counted", .bool(r.counted)),
                                        ]
                                        if let side = r.side { f.append(("side", .string(side.rawValue))) }
                                        if let d = r.direction { f.append(("direction", .string(d.rawValue))) }
                                        return .object(f)
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// The CSV: the header, then one line per rep, oldest session first.
    public static func csv(_ store: HistoryStore, _ sessions: [HistoryStore.SessionRow]) throws -> [String] {
        let iso = ISO8601DateFormatter()
        var lines = [csvHeader]
        for s in sessions.reversed() {
            let pain = try store.pain(session: s.id)
            let progression = try store.progression(session: s.id)
            let exercises = Dictionary(
                try store.exercises(session: s.id).map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
            for r in try store.reps(session: s.id) {
                let e = exercises[r.exerciseIndex]
                let coaching: [String] = [
                    e.map { "\($0.targetReps)" } ?? "", e.map { String(format: "%.1f", $0.holdSeconds) } ?? "",
                    progression[r.exerciseIndex]?.change ?? "", pain.before.map { String($0) } ?? "",
                    pain.after.map { String($0) } ?? "",
                ]
                let fields: [String] = [
                    "\(s.id)", iso.string(from: s.startedAt), quote(s.routine), "\(r.exerciseIndex)",
                    r.kind.rawValue,
                    String(format: "%.3f", r.start), String(format: "%.3f", r.end),
                    String(format: "%.3f", r.duration), r.counted ? "1" : "0", r.side?.rawValue ?? "",
                    r.direction?.rawValue ?? "",
                ]
                lines.append((fields + coaching + [quote(s.person)]).joined(separator: ","))
            }
        }
        return lines
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    public static func quote(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n")
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
