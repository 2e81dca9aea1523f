import Foundation
import Testing
@testable import ArabicIndex

/// The byte encoding of stored text (since format 3): exact bytes, round trips, and refusal of every
/// kind of malformed input.
@Suite("Stored text codec")
struct StoredTextCodecTests {
    static func encoded(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        StoredTextCodec.encode(text, into: &bytes)
        return bytes
    }

    @Test func arabicLettersTakeOneByte() throws {
        #expect(Self.encoded("كتاب 2") == [0xC3, 0xAA, 0xA7, 0xA8, 0x20, 0x32])
        // The ends of the one-byte range: U+0600 and U+067F.
        #expect(Self.encoded("\u{600}\u{67F}") == [0x80, 0xFF])
        // Diacritics (U+064E fatha, U+0651 shadda) and tatweel (U+0640) are in the range.
        #expect(Self.encoded("بَّـ") == [0xA8, 0xCE, 0xD1, 0xC0])
        #expect(try StoredTextCodec.decode(Self.encoded("كتاب 2")[...]) == "كتاب 2")
    }

    @Test func otherCharactersAreEscaped() throws {
        // U+0680 (just past the range), «, é, a CJK character, an emoji, U+0001 itself.
        #expect(Self.encoded("\u{680}") == [0x01, 0xDA, 0x80])
        #expect(Self.encoded("«é»") == [0x01, 0xC2, 0xAB, 0x01, 0xC3, 0xA9, 0x01, 0xC2, 0xBB])
        #expect(Self.encoded("中") == [0x01, 0xE4, 0xB8, 0xAD])
        #expect(Self.encoded("😀") == [0x01, 0xF0, 0x9F, 0x98, 0x80])
        #expect(Self.encoded("a\u{1}b") == [0x61, 0x01, 0x01, 0x62])
        #expect(Self.encoded("\u{0}\u{7F}") == [0x00, 0x7F])
        #expect(Self.encoded("") == [])
    }

    @Test func roundTrips() throws {
        let texts = ["", "\u{1}", "\u{1}\u{1}", "a\u{1}", "ٱلرَّحْمَٰنِ", "Meta و IBM، «تحالف» ١٢٣ ۴", "ﷲ ﻻ \u{200C}\u{200F}",
                     "😀👍🏽\u{10FFFF}", "e\u{301}", String(repeating: "الذكاء الاصطناعي ", count: 300),
                     "\u{5FF}\u{600}\u{67F}\u{680}\u{7FF}\u{800}\u{FFFF}\u{10000}"]
        for text in texts {
            let bytes = Self.encoded(text)
            #expect(try StoredTextCodec.decode(bytes[...]) == text)
            #expect(bytes.count <= text.utf8.count + text.unicodeScalars.count)
        }
        // Every scalar of the BMP but surrogates, and some above, in one string.
        var scalars = String.UnicodeScalarView()
        for value in stride(from: 0, to: 0x30000, by: 1) where !(0xD800...0xDFFF).contains(value) {
            if let scalar = Unicode.Scalar(UInt32(value)) { scalars.append(scalar) }
        }
        let all = String(scalars)
        #expect(try StoredTextCodec.decode(Self.encoded(all)[...]) == all)
    }

    @Test func encodingAppends() {
        var bytes: [UInt8] = [0xAA]
        StoredTextCodec.encode("ب", into: &bytes)
        #expect(bytes == [0xAA, 0xA8])
    }

    @Test(arguments: [
        // A lone escape, or one cut inside its character.
        ([0x01], StoredTextCodec.DecodingError.truncated(offset: 0)),
        ([0x61, 0x01], .truncated(offset: 1)),
        ([0x01, 0xC2], .truncated(offset: 0)),
        ([0xA8, 0x01, 0xE4, 0xB8], .truncated(offset: 1)),
        ([0x01, 0xF0, 0x9F, 0x98], .truncated(offset: 0)),
        // An escaped ASCII character other than U+0001, a continuation byte, an invalid lead.
        ([0x01, 0x61], .invalidEscape(offset: 0)),
        ([0x01, 0x00], .invalidEscape(offset: 0)),
        ([0x01, 0x80, 0x80], .invalidEscape(offset: 0)),
        ([0x01, 0xFF, 0x80], .invalidEscape(offset: 0)),
        ([0x01, 0xF8, 0x80, 0x80, 0x80, 0x80], .invalidEscape(offset: 0)),
        // Overlong forms, a bad continuation, a surrogate, past U+10FFFF.
        ([0x01, 0xC0, 0x80], .invalidEscape(offset: 0)),
        ([0x01, 0xC1, 0xBF], .invalidEscape(offset: 0)),
        ([0x01, 0xE0, 0x80, 0x80], .invalidEscape(offset: 0)),
        ([0x01, 0xF0, 0x80, 0x80, 0x80], .invalidEscape(offset: 0)),
        ([0x01, 0xC2, 0x41], .invalidEscape(offset: 0)),
        ([0x01, 0xE4, 0xB8, 0xC0], .invalidEscape(offset: 0)),
        ([0x01, 0xED, 0xA0, 0x80], .invalidEscape(offset: 0)),
        ([0x01, 0xF4, 0x90, 0x80, 0x80], .invalidEscape(offset: 0)),
        // A character of the one-byte range escaped: not the encoding of anything.
        ([0x62, 0x01, 0xD8, 0xA8], .invalidEscape(offset: 1)),
        ([0x01, 0xD9, 0xBF], .invalidEscape(offset: 0)),
    ] as [([UInt8], StoredTextCodec.DecodingError)])
    func malformedInputIsRefused(_ bytes: [UInt8], _ error: StoredTextCodec.DecodingError) {
        #expect(throws: error) { try StoredTextCodec.decode(bytes[...]) }
    }

    @Test func errorsDescribeThemselves() {
        #expect(StoredTextCodec.DecodingError.truncated(offset: 7).description
            == "text ends inside an escaped character at byte 7")
        #expect(StoredTextCodec.DecodingError.invalidEscape(offset: 3).description
            == "invalid escaped character at byte 3")
    }

    /// Random bytes either decode to text whose encoding is exactly those bytes, or are refused.
    @Test func randomBytesNeverCrash() {
        var generator = SplitMix64(state: 42)
        var decoded = 0
        for round in 0..<5000 {
            let count = Int(generator.next() % 12)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                let value = UInt8(truncatingIfNeeded: generator.next())
                // Escapes often, so that most inputs exercise them.
                bytes.append(round % 2 == 0 && value < 0x40 ? 0x01 : value)
            }
            if let text = try? StoredTextCodec.decode(bytes[...]) {
                #expect(Self.encoded(text) == bytes, "\(bytes)")
                decoded += 1
            }
        }
        #expect(decoded > 500)
    }
}
