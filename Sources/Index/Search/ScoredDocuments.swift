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
        for index in result.scores.indices { result.scores[index] = 0.0 + result.scores[index] }
        guard level.count > 1 else { return result }
        if level.count <= 4 {
            for list in level.dropFirst() { result = result.merged(with: list) }
            return result
        }
        // Many lists (a prefix's expansions): add them up in a dense accumulator.
        let limit = Int(level.map { $0.documents[$0.count - 1] }.max() ?? 0) + 1
        var sums = [Double](repeating: 0, count: limit)
        var matched = [Bool](repeating: false, count: limit)
        var total = 0
        for list in level {
            for (document, score) in zip(list.documents, list.scores) {
                let slot = Int(document)
                if !matched[slot] {
                    matched[slot] = true
                    total += 1
                }
                sums[slot] += score
            }
        }
        result = ScoredDocuments()
        result.documents.reserveCapacity(total)
        result.scores.reserveCapacity(total)
        for slot in 0..<limit where matched[slot] { result.append(UInt32(slot), sums[slot]) }
        return result
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

    /// The documents in either list, scores added.
    func merged(with other: ScoredDocuments) -> ScoredDocuments {
        var result = ScoredDocuments()
        result.documents.reserveCapacity(count + other.count)
        result.scores.reserveCapacity(count + other.count)
        var left = 0
        var right = 0
        while left < count, right < other.count {
            let a = documents[left]
            let b = other.documents[right]
            if a < b {
                result.append(a, scores[left])
                left += 1
            } else if b < a {
                result.append(b, other.scores[right])
                right += 1
            } else {
                result.append(a, scores[left] + other.scores[right])
                left += 1
                right += 1
            }
        }
        while left < count {
            result.append(documents[left], scores[left])
            left += 1
        }
        while right < other.count {
            result.append(other.documents[right], other.scores[right])
            right += 1
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
