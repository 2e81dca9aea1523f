import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// `IndexWriter.merge()` merges segments by their postings, without analyzing text again: the
/// merged segment is, byte for byte, the one a build of the live documents writes.
@Suite("Merging segments by postings")
struct SegmentMergeTests {
    /// The generated combined-sized collection, with documents long enough to fill several
    /// stored blocks each and terms in more than 128 documents (postings of several blocks).
    static func documents() throws -> [Document] {
        var documents = try TestCollection.generatedCombined.documents()
        for index in stride(from: 5, to: documents.count, by: 97) {
            documents[index].text = String(repeating: documents[index].text + " ", count: 60)
        }
        return documents
    }

    /// The bytes of each file of the index's only segment, past its header (whose segment
    /// identity is random) and without its checksum footer (which covers the header), by extension.
    static func segmentFiles(in directory: String) throws -> [String: [UInt8]] {
        let manifest = try Manifest.read(directory: directory)
        try #require(manifest.segments.count == 1)
        var files: [String: [UInt8]] = [:]
        for kind in StoreFormat.Kind.segmentKinds {
            let path = (directory as NSString).appendingPathComponent(
                StoreFormat.fileName(segment: manifest.segments[0].name, kind: kind))
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            files[kind.fileExtension] = Array(bytes[StoreFormat.headerSize..<(bytes.count - StoreFormat.footerSize)])
        }
        return files
    }

    @Test func mergedSegmentIsTheOneABuildOfTheLiveDocumentsWrites() throws {
        let documents = try Self.documents()
        let directory = try writeDiskIndex(documents, perSegment: 400)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try deleteEverySeventh(of: documents, in: directory)
        #expect(try Manifest.read(directory: directory).segments.count == 4)

        let writer = try IndexWriter(directory: directory)
        #expect(try writer.merge() == (before: 4, after: 1))
        writer.close()
        #expect(IndexChecker.check(directory: directory) == [])

        let live = documents.enumerated().filter { $0.offset % 7 != 3 }.map(\.element)
        let built = try writeDiskIndex(live)
        defer { try? FileManager.default.removeItem(atPath: built) }
        let mergedFiles = try Self.segmentFiles(in: directory)
        let builtFiles = try Self.segmentFiles(in: built)
        #expect(mergedFiles.keys.sorted() == ["dict", "docs", "len", "pos", "post"])
        for (kind, bytes) in builtFiles.sorted(by: { $0.key < $1.key }) {
            #expect(mergedFiles[kind]?.count == bytes.count, "\(kind) size")
            // (Compared as a Boolean: a failure would print the whole files.)
            let same = mergedFiles[kind] == bytes
            #expect(same, "\(kind) bytes")
        }
        // The manifest's record too, but for the name and identity.
        var merged = try Manifest.read(directory: directory).segments[0]
        var fresh = try Manifest.read(directory: built).segments[0]
        #expect(merged.documents == live.count)
        (merged.name, merged.id, fresh.name, fresh.id) = ("", "", "", "")
        #expect(merged == fresh)
        // Terms with postings over several blocks are among them.
        let reader = try SegmentReader(directory: directory, record: try Manifest.read(directory: directory).segments[0], base: 0)
        var largest = 0
        try reader.dictionary.forEachTerm { _, entry in largest = max(largest, entry.frequencies.text) }
        #expect(largest > 3 * PostingBlock.size)
    }

    /// A segment whose every document is deleted, between two others: the merged documents
    /// are numbered past it (the stored dictionary samples them across the gap).
    @Test func aWhollyDeletedSegmentInTheMiddleIsSkipped() throws {
        let documents = Array(try Self.documents().prefix(900))
        let directory = try writeDiskIndex(documents, perSegment: 300)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let deleter = try IndexWriter(directory: directory)
        for document in documents[300..<600] { #expect(try deleter.delete(id: document.id)) }
        for document in documents[0..<300] where document.id.hasSuffix("7") { #expect(try deleter.delete(id: document.id)) }
        try deleter.commit()
        #expect(try deleter.merge() == (before: 3, after: 1))
        deleter.close()
        #expect(IndexChecker.check(directory: directory) == [])
        let live = documents.enumerated().filter { $0.offset >= 600 || ($0.offset < 300 && !$0.element.id.hasSuffix("7")) }
            .map(\.element)
        let built = try writeDiskIndex(live)
        defer { try? FileManager.default.removeItem(atPath: built) }
        let same = try Self.segmentFiles(in: directory) == Self.segmentFiles(in: built)
        #expect(same)
    }

    /// Merging needs no analysis: an index of a custom analyzer merges, and searches as a build
    /// of its live documents does.
    @Test func anIndexOfACustomAnalyzerMerges() throws {
        let documents = (0..<60).map { Document(id: "d\($0)", text: "word\($0 % 7) common the Word\($0 % 3)") }
        let analyzer = SpacedAnalyzer()
        let directory = try writeDiskIndex(documents, perSegment: 20, analyzer: analyzer)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try IndexWriter(directory: directory, analyzer: analyzer)
        for document in documents.enumerated() where document.offset % 7 == 3 { #expect(try writer.delete(id: document.element.id)) }
        #expect(try writer.merge() == (before: 3, after: 1))
        writer.close()
        let merged = try DiskIndex(directory: directory, analyzer: analyzer)
        let memory = try InMemoryIndex(documents: documents.enumerated().filter { $0.offset % 7 != 3 }.map(\.element),
                                       analyzer: analyzer)
        for query in ["word3", "common", "word1 OR word2", "\"common the\"", "wor*", "+common -word0"] {
            #expect(fingerprint(try merged.search(query)) == fingerprint(try memory.search(query)), "\(query)")
        }
    }

    @Test func mergingAnIndexWhoseEveryDocumentIsDeletedLeavesNoSegment() throws {
        let documents = Array(try Self.documents().prefix(30))
        let directory = try writeDiskIndex(documents, perSegment: 10)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let deleter = try IndexWriter(directory: directory)
        for document in documents { #expect(try deleter.delete(id: document.id)) }
        try deleter.commit()
        #expect(try deleter.merge() == (before: 3, after: 0))
        deleter.close()
        let index = try DiskIndex(directory: directory)
        #expect(index.documentCount == 0)
        #expect(try index.search(documents[0].title, options: SearchOptions()).totalHits == 0)
        #expect(IndexChecker.check(directory: directory) == [])
        let remaining = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(remaining == ["LOCK", "MANIFEST"])
    }

    /// A segment damaged where only a full read sees it (a stored block): the merge fails with
    /// the file named, and the index is left as it was, every segment still there.
    @Test func aDamagedSegmentStopsTheMergeAndLosesNothing() throws {
        let documents = Array(try Self.documents().prefix(60))
        let directory = try writeDiskIndex(documents, perSegment: 20)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try Manifest.read(directory: directory)
        let damaged = StoreFormat.fileName(segment: manifest.segments[1].name, kind: .stored)
        let path = (directory as NSString).appendingPathComponent(damaged)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // A byte in the middle of the first compressed block (past the dictionary).
        let dictionaryLength = Int(bytes[StoreFormat.headerSize]) | Int(bytes[StoreFormat.headerSize + 1]) << 8
        bytes[StoreFormat.headerSize + 8 + dictionaryLength + 24] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        let writer = try IndexWriter(directory: directory)
        do {
            try writer.merge()
            Issue.record("the merge succeeded over a damaged segment")
        } catch {
            #expect("\(error)".hasPrefix("index \(directory) is corrupt: \(damaged): checksum mismatch in stored block 0"), "\(error)")
        }
        writer.close()
        // Nothing of the segment the merge was writing is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == filesBefore)
        let after = try Manifest.read(directory: directory)
        #expect(after.segments.map(\.name) == manifest.segments.map(\.name))
        #expect(after.generation == manifest.generation)
        for segment in manifest.segments {
            for kind in StoreFormat.Kind.segmentKinds {
                let file = (directory as NSString).appendingPathComponent(StoreFormat.fileName(segment: segment.name, kind: kind))
                #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            }
        }
    }
}
