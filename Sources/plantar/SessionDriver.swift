import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSpeech
import PlantarSupport
import PlantarTerminal

/// What a session reads: a recording (replay, demo) or a live device (run).
enum SessionInput {
    case recording(PlantarSession.Replay, RecordingSource)
    case live(LiveSession, LiveFrameSource)

    var path: String {
        switch self {
        case .recording(let replay, _): return replay.path
        case .live(_, let source): return source.path
        }
    }

    var deviceName: String {
        switch self {
        case .recording(_, let source): return source.device.name
        case .live(_, let source): return source.deviceName
        }
    }

    var routine: Routine {
        switch self {
        case .recording(let replay, _): return replay.routine
        case .live(let session, _): return session.routine
        }
    }

    func with(_ routine: Routine) -> SessionInput {
        switch self {
        case .recording(var replay, let source):
            replay.routine = routine
            return .recording(replay, source)
        case .live(var session, let source):
            session.routine = routine
            return .live(session, source)
        }
    }
}

/// The one session loop of run, replay and demo: the history journal, the recording of a live session, today's
/// targets and the pain check, the presenter (readout, plain lines or nothing), the voice, Ctrl-C and the keys, the
/// table or the JSON report, and the exit code. The commands only turn their options into a `SessionInput`.
struct SessionDriver {
    var output = SessionOutput()
    var save = false
    /// Whose session the history keeps.
    var person = ""
    /// Show the live readout (or plain lines when stdout is not a terminal) while the session runs.
    var showProgress = true
    /// Speaks cues (`--voice`), and/or keeps them for `--voice-out`.
    var coach: VoiceCoach?
    /// `--voice-out DIR`: the cue list and the WAVs, written after the session.
    var voiceOut: (directory: String, espeak: Espeak)?
    /// Progression and the pain check.
    var coaching: Coaching?
    /// A live session: `--record FILE`, else (a saved session) a recording in the history's recordings directory.
    var recordPath: String?
    /// How `run` was started, for the recording's header comment.
    var recordComment = ""

    var json: Bool { output.json }

    /// Runs the session and prints its report; throws `PlantarError.interrupted` after Ctrl-C (the partial report
    /// printed).
    /// - Parameters:
    ///   - painBefore: the pain before when it was asked already (a live session asks before the device opens).
    ///   - firstLine: said before the session starts when there is no live readout (which device is read).
    ///   - afterRun: what follows the loop before the report (a live session lets go of the board).
    func run(
        _ input: SessionInput, painBefore asked: Int?? = nil, firstLine: String? = nil, afterRun: () -> Void = {}
    ) throws {
        var input = input
        Interrupt.install()
        let live: Bool
        if case .live = input { live = true } else { live = false }
        let presenter = Presenter(
            routine: input.routine, bell: !output.quiet, silent: output.json || !showProgress)
        presenter.big = output.big ? true : nil
        if let firstLine, !presenter.live { say(firstLine) }
        let journal =
            try save ? openJournal(source: input.path, device: input.deviceName, routine: input.routine) : nil
        let recorder = try live ? startRecording(input, journal: journal) : nil
        var routine = input.routine
        let painBefore = try coaching.map { try start($0, routine: &routine, journal: journal, asked: asked) } ?? nil
        input = input.with(routine)
        coach?.use(routine)
        let frameRecorder: FrameRecorder?
        if case .frames(let r)? = recorder { frameRecorder = r } else { frameRecorder = nil }
        // The runner, once the first frame has come: shared by the observer (escaping) and the per-frame function. A
        // class with an unchecked property, not a captured variable: a variable captured by an escaping closure is
        // boxed, and every access to it (one per frame here) is checked for exclusivity at run time.
        let runnerRef = RunnerSlot()
        let coach = self.coach
        // A live session's event lines go to standard error with --json; a replay's --json is the report alone.
        let linesToStderr = live && output.json
        let observer: (SessionEvent) -> Void = { e in
            journal?.observe(e)
            coach?.observe(e)
            if case .exerciseStarted = e, let r = runnerRef.runner { presenter.attach(r) }
            presenter.observe(e)
            if linesToStderr,
                let line = Presenter.plainLine(e, routine: routine, sensorNames: runnerRef.runner?.sensorNames ?? [])
            {
                stderrLine(line)
            }
        }
        // Nothing to show, record or say per frame (a replay with --json, say): only Ctrl-C is looked for.
        let quiet = !presenter.live && frameRecorder == nil && coach == nil
        let capture = Console.capture
        func perFrame(_ runner: SessionRunner, _ frame: Frame, _ sample: Sample) -> Bool {
            if runnerRef.runner == nil {
                runnerRef.runner = runner
                presenter.attach(runner)
            }
            if quiet { return !Interrupt.requested(capture: capture) }
            frameRecorder?.record(frame)
            coach?.tick(atMicros: sample.timeMicros)
            presenter.frame(sample)
            return presenter.pollKeys()
        }
        let report: SessionReport
        switch input {
        case .recording(let replay, let source):
            report = try replay.run(
                source: source, observer: observer, perFrame: perFrame,
                wait: { _, seconds in presenter.wait(seconds: seconds) })
        case .live(var session, let source):
            session.shouldStop = { Interrupt.requested || presenter.quitByKey }
            report = try session.run(
                source: source, observer: observer,
                deviceEvents: { e in
                    if presenter.live {
                        presenter.notice(Self.line(e).trimmingCharacters(in: .whitespaces))
                    } else {
                        say(Self.line(e))
                    }
                },
                perFrame: perFrame)
        }
        coach?.finish()
        afterRun()
        if let recorder {
            do {
                try recorder.finish()
            } catch {
                stderrLine("plantar: the recording is incomplete: \(error)")
            }
        }
        if let voiceOut, let coach {
            let written = try VoiceOut.write(coach.cues, to: voiceOut.directory, espeak: voiceOut.espeak)
            stderrLine("plantar: \(written.cues) cues and \(written.files.count) WAV files in \(voiceOut.directory)")
        }
        try finish(report, presenter: presenter, journal: journal) {
            if let coaching { try end(coaching, report: report, before: painBefore, journal: journal) }
        }
    }

    /// Before a session: today's targets from the history (shown, and stored with the session) and the pain now
    /// (unless it was asked already). Returns the pain before.
    func start(_ coaching: Coaching, routine: inout Routine, journal: SessionJournal?, asked: Int??) throws -> Int? {
        let plan = try coaching.plan(routine, person: person, store: journal?.store ?? Coaching.existingStore())
        routine = plan.routine
        journal?.proposals = plan.proposals
        for line in Coaching.lines(plan.proposals) { say(line) }
        let before = asked ?? coaching.painBefore()
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
        if json { stderrLine(line) } else { Console.line(line) }
    }

    func openJournal(source: String, device: String, routine: Routine) throws -> SessionJournal {
        let store = try HistoryStore()
        for (s, reps) in try store.recoverInterrupted() {
            let counted = reps.filter(\.counted).count
            stderrLine(
                "plantar: an earlier session (\(s.routine), started \(s.startedAt)) was interrupted; its \(reps.count) "
                    + "reps (\(counted) counted) are kept in the history.")
        }
        return try SessionJournal(store: store, person: person, source: source, device: device, routine: routine)
    }

    /// A live session's recording: the events an evdev node gave, or the frames of a device that gives none (a
    /// libusb pad).
    enum LiveRecording {
        case events(SessionRecorder)
        case frames(FrameRecorder)

        var path: String {
            switch self {
            case .events(let r): return r.path
            case .frames(let r): return r.path
            }
        }

        func finish() throws {
            switch self {
            case .events(let r): try r.finish()
            case .frames(let r): try r.finish()
            }
        }
    }

    /// Records a live session as evemu: to `--record FILE`, else (a saved session) into the history's recordings,
    /// so that every session can be replayed, plotted and reported by its id. The history keeps the path.
    private func startRecording(_ input: SessionInput, journal: SessionJournal?) throws -> LiveRecording? {
        guard case .live(_, let source) = input else { return nil }
        func recording(to path: String) throws -> LiveRecording {
            if let evdev = source as? EvdevFrameSource {
                return .events(try SessionRecorder(path: path, source: evdev, comment: recordComment))
            }
            let info = (source as? USBFrameSource)?.pad?.info
            return .frames(
                try FrameRecorder(
                    path: path, profile: source.profile, name: info?.productName ?? source.deviceName,
                    vendor: info?.vendor ?? 0, product: info?.product ?? 0, comment: recordComment))
        }
        let recorder: LiveRecording
        if let recordPath {
            recorder = try recording(to: recordPath)
        } else if let journal {
            // A recording that cannot be made does not stop the session: it is said, and the results are kept.
            do {
                recorder = try recording(to: try journal.store.newRecordingPath(session: journal.sessionID))
            } catch {
                stderrLine("plantar: this session is not recorded: \(error)")
                return nil
            }
        } else {
            return nil
        }
        if let journal {
            let absolute = URL(fileURLWithPath: recorder.path).standardizedFileURL.path
            try journal.store.setRecording(session: journal.sessionID, path: absolute)
        }
        return recorder
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
        if json { Console.line(report.json().serialized(pretty: true)) }
        if let historyError { stderrLine("plantar: history: \(historyError)") }
        if interrupted { throw PlantarError.interrupted }
    }

    /// A device going away and coming back, as a line.
    static func line(_ e: DeviceEvent) -> String {
        func t(_ micros: Int64) -> String { String(format: "%7.2f", Double(micros) / 1_000_000) }
        switch e {
        case .lost(let at, let wait):
            return "\(t(at))  device lost: session paused, waiting \(String(format: "%.0f", wait)) s for it"
        case .back(let path, let at):
            return "\(t(at))  device back at \(path): session resumed"
        case .gaveUp(let at):
            return "\(t(at))  device did not come back: session ended (partial report)"
        case .failed(let message):
            return "         device error: \(message)"
        }
    }
}

/// The session's runner as the per-frame function and the observer share it (see `SessionDriver.run`). Written once,
/// on the first frame, and read on the same thread.
private final class RunnerSlot {
    @exclusivity(unchecked) var runner: SessionRunner?
}
