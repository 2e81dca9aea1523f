/// A set of matching documents with a score each, in increasing document order: what every
/// node of a query tree evaluates to.
///
/// The set operations combine two such lists in one pass over each, adding scores.
struct ScoredDocuments {
    var documents: [UInt32] = []
    var scores: [Double] = []

    var count: Int { documents.count }

    mutating func append(_ document: UInt32, _ score: Double) {
        documents.append(document)
        scores.append(score)
    }

    /// The documents in any of `lists`, each scored with the sum of its scores in them, added
    /// in list order starting from 0 (`((0 + s₁) + s₂) + …` over the lists that hold the
    /// document): the order the pruned evaluation adds them in too, so both give the same bits.
    static func union(_ lists: [ScoredDocuments]) -> ScoredDocuments {
        let level = lists.filter { $0.count > 0 }
        guard var result = level.first else { return ScoredDocuments() }
        guard level.count > 1 else {
            for index in result.scores.indices { result.scores[index] = 0.0 + result.scores[index] }
            return result
        }
        // Short lists (a phrase in two fields, say) are merged: cheaper than clearing a window.
        if level.reduce(0, { $0 + $1.count }) * level.count <= 2 * unionWindow { return mergedUnion(level) }
        return windowedUnion(level.map { [$0] })
    }

    /// ``union(_:)`` of non-empty lists by merging them: at each step the least document
    /// among the lists' next ones, scored with its scores added in list order from 0.
    private static func mergedUnion(_ lists: [ScoredDocuments]) -> ScoredDocuments {
        var result = ScoredDocuments()
        let total = lists.reduce(0) { $0 + $1.count }
        result.documents.reserveCapacity(total)
        result.scores.reserveCapacity(total)
        var cursors = [Int](repeating: 0, count: lists.count)
        while true {
            var least = UInt32.max
            var any = false
            for (list, cursor) in zip(lists, cursors) where cursor < list.count {
                least = min(least, list.documents[cursor])
                any = true
            }
            guard any else { return result }
            var sum = 0.0
            for index in lists.indices where cursors[index] < lists[index].count
                && lists[index].documents[cursors[index]] == least
            {
                sum += lists[index].scores[cursors[index]]
                cursors[index] += 1
            }
            result.append(least, sum)
        }
    }

    /// The ``union(_:)`` of the unions of each clause's lists, in one pass: each document is
    /// scored with the sum, over the clauses that hold it in order from 0, of its clause sum
    /// (its scores in that clause's lists in order from 0), which is what the two levels of
    /// unions give, to the bit.
    static func unionOfUnions(_ clauses: [[ScoredDocuments]]) -> ScoredDocuments {
        let level = clauses.map { $0.filter { $0.count > 0 } }.filter { !$0.isEmpty }
        if level.count == 1 { return union(level[0]) }
        return level.isEmpty ? ScoredDocuments() : windowedUnion(level)
    }

    /// The documents of a window: a run of this many consecutive document numbers is summed in
    /// small dense accumulators (cache-resident) before it is emitted in order.
    static let unionWindow = 4096

    /// ``unionOfUnions(_:)`` of non-empty lists: in each window of document numbers, each
    /// clause's lists are added up list by list in a dense array, and the clause sums are added
    /// clause by clause into another; the documents seen are then emitted in increasing order.
    private static func windowedUnion(_ clauses: [[ScoredDocuments]]) -> ScoredDocuments {
        let window = unionWindow
        let words = window / 64
        var upperBound = 0
        var total = 0
        var first = Int.max
        for list in clauses.joined() {
            upperBound = max(upperBound, Int(list.documents[list.count - 1]) + 1)
            first = min(first, Int(list.documents[0]))
            total += list.count
        }
        let capacity = min(total, upperBound)
        var cursors = clauses.map { [Int](repeating: 0, count: $0.count) }
        // The clause sums, then the totals; the documents seen by a clause, then by any.
        var sums = [Double](repeating: 0, count: 2 * window)
        var seen = [UInt64](repeating: 0, count: 2 * words)
        var emitted = 0
        var documentsOut: [UInt32] = []
        let scoresOut = [Double](unsafeUninitializedCapacity: capacity) { scoresBuffer, scoresCount in
            documentsOut = [UInt32](unsafeUninitializedCapacity: capacity) { documentsBuffer, documentsCount in
                sums.withUnsafeMutableBufferPointer { sums in
                    seen.withUnsafeMutableBufferPointer { seen in
                        var start = first - first % window
                        while start < upperBound {
                            let end = UInt32(min(upperBound, start + window))
                            var next = upperBound
                            for clause in clauses.indices {
                                for number in clauses[clause].indices {
                                    var cursor = cursors[clause][number]
                                    clauses[clause][number].documents.withUnsafeBufferPointer { documents in
                                        clauses[clause][number].scores.withUnsafeBufferPointer { scores in
                                            let count = documents.count
                                            while cursor < count {
                                                let document = documents[cursor]
                                                guard document < end else { break }
                                                let slot = Int(document) - start
                                                sums[slot] += scores[cursor]
                                                seen[slot >> 6] |= 1 << UInt64(slot & 63)
                                                cursor += 1
                                            }
                                            if cursor < count { next = min(next, Int(documents[cursor])) }
                                        }
                                    }
                                    cursors[clause][number] = cursor
                                }
                                for word in 0..<words where seen[word] != 0 {
                                    var bits = seen[word]
                                    seen[words + word] |= bits
                                    seen[word] = 0
                                    while bits != 0 {
                                        let slot = word << 6 | bits.trailingZeroBitCount
                                        bits &= bits - 1
                                        sums[window + slot] += sums[slot]
                                        sums[slot] = 0
                                    }
                                }
                            }
                            for word in 0..<words where seen[words + word] != 0 {
                                var bits = seen[words + word]
                                seen[words + word] = 0
                                while bits != 0 {
                                    let slot = word << 6 | bits.trailingZeroBitCount
                                    bits &= bits - 1
                                    documentsBuffer[emitted] = UInt32(start + slot)
                                    scoresBuffer[emitted] = sums[window + slot]
                                    emitted += 1
                                    sums[window + slot] = 0
                                }
                            }
                            // Skip windows no list has documents in.
                            start = max(start + window, next - next % window)
                        }
                    }
                }
                documentsCount = emitted
            }
            scoresCount = emitted
        }
        return ScoredDocuments(documents: documentsOut, scores: scoresOut)
    }

    /// The documents in all of `lists`, each scored with the sum of its scores in them, added in
    /// list order starting from 0.
    static func intersection(_ lists: [ScoredDocuments]) -> ScoredDocuments {
        guard let shortest = lists.indices.min(by: { lists[$0].count < lists[$1].count }) else {
            return ScoredDocuments()
        }
        var result = ScoredDocuments()
        var cursors = [Int](repeating: 0, count: lists.count)
        var found = [Int](repeating: 0, count: lists.count)
        candidates: for document in lists[shortest].documents {
            for (number, list) in lists.enumerated() {
                guard let position = list.position(of: document, from: cursors[number]) else { break candidates }
                cursors[number] = position.next
                guard let match = position.match else { continue candidates }
                found[number] = match
            }
            var sum = 0.0
            for (number, list) in lists.enumerated() { sum += list.scores[found[number]] }
            result.append(document, sum)
        }
        return result
    }

    /// These documents, with the scores of those that are also in `other` added.
    func adding(_ other: ScoredDocuments) -> ScoredDocuments {
        var result = self
        var cursor = 0
        for index in 0..<count {
            guard let found = other.position(of: documents[index], from: cursor) else { break }
            cursor = found.next
            if let match = found.match { result.scores[index] += other.scores[match] }
        }
        return result
    }

    /// These documents without those in `other`.
    func subtracting(_ other: ScoredDocuments) -> ScoredDocuments {
        guard other.count > 0 else { return self }
        var result = ScoredDocuments()
        var cursor = 0
        for index in 0..<count {
            if let found = other.position(of: documents[index], from: cursor) {
                cursor = found.next
                if found.match != nil { continue }
            } else {
                cursor = other.count
            }
            result.append(documents[index], scores[index])
        }
        return result
    }

    /// Every document number below `documentCount` that is not in `excluded`, scored 0.
    static func complement(of excluded: ScoredDocuments, documentCount: Int) -> ScoredDocuments {
        var result = ScoredDocuments()
        var cursor = 0
        for number in 0..<documentCount {
            let document = UInt32(number)
            while cursor < excluded.count, excluded.documents[cursor] < document { cursor += 1 }
            if cursor < excluded.count, excluded.documents[cursor] == document { continue }
            result.append(document, 0)
        }
        return result
    }

    /// Galloping search for `document` from index `start`: the index where it is (if present)
    /// and the index to resume the next (larger) search from; `nil` when every remaining
    /// document is smaller.
    private func position(of document: UInt32, from start: Int) -> (match: Int?, next: Int)? {
        guard start < count else { return nil }
        if documents[start] >= document {
            return (documents[start] == document ? start : nil, start)
        }
        // documents[low] < document; find high with documents[high] >= document.
        var low = start
        var step = 1
        var high = start + step
        while high < count, documents[high] < document {
            low = high
            step *= 2
            high = low + step
        }
        if high >= count {
            high = count
            guard documents[count - 1] >= document else { return nil }
        }
        // Binary search in (low, high].
        var lower = low + 1
        var upper = high
        while lower < upper {
            let middle = lower + (upper - lower) / 2
            if documents[middle] < document { lower = middle + 1 } else { upper = middle }
        }
        return (lower < count && documents[lower] == document ? lower : nil, lower)
    }
}
