import CStore
import Foundation
import Testing
@testable import ArabicIndex

/// Raw DEFLATE with a preset dictionary (the stored blocks of format 4) and the dictionary a
/// segment samples from its documents.
@Suite("Stored blocks: preset dictionary")
struct StoredCompressionTests {
    static func deflate(_ raw: [UInt8], dictionary: [UInt8], level: Int32 = 5) -> [UInt8]? {
        var compressed = [UInt8](repeating: 0, count: czlib_deflate_bound(raw.count))
        let produced = raw.withUnsafeBufferPointer { source in
            dictionary.withUnsafeBufferPointer { preset in
                compressed.withUnsafeMutableBufferPointer { target in
                    czlib_deflate(source.baseAddress, source.count, target.baseAddress, target.count, level,
                                  preset.baseAddress, preset.count)
                }
            }
        }
        guard produced >= 0 else { return nil }
        return Array(compressed[0..<produced])
    }

    static func inflate(_ compressed: [UInt8], count: Int, dictionary: [UInt8]) -> [UInt8]? {
        var raw = [UInt8](repeating: 0, count: count)
        let status = compressed.withUnsafeBufferPointer { source in
            dictionary.withUnsafeBufferPointer { preset in
                raw.withUnsafeMutableBufferPointer { target in
                    czlib_inflate(source.baseAddress, source.count, target.baseAddress, count, preset.baseAddress,
                                  preset.count)
                }
            }
        }
        return status == 0 ? raw : nil
    }

    @Test func roundTripsWithAndWithoutADictionary() throws {
        var generator = SplitMix64(state: 11)
        let words = ["الذكاء", "الاصطناعي", "تحالف", "شركة", "مفتوح", "المصدر", "IBM", "١٢٣"]
        func text(_ count: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            StoredTextCodec.encode((0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }
                .joined(separator: " "), into: &bytes)
            return bytes
        }
        let dictionary = text(3000).suffix(StoreFormat.storedDictionarySize).map { $0 }
        for raw in [[], [0x41], text(10), text(2000), text(20000)] as [[UInt8]] {
            for preset in [[], dictionary] as [[UInt8]] {
                let compressed = try #require(Self.deflate(raw, dictionary: preset))
                #expect(Self.inflate(compressed, count: raw.count, dictionary: preset) == raw)
                // The wrong size is refused.
                #expect(Self.inflate(compressed, count: raw.count + 1, dictionary: preset) == nil)
            }
        }
        // The dictionary pays: a short text of the dictionary's words compresses smaller with it.
        let short = text(200)
        let with = try #require(Self.deflate(short, dictionary: dictionary))
        let without = try #require(Self.deflate(short, dictionary: []))
        #expect(with.count < without.count)
        // Without the dictionary the block does not inflate to its text (refused or different).
        #expect(Self.inflate(with, count: short.count, dictionary: []) != short)
        // Damaged input is refused, never read past.
        var damaged = with
        damaged.removeLast()
        #expect(Self.inflate(damaged, count: short.count, dictionary: dictionary) == nil)
        #expect(Self.inflate([0xFF, 0xFF, 0xFF], count: 10, dictionary: dictionary) == nil)
    }

    @Test func dictionarySamplesDocumentsEvenly() {
        #expect(SegmentWriter.storedDictionary([]) == [])
        let small = (0..<3).map { Document(id: "d\($0)", title: "عنوان", text: "نص \($0)") }
        // Each whole record: vint length and encoding of the title, then of the text.
        var expected: [UInt8] = []
        for document in small {
            for field in [document.title, document.text] {
                var encoded: [UInt8] = []
                StoredTextCodec.encode(field, into: &encoded)
                expected.append(UInt8(encoded.count))
                expected += encoded
            }
        }
        #expect(SegmentWriter.storedDictionary(small) == expected)
        let long = (0..<1000).map { Document(id: "d\($0)", title: "t\($0)", text: String(repeating: "كتاب \($0) ", count: 200)) }
        let dictionary = SegmentWriter.storedDictionary(long)
        #expect(dictionary.count == StoreFormat.storedDictionarySize)
        // The last piece is the start of document 1000 · 31 / 32 = 968.
        var last: [UInt8] = [4]
        StoredTextCodec.encode("t968", into: &last)
        #expect(Array(dictionary.suffix(StoreFormat.storedDictionaryPieceSize).prefix(last.count)) == last)
    }

    /// Inflating a piece at a time gives the same bytes, stops at the end of the stream, and
    /// refuses truncated or damaged input.
    @Test func inflatesAPieceAtATime() throws {
        var generator = SplitMix64(state: 5)
        let raw = (0..<40000).map { _ in UInt8(0x80 + generator.next() % 24) }
        let dictionary = Array(raw.suffix(5000))
        let compressed = try #require(Self.deflate(raw, dictionary: dictionary))
        func read(_ input: [UInt8], pieces: Int) -> [UInt8]? {
            input.withUnsafeBufferPointer { source in
                dictionary.withUnsafeBufferPointer { preset in
                    let inflater = czlib_inflater_open(source.baseAddress, source.count, preset.baseAddress, preset.count)
                    defer { czlib_inflater_close(inflater) }
                    guard inflater != nil else { return nil }
                    var output: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: pieces)
                    while true {
                        let count = buffer.withUnsafeMutableBufferPointer { czlib_inflater_read(inflater, $0.baseAddress, pieces) }
                        if count < 0 { return nil }
                        if count == 0 { return output }
                        output += buffer[0..<count]
                    }
                }
            }
        }
        for pieces in [1, 100, 4096, 65536] {
            #expect(read(compressed, pieces: pieces) == raw, "pieces of \(pieces)")
        }
        #expect(read(Array(compressed.dropLast(compressed.count / 2)), pieces: 4096) == nil)
        #expect(read([0xFF, 0xFF, 0xFF, 0xFF], pieces: 4096) == nil)
    }
}
