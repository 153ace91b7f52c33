import Foundation

/// A temporary directory per test, removed at deinit.
final class TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "plantar-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) -> String {
        let p = path + "/" + name
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    func write(_ name: String, bytes: [UInt8]) -> String {
        let p = path + "/" + name
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }
}

let boardHeader = """
    # EVEMU 1.3
    # Kernel: 6.1.0-28-amd64
    # Input device name: "Nintendo Wii Remote Balance Board"
    # Input device ID: bus 0x05 vendor 0x57e product 0x306 version 0x8000
    # Supported events:
    #   Event type 0 (EV_SYN)
    N: Nintendo Wii Remote Balance Board
    I: 0005 057e 0306 8000
    P: 00 00 00 00 00 00 00 00
    B: 00 0b 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 01 00
    B: 02 00 00 00 00 00 00 00 00
    B: 03 00 00 0f 00 00 00 00 00
    A: 10 0 65535 2 4 0
    A: 11 0 65535 2 4 0
    A: 12 0 65535 2 4 0
    A: 13 0 65535 2 4 0

    """
