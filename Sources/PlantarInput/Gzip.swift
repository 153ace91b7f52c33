import CZlib
import Glibc
import PlantarSupport

/// Whether a recording is written as plain evemu text or gzip-compressed (`.evemu.gz`, what `zcat` and `gunzip` read).
public enum RecordingCompression: Sendable, Equatable {
    case none
    case gzip

    /// gzip for a path ending in `.gz`, plain text otherwise.
    public static func forPath(_ path: String) -> RecordingCompression { path.hasSuffix(".gz") ? .gzip : .none }
}

/// zlib's deflate writing a gzip stream, a piece at a time. At a flush point (`Z_SYNC_FLUSH`) all that was compressed
/// so far is in the output and a reader can decompress the file up to there, so a recording cut short by a crash or
/// a power cut reads back at least to its last flush point.
final class GzipDeflater {
    /// Level 6, zlib's default. Measured on a minute of a 16-cell pad at 1 kHz (47 MB of text, a flush point every
    /// 64 KiB): level 1 gives 7.5 MB in 0.2 s of CPU, level 6 gives 6.0 MB in 0.9 s (1.5 % of a core). The writer hands
    /// the text over 8 KiB at a time (10 ms of that pad's frames), so level 6 costs about 0.15 ms each time rather
    /// than 1.4 ms at each flush point: never a pad's frame period. For a balance board at 100 Hz both levels cost
    /// next to nothing (0.17 and 0.13 MB a minute). A fifth smaller pad file is worth it.
    static let level: Int32 = 6
    private static let outputCapacity = 1 << 16

    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    /// The stream's end (its CRC and length) is written: nothing more can be.
    private(set) var finished = false

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: Self.outputCapacity)
        // Fails only for a bad argument or no memory for zlib's state (about 270 KiB).
        let status = plantar_deflate_init_gzip(stream, Self.level)
        precondition(status == Z_OK, "zlib's deflateInit2 failed (\(status))")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// How a piece of text ends: anywhere (deflate keeps what it has not yet written), at a flush point (everything so
    /// far is in the output and decompresses), or with the stream's end (its CRC and length).
    enum Flush {
        case none
        case sync
        case finish
    }

    /// Text handed over since the last flush point that may not be in the output yet.
    private var unflushed = false

    /// Compresses `input` and hands the compressed bytes that are ready to `sink`. After the end, only an empty input
    /// is accepted (and does nothing).
    func compress(
        _ input: UnsafeRawBufferPointer, _ flush: Flush, sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if finished {
            guard input.isEmpty else { throw GzipError(message: "written after the end of the compressed stream") }
            return
        }
        if input.isEmpty, flush == .none || (flush == .sync && !unflushed) { return }
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        let mode: Int32
        switch flush {
        case .none: mode = Z_NO_FLUSH
        case .sync: mode = Z_SYNC_FLUSH
        case .finish: mode = Z_FINISH
        }
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(Self.outputCapacity)
            let status = deflate(stream, mode)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw GzipError(message: "zlib's deflate failed (\(status))")
            }
            let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(start: output, count: produced)) }
            if status == Z_STREAM_END {
                finished = true
                break
            }
            // All input taken and, for a flush, all output given once deflate leaves room in the output (zlib's
            // documented rule).
            if flush != .finish, stream.pointee.avail_out != 0 { break }
        }
        unflushed = flush == .none
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
    }
}

/// zlib's inflate reading a gzip file from a descriptor, into the caller's buffer: constant memory (zlib's 32 KiB
/// window and a 64 KiB input buffer) however long the file. Concatenated gzip members are read one after another, as
/// gunzip reads them.
final class GzipInflater {
    enum Read: Equatable {
        /// This many bytes of text were written to the buffer.
        case bytes(Int)
        /// The compressed stream ended properly (its CRC and length checked).
        case end
        /// The file ended inside the compressed stream: whatever could be decompressed was given.
        case cutShort
    }

    private static let inputCapacity = 1 << 16
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private var inputEnded = false
    private var memberEnded = false

    /// `pending`: the first bytes of the file, already read (from a pipe, where they cannot be read again).
    init(pending: UnsafeRawBufferPointer) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: Self.inputCapacity)
        let status = plantar_inflate_init_gzip(stream)
        precondition(status == Z_OK, "zlib's inflateInit2 failed (\(status))")
        let count = min(pending.count, Self.inputCapacity)
        if count > 0, let base = pending.baseAddress {
            input.update(from: base.assumingMemoryBound(to: UInt8.self), count: count)
        }
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(count)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Decompresses into `buffer` (up to `count` bytes), reading `fd` as needed. Throws `Errno` for a failed read
    /// and `GzipError` for data that is not a valid gzip stream (a bad header, corrupt data, a wrong CRC).
    func read(_ fd: Int32, into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Read {
        precondition(count > 0)
        while true {
            if stream.pointee.avail_in == 0, !inputEnded {
                switch valueOrErrno({ Glibc.read(fd, input, Self.inputCapacity) }) {
                case .success(0): inputEnded = true
                case .success(let n):
                    stream.pointee.next_in = input
                    stream.pointee.avail_in = UInt32(n)
                case .failure(let error): throw error
                }
            }
            if memberEnded {
                if stream.pointee.avail_in == 0 {
                    if inputEnded { return .end }
                    continue
                }
                // Another gzip member follows (files joined with cat): read it as gunzip does.
                inflateReset(stream)
                memberEnded = false
            }
            stream.pointee.next_out = buffer
            stream.pointee.avail_out = UInt32(min(count, Int(UInt32.max)))
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = min(count, Int(UInt32.max)) - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                if produced > 0 { return .bytes(produced) }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return .bytes(produced) }
                if stream.pointee.avail_in == 0, inputEnded { return .cutShort }
            case Z_MEM_ERROR:
                throw GzipError(message: "zlib is out of memory")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw GzipError(message: "corrupt compressed data (\(reason))")
            }
        }
    }
}

/// What zlib said was wrong.
struct GzipError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes begin as a gzip file does (1f 8b).
    var startsWithGzipMagic: Bool { count >= 2 && self[0] == 0x1F && self[1] == 0x8B }
}
