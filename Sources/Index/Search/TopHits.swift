/// A document and its score: one hit of a search before its stored fields are read.
struct ScoredHit: Hashable {
    let document: UInt32
    let score: Double
}

/// The best documents of a search, best first, and how many documents matched the query.
struct TopDocuments {
    var hits: [ScoredHit]
    /// The number of matching documents: exact, or (when `totalHitsIsExact` is false) a lower
    /// bound, once pruning skipped documents past ``SearchOptions/totalHitsThreshold``.
    var totalHits: Int
    var totalHitsIsExact: Bool
}

/// Picks the best-scored documents: higher score first, and among equal scores the document
/// added first.
enum TopHits {
    /// The best `limit` documents of `candidates`, best first.
    static func best(_ candidates: ScoredDocuments, limit: Int) -> [ScoredHit] {
        guard limit > 0, candidates.count > 0 else { return [] }
        var heap: [ScoredHit] = []
        if candidates.count <= limit {
            heap = zip(candidates.documents, candidates.scores).map { ScoredHit(document: $0, score: $1) }
            return heap.sorted(by: isBetter)
        }
        // A heap of the best so far, the worst of them at the root.
        heap.reserveCapacity(limit)
        for index in 0..<limit {
            heap.append(ScoredHit(document: candidates.documents[index], score: candidates.scores[index]))
            siftUp(&heap, heap.count - 1)
        }
        var worst = heap[0].score
        candidates.documents.withUnsafeBufferPointer { documents in
            candidates.scores.withUnsafeBufferPointer { scores in
                for index in limit..<min(documents.count, scores.count) {
                    // Most candidates score below the worst kept: no need to look further.
                    guard scores[index] >= worst else { continue }
                    let candidate = ScoredHit(document: documents[index], score: scores[index])
                    guard isBetter(candidate, heap[0]) else { continue }
                    heap[0] = candidate
                    siftDown(&heap, 0)
                    worst = heap[0].score
                }
            }
        }
        return heap.sorted(by: isBetter)
    }

    /// Keeps the best `limit` documents offered, in any order of offering.
    struct Collector {
        let limit: Int
        /// The best so far, the worst of them at the root.
        private var heap: [ScoredHit] = []

        init(limit: Int) {
            self.limit = max(0, limit)
            heap.reserveCapacity(min(self.limit, 4096))
        }

        /// The score a document must beat to be kept, once `limit` documents are held.
        var worstScore: Double? { heap.count == limit && limit > 0 ? heap[0].score : nil }

        mutating func offer(document: UInt32, score: Double) {
            let candidate = ScoredHit(document: document, score: score)
            if heap.count < limit {
                heap.append(candidate)
                TopHits.siftUp(&heap, heap.count - 1)
            } else if limit > 0, TopHits.isBetter(candidate, heap[0]) {
                heap[0] = candidate
                TopHits.siftDown(&heap, 0)
            }
        }

        /// The documents kept, best first (sorted where they are: nothing may be offered after).
        mutating func sortedHits() -> [ScoredHit] {
            // The heap's worst goes last, then the worst of the rest before it, and so on.
            heap.withUnsafeMutableBufferPointer { hits in
                var end = hits.count
                while end > 1 {
                    end -= 1
                    hits.swapAt(0, end)
                    TopHits.siftDown(hits, 0, count: end, by: TopHits.isBetter)
                }
            }
            return heap
        }
    }

    /// Whether `a` ranks above `b`.
    static func isBetter(_ a: ScoredHit, _ b: ScoredHit) -> Bool {
        if a.score != b.score { return a.score > b.score }
        return a.document < b.document
    }

    fileprivate static func siftUp(_ heap: inout [ScoredHit], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isBetter(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    fileprivate static func siftDown(_ heap: inout [ScoredHit], _ start: Int) {
        heap.withUnsafeMutableBufferPointer { siftDown($0, start, count: $0.count, by: isBetter) }
    }

    /// Moves `values[start]` down the heap `values[0..<count]` (each parent ranked below its
    /// children by `ranksAbove`: the lowest at the root) to where it belongs.
    static func siftDown<Value>(_ values: UnsafeMutableBufferPointer<Value>, _ start: Int, count: Int,
                                by ranksAbove: (Value, Value) -> Bool)
    {
        var parent = start
        while true {
            var lowest = parent
            let left = 2 * parent + 1
            if left < count, ranksAbove(values[lowest], values[left]) { lowest = left }
            if left + 1 < count, ranksAbove(values[lowest], values[left + 1]) { lowest = left + 1 }
            guard lowest != parent else { return }
            values.swapAt(parent, lowest)
            parent = lowest
        }
    }

    /// Sorts `values` in place with `ranksAbove` first (heapsort: no memory beyond the values;
    /// not stable, so for orders without ties).
    static func sort<Value>(_ values: UnsafeMutableBufferPointer<Value>, by ranksAbove: (Value, Value) -> Bool) {
        let count = values.count
        guard count > 1 else { return }
        // A heap with the lowest-ranked at the root, which then goes last, again and again.
        var start = count / 2
        while start > 0 {
            start -= 1
            siftDown(values, start, count: count, by: ranksAbove)
        }
        var end = count
        while end > 1 {
            end -= 1
            values.swapAt(0, end)
            siftDown(values, 0, count: end, by: ranksAbove)
        }
    }
}
