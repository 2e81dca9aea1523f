import Foundation
import Testing
@testable import ArabicTokenizer

/// The UTF-8 fast path must report exactly the words ICU's iterator reports.
@Suite("Word segmentation fast path = ICU's iterator")
struct WordSegmenterFastPathTests {
    let fast = WordSegmenter()
    let icu = WordSegmenter(usesFastPath: false)

    func mismatch(_ text: String) -> String? {
        let a = fast.wordRanges(in: text)
        let b = icu.wordRanges(in: text)
        guard a != b else { return nil }
        let bytes = Array(text.utf8)
        func show(_ ranges: [Range<Int>]) -> String {
            ranges.map { "[" + String(decoding: bytes[$0], as: UTF8.self) + "]" }.joined(separator: " ")
        }
        let scalars = text.unicodeScalars.map { String(format: "%04X", $0.value) }.joined(separator: " ")
        return "\(scalars): fast \(show(a)) ICU \(show(b))"
    }

    /// Every BMP character between, before and after letters and digits.
    @Test func everyCharacterInContext() {
        var failures: [String] = []
        for value in UInt32(0x20)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(scalar)
            for pattern in ["ab\(c)cd", "12\(c)34", "ab\(c)12", "12\(c)ab", "\(c)ab", "ab\(c)", "\(c)\(c)ab",
                            "كتب\(c)علم", "١٢\(c)٣٤", "a\(c)\(c)b", "1\(c)\u{64E}2", "ب\u{64E}\(c)ت", "\(c) ب", "_\(c)_"] {
                if let m = mismatch(pattern) { failures.append(m) }
            }
            if failures.count > 40 { break }
        }
        #expect(failures.isEmpty, "\(failures.prefix(40).joined(separator: "\n"))")
    }

    /// One representative of every class the fast path models, and of the ICU tailorings.
    static let representatives: [String] = [
        "ب", "a", "3", "٣", "\u{0600}" /* Numeric format */, ".", "'", ",", "،", "·", ";", "_", "\u{64E}",
        "\u{200F}", "\u{200D}", "\u{200C}", "\r", "\n", " ", "\u{3000}", "-", "@", ":", "\u{FDFD}", "؟", "ـ",
    ]

    /// Every sequence of up to four representatives.
    @Test func everyShortSequenceOfClasses() {
        let r = Self.representatives
        var failures: [String] = []
        for a in r {
            for b in r {
                if let m = mismatch(a + b) { failures.append(m) }
                for c in r {
                    if let m = mismatch(a + b + c) { failures.append(m) }
                    for d in r where failures.count < 20 {
                        if let m = mismatch(a + b + c + d) { failures.append(m) }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// Long random strings over the representatives and random BMP characters.
    @Test func randomText() {
        var rng = SplitMix64(seed: 29)
        let r = Self.representatives
        var failures: [String] = []
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 60) {
                if rng.next() % 10 == 0, let scalar = Unicode.Scalar(UInt32(rng.next() % 0xFFFF)) {
                    text.unicodeScalars.append(scalar)
                } else {
                    text += r[Int(rng.next() % UInt64(r.count))]
                }
            }
            if let m = mismatch(text) { failures.append(m) }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// The bundled article and, where the shared datasets are present, a real corpus.
    @Test func realText() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var texts: [String] = []
        if let article = try? String(contentsOf: root.appendingPathComponent("Corpus/article.txt"), encoding: .utf8) {
            texts.append(article)
        }
        let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/datasets/arabic-qa-combined/corpus.jsonl")
        if let data = FileManager.default.contents(atPath: corpus.path) {
            texts += String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(!texts.isEmpty)
        let failures = texts.compactMap { mismatch($0) }
        #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
    }
}
