import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// Damaged index files must be reported as corrupt, naming the file: never a crash, never a
/// wrong answer.
@Suite("Corrupt on-disk indexes")
struct CorruptionTests {
    static let queries = ["الذكاء الاصطناعي", "ibm", "\"مفتوح المصدر\"", "تحالف*", "+meta -ibm", "title:تحالف",
                          "\"ذكاء مصدر\"~3", "NOT ibm", "منظمات OR جامعات"]

    static var files: [String] {
        ["MANIFEST"] + StoreFormat.Kind.segmentKinds.map { "s00000001.\($0.fileExtension)" }
    }

    /// A pristine index of the article (two segments, so the second's files are damaged too
    /// when named), and the results of every query.
    static func pristine() throws -> (directory: String, results: [String]) {
        let directory = try writeDiskIndex(CorpusReader.paragraphs(try articleText()), perSegment: 10)
        let index = try DiskIndex(directory: directory)
        var options = SearchOptions()
        options.explain = true
        let results = try queries.map { fingerprint(try index.search($0, options: options)) }
        return (directory, results)
    }

    /// Copies `source` to a new directory.
    /// For an index damaged on purpose: the checker reports problems, every one naming the
    /// damaged file (`prefix`), and each of `queries` either gives its pristine answer
    /// (`expected`, by ``fingerprint(_:)``) or fails with an error naming that file.
    static func expectDamageReported(in directory: String, prefix: String, queries: [String], expected: [String],
                                     options: SearchOptions, label: String)
    {
        let problems = IndexChecker.check(directory: directory)
        #expect(!problems.isEmpty, "\(label)")
        #expect(problems.allSatisfy { $0.description.hasPrefix(prefix) }, "\(label): \(problems)")
        do throws(IndexStoreError) {
            let index = try DiskIndex(directory: directory)
            for (query, result) in zip(queries, expected) {
                do {
                    #expect(fingerprint(try index.search(query, options: options)) == result, "\(label): \(query)")
                } catch .index(let error) {
                    #expect(error.description.hasPrefix(prefix), "\(label): \(error)")
                } catch {
                    Issue.record("\(label): \(error)")
                }
            }
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(label): \(error)")
        }
    }

    /// Writes `original` to `url` with one bit of byte `offset` flipped (the lowest bit at even
    /// offsets, the highest at odd ones).
    static func write(_ original: [UInt8], flippingByte offset: Int, to url: URL) throws {
        var bytes = original
        bytes[offset] ^= offset % 2 == 0 ? 0x01 : 0x80
        try Data(bytes).write(to: url)
    }

    static func copy(_ source: String) throws -> String {
        let target = temporaryIndexPath()
        try FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }

    /// Every search on `directory` either fails naming `file` as corrupt or gives `expected`;
    /// the checker names `file` (and only it).
    static func expectDetected(_ directory: String, file: String, expected: [String], what: String) {
        let prefix = "index \(directory) is corrupt: \(file): "
        let problems = IndexChecker.check(directory: directory)
        #expect(!problems.isEmpty, "\(what): the checker found nothing")
        for problem in problems {
            #expect(problem.description.hasPrefix(prefix), "\(what): \(problem)")
        }
        var options = SearchOptions()
        options.explain = true
        do {
            let index = try DiskIndex(directory: directory)
            for (query, result) in zip(queries, expected) {
                do {
                    let actual = try index.search(query, options: options)
                    #expect(fingerprint(actual) == result, "\(what): \(query) gave a different answer")
                } catch .index(let error) {
                    #expect(error.description.hasPrefix(prefix), "\(what): \(error)")
                } catch {
                    Issue.record("\(what): \(error)")
                }
            }
        } catch {
            #expect("\(error)".hasPrefix(prefix), "\(what): \(error)")
        }
    }

    @Test(arguments: files)
    func truncatedFilesAreReported(_ file: String) throws {
        let (source, expected) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let size = try FileManager.default.attributesOfItem(atPath: source + "/" + file)[.size] as? Int ?? 0
        for length in Set([0, 1, 8, 15, 16, 17, 27, 28, 31, 32, 33, size / 3, size / 2, size - 5, size - 4, size - 1]) where length < size && length >= 0 {
            let directory = try Self.copy(source)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/" + file))
            try handle.truncate(atOffset: UInt64(length))
            try handle.close()
            Self.expectDetected(directory, file: file, expected: expected, what: "\(file) truncated to \(length)")
        }
    }

    @Test(arguments: files)
    func flippedBytesAreReported(_ file: String) throws {
        let (source, expected) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/" + file)))
        // Every header and footer byte, and about 40 bytes spread over the rest.
        var offsets = Set(0..<min(StoreFormat.headerSize, original.count))
        offsets.formUnion((original.count - 4)..<original.count)
        let step = max(1, original.count / 40)
        offsets.formUnion(stride(from: 0, to: original.count, by: step))
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = URL(fileURLWithPath: directory + "/" + file)
        for offset in offsets.sorted() {
            try Self.write(original, flippingByte: offset, to: url)
            Self.expectDetected(directory, file: file, expected: expected, what: "\(file) byte \(offset) flipped")
        }
    }

    @Test(arguments: files)
    func randomGarbageNeverCrashes(_ file: String) throws {
        let (source, expected) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/" + file)))
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = URL(fileURLWithPath: directory + "/" + file)
        var generator = SplitMix64(state: UInt64(file.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        for round in 0..<25 {
            var bytes = original
            // Overwrite a run of 1 to 16 bytes with random ones, sometimes with 0xFF or 0x00 runs.
            let start = Int(generator.next() % UInt64(bytes.count))
            let length = min(bytes.count - start, 1 + Int(generator.next() % 16))
            for index in start..<(start + length) {
                switch round % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes[index] = 0xFF
                default: bytes[index] = 0
                }
            }
            guard bytes != original else { continue }
            try Data(bytes).write(to: url)
            Self.expectDetected(directory, file: file, expected: expected, what: "\(file) bytes \(start)..<\(start + length) overwritten")
        }
    }

    /// A damaged first term of a dictionary block must not send a lookup to the wrong block
    /// (which would find nothing, silently): every term is still found, or the file reported.
    @Test func damagedBlockBoundariesNeverLoseTerms() throws {
        let (source, _) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let pristine = try DiskIndex(directory: source)
        let segment = pristine.segments[0]
        var terms: [String] = []
        try segment.dictionary.forEachTerm { (term: [UInt8], _: SegmentTermEntry) throws(IndexStoreError) in
            terms.append(String(decoding: term, as: UTF8.self))
        }
        let expected = try terms.map { fingerprint(try pristine.search(.term($0, field: nil))) }
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/s00000001.dict")))
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = URL(fileURLWithPath: directory + "/s00000001.dict")
        #expect(segment.dictionary.blockCount > 2)
        // One bit flipped, and the first byte made the smallest and the largest there is: the
        // last two send a search for terms of far blocks the wrong way.
        let damages: [(String, (UInt8) -> UInt8)] = [("flipped", { $0 ^ 0x01 }), ("lowest", { _ in 0x00 }),
                                                     ("highest", { _ in 0xFF })]
        for block in 0..<segment.dictionary.blockCount {
            let start = Int(try segment.dictionary.file.u64(segment.dictionary.blockIndexOffset + 8 * block))
            for (damage, change) in damages {
                // u32 length, u8 count, vint shared (0), vint length, then the first term's bytes.
                var bytes = original
                bytes[start + 7] = change(bytes[start + 7])
                try Data(bytes).write(to: url)
                let damaged = try DiskIndex(directory: directory)
                for (term, result) in zip(terms, expected) {
                    do {
                        #expect(fingerprint(try damaged.search(.term(term, field: nil))) == result,
                                "block \(block) \(damage): \(term)")
                    } catch {
                        #expect(error.description.hasPrefix("index \(directory) is corrupt: s00000001.dict: "))
                    }
                }
            }
        }
    }

    @Test func missingSegmentFileIsReported() throws {
        let (source, _) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        try FileManager.default.removeItem(atPath: source + "/s00000002.pos")
        #expect(throws: IndexStoreError.corrupt(directory: source, file: "s00000002.pos", detail: "missing")) {
            try DiskIndex(directory: source)
        }
        #expect(IndexChecker.check(directory: source) == [.corrupt(directory: source, file: "s00000002.pos", detail: "missing")])
    }

    /// Every byte of the identifier groups, their index and the stored documents' trailer,
    /// flipped in turn: the checker reports the file, and searches that read identifiers only
    /// either report it or give exactly the pristine identifiers and scores.
    @Test func damagedIdentifiersAreReported() throws {
        let (source, _) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        var options = SearchOptions()
        options.loadsStoredText = false
        let pristine = try DiskIndex(directory: source)
        let expected = try Self.queries.map { fingerprint(try pristine.search($0, options: options)) }
        let segment = pristine.segments[0]
        #expect(segment.documentCount == 10)
        #expect(try segment.stored.identifiers(inGroup: 0) == (1...10).map { "p\(String(format: "%02d", $0))" })
        let file = "s00000001.docs"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/" + file)))
        let trailer = original.count - StoreFormat.footerSize - StoreFormat.storedTrailerSize
        var offsets = Array(segment.stored.identifiersOffset..<segment.stored.blockIndexOffset)
        offsets += Array(segment.stored.identifierIndexOffset..<(trailer + StoreFormat.storedTrailerSize))
        // One group: "p01" whole (5 bytes), "p02"…"p09" sharing "p0" (3 bytes each), "p10"
        // sharing "p" (4), its CRC (4); one index entry (8); the trailer (48).
        #expect(offsets.count == 5 + 8 * 3 + 4 + 4 + 8 + 48)
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = URL(fileURLWithPath: directory + "/" + file)
        let prefix = "index \(directory) is corrupt: \(file): "
        for offset in offsets {
            try Self.write(original, flippingByte: offset, to: url)
            Self.expectDamageReported(in: directory, prefix: prefix, queries: Self.queries, expected: expected,
                                      options: options, label: "byte \(offset)")
        }
    }

    /// The stored blocks' dictionary: its length, its CRC and bytes all along it, flipped in
    /// turn, are reported at open (and by the checker), never decompressed into wrong text.
    @Test func damagedPresetDictionaryIsReported() throws {
        let (source, expected) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let segment = try DiskIndex(directory: source).segments[0]
        let start = StoreFormat.headerSize
        let end = segment.stored.dictionaryOffset + segment.stored.dictionaryLength + 4
        #expect(segment.stored.dictionaryOffset == start + 4)
        #expect(segment.stored.dictionaryLength > 1000)
        #expect(segment.stored.blocksOffset == end)
        let file = "s00000001.docs"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/" + file)))
        // The length, the first and last 32 bytes of the dictionary, its CRC, and every 29th byte.
        var offsets = Set(start..<(start + 36))
        offsets.formUnion((end - 36)..<end)
        offsets.formUnion(stride(from: start, to: end, by: 29))
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = URL(fileURLWithPath: directory + "/" + file)
        for offset in offsets.sorted() {
            try Self.write(original, flippingByte: offset, to: url)
            #expect(throws: IndexStoreError.self, "byte \(offset)") { try DiskIndex(directory: directory) }
            Self.expectDetected(directory, file: file, expected: expected, what: "\(file) byte \(offset) flipped")
        }
    }

    /// A stored block whose zstd frame gives another size than its header's `rawLength` (the
    /// header's size off by one, or the size the frame declares changed), with every CRC made
    /// right again: reading the block reports the file, never returns a shorter or longer text.
    @Test func storedBlockOfTheWrongSizeIsReported() throws {
        let (source, expected) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        let segment = try DiskIndex(directory: source).segments[0]
        let file = "s00000001.docs"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/" + file)))
        let start = segment.stored.blocksOffset
        func u32(_ bytes: [UInt8], _ offset: Int) -> Int {
            (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        func put(_ value: UInt32, _ bytes: inout [UInt8], _ offset: Int) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        let rawLength = u32(original, start + 8)
        let length = u32(original, start + 12)
        let frame = start + StoreFormat.storedBlockHeaderSize
        // The frame's header: magic number, descriptor, window byte unless single-segment,
        // dictionary ID, then the content size.
        #expect(Array(original[frame..<(frame + 4)]) == [0x28, 0xB5, 0x2F, 0xFD])
        let descriptor = original[frame + 4]
        try #require(descriptor >> 6 != 0 || descriptor & 0x20 != 0, "the frame declares its size")
        let contentSize = frame + 5 + (descriptor & 0x20 != 0 ? 0 : 1) + [0, 1, 2, 4][Int(descriptor & 3)]
        var damages: [(String, [UInt8])] = []
        for delta in [-1, 1] {
            var bytes = original
            put(UInt32(rawLength + delta), &bytes, start + 8)
            damages.append(("rawLength \(rawLength + delta)", bytes))
        }
        var bytes = original
        bytes[contentSize] ^= 0x01
        damages.append(("declared size byte flipped", bytes))
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = URL(fileURLWithPath: directory + "/" + file)
        for (label, var bytes) in damages {
            put(CRC32C.checksum(Array(bytes[start..<(frame + length)])), &bytes, frame + length)
            put(CRC32C.checksum(Array(bytes.dropLast(StoreFormat.footerSize))), &bytes, bytes.count - StoreFormat.footerSize)
            try Data(bytes).write(to: url)
            let damaged = try DiskIndex(directory: directory).segments[0]
            #expect(throws: IndexStoreError.corrupt(directory: directory, file: file,
                                                    detail: "stored block 0 at \(start) does not decompress"), "\(label)") {
                try damaged.stored.block(0)
            }
            #expect(throws: IndexStoreError.self, "\(label)") { try damaged.stored.document(0) }
            Self.expectDetected(directory, file: file, expected: expected, what: label)
        }
    }

    /// A one-block term's positions, inline in its postings region, must be exactly those of
    /// its postings: a region whose checksum is right but whose positions are cut short or end
    /// inside a number is reported (naming `.post`) by the checker and by reading positions.
    @Test func inlinePositionsMustMatchTheirPostings() throws {
        let documents = [Document(id: "a", title: "", text: "شركة مفتوح المصدر شركة مفتوح"),
                         Document(id: "b", title: "", text: "مفتوح المصدر")]
        let source = try writeDiskIndex(documents)
        defer { try? FileManager.default.removeItem(atPath: source) }
        var entries: [SegmentTermEntry] = []
        try DiskIndex(directory: source).segments[0].dictionary.forEachTerm { (_: [UInt8], entry: SegmentTermEntry) throws(IndexStoreError) in
            entries.append(entry)
        }
        // A term of both documents.
        let entry = try #require(entries.first { $0.frequencies[1] == 2 })
        let offset = entry.postingsOffsets[1]
        let file = "s00000001.post"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/" + file)))
        let bodyLength = Int(original[offset])
        try #require(bodyLength < 0x80 && bodyLength >= 4)
        let bodyStart = offset + 5
        #expect(IndexChecker.check(directory: source) == [])

        for damage in ["shorter", "continued"] {
            var bytes = original
            var length = bodyLength
            if damage == "shorter" { length -= 1 } else { bytes[bodyStart + length - 1] |= 0x80 }
            bytes[offset] = UInt8(length)
            let crc = CRC32C.checksum(Array(bytes[bodyStart..<(bodyStart + length)]))
            for index in 0..<4 { bytes[offset + 1 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
            let directory = try Self.copy(source)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + file))
            let prefix = "index \(directory) is corrupt: \(file): "
            let problems = IndexChecker.check(directory: directory)
            #expect(!problems.isEmpty, "\(damage)")
            #expect(problems.allSatisfy { $0.description.hasPrefix(prefix) }, "\(damage): \(problems)")
            let segment = try DiskIndex(directory: directory).segments[0]
            var decoded = DecodedPostings()
            do {
                try segment.postings.decodePostings(at: offset, frequency: 2, field: .text, into: &decoded)
                let list = DiskPostings(decoded)
                for index in 0..<list.count { _ = try list.positions(at: index) }
                Issue.record("\(damage): the positions were read")
            } catch {
                #expect(error.description.hasPrefix(prefix), "\(damage): \(error)")
            }
        }
    }

    /// Every byte of a postings region of several blocks (its length, CRC, first positions
    /// offset, 22-byte skip entries and blocks) and of the positions file, flipped in turn:
    /// the checker names the file, and searches report it or give exactly the pristine answer.
    @Test func damagedLongPostingsAreReported() throws {
        let documents = (0..<300).map { number in
            Document(id: "d\(number)", title: "", text: "شركة \(number % 7 == 0 ? "مفتوح" : "مصدر") شركة")
        }
        let source = try writeDiskIndex(documents)
        defer { try? FileManager.default.removeItem(atPath: source) }
        let queries = ["شركة", "\"شركة مصدر\"", "\"مفتوح شركة\"", "+شركة -مفتوح", "مصدر"]
        var options = SearchOptions()
        options.explain = true
        let pristine = try DiskIndex(directory: source)
        let expected = try queries.map { fingerprint(try pristine.search($0, options: options)) }
        var entries: [SegmentTermEntry] = []
        try pristine.segments[0].dictionary.forEachTerm { (_: [UInt8], entry: SegmentTermEntry) throws(IndexStoreError) in
            entries.append(entry)
        }
        let offset = try #require(entries.first { $0.frequencies[1] == 300 }).postingsOffsets[1]
        let postings = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/s00000001.post")))
        let length = Int(postings[offset]) | Int(postings[offset + 1]) << 8
        #expect(length > 16 + 3 * StoreFormat.skipEntrySize)
        let positions = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/s00000001.pos")))
        let targets = (offset..<(offset + length)).map { ("s00000001.post", $0) }
            + (StoreFormat.headerSize..<(positions.count - StoreFormat.footerSize)).map { ("s00000001.pos", $0) }
        let directory = try Self.copy(source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (file, byte) in targets {
            let url = URL(fileURLWithPath: directory + "/" + file)
            try Self.write(file.hasSuffix("post") ? postings : positions, flippingByte: byte, to: url)
            defer { try? Data(file.hasSuffix("post") ? postings : positions).write(to: url) }
            let prefix = "index \(directory) is corrupt: \(file): "
            Self.expectDamageReported(in: directory, prefix: prefix, queries: queries, expected: expected,
                                      options: options, label: "\(file) byte \(byte)")
        }
    }
}
