import Foundation
import GRDB
import PlantarSignal

/// What coaching keeps in the history: pain before and after each session (0-10, or nothing when skipped) and the
/// target progression proposed for each exercise.
extension HistoryStore {
    public struct Pain: Sendable, Equatable {
        public var before: Int?
        public var after: Int?

        public init(before: Int? = nil, after: Int? = nil) {
            self.before = before
            self.after = after
        }

        public var isEmpty: Bool { before == nil && after == nil }
    }

    public struct ProgressionRow: Sendable, Equatable {
        /// first, up, down or same.
        public var change: String
        /// The line shown at the start ("toe walks: 12 s today (last three: met)").
        public var note: String
    }

    /// Appended after every other migration.
    static func registerCoachingMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-coaching") { db in
            // Column by column, each only when missing: a history an early build of this change touched opens too.
            for (table, column, type) in [
                ("session", "pain_before", "INTEGER"), ("session", "pain_after", "INTEGER"),
                ("exercise", "progression", "TEXT"), ("exercise", "progression_note", "TEXT"),
            ] where try !db.columns(in: table).contains(where: { $0.name == column }) {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) \(type)")
            }
        }
    }

    /// Sets the pain before and/or after a session (a nil leaves that one as it is).
    public func recordPain(session: Int64, before: Int? = nil, after: Int? = nil) throws {
        try wrap {
            try db.write { db in
                if let before {
                    try db.execute(
                        sql: "UPDATE session SET pain_before = ? WHERE id = ?", arguments: [before, session])
                }
                if let after {
                    try db.execute(sql: "UPDATE session SET pain_after = ? WHERE id = ?", arguments: [after, session])
                }
            }
        }
    }

    public func pain(session: Int64) throws -> Pain {
        try wrap {
            try db.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT pain_before, pain_after FROM session WHERE id = ?", arguments: [session])
                else { return Pain() }
                return Pain(before: row["pain_before"], after: row["pain_after"])
            }
        }
    }

    /// Stores an exercise's proposal with it (after the exercise's row is written).
    public func recordProgression(session: Int64, index: Int, _ p: Proposal) throws {
        try wrap {
            try db.write { db in
                try db.execute(
                    sql: "UPDATE exercise SET progression = ?, progression_note = ? WHERE session_id = ? AND idx = ?",
                    arguments: [p.change.rawValue, p.text, session, index])
            }
        }
    }

    /// The proposals stored with a session's exercises, by exercise index.
    public func progression(session: Int64) throws -> [Int: ProgressionRow] {
        try wrap {
            try db.read { db in
                var out: [Int: ProgressionRow] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT idx, progression, progression_note FROM exercise
                        WHERE session_id = ? AND progression IS NOT NULL
                        """, arguments: [session])
                {
                    out[row["idx"]] = ProgressionRow(change: row["progression"], note: row["progression_note"] ?? "")
                }
                return out
            }
        }
    }

    /// Earlier sessions of `kind` by `person`, newest first: the target each had (on `range`'s parameter) and whether
    /// it was met. Exercises that were skipped or never reached say nothing about the target and are left out.
    public func pastTargets(
        kind: ExerciseKind, range: ProgressionRange, person: String, limit: Int = 12
    ) throws -> [PastTarget] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.target_reps AS reps, e.hold_seconds AS hold, e.status AS status
                        FROM exercise e JOIN session s ON s.id = e.session_id
                        WHERE e.kind = ? AND s.person = ? AND e.status IN ('passed', 'failed', 'incomplete')
                        ORDER BY s.started_at DESC, s.id DESC LIMIT ?
                        """, arguments: [kind.rawValue, person, limit]
                ).map { row in
                    let value: Double = range.parameter == .holdSeconds ? row["hold"] : Double(row["reps"] as Int)
                    return PastTarget(value: value, met: (row["status"] as String) == "passed")
                }
            }
        }
    }

    /// Pain before and after, oldest first, of `person`'s sessions that have either.
    public func painTrend(person: String, limit: Int = 60) throws -> [(id: Int64, startedAt: Date, pain: Pain)] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, started_at, pain_before, pain_after FROM session
                        WHERE person = ? AND (pain_before IS NOT NULL OR pain_after IS NOT NULL)
                        ORDER BY started_at DESC, id DESC LIMIT ?
                        """, arguments: [person, limit]
                ).reversed().map { row in
                    (
                        row["id"], Date(timeIntervalSince1970: row["started_at"]),
                        Pain(before: row["pain_before"], after: row["pain_after"])
                    )
                }
            }
        }
    }

    /// The proposals for `person`'s next session of `routine` from this history: one per exercise with a range (the
    /// routine's own, else the article's). Empty when the routine turns progression off.
    public func proposals(for routine: Routine, person: String) throws -> [Int: Proposal] {
        guard routine.progression else { return [:] }
        var out: [Int: Proposal] = [:]
        for (i, e) in routine.exercises.enumerated() {
            guard let range = e.progressionRange ?? ProgressionRange.builtIn(e.kind) else { continue }
            out[i] = Progression.propose(
                kind: e.kind, range: range, routineValue: range.value(of: e.settings),
                history: try pastTargets(kind: e.kind, range: range, person: person))
        }
        return out
    }
}
