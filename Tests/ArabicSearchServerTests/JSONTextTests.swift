import Foundation
import Testing
import ArabicSearchServer

/// JSON string literals: what must be escaped is, everything else is copied as written.
@Suite struct JSONTextTests {
    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(JSONText.string("") == "\"\"")
        #expect(JSONText.string("ذَكاء") == "\"ذَكاء\"")
        #expect(JSONText.string("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONText.string("1\n2\r3\t4") == #""1\n2\r3\t4""#)
        #expect(JSONText.string("\u{1}\u{1F}\u{7F}") == "\"\\u0001\\u001f\u{7F}\"")
        #expect(JSONText.string("«الذكاء»\u{200F} 🙂 \"x\"") == "\"«الذكاء»\u{200F} 🙂 \\\"x\\\"\"")
    }

    @Test func everyStringReadsBackAsItself() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["ا", "ب", "ة", "\u{064E}", "\"", "\\", "\n", "\u{1}", "\u{1F}", "a", " ", "🙂", "\u{200F}"]
        for _ in 0..<200 {
            let value = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator) ?? "a"
            })
            let decoded = try JSONSerialization.jsonObject(with: Data(JSONText.string(value).utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == value)
        }
    }
}
