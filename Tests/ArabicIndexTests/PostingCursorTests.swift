import Foundation
import Testing
@testable import ArabicIndex

/// Cursors that read postings a block at a time stop where a search over the list decoded
/// whole stops, with the same frequencies and positions.
@Suite("Posting cursors")
struct PostingCursorTests {
    /// Walks `cursor` through increasing targets (each posting in turn when `spread` is 0,
    /// else gaps up to `spread`), checking it against `postings`; returns the postings visited.
    static func walk<Cursor: PostingCursor, Postings: PostingList>(
        _ cursor: inout Cursor, against postings: Postings, spread: UInt32, generator: inout SplitMix64,
        _ label: String
    ) throws -> Int {
        var expected = 0
        var visited = 0
        var target: UInt32 = 0
        while true {
            while expected < postings.count, postings.document(at: expected) < target { expected += 1 }
            try cursor.advance(to: target)
            guard expected < postings.count else {
                #expect(cursor.document == postingCursorEnd, "\(label): past the end at \(target)")
                return visited
            }
            #expect(cursor.document == postings.document(at: expected), "\(label): target \(target)")
            guard cursor.document == postings.document(at: expected) else { return visited }
            #expect(cursor.frequency == postings.frequency(at: expected), "\(label): frequency at \(target)")
            let positions = Array(try cursor.positions())
            #expect(positions[...] == (try postings.positions(at: expected)), "\(label): positions at \(target)")
            visited += 1
            // The cursor stays where it is for a target it has reached.
            try cursor.advance(to: target)
            #expect(cursor.document == postings.document(at: expected), "\(label): stays at \(target)")
            target = spread == 0 ? cursor.document + 1 : cursor.document + 1 + UInt32(generator.next() % UInt64(spread))
        }
    }

    /// Asks `cursor` for the bounds of the block reaching each of a run of increasing targets
    /// (gaps up to `spread`) before moving it there, and checks them against `postings`: the
    /// block ends at or after the posting the cursor then stands on, holds at most a block of
    /// postings from the target on, and bounds their frequencies and field lengths. Returns the
    /// number of targets asked.
    static func checkBlockBounds<Cursor: PostingCursor, Postings: PostingList>(
        _ cursor: inout Cursor, against postings: Postings, spread: UInt32, generator: inout SplitMix64,
        length: (UInt32) throws -> Int, _ label: String
    ) throws -> Int {
        var asked = 0
        var expected = 0
        var target = UInt32(generator.next() % UInt64(spread))
        while true {
            let bounds = try cursor.blockBounds(reaching: target)
            asked += 1
            while expected < postings.count, postings.document(at: expected) < target { expected += 1 }
            guard expected < postings.count else {
                #expect(bounds.lastDocument == postingCursorEnd, "\(label): no block after \(target)")
                try cursor.advance(to: target)
                #expect(cursor.document == postingCursorEnd, "\(label): past the end at \(target)")
                return asked
            }
            #expect(bounds.lastDocument >= postings.document(at: expected), "\(label): block ends before \(target)")
            var inBlock = 0
            var posting = expected
            while posting < postings.count, postings.document(at: posting) <= bounds.lastDocument {
                let document = postings.document(at: posting)
                #expect(postings.frequency(at: posting) <= bounds.maximumFrequency, "\(label): frequency at \(document)")
                #expect(try length(document) >= Int(bounds.minimumLength), "\(label): length at \(document)")
                inBlock += 1
                posting += 1
            }
            #expect(inBlock <= PostingBlock.size, "\(label): \(inBlock) postings in the block at \(target)")
            try cursor.advance(to: target)
            #expect(cursor.document == postings.document(at: expected), "\(label): target \(target)")
            guard cursor.document == postings.document(at: expected) else { return asked }
            #expect(cursor.frequency == postings.frequency(at: expected), "\(label): frequency at \(target)")
            target = cursor.document + 1 + UInt32(generator.next() % UInt64(spread))
        }
    }

    @Test(arguments: TestCollection.combinedSized, [(nil, false), (400, true)] as [(Int?, Bool)])
    func cursorsOnDiskStopWhereTheDecodedListDoes(collection: TestCollection, segmenting: (perSegment: Int?, deleting: Bool)) throws {
        let (perSegment, deleting) = segmenting
        let documents = try collection.documents()
        let directory = try writeDiskIndex(documents, perSegment: perSegment)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if deleting { try deleteEverySeventh(of: documents, in: directory) }
        let index = try DiskIndex(directory: directory)
        let arena = SearchArena()
        var generator = SplitMix64(state: 7)
        var terms: [DiskTerm] = []
        var previous: DiskTerm?
        while true {
            let batch = try index.terms(withPrefix: "", after: previous, limit: 1_000, arena: arena)
            guard let last = batch.last else { break }
            terms += batch
            previous = last
        }
        // Every term that fills blocks, and a sample of the rest.
        let chosen = terms.enumerated().filter { $0.offset % 97 == 0 || max($0.element.frequencies.title, $0.element.frequencies.text) > 128 }
        var longLists = 0
        var visited = 0
        var bounded = 0
        for (_, term) in chosen {
            for field in DocumentField.allCases where index.documentFrequency(of: term, in: field) > 0 {
                let postings = try index.postings(of: term, in: field)
                if postings.blockCount > 2 { longLists += 1 }
                for spread: UInt32 in [0, 40, 3_000] {
                    var cursor = try index.cursor(of: term, in: field, arena: arena)
                    visited += try Self.walk(&cursor, against: postings, spread: spread, generator: &generator,
                                             "\(index.text(of: term)) in \(field), spread \(spread)")
                }
                for spread: UInt32 in [1, 300, 20_000] {
                    var cursor = try index.cursor(of: term, in: field, arena: arena)
                    bounded += try Self.checkBlockBounds(&cursor, against: postings, spread: spread, generator: &generator,
                                                         length: { try index.length(of: $0, in: field) },
                                                         "\(index.text(of: term)) in \(field), bounds, spread \(spread)")
                }
            }
        }
        #expect(longLists > 5)
        #expect(visited > 5_000)
        #expect(bounded > 5_000)
    }

    /// Postings with more positions than a cursor first has room for, after and before ones
    /// with fewer: each read gives exactly that posting's positions.
    @Test func cursorsReadPostingsWithManyPositions() throws {
        let counts = [3, 70, 5, 300, 2, 1_000, 64, 65]
        let documents = counts.enumerated().map { number, count in
            Document(id: "d\(number)", text: (0..<count).map { $0 % 2 == 0 ? "كتاب" : "قلم مدرسة" }.joined(separator: " "))
        }
        let directory = try writeDiskIndex(documents)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try DiskIndex(directory: directory)
        let arena = SearchArena()
        let term = try #require(try index.term("قلم", arena: arena))
        let postings = try index.postings(of: term, in: .text)
        #expect(postings.count == counts.count)
        var cursor = try index.cursor(of: term, in: .text, arena: arena)
        var generator = SplitMix64(state: 3)
        let visited = try Self.walk(&cursor, against: postings, spread: 0, generator: &generator, "قلم")
        #expect(visited == counts.count)
        #expect((0..<postings.count).map { postings.frequency(at: $0) } == counts.map { UInt32($0 / 2) })
    }

    @Test(arguments: TestCollection.combinedSized)
    func cursorsInMemoryStopWhereTheListDoes(collection: TestCollection) throws {
        let documents = try collection.documents()
        let index = try InMemoryIndex(documents: Array(documents.prefix(300)))
        let arena = SearchArena()
        var generator = SplitMix64(state: 11)
        var visited = 0
        var bounded = 0
        for term in stride(from: 0, to: index.dictionary.count, by: 13) {
            for field in DocumentField.allCases {
                let postings = index.postings(of: term, in: field)
                guard postings.count > 0 else { continue }
                for spread: UInt32 in [0, 25] {
                    var cursor = index.cursor(of: term, in: field, arena: arena)
                    visited += try Self.walk(&cursor, against: postings, spread: spread, generator: &generator,
                                             "\(index.text(of: term)) in \(field)")
                }
                var cursor = index.cursor(of: term, in: field, arena: arena)
                bounded += try Self.checkBlockBounds(&cursor, against: postings, spread: 60, generator: &generator,
                                                     length: { index.length(of: $0, in: field) },
                                                     "\(index.text(of: term)) in \(field), bounds")
            }
        }
        #expect(visited > 1_000)
        #expect(bounded > 1_000)
    }
}
