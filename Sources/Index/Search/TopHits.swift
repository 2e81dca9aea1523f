/// Picks the best-scored documents: higher score first, and among equal scores the document
/// added first.
enum TopHits {
    /// The best `limit` documents of `candidates`, best first.
    static func best(_ candidates: ScoredDocuments, limit: Int) -> [(document: UInt32, score: Double)] {
        guard limit > 0, candidates.count > 0 else { return [] }
        var heap: [(document: UInt32, score: Double)] = []
        if candidates.count <= limit {
            heap = zip(candidates.documents, candidates.scores).map { ($0, $1) }
            return heap.sorted(by: isBetter)
        }
        // A heap of the best so far, the worst of them at the root.
        heap.reserveCapacity(limit)
        for index in 0..<candidates.count {
            let candidate = (document: candidates.documents[index], score: candidates.scores[index])
            if heap.count < limit {
                heap.append(candidate)
                siftUp(&heap, heap.count - 1)
            } else if isBetter(candidate, heap[0]) {
                heap[0] = candidate
                siftDown(&heap, 0)
            }
        }
        return heap.sorted(by: isBetter)
    }

    /// Whether `a` ranks above `b`.
    static func isBetter(_ a: (document: UInt32, score: Double), _ b: (document: UInt32, score: Double)) -> Bool {
        if a.score != b.score { return a.score > b.score }
        return a.document < b.document
    }

    private static func siftUp(_ heap: inout [(document: UInt32, score: Double)], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isBetter(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [(document: UInt32, score: Double)], _ start: Int) {
        var parent = start
        while true {
            var worst = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count {
                if isBetter(heap[worst], heap[child]) { worst = child }
            }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
