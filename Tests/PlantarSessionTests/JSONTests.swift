import Foundation
import PlantarSession
import Testing

/// The report's JSON writer: strings with nothing to escape are written as they are, others escaped character by
/// character, and either way the text is JSON that Foundation reads back to the same strings.
@Suite struct JSONTests {
    static let strings = [
        "", "toe-presses", "Wii Balance Board", "plantar.report/1", "élan ü 足", "a\"quote", "back\\slash",
        "line\nfeed", "tab\there", "cr\r", "bell\u{07}", "nul\u{00}end", "\u{1F}", "\u{7F} is not escaped",
    ]

    @Test(arguments: strings)
    func aStringReadsBackAsItWas(_ s: String) throws {
        let text = JSON.object([("key \"\(s)\"", .string(s)), ("list", .array([.string(s)]))]).serialized()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        #expect(object["key \"\(s)\""] as? String == s)
        #expect((object["list"] as? [String])?.first == s)
        // Control characters never reach the text unescaped.
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "\(text)")
    }

    @Test func escapesAreTheShortForms() {
        #expect(JSON.string("a\"b\\c\nd\re\tf\u{01}").serialized() == #""a\"b\\c\nd\re\tf\u0001""#)
        #expect(JSON.string("plain").serialized() == #""plain""#)
    }
}
