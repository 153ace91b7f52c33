import Foundation
import PlantarInput
import PlantarSupport
import Testing

@Suite struct EvemuWriterTests {
    let events = [
        InputEvent(timeMicros: 0, type: 3, code: 0x10, value: 1700),
        InputEvent(timeMicros: 0, type: 0, code: 0, value: 0),
        InputEvent(timeMicros: 12_345, type: 1, code: 0x130, value: 1),
        InputEvent(timeMicros: 12_345, type: 3, code: 0x13, value: -3),
        InputEvent(timeMicros: 2_000_001, type: 0, code: 0, value: 0),
    ]

    @Test func whatPlantarWritesItReadsBack() throws {
        let dir = TempDir()
        let path = dir.path + "/out.evemu"
        do {
            let w = try EvemuWriter(path: path, device: .wiiBalanceBoard, comment: "test")
            for e in events { try w.write(e) }
            try w.flush()
        }
        let r = try EvemuReader(path: path)
        let board = DeviceDescription.wiiBalanceBoard
        #expect(r.device.name == board.name && r.device.bus == board.bus && r.device.vendor == board.vendor)
        #expect(r.device.product == board.product && r.device.version == board.version)
        #expect(r.device.absInfo == board.absInfo)
        #expect(r.device.codes[1] == board.codes[1] && r.device.codes[3] == board.codes[3])
        var back: [InputEvent] = []
        while let e = try r.next() { back.append(e) }
        #expect(back == events)
    }

    /// evemu's own reader (libevemu, the library behind evemu-device and evemu-play) must accept the file.
    @Test(.enabled(if: LibEvemu.available, "needs cc and Debian's libevemu-dev (make deps installs them)"))
    func evemusOwnReaderAcceptsWhatPlantarWrites() throws {
        let dir = TempDir()
        let path = dir.path + "/out.evemu"
        do {
            let w = try EvemuWriter(path: path, device: .wiiBalanceBoard)
            for e in events { try w.write(e) }
            try w.flush()
        }
        let output = try LibEvemu.dump(path, in: dir)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "name=Nintendo Wii Remote Balance Board bus=5 vendor=57e product=306")
        #expect(lines.contains("abs 16 min=0 max=65535 fuzz=2 flat=4"))
        #expect(lines.contains("key 304"))
        let eventLines = lines.filter { $0.hasPrefix("E ") }
        #expect(
            eventLines
                == events.map {
                    "E \($0.timeMicros / 1_000_000).\($0.timeMicros % 1_000_000) \($0.type) \($0.code) \($0.value)"
                })
    }
}

/// A small C program against libevemu that prints what evemu_read and evemu_read_event understood.
enum LibEvemu {
    static var available: Bool {
        FileManager.default.fileExists(atPath: "/usr/include/evemu.h")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/cc")
    }

    static let source = """
        #include <evemu.h>
        #include <stdio.h>
        #include <linux/input.h>
        int main(int argc, char **argv) {
            FILE *fp = fopen(argv[1], "r");
            if (!fp) return 2;
            struct evemu_device *d = evemu_new(NULL);
            if (evemu_read(d, fp) <= 0) { printf("evemu_read failed\\n"); return 1; }
            printf("name=%s bus=%x vendor=%x product=%x\\n", evemu_get_name(d), evemu_get_id_bustype(d),
                   evemu_get_id_vendor(d), evemu_get_id_product(d));
            for (int c = 0; c < ABS_CNT; c++)
                if (evemu_has_event(d, EV_ABS, c))
                    printf("abs %d min=%d max=%d fuzz=%d flat=%d\\n", c, evemu_get_abs_minimum(d, c),
                           evemu_get_abs_maximum(d, c), evemu_get_abs_fuzz(d, c), evemu_get_abs_flat(d, c));
            for (int c = 0; c < KEY_CNT; c++) if (evemu_has_event(d, EV_KEY, c)) printf("key %d\\n", c);
            struct input_event ev;
            while (evemu_read_event(fp, &ev) > 0)
                printf("E %ld.%ld %d %d %d\\n", (long)ev.input_event_sec, (long)ev.input_event_usec, ev.type, ev.code, ev.value);
            return 0;
        }
        """

    static func dump(_ path: String, in dir: TempDir) throws -> String {
        let c = dir.write("dump.c", source)
        let exe = dir.path + "/dump"
        try run("/usr/bin/cc", ["-o", exe, c, "-levemu"])
        return try run(exe, [path])
    }

    @discardableResult
    static func run(_ exe: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let out = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw PlantarError.badInput(path: exe, line: 0, message: "exit \(p.terminationStatus): \(out)")
        }
        return out
    }
}

@Suite struct EvemuWriterOutputTests {
    /// `plantar record OUT` and `plantar run --record OUT` write through this writer.
    @Test(.enabled(if: geteuid() == 0, "mknod needs root (tests run as root in CI)"))
    func aRecordingToADeviceNodeLeavesTheNodeADevice() throws {
        let dir = TempDir()
        let node = dir.path + "/null"
        try #require(mknod(node, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0, "mknod permitted")
        let writer = try EvemuWriter(path: node, device: .wiiBalanceBoard)
        try writer.write(InputEvent(timeMicros: 0, type: EventCode.evSyn, code: EventCode.synReport, value: 0))
        try writer.flush(sync: true)
        var st = stat()
        lstat(node, &st)
        #expect(st.st_mode & S_IFMT == S_IFCHR)
    }
}
