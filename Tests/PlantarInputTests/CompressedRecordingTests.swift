import Foundation
import Glibc
import PlantarSignal
import PlantarSupport
import Testing

@testable import PlantarInput

/// gzip-compressed recordings (`.evemu.gz`): written as a stream with flush points, read back through a streaming
/// decompressor to the same events as plain text, and readable by gzip itself.
@Suite struct CompressedRecordingTests {
    /// Board-like events: four corners that change every frame, a button now and then, SYN_REPORT. The first is at
    /// time 0 (a reader gives times from the first event).
    static func events(frames: Int, seed: UInt64 = 7) -> [InputEvent] {
        var state = seed
        func next() -> Int32 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32(truncatingIfNeeded: state >> 33) % 40
        }
        var out: [InputEvent] = []
        for f in 0..<frames {
            let t = f == 0 ? 0 : Int64(f) * 10_000 + Int64(next() + 40)
            for axis in UInt16(0x10)...0x13 {
                out.append(
                    InputEvent(timeMicros: t, type: 3, code: axis, value: 1_700 + next() - (axis == 0x13 ? 60 : 0)))
            }
            if f % 97 == 0 { out.append(InputEvent(timeMicros: t, type: 1, code: 0x130, value: f % 194 == 0 ? 1 : 0)) }
            out.append(InputEvent(timeMicros: t, type: 0, code: 0, value: 0))
        }
        return out
    }

    static func write(
        _ events: [InputEvent], to path: String, compression: RecordingCompression? = nil, finish: Bool = true
    ) throws -> EvemuWriter {
        let w = try EvemuWriter(path: path, device: .wiiBalanceBoard, comment: "test", compression: compression)
        for (i, e) in events.enumerated() {
            try w.write(e)
            if i == events.count / 2 { try w.comment("exercise 2") }
        }
        if finish { try w.finish() } else { try w.flush() }
        return w
    }

    /// Every event of the file, and whether the reader found it cut short; its warnings are returned, not printed.
    static func read(_ path: String) throws -> (events: [InputEvent], cutShort: Bool, stderr: String) {
        let capture = Console.Capture(environment: [:])
        return try Console.$capture.withValue(capture) {
            let r = try EvemuReader(path: path)
            var back: [InputEvent] = []
            while let e = try r.next() { back.append(e) }
            return (back, r.cutShort, capture.standardError)
        }
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// The text a gzip file holds, decompressed here (no tool needed).
    static func gunzip(_ path: String) throws -> (text: [UInt8], end: GzipInflater.Read) {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let inflater = GzipInflater(pending: UnsafeRawBufferPointer(start: nil, count: 0))
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let r = try chunk.withUnsafeMutableBufferPointer {
                try inflater.read(fd, into: $0.baseAddress!, count: $0.count)
            }
            guard case .bytes(let n) = r else { return (text, r) }
            text += chunk[0..<n]
        }
    }

    static let gzipTool = ["/usr/bin/gzip", "/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func gzip(_ args: [String]) throws -> (status: Int32, stdout: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gzipTool!)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }

    @Test func aCompressedRecordingReadsBackToTheSameEventsAsPlainText() throws {
        let dir = TempDir()
        let events = Self.events(frames: 6_000)
        let plain = try Self.write(events, to: dir.path + "/s.evemu")
        let gz = try Self.write(events, to: dir.path + "/s.evemu.gz")
        #expect(plain.compression == .none && gz.compression == .gzip, "chosen by the name")
        let (a, aCut, _) = try Self.read(plain.path)
        let (b, bCut, bWarnings) = try Self.read(gz.path)
        #expect(a == events)
        #expect(b == events)
        #expect(!aCut && !bCut && bWarnings.isEmpty)
        #expect(try EvemuReader(path: gz.path).device.name == DeviceDescription.wiiBalanceBoard.name)
        // Decompressed, it is the plain writer's text byte for byte.
        let (text, end) = try Self.gunzip(gz.path)
        #expect(end == .end)
        #expect(text == (try Self.bytes(plain.path)))
        let sizes = (plain: try Self.bytes(plain.path).count, gz: try Self.bytes(gz.path).count)
        #expect(sizes.gz * 3 < sizes.plain, "\(sizes)")
    }

    @Test func theCompressionCanBeChosenWhateverTheName() throws {
        let dir = TempDir()
        let events = Self.events(frames: 50)
        let gz = try Self.write(events, to: dir.path + "/named.evemu", compression: .gzip)
        let plain = try Self.write(events, to: dir.path + "/named.gz", compression: RecordingCompression.none)
        #expect(Array(try Self.bytes(gz.path).prefix(2)) == [0x1F, 0x8B])
        #expect(Array(try Self.bytes(plain.path).prefix(11)) == Array("# EVEMU 1.3".utf8))
        #expect(try Self.read(gz.path).events == events)
        #expect(try Self.read(plain.path).events == events, "the content decides how a file is read, not its name")
    }

    /// `zcat FILE | evemu-play NODE`: gzip itself must accept the file and give the plain text.
    @Test(.enabled(if: gzipTool != nil, "needs gzip"))
    func gzipAcceptsItAndGivesThePlainText() throws {
        let dir = TempDir()
        let events = Self.events(frames: 3_000)
        let plain = try Self.write(events, to: dir.path + "/s.evemu")
        let gz = try Self.write(events, to: dir.path + "/s.evemu.gz")
        #expect(try Self.gzip(["-t", gz.path]).status == 0)
        let unzipped = try Self.gzip(["-dc", gz.path])
        #expect(unzipped.status == 0)
        #expect([UInt8](unzipped.stdout) == (try Self.bytes(plain.path)))
        // And what gzip writes, plantar reads.
        let theirs = dir.path + "/theirs.evemu.gz"
        _ = FileManager.default.createFile(atPath: theirs, contents: try Self.gzip(["-9c", plain.path]).stdout)
        #expect(try Self.read(theirs).events == events)
    }

    /// A crash or a power cut while recording: what reached the disk at the last flush reads back, with a warning.
    @Test func whatWasFlushedReadsBackWhenTheWriterNeverFinished() throws {
        let dir = TempDir()
        let events = Self.events(frames: 2_000)
        let path = dir.path + "/live.evemu.gz"
        let w = try Self.write(Array(events.prefix(5_000)), to: path, finish: false)
        // The file as a crash now would leave it.
        let crashed = dir.path + "/crashed.evemu.gz"
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        let (back, cut, warning) = try Self.read(crashed)
        #expect(back == Array(events.prefix(5_000)))
        #expect(cut)
        #expect(warning.contains("plantar: warning: \(crashed): the compressed recording ends early"), "\(warning)")
        // The writer goes on; finished, the file is whole.
        for e in events.dropFirst(5_000) { try w.write(e) }
        try w.finish(sync: true)
        let whole = try Self.read(path)
        #expect(whole.events == events && !whole.cutShort && whole.stderr.isEmpty)
    }

    /// Without any call to flush, the writer makes a flush point every 64 KiB of text, as plain text is written every
    /// 64 KiB: a crash loses at most that much.
    @Test func aFlushPointComesEverySixtyFourKilobytesOfText() throws {
        let dir = TempDir()
        let events = Self.events(frames: 4_000)
        let path = dir.path + "/live.evemu.gz"
        let w = try EvemuWriter(path: path, device: .wiiBalanceBoard, comment: "test")
        for e in events { try w.write(e) }
        let crashed = dir.path + "/crashed.evemu.gz"
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        let (back, cut, _) = try Self.read(crashed)
        #expect(cut)
        #expect(back == Array(events.prefix(back.count)))
        // An event line is at least 40 bytes: at most 72 KiB of text (64 KiB and a piece handed over) are missing.
        #expect(back.count >= events.count - 72 * 1_024 / 40, "\(back.count) of \(events.count)")
        #expect(events.count > 4 * 72 * 1_024 / 40, "the text is several times that long")
        withExtendedLifetime(w) {}
    }

    /// Cut anywhere (mid-block, inside the trailer), a recording reads up to its last whole line: every event read
    /// is one that was written, in order, and a line the cut split is dropped rather than read as a shorter number.
    @Test func aRecordingCutShortReadsToItsLastWholeLine() throws {
        let dir = TempDir()
        let events = Self.events(frames: 6_000)
        let gz = try Self.write(events, to: dir.path + "/s.evemu.gz")
        let whole = try Self.bytes(gz.path)
        var lastCount = 0
        for cut in [whole.count * 3 / 10, whole.count / 2, whole.count * 7 / 10, whole.count - 30, whole.count - 3] {
            let path = dir.path + "/cut-\(cut).evemu.gz"
            _ = FileManager.default.createFile(atPath: path, contents: Data(whole.prefix(cut)))
            let (back, cutShort, warning) = try Self.read(path)
            #expect(cutShort)
            #expect(warning.contains(path) && warning.contains("ends early"), "\(warning)")
            #expect(back.count > lastCount, "a longer file reads further")
            #expect(back == Array(events.prefix(back.count)))
            lastCount = back.count
        }
        #expect(lastCount == events.count, "cut inside the trailer (CRC, length): every event is there")
    }

    @Test func corruptCompressedDataIsBadInputNamingTheFile() throws {
        let dir = TempDir()
        let events = Self.events(frames: 1_500)
        let gz = try Self.write(events, to: dir.path + "/s.evemu.gz")
        let whole = try Self.bytes(gz.path)
        func corrupt(_ name: String, _ change: (inout [UInt8]) -> Void) -> String {
            var bytes = whole
            change(&bytes)
            let path = dir.path + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return path
        }
        func expectBadInput(_ path: String, containing text: String) {
            do {
                _ = try Self.read(path)
                Issue.record("\(path) was read")
            } catch PlantarError.badInput(let p, _, let message) {
                #expect(p == path)
                #expect(message.contains(text), "\(message)")
                #expect(PlantarError.badInput(path: p, line: 0, message: message).exitStatus == .badFile)
            } catch {
                Issue.record("\(error)")
            }
        }
        // The CRC-32 of the text, checked at the end.
        expectBadInput(corrupt("crc.evemu.gz") { $0[$0.count - 8] ^= 0xFF }, containing: "incorrect data check")
        // Reserved header flags.
        expectBadInput(corrupt("flags.evemu.gz") { $0[3] = 0xE0 }, containing: "corrupt compressed data")
        // Anywhere else: read, or bad input naming the file; never a crash or another error.
        for position in stride(from: 10, to: whole.count - 8, by: max(1, whole.count / 40)) {
            let path = corrupt("at-\(position).evemu.gz") { $0[position] ^= 0x55 }
            do {
                _ = try Self.read(path)
            } catch PlantarError.badInput(let p, _, _) {
                #expect(p == path)
            } catch {
                Issue.record("flipping byte \(position): \(error)")
            }
        }
    }

    /// A pipe cannot be read twice: the bytes read to see whether it is compressed are kept, compressed or not.
    @Test(arguments: [RecordingCompression.gzip, .none])
    func aRecordingThroughAPipeIsRead(_ compression: RecordingCompression) throws {
        let dir = TempDir()
        let events = Self.events(frames: 100)
        let file = try Self.write(events, to: dir.path + "/s", compression: compression)
        let bytes = try Self.bytes(file.path)
        #expect(bytes.count < 60_000, "fits in a pipe's buffer, so it is written before it is read")
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        #expect(bytes.withUnsafeBytes { Glibc.write(fds[1], $0.baseAddress!, $0.count) } == bytes.count)
        close(fds[1])
        #expect(try Self.read("/proc/self/fd/\(fds[0])").events == events)
    }

    /// A live session of a 16-cell pad at 1 kHz, recorded frame by frame as `plantar run` records a libusb pad, every
    /// cell's value changing with the sensor noise of every frame. Ten seconds of frames (a minute is six times as
    /// much: the text and its compression are the same all along), to keep the test quick in a debug build.
    @Test func aSixteenCellPadAtOneKilohertzIsFarSmallerCompressed() throws {
        let profiles = try DeviceProfile.loadAll(userDirectories: [])
        let pad = try #require(profiles.first { $0.sensors.count == 16 })
        let dir = TempDir()
        let path = dir.path + "/session-1.evemu.gz"
        let recorder = try FrameRecorder(
            path: path, profile: pad, name: "pad", vendor: 0x1209, product: 0x0010, comment: "16 cells at 1 kHz")
        var state: UInt64 = 11
        func noise() -> Double {
            // Roughly normal (a sum of uniforms), 40 g standard deviation: the simulator's default sensor noise.
            var sum = 0.0
            for _ in 0..<4 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                sum += Double(state >> 11) / Double(1 << 53) - 0.5
            }
            return sum * 0.04 * 1.732
        }
        var loads = [Double](repeating: 0, count: 16)
        let frames = 10_000
        for f in 0..<frames {
            let t = Double(f) / 1_000
            for i in 0..<16 {
                // 70 kg over the cells, shifting slowly between toes and heels as the exercise goes.
                let shift = 1 + 0.5 * sin(t * 0.8 + Double(i / 4))
                loads[i] = max(0, 70.0 / 16 * shift + noise())
            }
            recorder.record(Frame(timeMicros: Int64(f) * 1_000, loadsKilograms: loads, buttonDown: false))
        }
        try recorder.finish()
        #expect(recorder.frames == frames)
        let compressed = try Self.bytes(path).count
        let (text, end) = try Self.gunzip(path)
        #expect(end == .end)
        let perMinute = (plain: Double(text.count) * 6 / 1e6, gzip: Double(compressed) * 6 / 1e6)
        print("a 16-cell pad at 1 kHz, MB a minute: \(perMinute)")
        #expect(compressed * 3 < text.count, "\(perMinute)")
        #expect(perMinute.plain > 40, "every cell changes every frame: as much text as a real pad's")
        let replayed = try Self.read(path)
        #expect(replayed.events.filter { $0.type == 0 }.count == frames && !replayed.cutShort)
    }
}
