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

    /// Runs a replay with the readout and the journal and prints the report; throws `PlantarError.interrupted` after
    /// Ctrl-C (the partial report printed).
    func replay(_ replay: PlantarSession.Replay) throws {
        let source = try replay.open()
        Interrupt.install()
        let presenter = Presenter(routine: replay.routine, bell: !quiet, silent: json || !showProgress)
        presenter.big = big
        let journal =
            try save ? openJournal(source: replay.path, device: source.device.name, routine: replay.routine) : nil
        var runnerRef: SessionRunner?
        let report = try replay.run(
            source: source,
            observer: { e in
                journal?.observe(e)
                coach?.observe(e)
                if case .exerciseStarted = e, let r = runnerRef { presenter.attach(r) }
                presenter.observe(e)
            },
            perFrame: { runner, _, sample in
                if runnerRef == nil {
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
        try finish(report, presenter: presenter, journal: journal)
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
        interrupted: Bool = Interrupt.requested
    ) throws {
        var report = report
        if presenter.quitByKey { report.interrupted = true }
        var historyError: Error?
        do { try journal?.finish(report) } catch { historyError = error }
        presenter.end(report, table: !json)
        if json { print(report.json().serialized(pretty: true)) }
        if let historyError { stderrLine("plantar: history: \(historyError)") }
        if interrupted { throw PlantarError.interrupted }
    }
}
