import Foundation
import Testing
@testable import ArabicIndex
import ArabicEvaluation
import ArabicTokenizer
import CStore

@Suite("CRC-32C")
struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map(UInt8.init)) == 0x113F_DB5C)
    }

    @Test func continuingEqualsWhole() {
        var generator = SplitMix64(state: 7)
        let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let whole = CRC32C.checksum(bytes)
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = bytes[..<split].withUnsafeBytes { CRC32C.checksum($0) }
            let both = bytes[split...].withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
            #expect(both == whole)
        }
    }

    /// The processor's checksum (where it has one) equals the table's, at every length and
    /// alignment, continuing or not.
    @Test func hardwareEqualsTable() {
        var generator = SplitMix64(state: 19)
        let bytes = (0..<600).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 500] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let seed = UInt32(truncatingIfNeeded: generator.next())
                    let table = CRC32C.tableChecksum(slice, continuing: seed)
                    #expect(CRC32C.checksum(slice, continuing: seed) == table, "start \(start) length \(length)")
                    if CRC32C.hardware {
                        let hardware = cstore_crc32c_update(seed, slice.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                            slice.count)
                        #expect(hardware == table, "start \(start) length \(length)")
                    }
                }
            }
        }
    }
}

@Suite("On-disk index")
struct DiskIndexTests {
    static let explainOptions: SearchOptions = {
        var options = SearchOptions()
        options.limit = 20
        options.explain = true
        return options
    }()

    @Test func articleSearchesMatchTheInMemoryIndex() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let memory = try InMemoryIndex(documents: documents)
        let directory = try writeDiskIndex(documents)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        #expect(disk.documentCount == 18)
        #expect(disk.segmentCount == 1)
        var queries = ["الذكاء الاصطناعي", "ibm", "\"مفتوح المصدر\"", "تحالف*", "+meta -ibm", "title:تحالف", "\"ذكاء مصدر\"~3",
                       "ا*", "NOT ibm", "غيرموجود", "و"]
        queries += sampleQueries(documents, count: 120, seed: 1)
        for query in queries {
            let expected = try memory.search(query, options: Self.explainOptions)
            let actual = try disk.search(query, options: Self.explainOptions)
            #expect(fingerprint(actual) == fingerprint(expected), "query \(query)")
        }
    }

    /// Every term of the index is found with its frequencies, and strings next to terms in
    /// byte order (their prefixes, extensions, last byte changed) are found only if they are terms.
    @Test(arguments: TestCollection.arcdSized, [nil, 37] as [Int?])
    func termLookupsFindExactlyTheIndexedTerms(collection: TestCollection, perSegment: Int?) throws {
        let documents = try collection.documents()
        let memory = try InMemoryIndex(documents: documents)
        let directory = try writeDiskIndex(documents, perSegment: perSegment)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        let arena = SearchArena()
        var probes: Set<String> = []
        for id in 0..<memory.dictionary.count {
            let text = memory.dictionary.term(id)
            let term = try #require(try disk.term(text, arena: arena), "term \(text)")
            for field in DocumentField.allCases {
                #expect(disk.documentFrequency(of: term, in: field) == memory.documentFrequency(of: id, in: field))
            }
            guard id % 7 == 0 else { continue }
            var bytes = Array(text.utf8)
            probes.insert(String(decoding: bytes.dropLast(), as: UTF8.self))
            probes.insert(text + "ا")
            probes.insert(text + "\u{1}")
            if let last = bytes.last, last < 0xBF, last > 0x80 {
                bytes[bytes.count - 1] = last + 1
                probes.insert(String(decoding: bytes, as: UTF8.self))
                bytes[bytes.count - 1] = last - 1
                probes.insert(String(decoding: bytes, as: UTF8.self))
            }
        }
        probes.formUnion(["", "\u{0}", "\u{10FFFF}", "ي" + String(repeating: "ي", count: 40)])
        for probe in probes {
            #expect((try disk.term(probe, arena: arena) != nil) == (memory.term(probe, arena: arena) != nil), "probe \(probe)")
        }
    }

    /// Positions read from disk in any order (in order, skipping ahead, backwards, again, at
    /// random) are the in-memory index's, for the most frequent terms (several chunks each).
    @Test(arguments: TestCollection.arcdSized, [nil, 37] as [Int?])
    func positionsReadInAnyOrderMatchTheInMemoryIndex(collection: TestCollection, perSegment: Int?) throws {
        let documents = try collection.documents()
        let memory = try InMemoryIndex(documents: documents)
        let directory = try writeDiskIndex(documents, perSegment: perSegment)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        let arena = SearchArena()
        let frequent = (0..<memory.dictionary.count)
            .map { (id: $0, count: memory.documentFrequency(of: $0, in: .text)) }
            .sorted { ($0.count, $1.id) > ($1.count, $0.id) }
            .prefix(12)
        // The three most frequent span two postings blocks even in one segment.
        #expect(frequent.prefix(3).allSatisfy { $0.count > PostingBlock.size }, "\(frequent.map(\.count))")
        var generator = SplitMix64(state: 7)
        for (id, count) in frequent {
            let expected = memory.postings(of: id, in: .text)
            let term = try #require(try disk.term(memory.dictionary.term(id), arena: arena))
            var orders: [[Int]] = [Array(0..<count), Array(stride(from: 0, to: count, by: 3)),
                                   Array((0..<count).reversed()), [5, 5, 6, 6, 4, 200, 3, 201, 202]]
            orders.append((0..<300).map { _ in Int(generator.next() % UInt64(count)) })
            for order in orders {
                // A fresh list per order: what was read before changes how a read is made.
                let list = try disk.postings(of: term, in: .text)
                #expect(list.count == count)
                for posting in order where posting < count {
                    #expect(list.document(at: posting) == expected.document(at: posting))
                    var buffer: [UInt32] = [99]
                    try list.appendPositions(at: posting, to: &buffer)
                    #expect(buffer == [99] + Array(expected.positions(at: posting)), "posting \(posting)")
                }
            }
        }
    }

    @Test(arguments: TestCollection.arcdSized)
    func searchesMatchAcrossOneAndManySegments(collection: TestCollection) throws {
        let documents = try collection.documents()
        #expect(documents.count == 460)
        let memory = try InMemoryIndex(documents: documents)
        let single = try writeDiskIndex(documents)
        let many = try writeDiskIndex(documents, perSegment: 37)
        defer {
            try? FileManager.default.removeItem(atPath: single)
            try? FileManager.default.removeItem(atPath: many)
        }
        let one = try DiskIndex(directory: single)
        let segmented = try DiskIndex(directory: many)
        #expect(segmented.segmentCount == 13)
        #expect(segmented.documentCount == 460)
        var queries = try collection.questions(limit: 1400).enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
        queries += sampleQueries(documents, count: 100, seed: 2)
        var options = Self.explainOptions
        for (number, query) in queries.enumerated() {
            options.ranking.variant = BM25Variant.allCases[number % BM25Variant.allCases.count]
            // Length normalization changing between queries (the disk index keeps its norms per `b`).
            options.ranking.b = [1.0, 0.75, 0.3][number % 3]
            // Every fourth query by BM25F, its title's b changing too.
            options.fieldScoring = number % 4 == 3 ? .bm25f : .sum
            options.titleB = number % 8 == 3 ? 0.5 : nil
            let expected = fingerprint(try memory.search(query, options: options))
            #expect(fingerprint(try one.search(query, options: options)) == expected, "query \(query)")
            #expect(fingerprint(try segmented.search(query, options: options)) == expected, "query \(query)")
        }
    }

    @Test(arguments: TestCollection.arcdSized)
    func prefixExpansionLimitCountsTermsAcrossSegments(collection: TestCollection) throws {
        let documents = try collection.documents()
        let memory = try InMemoryIndex(documents: documents)
        let many = try writeDiskIndex(documents, perSegment: 100)
        defer { try? FileManager.default.removeItem(atPath: many) }
        let disk = try DiskIndex(directory: many)
        var options = SearchOptions()
        options.prefixExpansionLimit = 5
        #expect(try memory.search("م*", options: options).notices
            == ["prefix م* matches more than 5 terms; only the first 5 were searched"])
        for query in ["ا*", "م*", "text:ال*", "title:ج*"] {
            let expected = try memory.search(query, options: options)
            #expect(fingerprint(try disk.search(query, options: options)) == fingerprint(expected))
        }
    }

    @Test func writerSessionsAppendSegmentsAndRejectDuplicates() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let directory = temporaryIndexPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let writer = try IndexWriter(directory: directory)
            try writer.add(contentsOf: Array(documents[0..<10]))
            try writer.commit()
        }
        let writer = try IndexWriter(directory: directory)
        #expect(throws: IndexStoreError.indexing(.duplicateID("p03"))) { try writer.add(documents[2]) }
        try writer.add(contentsOf: Array(documents[10...]))
        try writer.commit()
        writer.close()
        let disk = try DiskIndex(directory: directory)
        #expect(disk.segmentCount == 2)
        let memory = try InMemoryIndex(documents: documents)
        for query in ["الذكاء الاصطناعي", "ibm", "\"مفتوح المصدر\"", "تحالف*"] {
            #expect(fingerprint(try disk.search(query, options: Self.explainOptions))
                == fingerprint(try memory.search(query, options: Self.explainOptions)))
        }
    }

    @Test func uncommittedSegmentsAreInvisibleAndRemovedByTheNextWriter() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let directory = temporaryIndexPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let writer = try IndexWriter(directory: directory)
            try writer.add(contentsOf: Array(documents[0..<5]))
            try writer.commit()
        }
        do {
            // A crash after a segment was written, before the manifest: no commit.
            let writer = try IndexWriter(directory: directory, memoryLimit: 1)
            try writer.add(contentsOf: Array(documents[5...]))
            writer.close()
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.filter { $0.hasPrefix("s00000002.") }.count == 5)
        #expect(try DiskIndex(directory: directory).documentCount == 5)
        _ = FileManager.default.createFile(atPath: directory + "/MANIFEST.tmp", contents: Data("partial".utf8))
        let writer = try IndexWriter(directory: directory)
        writer.close()
        let after = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(after == ["LOCK", "MANIFEST"] + StoreFormat.Kind.segmentKinds.map { "s00000001.\($0.fileExtension)" }.sorted())
        #expect(IndexChecker.check(directory: directory).isEmpty)
    }

    @Test func readersKeepTheSnapshotTheyOpened() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let directory = try writeDiskIndex(Array(documents[0..<9]))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try DiskIndex(directory: directory)
        let writer = try IndexWriter(directory: directory)
        try writer.add(contentsOf: Array(documents[9...]))
        try writer.delete(id: "p01")
        try writer.commit()
        writer.close()
        let after = try DiskIndex(directory: directory)
        #expect(before.documentCount == 9)
        let oldIDs = try InMemoryIndex(documents: Array(documents[0..<9])).search("ibm").hits.map(\.id)
        let newIDs = try InMemoryIndex(documents: Array(documents[1...])).search("ibm").hits.map(\.id)
        #expect(oldIDs.contains("p01") && !newIDs.contains("p01") && oldIDs != newIDs)
        #expect(try before.search("ibm").hits.map(\.id) == oldIDs)
        #expect(after.documentCount == 17)
        #expect(try after.search("ibm").hits.map(\.id) == newIDs)
    }

    @Test func concurrentSearchesOfOneOpenIndexAgree() async throws {
        let directory = try writeDiskIndex(CorpusReader.paragraphs(try articleText()), perSegment: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try DiskIndex(directory: directory)
        let queries = ["الذكاء الاصطناعي", "ibm", "\"مفتوح المصدر\"", "تحالف*", "+جوجل -جيمناي", "title:أهداف"]
        var expected: [String] = []
        for query in queries { expected.append(fingerprint(try index.search(query))) }
        let found = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for round in 0..<24 {
                group.addTask {
                    let number = round % queries.count
                    return (number, fingerprint(try index.search(queries[number])))
                }
            }
            var all: [(Int, String)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(found.count == 24)
        for (number, result) in found { #expect(result == expected[number]) }
    }

    @Test func aSecondWriterIsLockedOut() throws {
        let directory = temporaryIndexPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try IndexWriter(directory: directory)
        #expect(throws: IndexStoreError.locked(directory: directory)) { try IndexWriter(directory: directory) }
        // Readers need no lock.
        try first.commit()
        #expect(try DiskIndex(directory: directory).documentCount == 0)
        first.close()
        let second = try IndexWriter(directory: directory)
        second.close()
        #expect(IndexStoreError.locked(directory: "idx").description
            == "index idx is locked by another writer (LOCK); try again when it has finished")
    }

    @Test func notAnIndex() throws {
        let missing = temporaryIndexPath()
        #expect(throws: IndexStoreError.missingIndex(directory: missing, detail: "no such directory")) {
            try DiskIndex(directory: missing)
        }
        let empty = temporaryIndexPath()
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: IndexStoreError.missingIndex(directory: empty, detail: "the directory is empty")) {
            try DiskIndex(directory: empty)
        }
        _ = FileManager.default.createFile(atPath: empty + "/notes.txt", contents: Data("x".utf8))
        #expect(throws: IndexStoreError.missingIndex(directory: empty, detail: "it has no MANIFEST file")) {
            try DiskIndex(directory: empty)
        }
        #expect(IndexStoreError.missingIndex(directory: "d", detail: "it has no MANIFEST file").description
            == "d is not an index: it has no MANIFEST file")
        // A writer refuses to put an index among other files.
        #expect(throws: IndexStoreError.self) { try IndexWriter(directory: empty) }
        #expect(IndexChecker.check(directory: empty) == [.missingIndex(directory: empty, detail: "it has no MANIFEST file")])
    }

    @Test func newerMajorVersionIsRefused() throws {
        let directory = try writeDiskIndex(CorpusReader.paragraphs(try articleText()))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s00000001.post"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[8] = 8
        let crc = CRC32C.checksum(Array(bytes[0..<28]))
        for index in 0..<4 { bytes[28 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexStoreError.newerFormat(directory: directory, file: "s00000001.post", major: 8)) {
            try DiskIndex(directory: directory)
        }
        #expect(IndexStoreError.newerFormat(directory: "d", file: "MANIFEST", major: 8).description
            == "index d needs a newer arabic-search: MANIFEST has format version 8, this program reads version 7")
    }

    /// Versions 1 to 6 had a 16-byte header (checksum at 12), recognized as older.
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt8])
    func olderMajorVersionIsRefused(_ major: UInt8) throws {
        let directory = try writeDiskIndex(CorpusReader.paragraphs(try articleText()))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s00000001.docs"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[8] = major
        let crc = CRC32C.checksum(Array(bytes[0..<12]))
        for index in 0..<4 { bytes[12 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexStoreError.olderFormat(directory: directory, file: "s00000001.docs", major: Int(major))) {
            try DiskIndex(directory: directory)
        }
        #expect(IndexStoreError.olderFormat(directory: "d", file: "MANIFEST", major: Int(major)).description
            == "index d was written by an older arabic-search: MANIFEST has format version \(major), this program reads version 7; build the index again")
    }

    @Test func analyzerMustMatch() throws {
        let directory = try writeDiskIndex(CorpusReader.paragraphs(try articleText()))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = AnalyzerOptions()
        options.stemming = []
        let other = ArabicAnalyzer(options: options)
        #expect(throws: IndexStoreError.analyzerMismatch(directory: directory, index: ArabicAnalyzer().fingerprint,
                                                         given: other.fingerprint)) {
            try DiskIndex(directory: directory, analyzer: other)
        }
        #expect(throws: IndexStoreError.self) { try IndexWriter(directory: directory, analyzer: other) }
        // The library's message names the settings, not command-line flags.
        let message = "\(IndexStoreError.analyzerMismatch(directory: directory, index: "a", given: "b"))"
        #expect(message == "index \(directory) was built with analyzer settings a, not b")
        // The same settings given explicitly are fine; so are none.
        #expect(try DiskIndex(directory: directory, analyzer: ArabicAnalyzer()).documentCount == 18)
        let unstemmed = try writeDiskIndex(CorpusReader.paragraphs(try articleText()), analyzer: other)
        defer { try? FileManager.default.removeItem(atPath: unstemmed) }
        let reopened = try DiskIndex(directory: unstemmed)
        #expect(reopened.analyzer.fingerprint == other.fingerprint)
        let memory = try InMemoryIndex(documents: CorpusReader.paragraphs(try articleText()), analyzer: other)
        #expect(fingerprint(try reopened.search("التحالف")) == fingerprint(try memory.search("التحالف")))
    }

    @Test(arguments: TestCollection.arcdSized)
    func checkerAcceptsASoundIndex(collection: TestCollection) throws {
        let directory = try writeDiskIndex(try collection.documents(), perSegment: 200)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(IndexChecker.check(directory: directory) == [])
        let stats = try IndexStatistics(directory: directory)
        #expect(stats.documentCount == 460)
        #expect(stats.segments.map(\.documents) == [200, 200, 60])
        #expect(stats.files.count == 1 + 3 * 5)
    }
}

@Suite("On-disk index: deletions")
struct DiskDeletionTests {
    static let queries = ["الذكاء الاصطناعي", "ibm", "\"مفتوح المصدر\"", "تحالف*", "+meta -ibm", "title:تحالف",
                          "\"ذكاء مصدر\"~3", "NOT ibm", "(NOT ibm) OR meta", "ا*", "منظمات OR جامعات"]

    static func options() -> SearchOptions {
        var options = SearchOptions()
        options.limit = 50
        options.explain = true
        options.prefixExpansionLimit = 20
        return options
    }

    @Test func deletedAndReplacedDocumentsRankAsIfNeverAdded() throws {
        var documents = CorpusReader.paragraphs(try articleText())
        let directory = try writeDiskIndex(documents, perSegment: 6)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try IndexWriter(directory: directory)
        #expect(try writer.delete(id: "p02"))
        #expect(try writer.delete(id: "p11"))
        #expect(try !writer.delete(id: "nope"))
        var replacement = documents[6]
        replacement.text = "نص جديد عن الذكاء الاصطناعي وشركة IBM"
        try writer.add(replacement, replacing: true)
        #expect(throws: IndexStoreError.uncommittedDocument(directory: directory, id: "p07")) { try writer.delete(id: "p07") }
        try writer.commit()
        writer.close()

        // The same documents, in the order the index now numbers them.
        documents.removeAll { ["p02", "p11", "p07"].contains($0.id) }
        documents.append(replacement)
        let memory = try InMemoryIndex(documents: documents)
        let disk = try DiskIndex(directory: directory)
        #expect(disk.documentCount == 16)
        for query in Self.queries {
            #expect(fingerprint(try disk.search(query, options: Self.options()))
                == fingerprint(try memory.search(query, options: Self.options())), "query \(query)")
            // BM25F reads each field's postings and norms past the deleted documents too.
            var bm25f = Self.options()
            bm25f.fieldScoring = .bm25f
            bm25f.titleB = 0.3
            #expect(fingerprint(try disk.search(query, options: bm25f)) == fingerprint(try memory.search(query, options: bm25f)),
                    "query \(query), bm25f")
        }
        #expect(IndexChecker.check(directory: directory) == [])
        #expect(try IndexStatistics(directory: directory).segments.map(\.deleted) == [1, 2, 0, 0])

        // Merging purges them, and ranks the same.
        let merger = try IndexWriter(directory: directory)
        #expect(try merger.merge() == (before: 4, after: 1))
        merger.close()
        let merged = try DiskIndex(directory: directory)
        #expect(merged.segmentCount == 1)
        for query in Self.queries {
            #expect(fingerprint(try merged.search(query, options: Self.options()))
                == fingerprint(try memory.search(query, options: Self.options())), "query \(query)")
        }
        #expect(IndexChecker.check(directory: directory) == [])
        // A deleted identifier can be added again.
        let again = try IndexWriter(directory: directory)
        try again.add(Document(id: "p02", text: "عاد"))
        try again.commit()
        #expect(try DiskIndex(directory: directory).documentCount == 17)
    }

    /// Stored documents span many compressed blocks, some documents larger than a block: each
    /// reads back exactly, one by one and block by block, and the checker accepts them.
    @Test func storedDocumentsRoundTripAcrossBlocks() throws {
        var generator = SplitMix64(state: 7)
        let words = ["الذكاء", "الاصطناعي", "تحالف", "شركة", "مفتوح", "المصدر", "ٱلرَّحْمَٰنِ", "IBM", "١٢٣", "😀",
                     "«مصدر»", "ﷲ", "café", "a\u{1}b", "\u{1}", "ڤيديو", "\u{0}"]
        let documents = (0..<300).map { number -> Document in
            // Mostly small, every 37th well over a block (16 KiB), one empty text.
            let count = number == 5 ? 0 : number % 37 == 0 ? 4000 + number : Int(generator.next() % 60) + 1
            let text = (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
            return Document(id: number % 4 == 1 ? "وثيقة-\(number)" : "d\(number)",
                            title: number % 3 == 0 ? "" : "عنوان \(number)", text: text)
        }
        let directory = try writeDiskIndex(documents, perSegment: 120)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try DiskIndex(directory: directory)
        #expect(index.segmentCount == 3)
        #expect(index.segments.allSatisfy { $0.stored.blockCount > 1 })
        for (number, document) in documents.enumerated() {
            #expect(try index.document(number: UInt32(number)) == document, "document \(number)")
            #expect(try index.identifier(number: UInt32(number)) == document.id, "document \(number)")
        }
        #expect(try index.segments.map { try $0.stored.identifier(of: 57) } == ["وثيقة-57", "وثيقة-177", "وثيقة-297"])
        #expect(try index.segments[1].stored.identifier(of: 119) == "d239")
        #expect(throws: IndexStoreError.self) { try index.segments[0].stored.identifier(of: 120) }
        #expect(throws: IndexStoreError.self) { try index.segments[0].stored.identifier(of: -1) }
        var read: [Document] = []
        for segment in index.segments {
            try segment.stored.forEachDocument { (_: Int, document: Document) throws(IndexStoreError) in read.append(document) }
        }
        #expect(read == documents)
        #expect(IndexChecker.check(directory: directory) == [])
    }

    /// Without stored text, hits are the same (ranks, identifiers, scores to the bit,
    /// explanations) with empty titles, texts and snippets, on disk and in memory.
    @Test(arguments: TestCollection.arcdSized)
    func searchesWithoutStoredTextKeepRanksIdentifiersAndScores(collection: TestCollection) throws {
        let documents = try collection.documents()
        let memory = try InMemoryIndex(documents: documents)
        let directory = try writeDiskIndex(documents, perSegment: 150)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        var queries = try collection.questions(limit: 400).enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
        queries += sampleQueries(documents, count: 40, seed: 3) + ["غيرموجود", "NOT ibm"]
        var withText = DiskIndexTests.explainOptions
        withText.limit = 20
        var without = withText
        without.loadsStoredText = false
        var compared = 0
        for query in queries {
            for search in [{ (options: SearchOptions) in try memory.search(query, options: options) },
                           { (options: SearchOptions) in try disk.search(query, options: options) }] {
                let full = try search(withText)
                let bare = try search(without)
                #expect(bare.hits.allSatisfy { $0.title.isEmpty && $0.text.isEmpty && $0.snippet == Snippet(text: "", highlights: []) })
                let stripped = full.hits.map { hit in
                    SearchHit(rank: hit.rank, id: hit.id, score: hit.score, title: "", text: "",
                              snippet: Snippet(text: "", highlights: []), explanation: hit.explanation)
                }
                let expected = SearchResults(query: full.query, parsed: full.parsed, totalHits: full.totalHits,
                                             totalHitsIsExact: full.totalHitsIsExact, hits: stripped, notices: full.notices)
                #expect(fingerprint(bare) == fingerprint(expected), "query \(query)")
                #expect(bare.hits.count == full.hits.count && bare.totalHitsIsExact == full.totalHitsIsExact)
                compared += full.hits.count
            }
        }
        #expect(compared > 1000)
    }
}

@Suite("On-disk index: prefix expansion")
struct DiskPrefixExpansionTests {
    /// Prefixes expand to the same terms, in the same order, with the same cap notice, on disk
    /// (terms merged from several segments, read in batches) as in memory, at every limit.
    @Test func expansionsMatchTheInMemoryIndexAtEveryLimit() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let directory = try writeDiskIndex(documents, perSegment: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let memory = try InMemoryIndex(documents: documents)
        let disk = try DiskIndex(directory: directory)
        #expect(disk.segmentCount > 2)
        for prefix in ["ا*", "ت*", "title:ا*", "ال*", "ibm*", "ظظظ*"] {
            for limit in [0, 1, 2, 3, 7, 20, 64, 1000] {
                var options = SearchOptions()
                options.limit = 20
                options.prefixExpansionLimit = limit
                #expect(fingerprint(try disk.search(prefix, options: options))
                    == fingerprint(try memory.search(prefix, options: options)), "\(prefix) limit \(limit)")
            }
        }
    }
}

@Suite("On-disk index: evaluation runs")
struct DiskEvaluationTests {
    /// Topics run against an index on disk (segments of 100, every seventh document deleted)
    /// give the run they give in memory over the same documents, scores to the bit, with the
    /// sum and with BM25F, on one thread and on four.
    @Test(arguments: TestCollection.arcdSized)
    func topicRunsOnDiskEqualRunsInMemory(collection: TestCollection) throws {
        let documents = try collection.documents()
        let directory = try writeDiskIndex(documents, perSegment: 100)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try deleteEverySeventh(of: documents, in: directory)
        let live = documents.enumerated().filter { $0.offset % 7 != 3 }.map(\.element)
        let memory = try InMemoryIndex(documents: live)
        let disk = try DiskIndex(directory: directory)
        let topics = Topics(try collection.questions(limit: 300).enumerated().map { Topic(id: "q\($0.offset)", text: $0.element) })
        let queries = try TopicSearch.queries(for: topics, analyzer: disk.analyzer)
        for scoring in FieldScoring.allCases {
            var options = SearchOptions()
            options.fieldScoring = scoring
            let expected = TopicSearch.run(queries, on: memory, options: options, depth: 50)
            #expect(!expected.trecText().isEmpty)
            for threads in [1, 4] {
                let actual = try TopicSearch.run(queries, on: disk, options: options, depth: 50, threads: threads)
                #expect(actual.trecText() == expected.trecText(), "\(scoring), \(threads) threads")
            }
        }
    }
}
