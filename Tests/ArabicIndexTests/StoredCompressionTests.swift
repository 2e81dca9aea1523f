import CStore
import Foundation
import Testing
@testable import ArabicIndex

/// zstd frames with a raw-content dictionary (the stored blocks of format 5) and the dictionary
/// a segment samples from its documents.
@Suite("Stored blocks: zstd with a dictionary")
struct StoredCompressionTests {
    /// The system's zstd runtime library is found and loaded at run time (no header at build
    /// time), at a supported version, and a frame made with it is a standard zstd frame: it
    /// starts with zstd's magic number and declares its content size.
    @Test func theSystemLibraryIsLoaded() throws {
        #expect(StoredCompression.unavailableReason == nil)
        #expect((10400..<20000).contains(czstd_version()), "zstd \(czstd_version())")
        let raw = Array(String(repeating: "الذكاء الاصطناعي ", count: 40).utf8)
        let frame = try #require(Self.compress(raw, dictionary: nil))
        #expect(frame.prefix(4) == [0x28, 0xB5, 0x2F, 0xFD])
        #expect(frame.count < raw.count / 10)
        #expect(Self.decompress(frame, count: raw.count, dictionary: nil) == raw)
        #expect(Self.decompress(frame, count: raw.count - 1, dictionary: nil) == nil)
    }

    /// `raw` compressed as one frame, with `dictionary` (none when `nil`).
    static func compress(_ raw: [UInt8], dictionary: [UInt8]?, level: Int32 = StoreFormat.storedCompressionLevel)
        -> [UInt8]?
    {
        let cdict = dictionary.flatMap { content in
            content.withUnsafeBufferPointer { czstd_cdict_create($0.baseAddress, $0.count, level, raw.count) }
        }
        defer { czstd_cdict_free(cdict) }
        if dictionary != nil, cdict == nil { return nil }
        let cctx = czstd_cctx_create()
        defer { czstd_cctx_free(cctx) }
        var compressed = [UInt8](repeating: 0, count: czstd_compress_bound(raw.count))
        let produced = raw.withUnsafeBufferPointer { source in
            compressed.withUnsafeMutableBufferPointer { target in
                czstd_compress(cctx, source.baseAddress, source.count, target.baseAddress, target.count, cdict)
            }
        }
        guard produced >= 0 else { return nil }
        return Array(compressed[0..<produced])
    }

    /// `compressed` decompressed into exactly `count` bytes with `dictionary` (none when `nil`);
    /// `nil` when refused.
    static func decompress(_ compressed: [UInt8], count: Int, dictionary: [UInt8]?) -> [UInt8]? {
        let content = dictionary ?? []
        return content.withUnsafeBufferPointer { preset -> [UInt8]? in
            let ddict = dictionary == nil ? nil : czstd_ddict_create(preset.baseAddress, preset.count)
            defer { czstd_ddict_free(ddict) }
            if dictionary != nil, ddict == nil { return nil }
            let dctx = czstd_dctx_create()
            defer { czstd_dctx_free(dctx) }
            var raw = [UInt8](repeating: 0, count: count)
            let status = compressed.withUnsafeBufferPointer { source in
                raw.withUnsafeMutableBufferPointer { target in
                    czstd_decompress(dctx, source.baseAddress, source.count, target.baseAddress, count, ddict)
                }
            }
            return status == 0 ? raw : nil
        }
    }

    static func text(_ count: Int, _ generator: inout SplitMix64) -> [UInt8] {
        let words = ["الذكاء", "الاصطناعي", "تحالف", "شركة", "مفتوح", "المصدر", "IBM", "١٢٣"]
        var bytes: [UInt8] = []
        StoredTextCodec.encode((0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }
            .joined(separator: " "), into: &bytes)
        return bytes
    }

    @Test func roundTripsWithAndWithoutADictionary() throws {
        var generator = SplitMix64(state: 11)
        let dictionary = Self.text(3000, &generator).suffix(StoreFormat.storedDictionarySize).map { $0 }
        let texts = [[], [0x41], Self.text(10, &generator), Self.text(2000, &generator), Self.text(20000, &generator)]
        for raw in texts as [[UInt8]] {
            for preset in [nil, dictionary] as [[UInt8]?] {
                let compressed = try #require(Self.compress(raw, dictionary: preset))
                #expect(Self.decompress(compressed, count: raw.count, dictionary: preset) == raw)
                // Any other size is refused.
                #expect(Self.decompress(compressed, count: raw.count + 1, dictionary: preset) == nil)
                if !raw.isEmpty {
                    #expect(Self.decompress(compressed, count: raw.count - 1, dictionary: preset) == nil)
                }
                // So are trailing bytes and a second frame.
                #expect(Self.decompress(compressed + [0], count: raw.count, dictionary: preset) == nil)
                #expect(Self.decompress(compressed + compressed, count: raw.count, dictionary: preset) == nil)
            }
        }
    }

    @Test func theDictionaryPaysAndIsNeeded() throws {
        var generator = SplitMix64(state: 12)
        let dictionary = Self.text(3000, &generator)
        // The dictionary pays: a short text of the dictionary's words compresses smaller with it.
        let short = Self.text(200, &generator)
        let with = try #require(Self.compress(short, dictionary: dictionary))
        let without = try #require(Self.compress(short, dictionary: nil))
        #expect(with.count < without.count)
        // Without the dictionary, or with another one, the frame does not give its text
        // (refused or different), and never crashes.
        #expect(Self.decompress(with, count: short.count, dictionary: nil) != short)
        #expect(Self.decompress(with, count: short.count, dictionary: Self.text(3000, &generator)) != short)
        // Matches count back from the dictionary's end: one byte less there shifts them all.
        #expect(Self.decompress(with, count: short.count, dictionary: Array(dictionary.dropLast())) != short)
    }

    /// The dictionary is raw content whatever its first bytes, even zstd's dictionary magic
    /// number (a document may start with those bytes).
    @Test func dictionaryIsRawContentWhateverItsFirstBytes() throws {
        var generator = SplitMix64(state: 13)
        let dictionary = [0x37, 0xA4, 0x30, 0xEC] + Self.text(3000, &generator)
        let short = Self.text(200, &generator)
        let compressed = try #require(Self.compress(short, dictionary: dictionary))
        #expect(Self.decompress(compressed, count: short.count, dictionary: dictionary) == short)
    }

    /// Truncated, damaged or made-up frames are refused or give other bytes, never read past
    /// their end or crash.
    @Test func damagedFramesAreRefused() throws {
        var generator = SplitMix64(state: 14)
        let dictionary = Self.text(3000, &generator)
        let raw = Self.text(3000, &generator)
        let compressed = try #require(Self.compress(raw, dictionary: dictionary))
        for length in [0, 1, 4, 5, 8, compressed.count / 2, compressed.count - 1] {
            #expect(Self.decompress(Array(compressed.prefix(length)), count: raw.count, dictionary: dictionary) == nil,
                    "cut to \(length)")
        }
        for offset in stride(from: 0, to: compressed.count, by: max(1, compressed.count / 60)) {
            for flip in [0x01, 0x80, 0xFF] as [UInt8] {
                var damaged = compressed
                damaged[offset] ^= flip
                // Without a checksum in the frame a damaged literal may give other bytes: the
                // block's CRC is what catches those.
                _ = Self.decompress(damaged, count: raw.count, dictionary: dictionary)
            }
        }
        // The frame header declares its size: one byte of it changed is refused.
        for offset in 4..<6 {
            var damaged = compressed
            damaged[offset] ^= 0x01
            #expect(Self.decompress(damaged, count: raw.count, dictionary: dictionary) != raw, "header byte \(offset)")
        }
        for garbage in [[0xFF, 0xFF, 0xFF], [0x28, 0xB5, 0x2F, 0xFD], [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0, 0, 0],
                        [UInt8](repeating: 0, count: 100)] as [[UInt8]] {
            #expect(Self.decompress(garbage, count: 10, dictionary: dictionary) == nil)
            #expect(Self.decompress(garbage, count: 0, dictionary: nil) == nil)
        }
    }

    @Test func dictionarySamplesDocumentsEvenly() {
        #expect(StoredDocumentsWriter.dictionary(of: []) == [])
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
        #expect(StoredDocumentsWriter.dictionary(of: small) == expected)
        let long = (0..<1000).map { Document(id: "d\($0)", title: "t\($0)", text: String(repeating: "كتاب \($0) ", count: 200)) }
        let dictionary = StoredDocumentsWriter.dictionary(of: long)
        #expect(dictionary.count == StoreFormat.storedDictionarySize)
        // The last piece is the start of document 1000 · 223 / 224 = 995.
        var last: [UInt8] = [4]
        StoredTextCodec.encode("t995", into: &last)
        #expect(Array(dictionary.suffix(StoreFormat.storedDictionaryPieceSize).prefix(last.count)) == last)
    }
}
