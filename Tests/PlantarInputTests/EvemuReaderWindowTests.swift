import Testing

@testable import PlantarInput

/// Reading through the mapped window: lines across window edges, and the eight-bytes-at-a-time line-feed scan.
@Suite struct EvemuReaderWindowTests {
    /// 100 000 events (about 4.8 MB: lines across the edge of the first window and the second): every event arrives,
    /// in order, with its value.
    @Test func eventsAcrossWindowEdgesAllArriveInOrder() throws {
        let dir = TempDir()
        let frames = 25_000
        var lines = [boardHeader]
        lines.reserveCapacity(4 * frames + 1)
        for i in 0..<frames {
            let micros = i * 10_000
            let stamp = "\(micros / 1_000_000)." + String(String(micros % 1_000_000 + 1_000_000).dropFirst())
            for axis in 0..<4 {
                lines.append("E: \(stamp) 0003 001\(axis) \(i % 9000 + 1000)\t# EV_ABS / ABS_HAT\(axis)\n")
            }
        }
        let text = lines.joined()
        let path = dir.write("long.evemu", text)
        #expect(text.utf8.count > EvemuReader.window + EvemuReader.window / 2)
        let reader = try EvemuReader(path: path)
        var count = 0
        var sum = 0
        var lastMicros: Int64 = -1
        var ordered = true
        while let e = try reader.next() {
            if e.timeMicros < lastMicros { ordered = false }
            lastMicros = e.timeMicros
            count += 1
            sum += Int(e.value)
        }
        #expect(count == 4 * frames)
        #expect(ordered)
        #expect(lastMicros == Int64(frames - 1) * 10_000)
        #expect(sum == 4 * (0..<frames).reduce(0) { $0 + $1 % 9000 + 1000 })
        #expect(reader.lineNumber == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    }

    /// The word-at-a-time scan finds the first line feed wherever it is, as a byte-by-byte scan does.
    @Test func theLineFeedScanAgreesWithAByteByByteScan() {
        var bytes = [UInt8](repeating: 0x41, count: 64)
        // Bytes that trip naive word tricks: 0x0B (one above 0x0A), 0x8A (0x0A with the high bit), 0x00.
        for (i, b) in [UInt8(0x0B), 0x8A, 0x00, 0x09, 0x0D].enumerated() { bytes[3 + i * 7] = b }
        bytes.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            #expect(EvemuReader.lineFeed(base, from: 0, to: 64) == nil)
        }
        for at in 0..<64 {
            for from in [0, 1, 5, 8, 13] where from <= 64 {
                var b = bytes
                b[at] = 0x0A
                if at + 1 < 64 { b[at + 1] = 0x0A }
                b.withUnsafeBufferPointer { p in
                    let expected = (from..<64).first { p[$0] == 0x0A }
                    #expect(EvemuReader.lineFeed(p.baseAddress!, from: from, to: 64) == expected)
                    #expect(
                        EvemuReader.lineFeed(p.baseAddress!, from: from, to: 40)
                            == expected.flatMap { $0 < 40 ? $0 : nil })
                }
            }
        }
    }
}
