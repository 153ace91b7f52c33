import PlantarSignal

/// A libusb pad as a live frame source: each interrupt-IN report is one frame, decoded by the profile's layout and
/// stamped with CLOCK_MONOTONIC when it arrived (USB reports carry no time of their own).
public final class USBFrameSource: LiveFrameSource {
    public private(set) var pad: USBPad?
    public let profile: DeviceProfile
    public let deviceName: String
    public private(set) var path: String
    private var decoder: USBReportDecoder
    private let profiles: [DeviceProfile]
    private var originMicros: Int64?
    /// Reports that were not the profile's (other report ids, short reads).
    public private(set) var skippedReports = 0

    public init(pad: USBPad, profiles: [DeviceProfile]) {
        self.pad = pad
        profile = pad.profile
        self.profiles = profiles
        deviceName = pad.info.displayName
        path = pad.info.path
        decoder = USBReportDecoder(profile: pad.profile)
    }

    /// The first USB pad a `usb-report` profile fits, or nil when there is none (or no USB at all).
    public static func openFirst(profiles: [DeviceProfile]) throws -> USBFrameSource? {
        guard let bus = try? USBBus() else { return nil }
        guard let info = bus.devices(profiles: profiles).first(where: { $0.profile != nil }), let p = info.profile
        else { return nil }
        return USBFrameSource(pad: try bus.open(info, profile: p), profiles: profiles)
    }

    public func nowMicros() -> Int64 {
        guard let originMicros else { return 0 }
        return monotonicMicros() - originMicros
    }

    public func next(timeoutMillis: Int32) throws -> LiveRead {
        guard let pad else { return .gone }
        switch try pad.read(timeoutMillis: UInt32(max(1, timeoutMillis))) {
        case .timeout:
            return .idle
        case .gone:
            self.pad = nil
            return .gone
        case .report(let bytes):
            let now = monotonicMicros()
            if originMicros == nil { originMicros = now }
            do {
                let frame = try decoder.decode(bytes, atMicros: now - (originMicros ?? now))
                return .frame(frame)
            } catch {
                skippedReports += 1
                return .idle
            }
        }
    }

    public func reconnect() -> Bool {
        // A fresh context: libusb sees a re-plugged device only on a new enumeration when no hotplug daemon runs.
        guard let bus = try? USBBus() else { return false }
        let same = bus.devices(profiles: profiles).first {
            $0.profile?.name == profile.name
        }
        guard let same, let pad = try? bus.open(same, profile: profile) else { return false }
        self.pad = pad
        path = same.path
        return true
    }
}
