import Foundation
import PlantarSession
import PlantarSupport

/// 16-bit mono PCM WAV files.
public enum WAV {
    public static func encode(_ samples: [Int16], sampleRate: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(44 + samples.count * 2)
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { out.append(contentsOf: $0) } }
        out += Array("RIFF".utf8)
        u32(36 + samples.count * 2)
        out += Array("WAVEfmt ".utf8)
        u32(16)
        u16(1)  // PCM
        u16(1)  // mono
        u32(sampleRate)
        u32(sampleRate * 2)
        u16(2)
        u16(16)
        out += Array("data".utf8)
        u32(samples.count * 2)
        for s in samples { withUnsafeBytes(of: s.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// The samples and rate of a file `encode` wrote; nil for anything else.
    public static func decode(_ bytes: [UInt8]) -> (samples: [Int16], sampleRate: Int)? {
        guard bytes.count >= 44, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<16].elementsEqual("WAVEfmt ".utf8)
        else { return nil }
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard u16(20) == 1, u16(22) == 1, u16(34) == 16, bytes[36..<40].elementsEqual("data".utf8) else { return nil }
        let n = min(u32(40), bytes.count - 44) / 2
        var samples = [Int16](repeating: 0, count: n)
        for i in 0..<n { samples[i] = Int16(bitPattern: UInt16(u16(44 + 2 * i))) }
        return (samples, u32(24))
    }
}

/// `replay --voice-out DIR`: the cue list with times (cues.tsv and cues.json) and one WAV per distinct text that
/// espeak-ng renders.
public enum VoiceOut {
    public struct Written: Sendable {
        public var cues: Int
        public var files: [String]
    }

    /// Writes into `directory` (created if missing). Files are created or truncated, never followed through a
    /// symbolic link, and only regular files are overwritten.
    public static func write(_ cues: [Cue], to directory: String, espeak: Espeak) throws -> Written {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlantarError.badInput(path: directory, line: 0, message: "cannot create the directory (\(error))")
        }
        var fileOfText: [String: String] = [:]
        var files: [String] = []
        var tsv = "time\tkind\ttext\tfile\n"
        var json: [String] = []
        for cue in cues {
            let file: String
            if let known = fileOfText[cue.text] {
                file = known
            } else {
                file = String(format: "%03d-", fileOfText.count + 1) + slug(cue.text) + ".wav"
                let samples = try espeak.render(cue.text)
                try writeFile(directory + "/" + file, WAV.encode(samples, sampleRate: espeak.sampleRate))
                fileOfText[cue.text] = file
                files.append(file)
            }
            let t = String(format: "%.3f", cue.seconds)
            tsv += "\(t)\t\(cue.kind.rawValue)\t\(cue.text)\t\(file)\n"
            let text = JSON.string(cue.text).serialized()
            json.append(
                "  {\"time\": \(t), \"kind\": \"\(cue.kind.rawValue)\", \"text\": \(text), "
                    + "\"file\": \(JSON.string(file).serialized())}")
        }
        try writeFile(directory + "/cues.tsv", Array(tsv.utf8))
        try writeFile(directory + "/cues.json", Array(("[\n" + json.joined(separator: ",\n") + "\n]\n").utf8))
        return Written(cues: cues.count, files: files)
    }

    static func slug(_ text: String) -> String {
        var out = ""
        for c in text.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber {
                out.append(c)
            } else if !out.hasSuffix("-") {
                out.append("-")
            }
            if out.count >= 24 { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "cue" : out
    }

    private static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            throw PlantarError.badInput(path: path, line: 0, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw PlantarError.badInput(path: path, line: 0, message: "exists and is not a regular file: left alone")
        }
        guard ftruncate(fd, 0) == 0 else {
            throw PlantarError.badInput(path: path, line: 0, message: String(cString: strerror(errno)))
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PlantarError.badInput(path: path, line: 0, message: String(cString: strerror(errno)))
            }
            offset += n
        }
    }
}
