import ArgumentParser
import Foundation
import PlantarSession
import PlantarTerminal

/// `--[no-]progression`, `--[no-]pain`, `--pain-before` and `--pain-after`, shared by run, demo and replay.
struct CoachingOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Set targets from the history: three sessions met step up, two missed step back, within the article's "
                + "ranges (on by default in run, off in demo and replay; `progression = false` turns it off)."))
    var progression: Bool?

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Ask \"pain now, 0–10?\" before and after (on by default in run, off in demo and replay; never waits "
                + "when not on a terminal)."))
    var pain: Bool?

    @Option(help: "Pain before the session, 0–10, without asking.")
    var painBefore: Int?

    @Option(help: "Pain after the session, 0–10, without asking.")
    var painAfter: Int?

    func validate() throws {
        for (name, v) in [("--pain-before", painBefore), ("--pain-after", painAfter)] {
            if let v, !(0...10).contains(v) { throw ValidationError("\(name) must be from 0 to 10.") }
        }
    }

    /// The options' values, as a session uses them.
    var settings: CoachingSettings {
        CoachingSettings(progression: progression, pain: pain, painBefore: painBefore, painAfter: painAfter)
    }
}

/// `--[no-]progression`, `--[no-]pain`, `--pain-before` and `--pain-after`, whichever way the command line was read
/// (`CoachingOptions`): nil when not given.
struct CoachingSettings: Equatable {
    var progression: Bool?
    var pain: Bool?
    var painBefore: Int?
    var painAfter: Int?
}

/// Progression and the pain check around a session.
struct Coaching {
    /// Ask about pain on a terminal (the values given as options are kept either way).
    var askPain: Bool
    var options: CoachingSettings
    /// Targets follow the history.
    var progression: Bool

    /// - Parameters:
    ///   - live: a live session (run): progression and the pain check on unless turned off.
    ///   - config: the config file's settings, which only a live session reads.
    init(_ options: CoachingSettings, live: Bool, config: UserConfig) {
        self.options = options
        askPain = options.pain ?? (live ? config.pain ?? true : false)
        progression = options.progression ?? (live ? config.progression ?? true : false)
    }

    /// The routine with today's targets from the history (when progression is on and there is a history), and the
    /// proposals to store with the session.
    func plan(_ routine: Routine, person: String, store: @autoclosure () throws -> HistoryStore?) throws -> (
        routine: Routine, proposals: [Int: Proposal]
    ) {
        guard progression, routine.progression, let store = try store() else { return (routine, [:]) }
        let proposals = try store.proposals(for: routine, person: person)
        return (Progression.apply(proposals, to: routine), proposals)
    }

    /// The proposals as lines, in the routine's order.
    static func lines(_ proposals: [Int: Proposal]) -> [String] {
        proposals.keys.sorted().map { "Today: " + proposals[$0]!.text }
    }

    /// Pain before: the option's value, else asked (when asking is on and this is a terminal), else nothing.
    func painBefore() -> Int? {
        options.painBefore ?? (askPain ? PainPrompt.ask("Before the session") : nil)
    }

    func painAfter() -> Int? {
        options.painAfter ?? (askPain ? PainPrompt.ask("After the session") : nil)
    }

    /// The history at its usual place when it exists (progression reads it even when this session is not kept).
    static func existingStore() throws -> HistoryStore? {
        FileManager.default.fileExists(atPath: HistoryStore.defaultDirectory + "/history.sqlite")
            ? try HistoryStore() : nil
    }
}
