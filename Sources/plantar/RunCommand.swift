import ArgumentParser
import Foundation
import PlantarBluetooth
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSupport
import PlantarTerminal

struct Run: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a live session on a balance board or pad (the built-in routine unless told otherwise).")

    @Option(help: "The device: an evdev node (/dev/input/eventN) or a USB node (/dev/bus/usb/BBB/DDD).")
    var device: String?

    @Option(help: "A routine file, or the name of one in ~/.config/plantar/routines.")
    var routine: String?

    @Option(help: "Do just this one exercise, until Ctrl-C or the device goes away.")
    var exercise: ExerciseKind?

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for an unplugged device to come back before ending the session (and for a paired "
                + "balance board that is off to be switched on)."))
    var reconnectWait: Double = 30

    @Flag(help: "Leave the balance board connected after the session (it is disconnected to save its batteries).")
    var stayConnected = false

    @Option(help: "Also record the session's events to this evemu file (replays to the same report).")
    var record: String?

    @Flag(help: "Run even as root (not needed with the udev rule installed).")
    var allowRoot = false

    @Flag(help: "No bell at counted reps and finished holds.")
    var quiet = false

    @Flag(help: "Do not keep this session in the history.")
    var noSave = false

    @Flag(help: "Grab the device so that no other program sees its events.")
    var grab = false

    @OptionGroup var person: PersonOption

    @Flag(
        help: "Print the JSON report (schema plantar.report/1) on standard output (event lines go to standard error).")
    var json = false

    @OptionGroup var voice: VoiceOptions

    @OptionGroup var coaching: CoachingOptions

    @Flag(help: "The big readout: rep counter and hold seconds in block digits (automatic on a large terminal).")
    var big = false

    func validate() throws {
        if routine != nil, exercise != nil {
            throw ValidationError("--routine and --exercise cannot be used together.")
        }
        guard (0...86_400).contains(reconnectWait) else {
            throw ValidationError("--reconnect-wait must be between 0 and 86400 seconds.")
        }
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        try refuseRoot(unless: allowRoot)
        Interrupt.install()
        var chosen = try RoutineStore.chosen(exercise: exercise, routine: routine)
        let config = try UserConfig.load()
        let coach = Coaching(coaching, live: true, config: config)
        // Asked before the device is opened: its events do not pile up while the person answers.
        let painBefore = coach.painBefore()
        let profiles = try loadProfiles()
        let toStderr = json
        let say: @Sendable (String) -> Void = { line in
            if toStderr { stderrLine(line) } else { print(line) }
        }
        let link = try bringUpBoard(profiles: profiles, say: say)
        let source = try DeviceChoice.open(device: device, grab: grab, profiles: profiles)
        // On a terminal: the live readout and its keys. Otherwise plain lines (to stderr with --json).
        let presenter = Presenter(routine: chosen, bell: !quiet, silent: json)
        presenter.big = big ? true : nil
        if !presenter.live {
            say("reading \"\(source.deviceName)\" (\(source.path)) with profile \(source.profile.name)")
        }
        if source.profile.name == DeviceProfile.genericName {
            stderrLine(
                "plantar: no profile names \"\(source.deviceName)\": reading it as a \(DeviceProfile.genericName) "
                    + "(" + source.profile.sensors.map(\.name).joined(separator: ", ")
                    + " from its first four axes, each axis's range as 50 kg); write a profile with its real "
                    + "corners and scale (see docs/devices.md, profiles go in ~/.config/plantar/profiles)")
        }
        var driver = SessionDriver(json: json, quiet: quiet, save: !noSave)
        driver.person = try person.resolved()
        let journal =
            noSave
            ? nil
            : try driver.openJournal(source: source.path, device: source.deviceName, routine: chosen)
        let recorder = try startRecording(source: source, journal: journal, routine: chosen)
        let plan = try coach.plan(chosen, person: driver.person, store: journal?.store ?? Coaching.existingStore())
        chosen = plan.routine
        journal?.proposals = plan.proposals
        for line in Coaching.lines(plan.proposals) { say(line) }
        if let painBefore, let journal { try journal.store.recordPain(session: journal.sessionID, before: painBefore) }
        var session = LiveSession(routine: chosen, single: exercise != nil)
        session.reconnectSeconds = reconnectWait
        session.shouldStop = { Interrupt.requested || presenter.quitByKey }
        var attached = false
        let voiceCoach = try VoiceSetup.live(routine: chosen, options: voice, config: config)
        let report = try session.run(
            source: source,
            observer: { event in
                journal?.observe(event)
                voiceCoach?.observe(event)
                if presenter.live {
                    presenter.observe(event)
                } else if let line = Presenter.plainLine(event, routine: chosen) {
                    say(line)
                }
            },
            deviceEvents: { e in
                if presenter.live {
                    presenter.notice(Run.line(e).trimmingCharacters(in: .whitespaces))
                } else {
                    say(Run.line(e))
                }
            },
            perFrame: { runner, _, sample in
                if !attached {
                    attached = true
                    presenter.attach(runner)
                }
                voiceCoach?.tick(atMicros: sample.timeMicros)
                presenter.frame(sample)
                return presenter.pollKeys()
            })
        voiceCoach?.finish()
        if !stayConnected, source.profile.name == DeviceProfile.wiiBalanceBoard.name { link?.disconnect() }
        do {
            try recorder?.finish()
        } catch {
            stderrLine("plantar: the recording is incomplete: \(error)")
        }
        try driver.finish(
            report, presenter: presenter, journal: journal,
            interrupted: Interrupt.requested
        ) {
            try driver.end(coach, report: report, before: painBefore, journal: journal)
        }
    }

    /// Records the session as evemu: to `--record FILE`, else (a saved session) into the history's recordings, so
    /// that every session can be replayed, plotted and reported by its id. The history keeps the path.
    private func startRecording(
        source: LiveFrameSource, journal: SessionJournal?, routine: Routine
    ) throws -> SessionRecorder? {
        let comment = "Recorded by plantar run (\(routine.name)) from \(source.path)"
        guard let evdev = source as? EvdevFrameSource else {
            if record != nil {
                throw PlantarError.device(path: source.path, message: "--record needs an evdev device")
            }
            return nil
        }
        let recorder: SessionRecorder
        if let record {
            recorder = try SessionRecorder(path: record, source: evdev, comment: comment)
        } else if let journal {
            // A recording that cannot be made does not stop the session: it is said, and the results are kept.
            do {
                let path = try journal.store.newRecordingPath(session: journal.sessionID)
                recorder = try SessionRecorder(path: path, source: evdev, comment: comment)
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

    /// A paired balance board over Bluetooth: connected through BlueZ when it is bonded but not connected, or waited
    /// for ("press the power button on the board") when it is off. nil without BlueZ or without a paired board.
    private func bringUpBoard(profiles: [DeviceProfile], say: @escaping @Sendable (String) -> Void) throws -> BoardLink?
    {
        guard device == nil, let link = BoardLink(say: say, interrupted: { Interrupt.requested }) else { return nil }
        if DeviceDiscovery.firstUsable(profiles: profiles) != nil { return link }
        if !link.bringUp(wait: reconnectWait), let board = link.board {
            if Interrupt.requested { throw PlantarError.interrupted }
            throw PlantarError.noDevice(
                "the balance board \(board.address) did not connect in \(String(format: "%g", reconnectWait)) s: "
                    + "press its front power button, or pair it again with `plantar pair`")
        }
        return link
    }
}
