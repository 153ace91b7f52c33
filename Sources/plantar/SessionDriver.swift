import Foundation
import PlantarInput
import PlantarSession
import PlantarSpeech
import PlantarSupport
import PlantarTerminal

/// What demo, replay and run share: the presenter, the history journal, Ctrl-C, and the exit code.
struct SessionDriver {
    var json = false
    var quiet = false
    var save = false
    /// Whose session the history keeps.
    var person = ""
    /// Show the live readout (or plain lines when stdout is not a terminal) while the session runs.
    var showProgress = true
    /// The big readout: on (`--big`), or nil for automatic (a large terminal).
    var big: Bool?
    /// Speaks cues (`--voice`), and/or keeps them for `--voice-out`.
    var coach: VoiceCoach?
    /// `--voice-out DIR`: the cue list and the WAVs, written after the session.
    var voiceOut: (directory: String, espeak: Espeak)?
    /// Progression and the pain check.
    var coaching: Coaching?

    /// Runs a replay with the readout and the journal and prints the report; throws `PlantarError.interrupted` after
    /// Ctrl-C (the partial report printed).
    func replay(_ replay: PlantarSession.Replay) throws {
        var replay = replay
        let source = try replay.open()
        Interrupt.install()
        let journal =
            try save ? openJournal(source: replay.path, device: source.device.name, routine: replay.routine) : nil
        let painBefore = try coaching.map { try start($0, routine: &replay.routine, journal: journal) } ?? nil
        coach?.use(replay.routine)
        let presenter = Presenter(routine: replay.routine, bell: !quiet, silent: json || !showProgress)
        presenter.big = big
        var runnerRef: SessionRunner?
        // Only the per-frame closure (not escaping) uses it: no runtime exclusivity check per frame, as `runnerRef`
        // (shared with the escaping observer) would need.
        var attached = false
        let report = try replay.run(
            source: source,
            observer: { e in
                journal?.observe(e)
                coach?.observe(e)
                if case .exerciseStarted = e, let r = runnerRef { presenter.attach(r) }
                presenter.observe(e)
            },
            perFrame: { runner, _, sample in
                if !attached {
                    attached = true
                    runnerRef = runner
                    presenter.attach(runner)
                }
                coach?.tick(atMicros: sample.timeMicros)
                presenter.frame(sample)
                return presenter.pollKeys()
            },
            wait: { _, seconds in presenter.wait(seconds: seconds) })
        coach?.finish()
        if let voiceOut, let coach {
            let written = try VoiceOut.write(coach.cues, to: voiceOut.directory, espeak: voiceOut.espeak)
            stderrLine("plantar: \(written.cues) cues and \(written.files.count) WAV files in \(voiceOut.directory)")
        }
        try finish(report, presenter: presenter, journal: journal) {
            if let coaching { try end(coaching, report: report, before: painBefore, journal: journal) }
        }
    }

    /// Before a session: today's targets from the history (shown, and stored with the session) and the pain now.
    /// Returns the pain before.
    func start(_ coaching: Coaching, routine: inout Routine, journal: SessionJournal?) throws -> Int? {
        let plan = try coaching.plan(routine, person: person, store: journal?.store ?? Coaching.existingStore())
        routine = plan.routine
        journal?.proposals = plan.proposals
        for line in Coaching.lines(plan.proposals) { say(line) }
        let before = coaching.painBefore()
        if let before, let journal { try journal.store.recordPain(session: journal.sessionID, before: before) }
        return before
    }

    /// After a session that was not interrupted: the pain now, kept with the session.
    func end(_ coaching: Coaching, report: SessionReport, before: Int?, journal: SessionJournal?) throws {
        guard !report.interrupted, !Interrupt.requested else { return }
        guard let after = coaching.painAfter() else { return }
        if let journal { try journal.store.recordPain(session: journal.sessionID, after: after) }
        say("Pain " + (before.map { "\($0) before, " } ?? "") + "\(after) after.")
    }

    /// A line for the person: standard output, or standard error when standard output carries JSON.
    func say(_ line: String) {
        if json { stderrLine(line) } else { print(line) }
    }

    func openJournal(source: String, device: String, routine: Routine) throws -> SessionJournal {
        let store = try HistoryStore()
        for (s, reps) in try store.recoverInterrupted() {
            let counted = reps.filter(\.counted).count
            FileHandle.standardError.write(
                Data(
                    "plantar: an earlier session (\(s.routine), started \(s.startedAt)) was interrupted; its \(reps.count) reps (\(counted) counted) are kept in the history.\n"
                        .utf8))
        }
        return try SessionJournal(store: store, person: person, source: source, device: device, routine: routine)
    }

    /// Ends any session (run, replay, demo): the journal closed, the table or JSON printed, a failed history write
    /// reported, and Ctrl-C turned into exit 130.
    func finish(
        _ report: SessionReport, presenter: Presenter, journal: SessionJournal?,
        interrupted: Bool = Interrupt.requested, afterTable: () throws -> Void = {}
    ) throws {
        var report = report
        if presenter.quitByKey { report.interrupted = true }
        var historyError: Error?
        do { try journal?.finish(report) } catch { historyError = error }
        presenter.end(report, table: !json)
        // The terminal is back to normal here: a question may be asked (the pain after).
        try afterTable()
        if json { print(report.json().serialized(pretty: true)) }
        if let historyError { stderrLine("plantar: history: \(historyError)") }
        if interrupted { throw PlantarError.interrupted }
    }
}
