import ArgumentParser
import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarTerminal
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM as a flag the read loops check between reads; a second Ctrl-C kills as usual.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                Interrupt.requested.store(true, ordering: .relaxed)
                signal(sig, SIG_DFL)
            }
            // No SA_RESTART: a blocked poll() returns at once.
            action.sa_flags = 0
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
        PlantarTerminal.Interrupt.unblock()
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}

/// Device commands never need root with the udev rule installed, so they refuse it unless asked (`--allow-root`, or
/// `PLANTAR_ALLOW_ROOT=1` where root is all there is, as in the kernel test VM).
func refuseRoot(unless allowed: Bool) throws {
    guard getuid() == 0 || geteuid() == 0, !allowed, ProcessInfo.processInfo.environment["PLANTAR_ALLOW_ROOT"] != "1"
    else { return }
    throw PlantarError.device(
        path: "plantar",
        message: "refusing to run as root: Plantar only needs to read one input device; install the udev rule "
            + "(sudo make install puts udev/70-plantar.rules in /etc/udev/rules.d), re-plug the device and run as "
            + "your user — or pass --allow-root")
}

func loadProfiles() throws -> [DeviceProfile] {
    try DeviceProfile.loadAll()
}

func stderrLine(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

// MARK: devices

struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List input devices (evdev and USB), the profile that reads each, and whether you may read it.")

    func run() throws {
        do {
            let profiles = try loadProfiles()
            let nodes = DeviceDiscovery.evdevDevices(profiles: profiles)
            print("evdev (\(DeviceDiscovery.sysClassInput)):")
            if nodes.isEmpty {
                print("  no input devices; is the evdev module loaded? (sudo modprobe evdev)")
            }
            for d in nodes {
                print("  \(d.path)  \"\(d.name)\"  \(d.identity)" + (d.driver.map { "  driver \($0)" } ?? ""))
                describe(profile: d.profile, reasons: d.reasons, readable: d.readable, path: d.path)
            }
            print("usb:")
            let usb = (try? USBBus())?.devices(profiles: profiles) ?? []
            if usb.isEmpty { print("  no USB devices besides hubs") }
            for u in usb {
                print(
                    "  \(u.path)  \"\(u.displayName)\"  \(u.identity)"
                        + (u.interfaceDriver.map { "  driver \($0)" } ?? ""))
                if u.profile == nil, let node = nodes.first(where: { $0.vendor == u.vendor && $0.product == u.product })
                {
                    print("    read through evdev at \(node.path)")
                    continue
                }
                describe(profile: u.profile, reasons: u.reasons, readable: u.accessible, path: u.path)
            }
            let usable = nodes.contains { $0.profile != nil } || usb.contains { $0.profile != nil }
            if !usable {
                print("no supported device: pair the balance board (see `plantar doctor`) or plug in a pad")
            }
        } catch {
            fail(error)
        }
    }

    private func describe(profile: DeviceProfile?, reasons: [String], readable: Bool, path: String) {
        if let p = profile {
            let file = p.sourcePath.isEmpty ? "built in" : p.sourcePath
            print("    profile: \(p.name) (\(file))")
            print(
                readable
                    ? "    access: ok"
                    : "    access: denied; fix: install the udev rule (sudo make install), re-plug")
        } else {
            print("    no profile: " + (reasons.isEmpty ? "no profiles loaded" : reasons.joined(separator: "; ")))
        }
    }
}

// MARK: record

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a live device to an evemu file (Ctrl-C ends the recording).",
        discussion: """
            Times in the file count from the first event. The file plays through evemu-device/evemu-play and replays \
            in `plantar replay`.
            """)

    @Argument(help: "The evemu file to write.")
    var out: String

    @Option(help: "The evdev node (/dev/input/eventN); auto-detected when left out.")
    var device: String?

    @Option(help: "Stop after this many seconds of recording (counted from the first event).")
    var duration: Double?

    @Flag(help: "Run even as root (not needed with the udev rule installed).")
    var allowRoot = false

    @Flag(help: "Grab the device so that no other program sees its events.")
    var grab = false

    func validate() throws {
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive.") }
    }

    func run() throws {
        do {
            try refuseRoot(unless: allowRoot)
            Interrupt.install()
            let profiles = try loadProfiles()
            let path: String
            if let device {
                path = device
            } else if let found = DeviceDiscovery.firstUsable(profiles: profiles) {
                path = found.path
            } else {
                throw PlantarError.noDevice(
                    "no balance board or pressure pad found to record (see `plantar devices` and `plantar doctor`)")
            }
            let dev = try EvdevDevice(path: path, grab: grab)
            let writer = try EvemuWriter(
                path: out, device: dev.description,
                comment: "Recorded by plantar \(Plantar.version) from \(path)")
            // The node's current values open the recording (they join its first frame): axes that never change
            // are not read back as 0.
            for e in dev.currentState(atMicros: 0) { try writer.write(e) }
            stderrLine("recording \"\(dev.description.name)\" (\(path)) to \(out); Ctrl-C ends it")
            var origin: Int64?
            var events = 0
            var last: Int64 = 0
            var why = "interrupted"
            var writeError: Error?
            let limit = duration.map { Int64($0 * 1_000_000) }
            loop: while !Interrupt.isRequested {
                let status = try dev.read(timeoutMillis: 100) { raw in
                    guard writeError == nil else { return }
                    if origin == nil { origin = raw.timeMicros }
                    var e = raw
                    e.timeMicros -= origin ?? 0
                    if let limit, e.timeMicros > limit { return }
                    do { try writer.write(e) } catch { writeError = error }
                    events += 1
                    last = e.timeMicros
                }
                if let writeError { throw writeError }
                if status == .gone {
                    why = "the device went away"
                    break loop
                }
                if let limit, let origin, monotonicMicros() - origin >= limit {
                    why = "duration reached"
                    break loop
                }
            }
            try writer.flush(sync: true)
            stderrLine(
                "recorded \(events) events (\(String(format: "%.2f", Double(last) / 1_000_000)) s) to \(out): \(why)")
        } catch {
            fail(error)
        }
    }
}

// MARK: run

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a live session on a balance board or pad (the built-in routine unless told otherwise).")

    @Option(help: "The device: an evdev node (/dev/input/eventN) or a USB node (/dev/bus/usb/BBB/DDD).")
    var device: String?

    @Option(help: "A routine file, or the name of one in ~/.config/plantar/routines.")
    var routine: String?

    @Option(help: "Do just this one exercise, until Ctrl-C or the device goes away.")
    var exercise: ExerciseKind?

    @Option(help: "Seconds to wait for an unplugged device to come back before ending the session.")
    var reconnectWait: Double = 30

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

    @Flag(help: "Print SPEC §5's JSON report on standard output (event lines go to standard error).")
    var json = false

    func validate() throws {
        if routine != nil, exercise != nil {
            throw ValidationError("--routine and --exercise cannot be used together.")
        }
        if reconnectWait < 0 { throw ValidationError("--reconnect-wait cannot be negative.") }
    }

    func run() throws {
        do {
            try refuseRoot(unless: allowRoot)
            Interrupt.install()
            PlantarTerminal.Interrupt.install()
            let chosen = try RoutineStore.chosen(exercise: exercise, routine: routine)
            let profiles = try loadProfiles()
            let source = try openSource(profiles: profiles)
            let toStderr = json
            let say: @Sendable (String) -> Void = { line in
                if toStderr { stderrLine(line) } else { print(line) }
            }
            // On a terminal: the live readout and its keys. Otherwise plain lines (to stderr with --json).
            let presenter = Presenter(routine: chosen, bell: !quiet, silent: json)
            if !presenter.live {
                say("reading \"\(source.deviceName)\" (\(source.path)) with profile \(source.profile.name)")
            }
            // The history keeps the recording when there is one, so the session can be plotted and replayed later.
            let recordPath = record.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let journal =
                noSave
                ? nil
                : try SessionDriver().openJournal(
                    source: recordPath ?? source.path, device: source.deviceName, routine: chosen)
            var recorder: EvemuWriter?
            if let record {
                guard let evdev = source as? EvdevFrameSource, let device = evdev.device else {
                    throw PlantarError.device(path: source.path, message: "--record needs an evdev device")
                }
                let writer = try EvemuWriter(
                    path: record, device: device.description,
                    comment: "Recorded by plantar run (\(chosen.name)) from \(source.path)")
                // The node's current values open the recording, without a SYN_REPORT of their own: they join the
                // first frame, exactly as they seed the live assembler.
                for e in device.currentState(atMicros: 0) { try writer.write(e) }
                evdev.onEvent = { e in try? writer.write(e) }
                recorder = writer
            }
            var session = LiveSession(routine: chosen, single: exercise != nil)
            session.reconnectSeconds = reconnectWait
            session.shouldStop = { Interrupt.isRequested || PlantarTerminal.Interrupt.requested || presenter.quitByKey }
            var attached = false
            let report = try session.run(
                source: source,
                observer: { event in
                    journal?.observe(event)
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
                    presenter.frame(sample)
                    return presenter.pollKeys()
                })
            try recorder?.flush(sync: true)
            var final = report
            if presenter.quitByKey { final.interrupted = true }
            journal?.finish(final)
            presenter.end(final, table: !json)
            if json { print(final.json().serialized(pretty: true)) }
            if Interrupt.isRequested || PlantarTerminal.Interrupt.requested { throw ExitCode(130) }
        } catch let code as ExitCode {
            throw code
        } catch {
            fail(error)
        }
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

    private func openSource(profiles: [DeviceProfile]) throws -> LiveFrameSource {
        if let device, device.hasPrefix("/dev/bus/usb/") {
            let bus = try USBBus()
            guard let info = bus.devices(profiles: profiles).first(where: { $0.path == device }) else {
                throw PlantarError.noDevice("\(device): no such USB device")
            }
            guard let profile = info.profile else {
                throw PlantarError.device(
                    path: device, message: "no device profile fits it (\(info.reasons.joined(separator: "; ")))")
            }
            return USBFrameSource(pad: try bus.open(info, profile: profile), profiles: profiles)
        }
        if let device {
            return try EvdevFrameSource.open(path: device, grab: grab, profiles: profiles)
        }
        if DeviceDiscovery.firstUsable(profiles: profiles) != nil {
            return try EvdevFrameSource.open(path: nil, grab: grab, profiles: profiles)
        }
        if let usb = try USBFrameSource.openFirst(profiles: profiles) { return usb }
        throw PlantarError.noDevice(
            "no balance board or pressure pad found (see `plantar devices` and `plantar doctor`)")
    }
}

// MARK: doctor

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check what a live session needs (drivers, device, permissions, udev rule, battery) and say how to fix it.")

    static let ruleFile = "70-plantar.rules"
    static let ruleDirectories = [
        "/etc/udev/rules.d", "/run/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d",
    ]

    private func check(_ ok: Bool, _ what: String, fix: String? = nil) {
        print((ok ? "ok    " : "FIX   ") + what)
        if !ok, let fix { print("      fix: " + fix) }
    }

    private func note(_ what: String) { print("      " + what) }

    func run() throws {
        let fm = FileManager.default
        var profiles: [DeviceProfile] = [.wiiBalanceBoard]
        do {
            profiles = try loadProfiles()
            check(true, "\(profiles.count) device profiles loaded")
        } catch {
            check(false, "device profiles: \(error)", fix: "correct or remove that profile file")
        }

        let handlers = (try? String(contentsOfFile: "/proc/bus/input/handlers", encoding: .utf8)) ?? ""
        check(
            handlers.contains("evdev") || fm.fileExists(atPath: "/sys/module/evdev"),
            "evdev (the kernel's input event interface)", fix: "sudo modprobe evdev")
        let wiimote = fm.fileExists(atPath: "/sys/module/hid_wiimote")
        check(
            wiimote, "hid-wiimote driver (the balance board's driver) " + (wiimote ? "loaded" : "not loaded"),
            fix: "sudo modprobe hid-wiimote (not needed for a USB pad)")

        let nodes = DeviceDiscovery.evdevDevices(profiles: profiles)
        let matched = nodes.filter { $0.profile != nil }
        let usb = ((try? USBBus())?.devices(profiles: profiles) ?? []).filter { $0.profile != nil }
        check(
            !matched.isEmpty || !usb.isEmpty,
            matched.isEmpty && usb.isEmpty
                ? "no balance board or pad found (\(nodes.count) other input devices)"
                : "\(matched.count + usb.count) supported device(s) found",
            fix: "balance board: `bluetoothctl`, `scan on`, press the red sync button under the battery cover, "
                + "`connect <address>` (hid-wiimote then makes \"Nintendo Wii Remote Balance Board\"); "
                + "USB pad: plug it in; then `plantar devices` shows why other devices do not match")
        for d in matched {
            check(
                d.readable,
                "\(d.path) \"\(d.name)\" (\(d.profile!.name)) " + (d.readable ? "readable" : "not readable"),
                fix: "install the udev rule (sudo make install) and reconnect the device")
        }
        for u in usb {
            check(
                u.accessible,
                "\(u.path) \"\(u.displayName)\" (\(u.profile!.name)) "
                    + (u.accessible ? "accessible through libusb" : "not accessible"),
                fix: "install the udev rule (sudo make install) and re-plug the pad")
        }

        let installed = Self.ruleDirectories.map { $0 + "/" + Self.ruleFile }.first { fm.fileExists(atPath: $0) }
        check(
            installed != nil, "udev rule " + (installed ?? "\(Self.ruleFile) not installed"),
            fix: "sudo make install (or copy udev/\(Self.ruleFile) to /etc/udev/rules.d/), then "
                + "sudo udevadm control --reload && sudo udevadm trigger")

        let supplies = ((try? fm.contentsOfDirectory(atPath: "/sys/class/power_supply")) ?? []).filter {
            $0.lowercased().contains("wiimote")
        }
        let boardConnected = matched.contains { $0.profile?.name == DeviceProfile.wiiBalanceBoard.name }
        if supplies.isEmpty, boardConnected {
            check(
                false, "the balance board reports no battery in /sys/class/power_supply",
                fix: "reconnect the board (hid-wiimote adds its battery once it has read the board's status)")
        } else if supplies.isEmpty {
            note("battery: no balance board connected, so none reported in /sys/class/power_supply")
        }
        for s in supplies.sorted() {
            let text = try? String(contentsOfFile: "/sys/class/power_supply/\(s)/capacity", encoding: .utf8)
            let capacity = text.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let capacity {
                check(
                    capacity >= 20, "balance board battery \(capacity)% (\(s))",
                    fix: "replace the four AA batteries: readings drift when they run low")
            } else {
                check(false, "balance board battery unreadable (\(s))", fix: "reconnect the board")
            }
        }
    }
}
