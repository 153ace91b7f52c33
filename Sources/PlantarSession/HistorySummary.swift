import Foundation
import PlantarSignal

/// One person's history at a glance, as `plantar history` prints it and the report page shows it: the recent sessions
/// and each hold exercise's trend.
public struct HistorySummary: Sendable {
    public struct SessionLine: Sendable {
        public var id: Int64
        public var startedAt: Date
        public var routine: String
        public var state: SessionState
        public var passed: Int
        public var exercises: Int
        public var countedReps: Int
        /// Pain before and after (0–10), when asked.
        public var pain = HistoryStore.Pain()
        /// The targets progression changed for this session ("toe walks: 12 s today, up from 10 s (last three: met)").
        public var progression: [String] = []
    }

    /// One session's pain before and after.
    public struct PainPoint: Sendable, Equatable {
        public var id: Int64
        public var date: Date
        public var before: Int?
        public var after: Int?
    }

    public struct TrendPoint: Sendable {
        public var date: Date
        public var meanHoldSeconds: Double
        public var countedReps: Int
    }

    /// Whose history.
    public var person: String
    /// Newest first.
    public var sessions: [SessionLine]
    /// Hold exercises with at least one counted rep in the window, in the routine's order, oldest point first.
    public var trends: [(kind: ExerciseKind, points: [TrendPoint])]
    public var days: Int
    /// Sessions with a pain value, oldest first.
    public var pain: [PainPoint] = []

    public init(
        person: String, sessions: [SessionLine], trends: [(kind: ExerciseKind, points: [TrendPoint])], days: Int
    ) {
        self.person = person
        self.sessions = sessions
        self.trends = trends
        self.days = days
    }

    /// - Parameters: `days`: how far the trends look back; `limit`: how many sessions to list.
    public static func load(
        from store: HistoryStore, person: String, days: Int = 56, sessions limit: Int = 10
    ) throws -> HistorySummary {
        let lines = try store.sessions(person: person, limit: limit).map { s in
            let exercises = try store.exercises(session: s.id)
            // Reps from the journal: an interrupted session has reps of an exercise that never ended.
            let reps = try store.reps(session: s.id)
            var line = SessionLine(
                id: s.id, startedAt: s.startedAt, routine: s.routine, state: s.state,
                passed: exercises.filter { $0.status == .passed }.count,
                exercises: exercises.count, countedReps: reps.filter(\.counted).count)
            line.pain = try store.pain(session: s.id)
            line.progression = try store.progression(session: s.id).sorted { $0.key < $1.key }
                .filter { $0.value.change == "up" || $0.value.change == "down" }.map(\.value.note)
            return line
        }
        var trends: [(kind: ExerciseKind, points: [TrendPoint])] = []
        // Ankle circles have no hold to trend.
        for kind in ExerciseKind.allCases where kind != .ankleCircles {
            let points = try store.trend(kind: kind, person: person, days: days).map {
                TrendPoint(date: $0.0, meanHoldSeconds: $0.1, countedReps: $0.2)
            }
            if !points.isEmpty { trends.append((kind, points)) }
        }
        var summary = HistorySummary(person: person, sessions: lines, trends: trends, days: days)
        summary.pain = try store.painTrend(person: person).map {
            PainPoint(id: $0.id, date: $0.startedAt, before: $0.pain.before, after: $0.pain.after)
        }
        return summary
    }

    /// The store at `directory`, only when one exists: a report never creates a history.
    public static func existingStore(directory: String = HistoryStore.defaultDirectory) throws -> HistoryStore? {
        guard FileManager.default.fileExists(atPath: directory + "/history.sqlite") else { return nil }
        return try HistoryStore(directory: directory)
    }
}
