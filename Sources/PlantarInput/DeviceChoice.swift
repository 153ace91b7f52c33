import PlantarSupport

/// Which device a live session or a recording reads, when told or when left to choose.
public enum DeviceChoice {
    /// The source a live session reads: `device` (an evdev node, or a USB node `/dev/bus/usb/BBB/DDD`), else the
    /// first evdev device a profile fits, else the first such USB device.
    public static func open(device: String?, grab: Bool, profiles: [DeviceProfile]) throws -> LiveFrameSource {
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

    /// The evdev node `plantar record` reads: `device`, else the first one a profile fits.
    public static func evdevPath(device: String?, profiles: [DeviceProfile]) throws -> String {
        if let device { return device }
        if let found = DeviceDiscovery.firstUsable(profiles: profiles) { return found.path }
        throw PlantarError.noDevice(
            "no balance board or pressure pad found to record (see `plantar devices` and `plantar doctor`)")
    }
}
