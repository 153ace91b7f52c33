import Foundation
import PlantarSignal
import PlantarSupport

/// A recording as an input source: the evemu header picks the profile, and events become frames.
public final class RecordingSource {
    public let reader: EvemuReader
    public let profile: DeviceProfile
    // Unchecked: read and written once per event, and never while another access to it is in progress.
    @exclusivity(unchecked) public var assembler: FrameAssembler
    @exclusivity(unchecked) public private(set) var lastEventMicros: Int64 = 0

    public init(path: String, profiles: [DeviceProfile]? = nil) throws {
        reader = try EvemuReader(path: path)
        let device = reader.device
        let builtIn = profiles == nil && ProfileStore.onlyShippedProfiles()
        if builtIn, DeviceProfile.wiiBalanceBoard.matches(device) {
            // A board recording: the board's profile, which is what the shipped profiles choose (a test holds it),
            // without making the others.
            profile = .wiiBalanceBoard
            assembler = FrameAssembler(profile: profile, device: device)
            return
        }
        // With only the shipped profiles about, they are the built-in ones (a test holds each equal to its file), so
        // no profile file is read and parsed. A broken profile file is reported, as `run` reports it, rather than
        // silently replaced by the built-in one.
        let candidates =
            try profiles
            ?? (builtIn ? DeviceProfile.shipped.map(\.profile) : DeviceProfile.loadAll())
        profile = try Self.profile(for: device, among: candidates, path: path)
        assembler = FrameAssembler(profile: profile, device: device)
    }

    /// The profile a recording of `device` is read with: the best that fits; else the recorded axes of a `usb-report`
    /// profile that fits; else, for four HAT axes, the balance board's.
    static func profile(for device: DeviceDescription, among candidates: [DeviceProfile], path: String) throws
        -> DeviceProfile
    {
        switch DeviceProfile.best(for: device, among: candidates) {
        case .success(let p):
            return p
        case .failure(let mismatch):
            let usbReport = candidates.filter { $0.kind == .usbReport && $0.matches(device) }
            if let usb = usbReport.max(by: { $0.specificity < $1.specificity }) {
                // A libusb pad's session, recorded frame by frame (`FrameRecorder`).
                return usb.recordedAxes
            } else if (0x10...0x13).allSatisfy({ device.supports(type: EventCode.evAbs, code: UInt16($0)) }) {
                // A recording of a device with four HAT axes is read as a balance board, as evemu-record makes them.
                return .wiiBalanceBoard
            } else {
                throw PlantarError.badInput(
                    path: path, line: 0,
                    message: "no device profile fits \"\(device.name)\" (\(mismatch.reasons.joined(separator: "; ")))")
            }
        }
    }

    public var device: DeviceDescription { reader.device }

    /// Reads events until the next whole frame; nil at the end of the recording. The frame is the assembler's own:
    /// loads only, for the session's `SignalStage` (`assembler.signalStage()`).
    public func nextFrame() throws -> Frame? {
        try advance() ? assembler.frame : nil
    }

    /// Reads events until the next whole frame, which `assembler.frame` then holds; false at the end of the recording.
    public func advance() throws -> Bool {
        try readFrames { _ in false }
    }

    /// Reads frames, handing the assembler to `body` at each whole one (its `frame`), until `body` returns false (then
    /// true: more may follow) or the recording ends (then false). The read position stays in registers from one frame
    /// to the next, and the assembler is not copied.
    @inline(__always)
    public func readFrames(_ body: (inout FrameAssembler) -> Bool) throws -> Bool {
        var last = lastEventMicros
        defer { lastEventMicros = last }
        var stopped = false
        try reader.forEachEvent { e in
            last = e.timeMicros
            guard assembler.handle(e) else { return true }
            stopped = !body(&assembler)
            return !stopped
        }
        return stopped
    }

    /// The signal stage for this recording's frames.
    public func signalStage() -> SignalStage { assembler.signalStage() }
}

extension ProfileStore {
    /// Whether the profiles `DeviceProfile.loadAll()` reads are only those Plantar ships: no `PLANTAR_PROFILE_DIR`, no
    /// profile file in `/etc/plantar/profiles` or the user's `plantar/profiles`, and in the installed share directories
    /// and the build's resources only the shipped files, unchanged (an edited or added file there is read, as `run`
    /// reads it). A few directory listings and seven small reads, no parsing.
    public static func onlyShippedProfiles() -> Bool {
        if Console.variable("PLANTAR_PROFILE_DIR") != nil { return false }
        let shipped = InstalledFiles.shareDirectories.map { $0 + "/profiles" }
        let resources = executableDirectory.map { [$0 + "/Plantar_PlantarInput.resources/Profiles"] } ?? []
        return onlyShippedProfiles(shareDirectories: shipped + resources, otherDirectories: userDirectories())
    }

    /// `onlyShippedProfiles()` with the directories given: `shareDirectories` may hold the shipped files unchanged,
    /// the other directories no profile file.
    static func onlyShippedProfiles(shareDirectories: [String], otherDirectories: [String]) -> Bool {
        for dir in otherDirectories where !shareDirectories.contains(dir) {
            guard let files = DirectoryListing.names(atPath: dir) else { continue }
            if files.contains(where: { $0.hasSuffix(".toml") }) { return false }
        }
        for dir in shareDirectories {
            guard let files = DirectoryListing.names(atPath: dir) else { continue }
            for file in files where file.hasSuffix(".toml") {
                guard DeviceProfile.isShippedFile(file, at: dir + "/" + file) else { return false }
            }
        }
        return true
    }
}
