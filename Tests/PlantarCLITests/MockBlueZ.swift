import Foundation

/// A private D-Bus daemon with python-dbusmock's BlueZ (Tests/Mocks/bluez_board.py) on it, standing in for the
/// system bus: `plantar pair` talks to it through `DBUS_SYSTEM_BUS_ADDRESS`, as it would to bluetoothd.
final class MockBlueZ {
    static let python = "/usr/bin/python3"
    static let daemon = "/usr/bin/dbus-daemon"
    static let send = "/usr/bin/dbus-send"
    static let template = CLI.root.appendingPathComponent("Tests/Mocks/bluez_board.py").path

    /// Whether dbus-daemon, dbus-send and python3-dbusmock are installed (`make deps` installs them).
    static let available: Bool = {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: daemon), fm.isExecutableFile(atPath: send),
            fm.isExecutableFile(atPath: python)
        else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import dbusmock"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()
    static let missing = "needs dbus-daemon, dbus-send and python3-dbusmock (make deps installs them)"

    let dir: String
    let address: String
    /// Stands for /sys/class/input: the mock writes the board's input device here when its HID profile connects.
    let sysfs: String
    let logPath: String
    private var processes: [Process] = []

    /// Starts the bus, and BlueZ on it unless `parameters` is nil (bluetoothd not running).
    init(_ parameters: [String: Any]?) throws {
        dir = NSTemporaryDirectory() + "plantar-bluez-" + UUID().uuidString
        sysfs = dir + "/sys-class-input"
        logPath = dir + "/calls.log"
        try FileManager.default.createDirectory(atPath: sysfs, withIntermediateDirectories: true)
        address = "unix:path=\(dir)/bus"
        let bus = Process()
        bus.executableURL = URL(fileURLWithPath: Self.daemon)
        bus.arguments = ["--session", "--nofork", "--nopidfile", "--address=\(address)"]
        bus.standardOutput = FileHandle.nullDevice
        bus.standardError = FileHandle.nullDevice
        try bus.run()
        processes.append(bus)
        try waitFor { FileManager.default.fileExists(atPath: self.dir + "/bus") }
        guard var parameters else { return }
        parameters["sysfs"] = sysfs
        parameters["log"] = logPath
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        let mock = Process()
        mock.executableURL = URL(fileURLWithPath: Self.python)
        mock.arguments = ["-m", "dbusmock", "--system", "--template", Self.template, "-p", json]
        mock.environment = ["DBUS_SYSTEM_BUS_ADDRESS": address, "PATH": "/usr/bin:/bin"]
        mock.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        mock.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try mock.run()
        processes.append(mock)
        try waitFor { !mock.isRunning || self.blueZIsUp() }
        guard mock.isRunning else { throw CocoaError(.executableLoad) }
    }

    deinit {
        // SIGKILL: children spawned from a dispatch thread may inherit a mask that blocks SIGTERM.
        for p in processes.reversed() where p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs `plantar ARGS` against this bus (and this test sysfs).
    func plantar(_ args: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        var env = ["DBUS_SYSTEM_BUS_ADDRESS": address, "PLANTAR_SYSFS_INPUT": sysfs]
        for (k, v) in environment { env[k] = v }
        return try CLI.spawn(args, environment: env)
    }

    /// The calls BlueZ received, one per line (`Pair /org/bluez/hci0/dev_…`).
    var calls: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Makes an rfkill class directory with one Bluetooth switch; returns its path.
    func rfkill(soft: Bool, hard: Bool) throws -> String {
        let d = dir + "/rfkill/rfkill0"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try "bluetooth\n".write(toFile: d + "/type", atomically: true, encoding: .utf8)
        try (soft ? "1\n" : "0\n").write(toFile: d + "/soft", atomically: true, encoding: .utf8)
        try (hard ? "1\n" : "0\n").write(toFile: d + "/hard", atomically: true, encoding: .utf8)
        return dir + "/rfkill"
    }

    /// Makes a /sys/module stand-in holding these modules; returns its path.
    func modules(_ names: [String]) throws -> String {
        for n in names {
            try FileManager.default.createDirectory(atPath: dir + "/module/" + n, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: dir + "/module", withIntermediateDirectories: true)
        return dir + "/module"
    }

    private func blueZIsUp() -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.send)
        p.arguments = [
            "--bus=\(address)", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner", "string:org.bluez",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.contains("boolean true")
    }

    private func waitFor(_ ready: () -> Bool) throws {
        for _ in 0..<1200 {
            if ready() { return }
            usleep(25_000)
        }
        throw CocoaError(.executableLoad)
    }
}
