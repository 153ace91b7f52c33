import Foundation
import Testing

/// The signal module is pure: no I/O and no clock (DESIGN: time is the frame's timestamp).
@Suite struct PurityTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PlantarSignal").path

    @Test func theSignalModuleReadsNoClockAndDoesNoIO() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.dir).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 8)
        let forbidden = [
            "import Foundation", "Date(", "clock_gettime", "ContinuousClock", "DispatchTime", "FileManager", "fopen(",
            "open(", "read(", "write(", "print(", "Process(", "getenv", "ProcessInfo",
        ]
        for f in files {
            let text = try String(contentsOfFile: Self.dir + "/" + f, encoding: .utf8)
            let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                .joined(separator: "\n")
            for word in forbidden { #expect(!code.contains(word), "\(f) uses \(word)") }
        }
    }

    @Test func everyDetectorHasItsCaseTableInItsHeaderComment() throws {
        for f in ["HoldDetector.swift", "CircleDetector.swift", "Baseline.swift"] {
            let text = try String(contentsOfFile: Self.dir + "/" + f, encoding: .utf8)
            #expect(text.contains("/// | state"), "\(f)")
        }
    }
}
