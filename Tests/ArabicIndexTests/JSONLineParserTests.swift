import Foundation
import Testing
@testable import ArabicIndex

/// The fast reader of flat JSON Lines records: exact values, and never an answer that
/// `JSONDecoder` would not give.
@Suite("JSON line parser")
struct JSONLineParserTests {
    static func fast(_ line: String) -> JSONLineRecord? {
        var line = line
        return line.withUTF8 { JSONLineParser.parse($0) }
    }

    static func decoded(_ line: String) -> JSONLineRecord? {
        try? JSONDecoder().decode(JSONLineRecord.self, from: Data(line.utf8))
    }

    @Test func readsTheUsualRecord() throws {
        let record = try #require(Self.fast(#"{"id": "d1", "title": "عنوان", "text": "نص \"مقتبس\"\n\u0041\ud83d\ude00\/\\\t"}"#))
        #expect(record.id == .string("d1"))
        #expect(record.title == .string("عنوان"))
        #expect(record.text == .string("نص \"مقتبس\"\nA😀/\\\t"))
        let sparse = try #require(Self.fast(#"  {"text":"x","title":null,"lang":"ar"}  "#))
        #expect(sparse.id == .missing && sparse.title == .null && sparse.text == .string("x"))
        let empty = try #require(Self.fast("{}"))
        #expect(empty.id == .missing && empty.title == .missing && empty.text == .missing)
        #expect(Self.fast(#"{"id":"\u0000"}"#)?.id == .string("\u{0}"))
    }

    /// Everything unusual is left to JSONDecoder.
    @Test(arguments: [
        #"{"id": 1, "text": "x"}"#, #"{"id": "a", "text": true}"#, #"{"id": "a", "meta": {"k": 1}}"#,
        #"{"id": "a", "tags": ["x"]}"#, #"{"id": "a", "id": "b", "text": "x"}"#, #"{"i\u0064": "a"}"#,
        #"{"id": "a\q"}"#, #"{"id": "\ud800"}"#, #"{"id": "\udc00x"}"#, #"{"id": "\u12"}"#, "{\"id\": \"a\tb\"}",
        #"{"id": "a""#, #"{"id": "a",}"#, #"{"id" "a"}"#, #"{"id": "a"} x"#, #"["a"]"#, #""a""#, "", "{",
        #"{"id": nul}"#, #"{"id": "a" "text": "b"}"#,
    ])
    func leavesTheRestToJSONDecoder(_ line: String) {
        #expect(Self.fast(line) == nil)
    }

    /// Random records of strings and nulls, with escapes, whitespace and unknown keys: the fast
    /// reader answers and agrees with JSONDecoder exactly.
    @Test func agreesWithJSONDecoder() throws {
        var generator = SplitMix64(state: 11)
        let pieces = ["a", "ب", "\\n", "\\\"", "\\\\", "\\/", "\\u0628", "\\u00e9", "\\ud83d\\ude00", "😀", " ", "\\t", "é"]
        func string() -> String {
            "\"" + (0..<Int(generator.next() % 6)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined() + "\""
        }
        for _ in 0..<500 {
            var members: [String] = []
            for key in ["id", "title", "text", "lang"] where generator.next() % 4 != 0 {
                let value = generator.next() % 5 == 0 ? "null" : string()
                let space = generator.next() % 2 == 0 ? " " : ""
                members.append("\"\(key)\"\(space):\(space)\(value)")
            }
            members.shuffle(using: &generator)
            let line = "{" + members.joined(separator: generator.next() % 2 == 0 ? ", " : ",") + "}"
            let fast = try #require(Self.fast(line), "\(line)")
            let slow = try #require(Self.decoded(line), "\(line)")
            #expect(fast.id == slow.id && fast.title == slow.title && fast.text == slow.text, "\(line)")
        }
    }

    /// Invalid UTF-8 anywhere in a line (a value with or without escapes, a key, between
    /// tokens) stops the reading with its exact byte offset and line, a BOM counted.
    @Test func invalidUTF8IsReportedWhereverItIs() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let first = Array("{\"id\": \"a\", \"text\": \"نص\"}\n".utf8)
        let cases: [(prefix: String, suffix: String)] = [
            ("{\"id\": \"b\", \"text\": \"x", "\"}"), ("{\"id\": \"b\", \"text\": \"\\n", "\"}"),
            ("{\"id\": \"b\", \"k", "\": \"x\", \"text\": \"y\"}"), ("{\"id\": \"b\", \"text\": \"y\"} ", ""),
            ("{\"id\": \"b\", \"n\": 1, \"text\": \"", "\"}"),
        ]
        for (prefix, suffix) in cases {
            for head in [[], bom] {
                var bytes = head + first + Array(prefix.utf8)
                let offset = bytes.count
                bytes += [0xC3, 0x28] + Array(suffix.utf8) + [0x0A]
                #expect(throws: CorpusError(source: "bad.jsonl", message: "invalid UTF-8 at byte offset \(offset) (line 2)")) {
                    _ = try CorpusReader.jsonLines(Data(bytes), source: "bad.jsonl", strict: false)
                }
            }
        }
    }

    /// Long strings (read eight bytes at a time) with an escape, a quote or a control character
    /// at every place: the same values as JSONDecoder's, or left to it.
    @Test func escapesAndControlsAnywhereInLongStrings() throws {
        let body = Array("كتاب abc دفتر 123 قلم xyz".utf8)
        for place in 0...body.count {
            for insert in [Array("\\n".utf8), Array("\\\"".utf8), Array("\\u00e9".utf8)] {
                let value = body[..<place] + insert + body[place...]
                let line = "{\"id\": \"" + String(decoding: value, as: UTF8.self) + "\", \"text\": \"t\"}"
                let fast = try #require(Self.fast(line), "\(line)")
                let slow = try #require(Self.decoded(line), "\(line)")
                #expect(fast.id == slow.id && fast.text == slow.text, "\(line)")
            }
            let control = "{\"id\": \"" + String(decoding: body[..<place] + [0x09] + body[place...], as: UTF8.self) + "\"}"
            #expect(Self.fast(control) == nil, "\(place)")
        }
    }
}
