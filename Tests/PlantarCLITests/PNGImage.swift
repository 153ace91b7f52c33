import Foundation

/// Just enough of PNG to look at a browser's screenshot: the header, and the pixels of 8-bit grey, RGB or RGBA
/// images (non-interlaced), through a small inflate (RFC 1950/1951).
struct PNGImage {
    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    var width: Int
    var height: Int
    var colorType: UInt8
    /// Row-major pixels as 0xRRGGBB (alpha dropped).
    var pixels: [UInt32]

    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw DecodeError(description: "not a PNG file")
        }
        var offset = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = Int(Self.be32(bytes, offset))
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            guard offset + 12 + length <= bytes.count else { throw DecodeError(description: "truncated \(type) chunk") }
            let body = Array(bytes[offset + 8..<offset + 8 + length])
            if type == "IHDR" { header = body }
            if type == "IDAT" { compressed += body }
            offset += 12 + length
            if type == "IEND" { break }
        }
        guard header.count == 13 else { throw DecodeError(description: "no IHDR") }
        width = Int(Self.be32(header, 0))
        height = Int(Self.be32(header, 4))
        colorType = header[9]
        guard header[8] == 8, header[12] == 0 else {
            throw DecodeError(description: "only 8-bit non-interlaced images are decoded")
        }
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw DecodeError(description: "colour type \(colorType) is not decoded")
        }
        let raw = try Inflate.zlib(compressed)
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw DecodeError(description: "too little image data") }
        pixels = []
        pixels.reserveCapacity(width * height)
        var previous = [UInt8](repeating: 0, count: stride)
        var row = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            let start = y * (stride + 1)
            let filter = raw[start]
            for i in 0..<stride {
                let x = raw[start + 1 + i]
                let a = i >= channels ? Int(row[i - channels]) : 0
                let b = Int(previous[i])
                let c = i >= channels ? Int(previous[i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw DecodeError(description: "bad filter \(filter) in row \(y)")
                }
                row[i] = UInt8(truncatingIfNeeded: Int(x) + predictor)
            }
            for px in 0..<width {
                let p = px * channels
                let rgb: UInt32
                if channels >= 3 {
                    rgb = UInt32(row[p]) << 16 | UInt32(row[p + 1]) << 8 | UInt32(row[p + 2])
                } else {
                    rgb = UInt32(row[p]) * 0x010101
                }
                pixels.append(rgb)
            }
            swap(&previous, &row)
        }
    }

    static func be32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}

/// A small, slow, complete inflate: stored, fixed-Huffman and dynamic-Huffman blocks.
enum Inflate {
    struct Failure: Error {}

    private struct Bits {
        let data: [UInt8]
        var position = 0
        var bit = 0

        mutating func read(_ count: Int) throws -> Int {
            var value = 0
            for k in 0..<count {
                guard position < data.count else { throw Failure() }
                value |= Int((data[position] >> UInt8(bit)) & 1) << k
                bit += 1
                if bit == 8 {
                    bit = 0
                    position += 1
                }
            }
            return value
        }

        mutating func alignToByte() {
            if bit != 0 {
                bit = 0
                position += 1
            }
        }
    }

    /// Canonical Huffman code: counts of codes per length and symbols in code order.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }

        func decode(_ bits: inout Bits) throws -> Int {
            var code = 0
            var first = 0
            var index = 0
            for l in 1..<16 {
                code |= try bits.read(1)
                let count = counts[l]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first = (first + count) << 1
                code <<= 1
            }
            throw Failure()
        }
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    /// A zlib stream (2-byte header, deflate data, Adler-32 not checked).
    static func zlib(_ data: [UInt8]) throws -> [UInt8] {
        guard data.count > 2, data[0] & 0x0F == 8 else { throw Failure() }
        return try inflate(Array(data[2...]))
    }

    static func inflate(_ data: [UInt8]) throws -> [UInt8] {
        var bits = Bits(data: data)
        var out: [UInt8] = []
        out.reserveCapacity(data.count * 4)
        var last = 0
        repeat {
            last = try bits.read(1)
            switch try bits.read(2) {
            case 0:
                bits.alignToByte()
                guard bits.position + 4 <= data.count else { throw Failure() }
                let length = Int(data[bits.position]) | Int(data[bits.position + 1]) << 8
                bits.position += 4
                guard bits.position + length <= data.count else { throw Failure() }
                out += data[bits.position..<bits.position + length]
                bits.position += length
            case 1:
                let literal = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
                let distance = Huffman(lengths: [Int](repeating: 5, count: 30))
                try codes(&bits, literal, distance, into: &out)
            case 2:
                let (literal, distance) = try dynamicTables(&bits)
                try codes(&bits, literal, distance, into: &out)
            default:
                throw Failure()
            }
        } while last == 0
        return out
    }

    private static func dynamicTables(_ bits: inout Bits) throws -> (Huffman, Huffman) {
        let literals = try bits.read(5) + 257
        let distances = try bits.read(5) + 1
        let codeLengthCount = try bits.read(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengths[order[i]] = try bits.read(3) }
        let lengthCode = Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literals + distances {
            let symbol = try lengthCode.decode(&bits)
            switch symbol {
            case 0..<16:
                lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Failure() }
                lengths += repeatElement(previous, count: 3 + (try bits.read(2)))
            case 17:
                lengths += repeatElement(0, count: 3 + (try bits.read(3)))
            default:
                lengths += repeatElement(0, count: 11 + (try bits.read(7)))
            }
        }
        return (
            Huffman(lengths: Array(lengths[0..<literals])),
            Huffman(lengths: Array(lengths[literals..<literals + distances]))
        )
    }

    private static func codes(_ bits: inout Bits, _ literal: Huffman, _ distance: Huffman, into out: inout [UInt8])
        throws
    {
        while true {
            let symbol = try literal.decode(&bits)
            if symbol < 256 {
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let l = symbol - 257
                guard l < lengthBase.count else { throw Failure() }
                let length = lengthBase[l] + (try bits.read(lengthExtra[l]))
                let d = try distance.decode(&bits)
                guard d < distanceBase.count else { throw Failure() }
                let back = distanceBase[d] + (try bits.read(distanceExtra[d]))
                guard back <= out.count else { throw Failure() }
                let start = out.count - back
                for k in 0..<length { out.append(out[start + k]) }
            }
        }
    }
}
