import Foundation
import PlantarSupport

/// Writes an evemu 1.3 recording that evemu-device, evemu-play and libevemu's `evemu_read` accept, as plain text or
/// gzip-compressed (`RecordingCompression`: then `zcat FILE | evemu-play NODE` plays it).
/// Output is buffered and written every 64 KiB of text; call `flush()` to write it now (and `fsync` when asked). A
/// compressed recording is compressed 8 KiB at a time and gets a flush point every 64 KiB of text and at every
/// `flush()`, so what reached the disk decompresses up to there at least; `finish()` ends the gzip stream (its CRC),
/// and is done on deinit when not called.
public final class EvemuWriter {
    public let path: String
    public let compression: RecordingCompression
    private let fd: Int32
    private var out: [UInt8] = []
    private let ownsDescriptor: Bool
    private let deflater: GzipDeflater?
    /// The buffered text that `write` hands on: 64 KiB to the file, or 8 KiB to the compressor, so that its work comes
    /// in small pieces (at most a fraction of a millisecond between two frames of a 1 kHz pad).
    private var handOnBytes: Int { deflater == nil ? Self.flushBytes : 1 << 13 }
    /// Text compressed since the last flush point: one is made every 64 KiB, as plain text is written.
    private var sinceFlushPoint = 0
    private static let flushBytes = 1 << 16

    /// Creates (or truncates) `path`; a device or FIFO there is written through, never replaced (`OutputFile`).
    /// Compressed when asked, else when the path ends in `.gz`.
    public init(
        path: String, device: DeviceDescription, comment: String? = nil, compression: RecordingCompression? = nil
    ) throws {
        self.path = path
        self.compression = compression ?? .forPath(path)
        deflater = self.compression == .gzip ? GzipDeflater() : nil
        fd = try OutputFile.open(path)
        ownsDescriptor = true
        out.reserveCapacity(1 << 16)
        writeHeader(device, comment: comment)
    }

    /// Writes to an already open descriptor (standard output, a pipe).
    public init(
        fileDescriptor: Int32, name: String, device: DeviceDescription, comment: String? = nil,
        compression: RecordingCompression = .none
    ) {
        path = name
        self.compression = compression
        deflater = compression == .gzip ? GzipDeflater() : nil
        fd = fileDescriptor
        ownsDescriptor = false
        out.reserveCapacity(1 << 16)
        writeHeader(device, comment: comment)
    }

    deinit {
        try? finish()
        if ownsDescriptor { close(fd) }
    }

    private func append(_ s: String) { out.append(contentsOf: s.utf8) }

    private func hex2(_ v: Int) -> String {
        let s = String(v, radix: 16)
        return s.count < 2 ? "0" + s : s
    }

    private func hex4(_ v: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    private func writeHeader(_ d: DeviceDescription, comment: String?) {
        append("# EVEMU 1.3\n")
        append("# Input device name: \"\(d.name)\"\n")
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { append("# \(line)\n") }
        }
        append("N: \(d.name)\n")
        append("I: \(hex4(Int(d.bus))) \(hex4(Int(d.vendor))) \(hex4(Int(d.product))) \(hex4(Int(d.version)))\n")
        var props = d.properties
        if props.isEmpty { props = [UInt8](repeating: 0, count: 8) }
        for chunk in stride(from: 0, to: props.count, by: 8) {
            let bytes = (chunk..<chunk + 8).map { $0 < props.count ? Int(props[$0]) : 0 }
            append("P: " + bytes.map(hex2).joined(separator: " ") + "\n")
        }
        // evemu writes the type mask (B: 00) and then each type's code mask in 8-byte lines.
        var types = [UInt8](repeating: 0, count: 8)
        for type in d.codes.keys where type < 64 { types[Int(type) / 8] |= 1 << (type % 8) }
        types[0] |= 1  // EV_SYN
        append("B: 00 " + types.map { hex2(Int($0)) }.joined(separator: " ") + "\n")
        let maxCode: [UInt16: Int] = [
            1: 0x2ff, 2: 0x0f, 3: 0x3f, 4: 0x07, 5: 0x10, 0x11: 0x0f, 0x12: 0x7f, 0x14: 0x01, 0x15: 0x7f,
        ]
        for type in maxCode.keys.sorted() {
            let max = maxCode[type]!
            var mask = [UInt8](repeating: 0, count: ((max + 1) + 7) / 8)
            for code in d.codes[type] ?? [] where Int(code) <= max { mask[Int(code) / 8] |= 1 << (code % 8) }
            for i in stride(from: 0, to: mask.count, by: 8) {
                let bytes = (i..<i + 8).map { $0 < mask.count ? Int(mask[$0]) : 0 }
                append("B: \(hex2(Int(type))) " + bytes.map(hex2).joined(separator: " ") + "\n")
            }
        }
        for code in d.absInfo.keys.sorted() {
            let a = d.absInfo[code]!
            append("A: \(hex2(Int(code))) \(a.minimum) \(a.maximum) \(a.fuzz) \(a.flat) \(a.resolution)\n")
        }
        for (i, v) in d.leds where v != 0 { append("L: \(hex2(Int(i))) \(v)\n") }
        for (i, v) in d.switches where v != 0 { append("S: \(hex2(Int(i))) \(v)\n") }
    }

    /// Appends one event line, as `evemu_write_event` formats it.
    public func write(_ e: InputEvent) throws {
        let sec = e.timeMicros / 1_000_000
        let usec = e.timeMicros % 1_000_000
        var line = "E: \(sec)."
        let u = String(usec)
        line += String(repeating: "0", count: 6 - u.count) + u
        line += " " + hex4(Int(e.type)) + " " + hex4(Int(e.code)) + " "
        let v = String(e.value)
        line += v.count < 4 && e.value >= 0 ? String(repeating: "0", count: 4 - v.count) + v : v
        line += "\t# " + EventCode.describe(type: e.type, code: e.code) + "\n"
        append(line)
        if out.count >= handOnBytes { try handOn() }
    }

    /// Writes a comment line between events (e.g. an exercise boundary).
    public func comment(_ text: String) throws {
        append("# \(text)\n")
    }

    /// Writes what is buffered (compressed: up to a flush point), then `fsync`s when asked.
    public func flush(sync: Bool = false) throws {
        try drain(.sync)
        if sync { fsync(fd) }
    }

    /// Writes what is buffered and, compressed, the end of the gzip stream; nothing can be written after it. Plain
    /// text: the same as `flush`. Again: nothing more happens.
    public func finish(sync: Bool = false) throws {
        try drain(.finish)
        if sync { fsync(fd) }
    }

    /// Plain text: written. Compressed: handed to the compressor, and a flush point made every 64 KiB of text.
    private func handOn() throws {
        guard let deflater, sinceFlushPoint + out.count < Self.flushBytes else { return try drain(.sync) }
        sinceFlushPoint += out.count
        try compress(deflater, .none)
        out.removeAll(keepingCapacity: true)
    }

    private func drain(_ flush: GzipDeflater.Flush) throws {
        defer { out.removeAll(keepingCapacity: true) }
        if let deflater {
            sinceFlushPoint = 0
            try compress(deflater, flush)
        } else {
            try out.withUnsafeBytes { try writeAll($0) }
        }
    }

    private func compress(_ deflater: GzipDeflater, _ flush: GzipDeflater.Flush) throws {
        try out.withUnsafeBytes { text in
            do {
                try deflater.compress(text, flush) { try writeAll($0) }
            } catch let error as GzipError {
                throw PlantarError.badInput(path: path, line: 0, message: error.message)
            }
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            switch valueOrErrno({ Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }) {
            case .success(let n): offset += n
            case .failure(let error): throw PlantarError.badInput(path: path, line: 0, message: error.description)
            }
        }
    }
}
