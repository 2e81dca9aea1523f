extension PrunedSearch {
    /// The most document numbers a window of ``scoreDisjunction(_:limit:totalHitsThreshold:)``
    /// spans.
    static var windowSpan: Int { 512 }

    /// Block-max MaxScore for a disjunction of the flat shape with at most 64 leaves, a window
    /// of documents at a time. Until the hits have a threshold, every leaf is scored. Then each
    /// window is one over which every leaf's postings lie in one block: the leaves whose block
    /// bounds add up to no more than the threshold (the non-essential ones) are passed over,
    /// and a window where all of them are is skipped. The essential leaves' postings in the
    /// window are scored a leaf at a time into the window's slots; each document met is then
    /// checked against the non-essential leaves, largest bound first, until its bound falls to
    /// the threshold, and the survivors are scored exactly (group by group, leaf by leaf, as
    /// exhaustive evaluation adds them).
    func scoreDisjunction(_ shape: FlatShape, limit: Int, totalHitsThreshold: Int) throws(Failure)
        -> TopDocuments
    {
        let leafCount = storage.leafCount
        let span = Self.windowSpan
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        var exact = true
        var threshold = -Double.infinity
        // Each leaf's contribution at each slot (row `leaf`), valid where the slot's mask has
        // the leaf's bit; the sum of each slot's essential contributions; the documents seen.
        // Read only where a slot's mask has the leaf's bit, so written first: not cleared.
        let contributions = arena.uninitialized(leafCount * span, of: Double.self)
        let partials = arena.filled(span, with: 0.0)
        let masks = arena.filled(span, with: UInt64(0))
        let seen = arena.filled(span / 64, with: UInt64(0))
        let bounds = arena.filled(leafCount, with: 0.0)
        let order = arena.filled(leafCount, with: 0)
        for leaf in 0..<leafCount { order[leaf] = leaf }
        let rest = arena.filled(leafCount + 1, with: 0.0)
        // A BM25F leaf's pseudo-frequencies at each slot, and the slots it has postings at.
        let pseudoFrequencies = arena.filled(span, with: 0.0)
        let fieldsSeen = arena.filled(span / 64, with: UInt64(0))

        var windowStart: UInt32 = 0
        while true {
            var essential = 0
            var windowEnd: UInt32
            if threshold == -Double.infinity {
                // Every leaf is scored: the window starts at the next posting of any leaf.
                var next = postingCursorEnd
                for leaf in 0..<leafCount { next = Swift.min(next, try advance(leaf, to: windowStart)) }
                if next == postingCursorEnd { break }
                windowStart = next
                windowEnd = windowStart >= postingCursorEnd - UInt32(span) ? postingCursorEnd - 1 : windowStart + UInt32(span - 1)
            } else {
                let (end, _) = try blockWindow(from: windowStart, bounds: bounds)
                if end == .max { break }  // every leaf is exhausted
                windowEnd = windowStart >= postingCursorEnd - UInt32(span) ? end : Swift.min(end, windowStart + UInt32(span - 1))
                // Leaves by increasing bound (insertion sort: a handful of leaves, mostly in order).
                for next in 1..<Swift.max(1, leafCount) {
                    let leaf = order[next]
                    var at = next
                    while at > 0, bounds[order[at - 1]] > bounds[leaf] {
                        order[at] = order[at - 1]
                        at -= 1
                    }
                    order[at] = leaf
                }
                var nonEssential = 0.0
                while essential < leafCount, nonEssential + bounds[order[essential]] <= threshold {
                    nonEssential += bounds[order[essential]]
                    essential += 1
                }
                if essential > 0 { exact = false }
                // What the non-essential leaves can still add, from each check on (largest first).
                rest[essential] = 0
                for index in 0..<essential { rest[essential - 1 - index] = rest[essential - index] + bounds[order[index]] }
            }
            // The essential leaves' postings in the window, a leaf at a time.
            for index in essential..<leafCount {
                let leaf = order[index]
                let bit: UInt64 = 1 << UInt64(leaf)
                let row = contributions + leaf * span
                // Puts the leaf's contribution `value` in slot `slot`.
                @inline(__always) func record(_ value: Double, at slot: Int) {
                    row[slot] = value
                    partials[slot] += value
                    masks[slot] |= bit
                    seen[slot >> 6] |= 1 << UInt64(slot & 63)
                }
                if storage.kinds[leaf] == .overFields {
                    try scoreWindow(ofFieldsLeaf: leaf, from: windowStart, to: windowEnd,
                                    pseudoFrequencies: pseudoFrequencies, seen: fieldsSeen, record: record)
                    continue
                }
                var document = try advance(leaf, to: windowStart)
                let term = storage.kinds[leaf] == .term ? storage.slots[leaf] : -1
                while document <= windowEnd {
                    if term >= 0, let run = storage.cursors[term].postingsInBlock {
                        // A run of the block read now, scored in place (as `contribution(of:at:)` does).
                        let weight = storage.scorers[term].weight
                        let bm25 = storage.scorers[term].bm25
                        let norms = storage.scorers[term].norms
                        var taken = 0
                        while taken < run.count {
                            let found = run.documents[taken]
                            guard found <= windowEnd, Int(found) < norms.count else { break }
                            record(weight * bm25.tf(frequency: Int(run.frequencies[taken]), norm: norms[Int(found)]),
                                   at: Int(found &- windowStart))
                            taken += 1
                        }
                        if taken > 0 {
                            document = try advance(leaf, to: run.documents[taken - 1] + 1)
                            continue
                        }
                    }
                    record(try contribution(of: leaf, at: document), at: Int(document &- windowStart))
                    document = try advance(leaf, to: document + 1)
                }
            }
            // The documents met, in order.
            for word in 0..<(span / 64) where seen[word] != 0 {
                var bits = seen[word]
                seen[word] = 0
                while bits != 0 {
                    let slot = word << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    let document = windowStart + UInt32(slot)
                    var mask = masks[slot]
                    var partial = partials[slot]
                    masks[slot] = 0
                    partials[slot] = 0
                    // With every leaf essential, the partial sum is the whole score (up to
                    // rounding); it can still fall short of a threshold set in this window.
                    var skipped = essential == 0 && partial * Self.slack <= threshold
                    for check in 0..<essential {
                        if (partial + rest[check]) * Self.slack <= threshold {
                            skipped = true
                            break
                        }
                        let leaf = order[essential - 1 - check]
                        if try advance(leaf, to: document) == document {
                            let value = try contribution(of: leaf, at: document)
                            contributions[leaf * span + slot] = value
                            partial += value
                            mask |= 1 << UInt64(leaf)
                        }
                    }
                    if skipped {
                        exact = false
                        continue
                    }
                    let (isMatch, score) = score(shape, document: document, leaves: mask, contributions: contributions + slot,
                                                 stride: span)
                    guard isMatch else { continue }
                    matches += 1
                    collector.offer(document: document, score: score)
                    if matches >= totalHitsThreshold, let worst = collector.worstScore, worst > threshold { threshold = worst }
                }
            }
            if windowEnd >= postingCursorEnd - 1 { break }
            windowStart = windowEnd + 1
        }
        return TopDocuments(hits: collector.sortedHits(), totalHits: matches, totalHitsIsExact: exact)
    }

    /// Whether the query (of flat shape `shape`, a disjunction) matches `document`, whose
    /// matching leaves are the bits of `leaves`, and its score: leaf `l` contributes
    /// `contributions[l * stride]`. The same bits as ``evaluateRoot(_:)``.
    @inline(__always)
    func score(_ shape: FlatShape, document: UInt32, leaves: UInt64, contributions: UnsafePointer<Double>,
                       stride: Int) -> (matches: Bool, score: Double)
    {
        guard leaves != 0 else { return (false, 0) }
        // The matching leaves by increasing leaf are the groups' matching leaves in order
        // (``FlatShape/leavesIncrease`` holds here).
        let groupOf = shape.groupOf
        var bits = leaves
        var total = 0.0
        var sum = 0.0
        var group = -1
        while bits != 0 {
            let leaf = bits.trailingZeroBitCount
            bits &= bits &- 1
            if groupOf[leaf] != group {
                total += sum
                sum = 0
                group = groupOf[leaf]
            }
            sum += contributions[leaf &* stride]
        }
        total += sum
        guard !isExcluded(document, byAnyOf: shape) else { return (false, 0) }
        return (true, total)
    }
}
