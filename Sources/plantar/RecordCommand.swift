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

    @Argument(help: "The evemu file to write (gzip-compressed when it ends in .gz).")
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
        let path = try DeviceChoice.evdevPath(device: device, profiles: profiles)
        var recorder = try DeviceRecorder(
            device: try EvdevDevice(path: path, grab: grab), out: out,
            comment: "Recorded by plantar \(Plantar.version) from \(path)")
        recorder.limitMicros = duration.map { Int64($0 * 1_000_000) }
        stderrLine("recording \"\(recorder.device.description.name)\" (\(path)) to \(out); Ctrl-C ends it")
        let result = try recorder.record { Interrupt.requested }
        let seconds = String(format: "%.2f", Double(result.lastMicros) / 1_000_000)
        stderrLine("recorded \(result.events) events (\(seconds) s) to \(out): \(result.ending.rawValue)")
    }
}
