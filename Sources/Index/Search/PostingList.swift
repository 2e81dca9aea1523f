/// The number of postings in a block: the unit in which posting lists are skipped and bounded
/// (each block's largest frequency and smallest length) for block-max pruning, in memory and on
/// disk alike.
enum PostingBlock {
    static let size = 128
}

/// The postings of one term in one field, in increasing document order.
protocol PostingList {
    associatedtype Failure: Error
    var count: Int { get }
    func document(at index: Int) -> UInt32
    func frequency(at index: Int) -> UInt32
    /// The positions of posting `index`, increasing.
    func positions(at index: Int) throws(Failure) -> ArraySlice<UInt32>
    /// Appends the positions of posting `index` (increasing) to `buffer`: what
    /// ``positions(at:)`` returns, into storage the caller reuses from one posting to the next.
    func appendPositions(at index: Int, to buffer: inout [UInt32]) throws(Failure)

    /// Every posting's document (`documentSlice[documentSlice.startIndex + i]` is
    /// `document(at: i)`), for cursors that walk the list without a call per posting.
    var documentSlice: ArraySlice<UInt32> { get }
    /// Every posting's frequency, indexed like ``documentSlice``.
    var frequencySlice: ArraySlice<UInt32> { get }

    /// The number of blocks: consecutive runs of postings, each summarized by bounds on what
    /// its postings can score, so a search can pass over blocks that cannot reach the top hits.
    var blockCount: Int { get }
    /// The index one past the last posting of `block` (non-decreasing; the last is `count`).
    func blockEnd(_ block: Int) -> Int
    /// At least the largest frequency among the postings of `block`.
    func blockMaximumFrequency(_ block: Int) -> UInt32
    /// At most the smallest field length among the documents of `block`.
    func blockMinimumLength(_ block: Int) -> UInt32
}

extension PostingList {
    func appendPositions(at index: Int, to buffer: inout [UInt32]) throws(Failure) {
        buffer.append(contentsOf: try positions(at: index))
    }

    /// The posting of `document` among postings `range` (binary search), or `nil`.
    func posting(of document: UInt32, in range: Range<Int>) -> Int? {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if self.document(at: middle) < document { low = middle + 1 } else { high = middle }
        }
        guard low < range.upperBound, self.document(at: low) == document else { return nil }
        return low
    }

    /// The posting of `document`, or `nil`.
    func posting(of document: UInt32) -> Int? { posting(of: document, in: 0..<count) }
}

extension ArraySlice<UInt32> {
    /// The offset (from `startIndex`) of `document` in these increasing documents at or after
    /// offset `start`, or `nil`; `start` moves to the offset of the first document not below
    /// `document`. Gallops from `start`, so a walk over increasing documents costs little per
    /// step when they are close.
    func offset(of document: UInt32, from start: inout Int) -> Int? {
        withUnsafeBufferPointer { documents in
            let end = documents.count
            var low = start
            var high = low
            var step = 1
            // Gallop to a window [low, high] whose last document is at least `document`.
            while high < end, documents[high] < document {
                low = high + 1
                high += step
                step &*= 2
            }
            high = Swift.min(high + 1, end)
            // The first of [low, high) at least `document` (or `high`), without branches to
            // mispredict: halve the window, keeping its lower edge where the document is above.
            var count = high - low
            while count > 1 {
                let half = count / 2
                low = documents[low + half - 1] < document ? low + half : low
                count -= half
            }
            if count == 1, documents[low] < document { low += 1 }
            start = low
            guard low < end, documents[low] == document else { return nil }
            return low
        }
    }
}
