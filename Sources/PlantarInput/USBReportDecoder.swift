import PlantarSignal

/// Decodes a USB pad's raw interrupt-IN reports into frames, by the profile's report layout.
public struct USBReportDecoder: Sendable {
    public enum DecodeError: Error, Equatable, Sendable {
        case tooShort(length: Int, needed: Int)
        case wrongReportID(got: Int, expected: Int)
    }

    public let profile: DeviceProfile
    public let neededLength: Int
    public private(set) var frame: Frame

    public init(profile: DeviceProfile) {
        self.profile = profile
        var needed = profile.sensors.map { $0.offset + $0.width }.max() ?? 0
        if let usb = profile.usb {
            if usb.reportID != nil { needed = Swift.max(needed, 1) }
            if let b = usb.buttonOffset { needed = Swift.max(needed, b + 1) }
        }
        neededLength = needed
        frame = Frame(timeMicros: 0, loadsKilograms: [Double](repeating: 0, count: profile.sensors.count))
    }

    /// Decodes one report into `frame`; reports for other report ids are rejected so the caller can skip them.
    public mutating func decode(_ report: UnsafeRawBufferPointer, atMicros micros: Int64) throws -> Frame {
        guard report.count >= neededLength else {
            throw DecodeError.tooShort(length: report.count, needed: neededLength)
        }
        if let id = profile.usb?.reportID, Int(report[0]) != id {
            throw DecodeError.wrongReportID(got: Int(report[0]), expected: id)
        }
        frame.timeMicros = micros
        for (i, s) in profile.sensors.enumerated() {
            var raw: UInt32 = 0
            for b in 0..<s.width {
                let byte = UInt32(report[s.offset + (s.bigEndian ? b : s.width - 1 - b)])
                raw = raw << 8 | byte
            }
            var value = Double(raw)
            if s.signed, s.width < 4, raw & (1 << UInt32(s.width * 8 - 1)) != 0 {
                value -= Double(UInt64(1) << UInt64(s.width * 8))
            } else if s.signed, s.width == 4 {
                value = Double(Int32(bitPattern: raw))
            }
            frame.loadsKilograms[i] = Swift.max(0, value) * s.kilogramsPerUnit
        }
        if let usb = profile.usb, let b = usb.buttonOffset {
            frame.buttonDown = report[b] & (1 << UInt8(usb.buttonBit)) != 0
        }
        return frame
    }

    public mutating func decode(_ bytes: [UInt8], atMicros micros: Int64) throws -> Frame {
        try bytes.withUnsafeBytes { try decode($0, atMicros: micros) }
    }
}
