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

    @OptionGroup var choice: ExerciseChoice

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for an unplugged device to come back before ending the session (and for a paired "
                + "balance board that is off to be switched on)."))
    var reconnectWait: Double = 30

    @Flag(help: "Leave the balance board connected after the session (it is disconnected to save its batteries).")
    var stayConnected = false

    @Option(
        help: """
            Record the session to this evemu file instead of the history's recordings (replays to the same report; \
            gzip-compressed when it ends in .gz).
            """)
    var record: String?

    @Flag(help: "Run even as root (not needed with the udev rule installed).")
    var allowRoot = false

    @Flag(help: "Do not keep this session in the history.")
    var noSave = false

    @Flag(help: "Grab the device so that no other program sees its events.")
    var grab = false

    @OptionGroup var person: PersonOption

    @OptionGroup var output: SessionOutputOptions

    @OptionGroup var voice: VoiceOptions

    @OptionGroup var coaching: CoachingOptions

    func validate() throws {
        guard (0...86_400).contains(reconnectWait) else {
            throw ValidationError("--reconnect-wait must be between 0 and 86400 seconds.")
        }
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        try refuseRoot(unless: allowRoot)
        Interrupt.install()
        let chosen = try choice.chosen()
        let config = try UserConfig.load()
        var driver = SessionDriver(output: output.settings, save: !noSave)
        driver.person = try person.resolved()
        driver.coaching = Coaching(coaching.settings, live: true, config: config)
        // Asked before the device is opened: its events do not pile up while the person answers.
        let painBefore = driver.coaching?.painBefore()
        let profiles = try loadProfiles()
        let toStderr = output.json
        let say: @Sendable (String) -> Void = { line in
            if toStderr { stderrLine(line) } else { Console.line(line) }
        }
        let link = try bringUpBoard(profiles: profiles, say: say)
        let source = try DeviceChoice.open(device: device, grab: grab, profiles: profiles)
        if source.profile.name == DeviceProfile.genericName {
            stderrLine(
                "plantar: no profile names \"\(source.deviceName)\": reading it as a \(DeviceProfile.genericName) "
                    + "(" + source.profile.sensors.map(\.name).joined(separator: ", ")
                    + " from its first four axes, each axis's range as 50 kg); write a profile with its real "
                    + "corners and scale (see docs/devices.md, profiles go in ~/.config/plantar/profiles)")
        }
        driver.recordPath = record
        driver.recordComment = "Recorded by plantar run (\(chosen.name)) from \(source.path)"
        driver.coach = try VoiceSetup.live(routine: chosen, options: voice.settings, config: config)
        var session = LiveSession(routine: chosen, single: choice.single)
        session.reconnectSeconds = reconnectWait
        try driver.run(
            .live(session, source), painBefore: .some(painBefore),
            firstLine: "reading \"\(source.deviceName)\" (\(source.path)) with profile \(source.profile.name)"
        ) {
            if !stayConnected, source.profile.name == DeviceProfile.wiiBalanceBoard.name { link?.disconnect() }
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
