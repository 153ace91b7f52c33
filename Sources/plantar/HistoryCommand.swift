import ArgumentParser
import Foundation
import PlantarSession
import PlantarSignal
import PlantarSupport

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Past sessions and how each exercise is going (from ~/.local/share/plantar/history.sqlite).",
        subcommands: [Show.self, Export.self, Prune.self], defaultSubcommand: Show.self)

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove the recordings of old live sessions; their results stay in the history.",
            discussion: """
                Only recordings Plantar made itself (in the recordings directory beside the history) are removed, \
                never a file named with `run --record` or a replayed recording. Pruned sessions can no longer be \
                plotted or reported, but `plantar history` still lists them with their results.
                """)

        @Option(help: "Keep the recordings of the sessions of the last N days.")
        var keepDays: Int

        func validate() throws {
            guard (0...36_500).contains(keepDays) else {
                throw ValidationError("--keep-days must be between 0 and 36500.")
            }
        }

        func run() throws {
            let store = try HistoryStore()
            let pruned = try store.prune(keepDays: keepDays)
            let megabytes = String(format: "%.1f", Double(pruned.bytes) / 1_000_000)
            Console.line(
                "removed the recordings of \(pruned.sessions.count) sessions older than \(keepDays) days "
                    + "(\(megabytes) MB); their results are kept")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "List sessions and per-exercise trends.")

        @Flag(help: "One JSON document: sessions with their exercises and reps.")
        var json = false

        @Option(help: "How many sessions to list.")
        var limit = 20

        @Option(help: "Days the trends look back.")
        var days = 56

        @OptionGroup var person: PersonOption

        @Flag(help: "List the people the history knows, with their number of sessions.")
        var people = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive.") }
            guard days > 0 else { throw ValidationError("--days must be positive.") }
        }

        func run() throws {
            let store = try HistoryStore()
            _ = try store.recoverInterrupted()
            if people {
                for p in try store.people() { Console.line("\(p.name)  (\(p.sessions) sessions)") }
                return
            }
            let who = try person.resolved()
            if json {
                Console.line(
                    try HistoryExport.json(store, store.sessions(person: who, limit: limit)).serialized(pretty: true))
                return
            }
            let summary = try HistorySummary.load(from: store, person: who, days: days, sessions: limit)
            guard !summary.sessions.isEmpty else {
                Console.line(
                    "No sessions of \(who) yet. `plantar run` records one; `plantar replay FILE --save` keeps a replay"
                        + " (`plantar history --people` lists whose sessions there are).")
                return
            }
            let fmt = DateFormatter()
            fmt.dateFormat = "yyyy-MM-dd HH:mm"
            Console.line("Sessions of \(who) (newest first)")
            for s in summary.sessions {
                let state = s.state == .finished ? "" : "  [\(s.state.rawValue)]"
                let pain = s.pain
                Console.line(
                    "  #\(s.id)  \(fmt.string(from: s.startedAt))  \(s.routine): \(s.passed)/\(s.exercises) passed, "
                        + "\(s.countedReps) counted reps\(state)"
                        + (pain.isEmpty ? "" : "  pain \(Self.painText(pain))"))
                for note in s.progression { Console.line("        \(note)") }
            }
            if !summary.pain.isEmpty {
                Console.line("\nPain before and after sessions (0–10, oldest first, \(summary.pain.count) sessions)")
                let before = summary.pain.compactMap(\.before)
                let after = summary.pain.compactMap(\.after)
                if !before.isEmpty { Console.line("  before  \(Self.painSparkline(before))  last \(before.last!)") }
                if !after.isEmpty { Console.line("  after   \(Self.painSparkline(after))  last \(after.last!)") }
            }
            Console.line("\nTrends over the last \(days) days (mean counted hold per session)")
            for (kind, points) in summary.trends {
                let values = points.map(\.meanHoldSeconds)
                let name = kind.displayName.padding(toLength: 15, withPad: " ", startingAt: 0)
                Console.line(
                    "  \(name) \(Self.sparkline(values))  last \(String(format: "%.1f", values.last!)) s"
                        + "  (\(points.count) sessions, best \(String(format: "%.1f", values.max()!)) s)")
            }
        }

        /// "5 → 3", "5 → –" (after skipped).
        static func painText(_ p: HistoryStore.Pain) -> String {
            (p.before.map(String.init) ?? "–") + " → " + (p.after.map(String.init) ?? "–")
        }

        /// Pain on its own scale: ▁ is 0, █ is 10 (so two histories compare at a glance).
        static func painSparkline(_ values: [Int]) -> String {
            let bars = Array("▁▂▃▄▅▆▇█")
            return String(values.suffix(30).map { bars[min(7, max(0, $0) * 8 / 11)] })
        }

        static func sparkline(_ values: [Double]) -> String {
            let bars = Array("▁▂▃▄▅▆▇█")
            guard let lo = values.min(), let hi = values.max() else { return "" }
            return String(
                values.suffix(30).map { v in
                    hi - lo < 1e-9 ? bars[3] : bars[min(7, Int((v - lo) / (hi - lo) * 7.999))]
                })
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Every rep of one person's sessions as CSV (or the sessions as JSON) on standard output.")

        enum Format: String, EnumerableFlag {
            case csv, json

            static func help(for value: Format) -> ArgumentHelp? {
                switch value {
                case .csv: "One line per rep (the default)."
                case .json: "One JSON document (plantar.history/1), as `plantar history --json`, of every session."
                }
            }
        }

        @Flag var format: Format = .csv

        @OptionGroup var person: PersonOption

        @Flag(help: "Every person's sessions, not only one's.")
        var everyone = false

        func validate() throws {
            if everyone, person.person != nil {
                throw ValidationError("--everyone and --person cannot be used together.")
            }
        }

        func run() throws {
            let store = try HistoryStore()
            let sessions = try store.sessions(person: everyone ? nil : person.resolved(), limit: 1_000_000)
            if format == .json {
                Console.line(try HistoryExport.json(store, sessions).serialized(pretty: true))
                return
            }
            for line in try HistoryExport.csv(store, sessions) { Console.line(line) }
        }
    }
}
