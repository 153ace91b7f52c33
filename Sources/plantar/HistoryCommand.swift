import ArgumentParser
import Foundation
import PlantarSession
import PlantarSignal

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Past sessions and how each exercise is going (from ~/.local/share/plantar/history.sqlite).",
        subcommands: [Show.self, Export.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions and per-exercise trends.")

        @Flag(help: "One JSON document: sessions with their exercises and reps.")
        var json = false

        @Option(help: "How many sessions to list.")
        var limit = 20

        @Option(help: "Days the trends look back.")
        var days = 56

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive.") }
            guard days > 0 else { throw ValidationError("--days must be positive.") }
        }

        func run() throws {
            let store = try HistoryStore()
            _ = try store.recoverInterrupted()
            let sessions = try store.sessions(limit: limit)
            if json {
                print(try Self.json(store, sessions).serialized(pretty: true))
                return
            }
            guard !sessions.isEmpty else {
                print("No sessions yet. `plantar run` records one; `plantar replay FILE --save` keeps a replay.")
                return
            }
            let fmt = DateFormatter()
            fmt.dateFormat = "yyyy-MM-dd HH:mm"
            print("Sessions (newest first)")
            for s in sessions {
                let ex = try store.exercises(session: s.id)
                let passed = ex.filter { $0.status == "passed" }.count
                let reps = try store.reps(session: s.id)
                let state = s.state == "finished" ? "" : "  [\(s.state)]"
                print(
                    "  #\(s.id)  \(fmt.string(from: s.startedAt))  \(s.routine): \(passed)/\(ex.count) passed, "
                        + "\(reps.filter(\.counted).count) counted reps\(state)")
            }
            print("\nTrends over the last \(days) days (mean counted hold per session)")
            for kind in ExerciseKind.allCases where kind != .ankleCircles {
                let t = try store.trend(kind: kind, days: days)
                guard !t.isEmpty else { continue }
                let values = t.map(\.1)
                let name = kind.displayName.padding(toLength: 15, withPad: " ", startingAt: 0)
                print(
                    "  \(name) \(Self.sparkline(values))  last \(String(format: "%.1f", values.last!)) s"
                        + "  (\(t.count) sessions, best \(String(format: "%.1f", values.max()!)) s)")
            }
        }

        static func sparkline(_ values: [Double]) -> String {
            let bars = Array("▁▂▃▄▅▆▇█")
            guard let lo = values.min(), let hi = values.max() else { return "" }
            return String(
                values.suffix(30).map { v in
                    hi - lo < 1e-9 ? bars[3] : bars[min(7, Int((v - lo) / (hi - lo) * 7.999))]
                })
        }

        static func json(_ store: HistoryStore, _ sessions: [HistoryStore.SessionRow]) throws -> JSON {
            let iso = ISO8601DateFormatter()
            return .object([
                ("schema", .string("plantar.history/1")),
                (
                    "sessions",
                    .array(
                        try sessions.map { s in
                            let reps = try store.reps(session: s.id)
                            return .object([
                                ("id", .int(Int(s.id))), ("started_at", .string(iso.string(from: s.startedAt))),
                                ("state", .string(s.state)), ("source", .string(s.source)),
                                ("device", .string(s.device)),
                                ("routine", .string(s.routine)), ("verdict", s.verdict.map(JSON.string) ?? .null),
                                (
                                    "exercises",
                                    .array(
                                        try store.exercises(session: s.id).map { e in
                                            .object([
                                                ("index", .int(e.index)), ("id", .string(e.kind)),
                                                ("status", .string(e.status)),
                                                ("target_reps", .int(e.targetReps)),
                                                ("counted_reps", .int(e.countedReps)),
                                                ("best_hold", e.bestHold.map { JSON.rounded($0) } ?? .null),
                                                ("mean_hold", e.meanHold.map { JSON.rounded($0) } ?? .null),
                                            ])
                                        })
                                ),
                                (
                                    "reps",
                                    .array(
                                        reps.map { r in
                                            var f: [(String, JSON)] = [
                                                ("exercise_index", .int(r.exerciseIndex)), ("id", .string(r.kind)),
                                                ("start", .rounded(r.start)), ("end", .rounded(r.end)),
                                                ("duration", .rounded(r.duration)), ("counted", .bool(r.counted)),
                                            ]
                                            if let side = r.side { f.append(("side", .string(side))) }
                                            if let d = r.direction { f.append(("direction", .string(d))) }
                                            return .object(f)
                                        })
                                ),
                            ])
                        })
                ),
            ])
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every rep of every session as CSV (or every session as JSON) on standard output.")

        enum Format: String, EnumerableFlag {
            case csv, json

            static func help(for value: Format) -> ArgumentHelp? {
                switch value {
                case .csv: "One line per rep (the default)."
                case .json: "One JSON document (plantar.history/1), as `plantar history --json` for every session."
                }
            }
        }

        @Flag var format: Format = .csv

        func run() throws {
            let store = try HistoryStore()
            if format == .json {
                print(try Show.json(store, store.sessions(limit: 1_000_000)).serialized(pretty: true))
                return
            }
            let iso = ISO8601DateFormatter()
            print(
                "session,started_at,routine,exercise_index,exercise,start_s,end_s,duration_s,counted,side,direction"
            )
            for s in try store.sessions(limit: 1_000_000).reversed() {
                for r in try store.reps(session: s.id) {
                    let fields = [
                        "\(s.id)", iso.string(from: s.startedAt), Self.quote(s.routine), "\(r.exerciseIndex)",
                        r.kind,
                        String(format: "%.3f", r.start), String(format: "%.3f", r.end),
                        String(format: "%.3f", r.duration), r.counted ? "1" : "0", r.side ?? "", r.direction ?? "",
                    ]
                    print(fields.joined(separator: ","))
                }
            }
        }

        static func quote(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
    }
}
