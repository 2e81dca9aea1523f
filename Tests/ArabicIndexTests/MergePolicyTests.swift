import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// The writer's merge policy: which neighbouring segments it merges after a commit, and that
/// an index grown a document at a time keeps few segments and searches as one built at once.
@Suite("Merge policy")
struct MergePolicyTests {
    @Test func levelsGrowByTheMergeFactor() {
        let policy = MergePolicy.logarithmic
        #expect([0, 1, 999, 9_999, 10_000, 99_999, 100_000, 1_000_000].map { policy.level(ofSegmentWith: $0) }
            == [0, 0, 0, 1, 2, 2, 3, 4])
        // No overflow on the largest sizes.
        #expect(policy.level(ofSegmentWith: Int.max) == 16)
        #expect([0, 1, 2, 3, 8, 9].map { MergePolicy(segmentsPerMerge: 3, smallestLevel: 1).level(ofSegmentWith: $0) }
            == [0, 1, 1, 2, 2, 3])
        // Out-of-range settings are taken as the nearest that make sense.
        #expect(MergePolicy(segmentsPerMerge: 1, smallestLevel: 0) == MergePolicy(segmentsPerMerge: 2, smallestLevel: 1))
    }

    @Test func theNewestSegmentsOfTheLowestFullLevelAreMerged() {
        let policy = MergePolicy.logarithmic
        let small = 500, medium = 20_000, large = 300_000
        #expect(policy.nextMerge(liveDocuments: []) == nil)
        #expect(policy.nextMerge(liveDocuments: Array(repeating: small, count: 9)) == nil)
        #expect(policy.nextMerge(liveDocuments: Array(repeating: small, count: 10)) == 0..<10)
        #expect(policy.nextMerge(liveDocuments: [large] + Array(repeating: small, count: 10)) == 1..<11)
        // Nine of each level: nothing is due, however many segments there are.
        let nineEach = [large] + Array(repeating: medium, count: 9) + Array(repeating: small, count: 9)
        #expect(policy.nextMerge(liveDocuments: nineEach) == nil)
        // Ten of a level take the smaller ones after them along; the larger ones stay.
        #expect(policy.nextMerge(liveDocuments: [large] + Array(repeating: medium, count: 10) + [small, small]) == 1..<13)
        // A level's segments are counted only after the last larger segment.
        #expect(policy.nextMerge(liveDocuments: Array(repeating: small, count: 5) + [medium]
            + Array(repeating: small, count: 5)) == nil)
        #expect(MergePolicy.never.nextMerge(liveDocuments: Array(repeating: small, count: 100)) == nil)
    }

    /// A thousand additions of 100 documents each, as `index add` would make them: the
    /// segment count stays bounded, and each document is rewritten once a level.
    @Test func growingByAdditionsKeepsFewSegmentsAndRewritesLittle() {
        let policy = MergePolicy.logarithmic
        var segments: [Int] = []
        var rewritten = 0
        var most = 0
        for _ in 0..<1_000 {
            segments.append(100)
            while let range = policy.nextMerge(liveDocuments: segments) {
                let merged = segments[range].reduce(0, +)
                rewritten += merged
                segments.replaceSubrange(range, with: [merged])
            }
            most = max(most, segments.count)
        }
        #expect(segments == [100_000])
        // Nine segments of each level (100, 1,000 and 10,000 documents) before the last merge.
        #expect(most == 27)
        // 100,000 documents, each rewritten at 1,000, 10,000 and 100,000 documents.
        #expect(rewritten == 300_000)
    }

    /// Nine commits of one document each, merging three segments of a level: the segment count
    /// after each commit follows the policy, the old segments' files are gone, and the index
    /// searches as one built from the same documents.
    @Test func aWriterMergesAfterItsCommits() throws {
        let documents = (0..<9).map { Document(id: "d\($0)", text: "كلمة\($0 % 3) مشتركة نص رقم \($0)") }
        let directory = temporaryIndexPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try IndexWriter(directory: directory)
        writer.mergePolicy = MergePolicy(segmentsPerMerge: 3, smallestLevel: 1)
        var counts: [Int] = []
        for document in documents {
            try writer.add(document)
            try writer.commit()
            counts.append(try DiskIndex(directory: directory).segmentCount)
        }
        #expect(counts == [1, 2, 1, 2, 3, 2, 3, 4, 1])
        writer.close()
        #expect(IndexChecker.check(directory: directory) == [])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter(StoreFormat.isSegmentFileName)
        #expect(files.count == StoreFormat.Kind.segmentKinds.count)

        let disk = try DiskIndex(directory: directory)
        let memory = try InMemoryIndex(documents: documents)
        for query in ["مشتركة", "كلمة1", "كلمة2 OR رقم", "\"نص رقم\"", "كلم*"] {
            #expect(fingerprint(try disk.search(query)) == fingerprint(try memory.search(query)), "\(query)")
        }
    }

    /// `merge()` reports the segments there were before its commit, whose policy merges ten of
    /// the twelve already.
    @Test func mergeCountsTheSegmentsBeforeThePolicyMerges() throws {
        let directory = temporaryIndexPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try IndexWriter(directory: directory, memoryLimit: 1)
        for number in 0..<12 { try writer.add(Document(id: "d\(number)", text: "نص رقم \(number)")) }
        #expect(writer.segmentCount == 12)
        #expect(try writer.merge() == (before: 12, after: 1))
        writer.close()
        #expect(try DiskIndex(directory: directory).documentCount == 12)
    }

    /// Deleted documents do not count toward a segment's level, and a merge drops them.
    @Test func deletionsLowerASegmentsLevelAndMergesDropThem() throws {
        let documents = (0..<12).map { Document(id: "d\($0)", text: "نص مشترك رقم \($0)") }
        let directory = try writeDiskIndex(Array(documents.prefix(10)), perSegment: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try IndexWriter(directory: directory)
        writer.mergePolicy = MergePolicy(segmentsPerMerge: 3, smallestLevel: 2)
        // Two segments of 5 (level 1 of this policy: 6 or more is level 2); deleting 4 of the
        // second leaves it 1 live document (level 0).
        for id in ["d5", "d6", "d7", "d8"] { #expect(try writer.delete(id: id)) }
        try writer.commit()
        #expect(try DiskIndex(directory: directory).segmentCount == 2)
        try writer.add(documents[10])
        try writer.commit()
        #expect(try DiskIndex(directory: directory).segmentCount == 3)
        try writer.add(documents[11])
        try writer.commit()
        // Three of level 0 after the first segment: merged into one of 3 documents.
        let manifest = try Manifest.read(directory: directory)
        #expect(manifest.segments.map(\.documents) == [5, 3])
        #expect(manifest.segments.map { $0.deleted ?? [] } == [[], []])
        writer.close()
        let disk = try DiskIndex(directory: directory)
        var options = SearchOptions()
        options.limit = 20
        #expect(try disk.search("نص", options: options).hits.map(\.id).sorted()
            == ["d0", "d1", "d10", "d11", "d2", "d3", "d4", "d9"])
    }
}
