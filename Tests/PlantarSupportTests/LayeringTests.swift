import Foundation
import Testing

/// The module graph of docs/architecture.md: a module imports only modules of a lower layer.
@Suite struct LayeringTests {
    static let layers: [String: Int] = [
        "PlantarSupport": 0, "PlantarSignal": 0, "CEvdev": 0, "CLibUSB": 0, "CEspeakNG": 0, "CZlib": 0,
        "PlantarInput": 1,
        "PlantarSession": 2, "PlantarSimulator": 2,
        "PlantarTerminal": 3, "PlantarPlot": 3, "PlantarSpeech": 3,
        "plantar": 4,
    ]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources").path

    /// `import X` lines (also `@testable`/`@_exported`, and indented ones inside `#if`) of every Swift file of `module`.
    static func imports(of module: String) throws -> Set<String> {
        let dir = sources + "/" + module
        var found: Set<String> = []
        for file in FileManager.default.enumerator(atPath: dir)?.compactMap({ $0 as? String }) ?? []
        where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                if words.count >= 2, words[0] == "import" { found.insert(String(words[1])) }
            }
        }
        return found
    }

    @Test func noModuleImportsOneOfItsOwnLayerOrAbove() throws {
        var checked = 0
        for (module, layer) in Self.layers where FileManager.default.fileExists(atPath: Self.sources + "/" + module) {
            for imported in try Self.imports(of: module) {
                guard let other = Self.layers[imported] else { continue }
                #expect(other < layer, "\(module) (layer \(layer)) imports \(imported) (layer \(other))")
                checked += 1
            }
        }
        #expect(checked > 20, "the imports were found")
    }

    @Test func theSignalLayerImportsNothingOfThePackage() throws {
        let ours = try Self.imports(of: "PlantarSignal").filter { Self.layers[$0] != nil }
        #expect(ours.isEmpty)
    }
}
