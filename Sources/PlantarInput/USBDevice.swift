import CLibUSB
import Foundation
import PlantarSupport

/// A USB device as libusb and sysfs describe it, and which `usb-report` profile (if any) reads it.
public struct USBDeviceInfo: Sendable {
    public var bus: Int
    public var address: Int
    public var vendor: UInt16
    public var product: UInt16
    /// sysfs name such as `1-1` or `3-2.4`.
    public var sysfsName: String
    public var manufacturerName: String?
    public var productName: String?
    /// `/dev/bus/usb/BBB/DDD`, the node libusb opens.
    public var path: String
    /// libusb needs read and write access to the node.
    public var accessible: Bool
    /// The driver bound to the profile's interface (`usbhid`, …), which Plantar detaches while it reads.
    public var interfaceDriver: String?
    public var profile: DeviceProfile?
    public var reasons: [String]

    public var identity: String { "\(hex4(vendor)):\(hex4(product))" }
    public var displayName: String {
        [manufacturerName, productName].compactMap { $0 }.joined(separator: " ").nonEmpty ?? "USB \(identity)"
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// One read of a USB pad's interrupt-IN endpoint.
public enum USBRead: Sendable, Equatable {
    case report([UInt8])
    case timeout
    /// Unplugged (LIBUSB_ERROR_NO_DEVICE).
    case gone
}

/// A libusb context. Each instance enumerates the bus afresh: without a hotplug daemon libusb does not see devices
/// that arrive later, so waiting for a re-plugged pad means making a new `USBBus`.
public final class USBBus {
    fileprivate let context: OpaquePointer

    public init() throws {
        var ctx: OpaquePointer?
        let rc = libusb_init(&ctx)
        guard rc == 0, let ctx else {
            throw PlantarError.device(path: "libusb", message: "cannot initialise libusb: \(usbErrorName(rc))")
        }
        if let level = ProcessInfo.processInfo.environment["PLANTAR_USB_DEBUG"].flatMap(Int32.init) {
            _ = plantar_usb_set_debug_level(ctx, level)
        }
        context = ctx
    }

    deinit { libusb_exit(context) }

    /// Every device on the bus except hubs, matched against the `usb-report` profiles.
    public func devices(profiles: [DeviceProfile]) -> [USBDeviceInfo] {
        let usbProfiles = profiles.filter { $0.kind == .usbReport }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let n = libusb_get_device_list(context, &list)
        guard n >= 0, let list else { return [] }
        defer { libusb_free_device_list(list, 1) }
        var found: [USBDeviceInfo] = []
        for i in 0..<Int(n) {
            guard let dev = list[i] else { continue }
            var desc = libusb_device_descriptor()
            guard libusb_get_device_descriptor(dev, &desc) == 0, desc.bDeviceClass != 9 else { continue }
            found.append(info(dev, desc, usbProfiles))
        }
        return found
    }

    private func info(_ dev: OpaquePointer, _ desc: libusb_device_descriptor, _ profiles: [DeviceProfile])
        -> USBDeviceInfo
    {
        let bus = Int(libusb_get_bus_number(dev))
        let address = Int(libusb_get_device_address(dev))
        var ports = [UInt8](repeating: 0, count: 8)
        let depth = Int(libusb_get_port_numbers(dev, &ports, Int32(ports.count)))
        let sysfs = "\(bus)-" + ports.prefix(max(0, depth)).map { String($0) }.joined(separator: ".")
        let sysBase = "/sys/bus/usb/devices/" + sysfs
        func read(_ file: String) -> String? {
            (try? String(contentsOfFile: sysBase + "/" + file, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let path = String(format: "/dev/bus/usb/%03d/%03d", bus, address)
        var d = USBDeviceInfo(
            bus: bus, address: address, vendor: desc.idVendor, product: desc.idProduct, sysfsName: sysfs,
            manufacturerName: read("manufacturer"), productName: read("product"), path: path,
            accessible: access(path, R_OK | W_OK) == 0, interfaceDriver: nil, profile: nil, reasons: [])
        let fitting = profiles.filter {
            $0.mismatch(
                name: $0.match.name == nil ? "" : d.productName ?? "", bus: 3, vendor: d.vendor, product: d.product)
                == nil
        }
        if let p = fitting.max(by: { $0.specificity < $1.specificity }) {
            d.profile = p
        } else {
            d.reasons = profiles.map {
                "\($0.name): \($0.mismatch(name: d.productName ?? "", bus: 3, vendor: d.vendor, product: d.product) ?? "fits")"
            }
        }
        let iface = d.profile?.usb?.interface ?? 0
        let driverLink = "\(sysBase):1.\(iface)/driver"
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: driverLink) {
            d.interfaceDriver = (target as NSString).lastPathComponent
        }
        return d
    }

    /// Opens the device `info` describes and claims the profile's interface.
    public func open(_ info: USBDeviceInfo, profile: DeviceProfile) throws -> USBPad {
        try USBPad(bus: self, info: info, profile: profile)
    }

    fileprivate func handle(for info: USBDeviceInfo) throws -> OpaquePointer {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let n = libusb_get_device_list(context, &list)
        guard n >= 0, let list else {
            throw PlantarError.device(path: info.path, message: "cannot list USB devices: \(usbErrorName(Int32(n)))")
        }
        defer { libusb_free_device_list(list, 1) }
        for i in 0..<Int(n) {
            guard let dev = list[i], Int(libusb_get_bus_number(dev)) == info.bus,
                Int(libusb_get_device_address(dev)) == info.address
            else { continue }
            var handle: OpaquePointer?
            let rc = libusb_open(dev, &handle)
            guard rc == 0, let handle else {
                var message = "cannot open: \(usbErrorName(rc))"
                if rc == LIBUSB_ERROR_ACCESS.rawValue {
                    message +=
                        "; install Plantar's udev rule (sudo make install: udev/70-plantar.rules) and re-plug the pad"
                }
                throw PlantarError.device(path: info.path, message: message)
            }
            return handle
        }
        throw PlantarError.deviceGone(path: info.path)
    }
}

/// A pad read through libusb: the kernel driver is detached from its interface while Plantar reads it (and
/// attached again afterwards), and interrupt-IN reports are read synchronously with a timeout.
public final class USBPad {
    public let info: USBDeviceInfo
    public let profile: DeviceProfile
    private let bus: USBBus
    private let handle: OpaquePointer
    private let interface: Int32
    private let endpoint: UInt8
    private var detached = false
    private var buffer: [UInt8]
    private var ioErrors = 0

    init(bus: USBBus, info: USBDeviceInfo, profile: DeviceProfile) throws {
        let usb = profile.usb ?? DeviceProfile.USB()
        self.bus = bus
        self.info = info
        self.profile = profile
        interface = Int32(usb.interface)
        endpoint = UInt8(usb.endpoint)
        buffer = [UInt8](repeating: 0, count: max(usb.reportLength, 64))
        handle = try bus.handle(for: info)
        if libusb_kernel_driver_active(handle, interface) == 1 {
            let rc = libusb_detach_kernel_driver(handle, interface)
            guard rc == 0 else {
                libusb_close(handle)
                throw PlantarError.device(
                    path: info.path, message: "cannot detach the kernel driver: \(usbErrorName(rc))")
            }
            detached = true
        }
        let rc = libusb_claim_interface(handle, interface)
        guard rc == 0 else {
            if detached { _ = libusb_attach_kernel_driver(handle, interface) }
            libusb_close(handle)
            throw PlantarError.device(
                path: info.path, message: "cannot claim interface \(interface): \(usbErrorName(rc))")
        }
        debugLog(
            "opened USB \(info.path) (profile \(profile.name)): interface \(interface), endpoint 0x"
                + String(endpoint, radix: 16) + (detached ? ", kernel driver detached" : ""))
    }

    deinit {
        _ = libusb_release_interface(handle, interface)
        if detached { _ = libusb_attach_kernel_driver(handle, interface) }
        libusb_close(handle)
        debugLog("closed USB \(info.path)")
    }

    /// Reads one report, waiting at most `timeoutMillis`.
    public func read(timeoutMillis: UInt32) throws -> USBRead {
        var transferred: Int32 = 0
        let count = Int32(buffer.count)
        let rc = buffer.withUnsafeMutableBufferPointer {
            libusb_interrupt_transfer(handle, endpoint, $0.baseAddress, count, &transferred, timeoutMillis)
        }
        switch rc {
        case 0:
            ioErrors = 0
            return .report(Array(buffer.prefix(Int(transferred))))
        case LIBUSB_ERROR_TIMEOUT.rawValue, LIBUSB_ERROR_INTERRUPTED.rawValue:
            return transferred > 0 ? .report(Array(buffer.prefix(Int(transferred)))) : .timeout
        case LIBUSB_ERROR_NO_DEVICE.rawValue:
            return .gone
        case LIBUSB_ERROR_IO.rawValue:
            // An unplug often shows first as a failed transfer (EPROTO) before the device is gone: look again.
            if isGone() { return .gone }
            ioErrors += 1
            guard ioErrors > 5 else { return .timeout }
            throw PlantarError.device(path: info.path, message: "interrupt transfer: \(usbErrorName(rc))")
        case LIBUSB_ERROR_PIPE.rawValue:
            // A stalled endpoint: clear the halt and carry on.
            _ = libusb_clear_halt(handle, endpoint)
            return .timeout
        default:
            throw PlantarError.device(path: info.path, message: "interrupt transfer: \(usbErrorName(rc))")
        }
    }
}

extension USBPad {
    /// Whether the device has been removed: libusb says so, or its node is gone, within about half a second.
    fileprivate func isGone() -> Bool {
        for _ in 0..<10 {
            var config: Int32 = 0
            if libusb_get_configuration(handle, &config) == LIBUSB_ERROR_NO_DEVICE.rawValue { return true }
            if !FileManager.default.fileExists(atPath: info.path) { return true }
            usleep(50_000)
        }
        return false
    }
}

func usbErrorName(_ code: Int32) -> String {
    String(cString: libusb_error_name(code))
}
