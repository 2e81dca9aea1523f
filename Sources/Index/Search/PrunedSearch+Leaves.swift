extension PrunedSearch {
    /// A bound on `weight · tf` over postings of at most `frequency` in fields at least `length`
    /// long.
    static func bound(weight: Double, bm25: BM25, frequency: UInt32, length: UInt32) -> Double {
        let value = weight * bm25.tf(frequency: Int(frequency), length: Int(Swift.max(1, length))) * slack
        return value.isNaN ? .infinity : value
    }

    // MARK: - Leaves

    /// Moves leaf `leaf` to its first posting at or after `target`; its document then.
    @inline(__always)
    func advance(_ leaf: Int, to target: UInt32) throws(Failure) -> UInt32 {
        let now = storage.current[leaf]
        if now >= target { return now }
        let slot = storage.slots[leaf]
        var found: UInt32
        switch storage.kinds[leaf] {
        case .term:
            try storage.cursors[slot].advance(to: target)
            found = storage.cursors[slot].document
        case .overFields:
            let scorer = storage.overFields[slot]
            found = postingCursorEnd
            for cursor in scorer.first..<(scorer.first + scorer.count) {
                if storage.cursors[cursor].document < target { try storage.cursors[cursor].advance(to: target) }
                found = Swift.min(found, storage.cursors[cursor].document)
            }
        case .scored:
            found = Self.advance(&storage.scored[slot], to: target)
        }
        storage.current[leaf] = found
        return found
    }

    static func advance(_ leaf: inout ScoredLeaf, to target: UInt32) -> UInt32 {
        let documents = leaf.documents
        var low = leaf.position
        var step = 1
        // Gallop, then halve.
        while low + step < documents.count, documents[low + step] < target {
            low += step
            step *= 2
        }
        var high = Swift.min(documents.count, low + step + 1)
        while low < high {
            let middle = low + (high - low) / 2
            if documents[middle] < target { low = middle + 1 } else { high = middle }
        }
        leaf.position = low
        return low < documents.count ? documents[low] : postingCursorEnd
    }

    /// What leaf `leaf` adds to the score of `document`, the document of its current posting.
    @inline(__always)
    func contribution(of leaf: Int, at document: UInt32) throws(Failure) -> Double {
        let slot = storage.slots[leaf]
        switch storage.kinds[leaf] {
        case .term:
            return try contribution(ofCursor: slot, at: document)
        case .overFields:
            // The fields' pseudo-frequencies added in field order, saturated once (as
            // exhaustive evaluation does).
            let scorer = storage.overFields[slot]
            var pseudoFrequency = 0.0
            for cursor in scorer.first..<(scorer.first + scorer.count) where storage.cursors[cursor].document == document {
                let field = storage.scorers[cursor].field
                pseudoFrequency += scorer.bm25f.pseudoFrequency(Int(storage.cursors[cursor].frequency), in: field,
                                                                norm: try norm(ofCursor: cursor, at: document))
            }
            return scorer.weight * scorer.bm25f.score(idf: scorer.idf, pseudoFrequency: pseudoFrequency)
        case .scored:
            let scored = storage.scored + slot
            return scored.pointee.scores[scored.pointee.position]
        }
    }

    /// The length norm of cursor `slot`'s field in `document`.
    @inline(__always)
    func norm(ofCursor slot: Int, at document: UInt32) throws(Failure) -> Double {
        let scorer = storage.scorers + slot
        if Int(document) < scorer.pointee.norms.count { return scorer.pointee.norms[Int(document)] }
        return scorer.pointee.bm25.norm(length: try index.length(of: document, in: scorer.pointee.field))
    }

    /// What the term of cursor `slot` adds to the score of `document`, the document of its
    /// current posting.
    @inline(__always)
    func contribution(ofCursor slot: Int, at document: UInt32) throws(Failure) -> Double {
        let frequency = Int(storage.cursors[slot].frequency)
        if Int(document) < storage.scorers[slot].norms.count {
            return storage.scorers[slot].weight * storage.scorers[slot].bm25.tf(frequency: frequency, norm: storage.scorers[slot].norms[Int(document)])
        }
        let length = try index.length(of: document, in: storage.scorers[slot].field)
        return storage.scorers[slot].weight * storage.scorers[slot].bm25.tf(frequency: frequency, length: length)
    }

    /// Scores leaf `leaf` at its current posting, document `document`, for ``evaluate(_:_:)``;
    /// the contribution.
    @inline(__always)
    func score(_ leaf: Int, document: UInt32) throws(Failure) -> Double {
        let value = try contribution(of: leaf, at: document)
        storage.contribution[leaf] = value
        storage.scoredDocument[leaf] = document
        return value
    }

    /// The last document of leaf `leaf`'s block holding its first posting at or after `start`
    /// (`postingCursorEnd` when there is none), and a bound on that block's scores (0 then).
    /// The leaf may be left before `start` (see ``PostingCursor/blockBounds(reaching:)``).
    func block(_ leaf: Int, reaching start: UInt32) throws(Failure) -> (last: UInt32, bound: Double) {
        let slot = storage.slots[leaf]
        switch storage.kinds[leaf] {
        case .term:
            let bounds = try storage.cursors[slot].blockBounds(reaching: start)
            guard bounds.lastDocument != postingCursorEnd else { return (postingCursorEnd, 0) }
            // A block is known by its last document: its bound is worked out once.
            if storage.boundedBlock[leaf] != bounds.lastDocument {
                storage.boundedBlock[leaf] = bounds.lastDocument
                storage.blockBound[leaf] = Self.bound(weight: storage.scorers[slot].weight, bm25: storage.scorers[slot].bm25,
                                                      frequency: bounds.maximumFrequency, length: bounds.minimumLength)
            }
            return (bounds.lastDocument, storage.blockBound[leaf])
        case .overFields:
            // Each field's block bounds its pseudo-frequencies up to the earliest of the blocks'
            // ends, and the score grows with the pseudo-frequency.
            let scorer = storage.overFields[slot]
            var last = postingCursorEnd
            var pseudoFrequency = 0.0
            for cursor in scorer.first..<(scorer.first + scorer.count) {
                let bounds = try storage.cursors[cursor].blockBounds(reaching: start)
                guard bounds.lastDocument != postingCursorEnd else { continue }
                last = Swift.min(last, bounds.lastDocument)
                let field = storage.scorers[cursor].field
                pseudoFrequency += scorer.bm25f.pseudoFrequency(
                    Int(bounds.maximumFrequency), in: field,
                    norm: storage.scorers[cursor].bm25.norm(length: Int(Swift.max(1, bounds.minimumLength))))
            }
            guard last != postingCursorEnd else { return (postingCursorEnd, 0) }
            let value = scorer.weight * scorer.bm25f.score(idf: scorer.idf, pseudoFrequency: pseudoFrequency) * Self.slack
            return (last, value.isNaN ? .infinity : value)
        case .scored:
            break
        }
        let leafPointer = storage.scored + slot
        var block = leafPointer.pointee.block
        let position = leafPointer.pointee.position
        let ends = leafPointer.pointee.blockEnds
        while block < leafPointer.pointee.blockCount {
            let end = ends[block]
            if end > position, leafPointer.pointee.documents[end - 1] >= start { break }
            block += 1
        }
        leafPointer.pointee.block = block
        guard block < leafPointer.pointee.blockCount else { return (postingCursorEnd, 0) }
        return (leafPointer.pointee.documents[ends[block] - 1], leafPointer.pointee.blockBounds[block])
    }

    /// Puts in `bounds` each leaf's bound over its block holding its first posting at or after
    /// `start` (0 for a leaf with no posting left): each leaf's postings from `start` to the
    /// window's `end` lie in that block, so the bounds hold for the whole window. `end` is
    /// `UInt32.max` when every leaf is exhausted; `total` is the bounds' sum.
    func blockWindow(from start: UInt32, bounds: UnsafeMutablePointer<Double>) throws(Failure)
        -> (end: UInt32, total: Double)
    {
        var end = UInt32.max
        var total = 0.0
        for leaf in 0..<storage.leafCount {
            let (last, bound) = try block(leaf, reaching: start)
            bounds[leaf] = bound
            total += bound
            end = Swift.min(end, last)
        }
        return (end, total)
    }

    /// Scores BM25F leaf `leaf`'s postings from `start` to `end` (a window of at most
    /// ``windowSpan`` documents) a field at a time: each cursor's pseudo-frequencies added into
    /// `pseudoFrequencies` by slot (in cursor order, as ``contribution(of:at:)`` adds them), then
    /// each slot met saturated once and passed to `record` with its slot. `pseudoFrequencies`
    /// and `seen` are left zero, as they were given.
    @inline(__always)
    func scoreWindow(ofFieldsLeaf leaf: Int, from start: UInt32, to end: UInt32,
                             pseudoFrequencies: UnsafeMutablePointer<Double>, seen: UnsafeMutablePointer<UInt64>,
                             record: (Double, Int) -> Void) throws(Failure)
    {
        let scorer = storage.overFields[storage.slots[leaf]]
        let bm25f = scorer.bm25f
        var next = postingCursorEnd
        for cursor in scorer.first..<(scorer.first + scorer.count) {
            let field = storage.scorers[cursor].field
            let norms = storage.scorers[cursor].norms
            if storage.cursors[cursor].document < start { try storage.cursors[cursor].advance(to: start) }
            var document = storage.cursors[cursor].document
            while document <= end {
                if let run = storage.cursors[cursor].postingsInBlock {
                    // A run of the block read now, added in place.
                    var taken = 0
                    while taken < run.count {
                        let found = run.documents[taken]
                        guard found <= end, Int(found) < norms.count else { break }
                        let slot = Int(found &- start)
                        pseudoFrequencies[slot] += bm25f.pseudoFrequency(Int(run.frequencies[taken]), in: field,
                                                                         norm: norms[Int(found)])
                        seen[slot >> 6] |= 1 << UInt64(slot & 63)
                        taken += 1
                    }
                    if taken > 0 {
                        try storage.cursors[cursor].advance(to: run.documents[taken - 1] + 1)
                        document = storage.cursors[cursor].document
                        continue
                    }
                }
                let slot = Int(document &- start)
                pseudoFrequencies[slot] += bm25f.pseudoFrequency(Int(storage.cursors[cursor].frequency), in: field,
                                                                 norm: try norm(ofCursor: cursor, at: document))
                seen[slot >> 6] |= 1 << UInt64(slot & 63)
                try storage.cursors[cursor].advance(to: document + 1)
                document = storage.cursors[cursor].document
            }
            next = Swift.min(next, document)
        }
        storage.current[leaf] = next
        let words = (Int(end - start) + 64) / 64
        for word in 0..<words where seen[word] != 0 {
            var bits = seen[word]
            seen[word] = 0
            while bits != 0 {
                let slot = word << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                record(scorer.weight * bm25f.score(idf: scorer.idf, pseudoFrequency: pseudoFrequencies[slot]), slot)
                pseudoFrequencies[slot] = 0
            }
        }
    }
}
