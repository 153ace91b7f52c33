import ArgumentParser
import Foundation
import PlantarInput
import PlantarSupport

struct Record: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
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
        if let duration, !(duration > 0 && duration <= 1_000_000) {
            throw ValidationError("--duration must be positive, at most 1000000 seconds.")
        }
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
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
        loop: while !Interrupt.requested {
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
    }
}
