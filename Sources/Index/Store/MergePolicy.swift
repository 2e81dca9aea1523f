/// When an ``IndexWriter`` merges committed segments on its own, so that an index grown by
/// many small additions keeps few segments.
///
/// Every search visits every segment, so an index that gets a segment per `index add` (or per
/// commit of a server's writer) slows down as it grows. The policy sorts segments into size
/// levels by their live documents: level 0 holds segments of fewer than `smallestLevel`
/// documents, level 1 those of up to `segmentsPerMerge` times more, and so on. When the newest
/// segments include `segmentsPerMerge` of one level (with only smaller ones after them), they
/// and the smaller ones after them are merged into one. An index then keeps at most
/// `segmentsPerMerge − 1` segments a level, and each document is rewritten about once a level
/// (more often only while its segments are below `smallestLevel` documents).
///
/// Only neighbouring segments, newest last, are merged: documents keep their order, so
/// searches rank as before the merge.
///
/// ```swift
/// let writer = try IndexWriter(directory: "idx")
/// writer.mergePolicy = MergePolicy(segmentsPerMerge: 4)
/// ```
public struct MergePolicy: Sendable, Hashable {
    /// How many segments of one level are merged into one (at least 2).
    public var segmentsPerMerge: Int
    /// The number of live documents below which segments all count as one size, level 0.
    public var smallestLevel: Int

    /// A policy merging `segmentsPerMerge` segments of one level (values below 2 are taken as
    /// 2; a `smallestLevel` below 1 as 1).
    public init(segmentsPerMerge: Int = 10, smallestLevel: Int = 1_000) {
        self.segmentsPerMerge = max(2, segmentsPerMerge)
        self.smallestLevel = max(1, smallestLevel)
    }

    /// Whether the policy ever merges (no index holds `Int.max` segments).
    public var merges: Bool { segmentsPerMerge < Int.max }

    /// Ten segments of a level at a time; level 0 below 1,000 documents, level 1 below 10,000,
    /// and so on (the proportions of Lucene's log merge policy). The default of ``IndexWriter``.
    public static let logarithmic = MergePolicy()

    /// Never merges on its own: each flush and commit leaves its segments as they are, until
    /// ``IndexWriter/merge()``.
    public static let never = MergePolicy(segmentsPerMerge: Int.max, smallestLevel: 1)

    /// The size level of a segment of `liveDocuments` documents.
    public func level(ofSegmentWith liveDocuments: Int) -> Int {
        var level = 0
        var bound = (partialValue: smallestLevel, overflow: false)
        while !bound.overflow, liveDocuments >= bound.partialValue {
            level += 1
            bound = bound.partialValue.multipliedReportingOverflow(by: segmentsPerMerge)
        }
        return level
    }

    /// The neighbouring segments to merge next, given each committed segment's live documents,
    /// oldest first; `nil` when none are due.
    ///
    /// The merge taken is the one of the lowest level due: the newest segments of that level
    /// or below, when at least ``segmentsPerMerge`` of them are of that level.
    public func nextMerge(liveDocuments: [Int]) -> Range<Int>? {
        guard merges, liveDocuments.count >= segmentsPerMerge else { return nil }
        let levels = liveDocuments.map { level(ofSegmentWith: $0) }
        guard let highest = levels.max() else { return nil }
        for level in 0...highest {
            var start = levels.count
            var ofLevel = 0
            while start > 0, levels[start - 1] <= level {
                start -= 1
                if levels[start] == level { ofLevel += 1 }
            }
            if ofLevel >= segmentsPerMerge { return start..<levels.count }
        }
        return nil
    }
}
