import PlantarSignal
import PlantarSupport

/// An evdev node as a live frame source: events become frames through a `FrameAssembler`, kernel timestamps are made
/// relative to the first event, and a device that goes away can be found again by its profile.
public final class EvdevFrameSource: LiveFrameSource {
    public private(set) var device: EvdevDevice?
    public let profile: DeviceProfile
    public private(set) var assembler: FrameAssembler
    public let deviceName: String
    public private(set) var path: String
    public let grab: Bool
    private let profiles: [DeviceProfile]
    private var originMicros: Int64?
    /// Frames a read completed, not yet handed on: slots reused from read to read (no allocation per frame).
    private var pending: [Frame] = []
    private var pendingCount = 0
    private var pendingIndex = 0
    /// Called with every raw event (relative time), e.g. to record the session as it runs.
    public var onEvent: ((InputEvent) -> Void)?

    public init(device: EvdevDevice, profile: DeviceProfile, profiles: [DeviceProfile]) {
        self.device = device
        self.profile = profile
        self.profiles = profiles
        deviceName = device.description.name
        path = device.path
        grab = device.grabbed
        assembler = FrameAssembler(profile: profile, device: device.description)
        seed(from: device)
    }

    /// Opens `path` (or the first device a profile fits) and picks its profile.
    public static func open(path: String?, grab: Bool, profiles: [DeviceProfile]) throws -> EvdevFrameSource {
        let chosen: String
        if let path {
            chosen = path
        } else if let found = DeviceDiscovery.firstUsable(profiles: profiles) {
            chosen = found.path
        } else {
            throw PlantarError.noDevice(
                "no balance board or pressure pad found (see `plantar devices` and `plantar doctor`)")
        }
        let device = try EvdevDevice(path: chosen, grab: grab)
        switch DeviceProfile.best(for: device.description, among: profiles) {
        case .success(let profile):
            return EvdevFrameSource(device: device, profile: profile, profiles: profiles)
        case .failure(let mismatch):
            // A device named on the command line that no profile names, with four absolute axes: a generic pad.
            if path != nil, let generic = DeviceProfile.genericFourCorner(for: device.description) {
                return EvdevFrameSource(device: device, profile: generic, profiles: profiles)
            }
            throw PlantarError.device(
                path: chosen,
                message: "no device profile fits \"\(device.description.name)\" ("
                    + mismatch.reasons.joined(separator: "; ") + ")")
        }
    }

    /// The device's current values go into the frame being built, so axes that never change are not read as 0.
    private func seed(from device: EvdevDevice) {
        for e in device.currentState(atMicros: 0) { _ = assembler.handle(e) }
    }

    public func nowMicros() -> Int64 {
        guard let originMicros else { return 0 }
        return monotonicMicros() - originMicros
    }

    public func next(timeoutMillis: Int32) throws -> LiveRead {
        if let f = popPending() { return .frame(f) }
        guard let device else { return .gone }
        let status = try device.read(timeoutMillis: timeoutMillis) { e in self.handle(e) }
        if let f = popPending() { return .frame(f) }
        if status == .gone {
            self.device = nil
            return .gone
        }
        return .idle
    }

    private func handle(_ raw: InputEvent) {
        if originMicros == nil { originMicros = raw.timeMicros }
        var e = raw
        e.timeMicros -= originMicros ?? 0
        onEvent?(e)
        guard assembler.handle(e) else { return }
        let frame = assembler.frame
        if pendingCount < pending.count {
            // Into a slot's own storage, in place.
            pending[pendingCount].timeMicros = frame.timeMicros
            pending[pendingCount].buttonDown = frame.buttonDown
            pending[pendingCount].loadsKilograms.withUnsafeMutableBufferPointer { to in
                frame.loadsKilograms.withUnsafeBufferPointer { from in
                    for i in 0..<Swift.min(to.count, from.count) { to[i] = from[i] }
                }
            }
            pending[pendingCount].positions.withUnsafeMutableBufferPointer { to in
                frame.positions.withUnsafeBufferPointer { from in
                    for i in 0..<Swift.min(to.count, from.count) { to[i] = from[i] }
                }
            }
        } else {
            // A new slot (only while the most frames one read brought grows): the assembler's next store gives it
            // storage of its own.
            pending.append(frame)
        }
        pendingCount += 1
    }

    private func popPending() -> Frame? {
        guard pendingIndex < pendingCount else {
            pendingCount = 0
            pendingIndex = 0
            return nil
        }
        pendingIndex += 1
        return pending[pendingIndex - 1]
    }

    public func reconnect() -> Bool {
        let candidates = DeviceDiscovery.evdevDevices(profiles: profiles).filter {
            $0.profile?.name == profile.name && $0.readable
        }
        let best = candidates.first { $0.name == deviceName } ?? candidates.first
        guard let best, let device = try? EvdevDevice(path: best.path, grab: grab) else { return false }
        self.device = device
        path = best.path
        seed(from: device)
        return true
    }
}
