// Longer than the ~500 lines a file here keeps to, on purpose: this is one type, the pruning
// loop, whose parts (leaves, the query's flat shape, the disjunction and conjunction loops) share
// its private state and invariants; split over files they would have to become internal, and
// the bounds that make pruning exact would no longer be read in one place.

/// The best documents of a query, found one document at a time while skipping the documents
/// (and blocks of postings) whose score bounds cannot reach the hits kept so far: block-max
/// MaxScore for disjunctions, and a conjunction led by its rarest required clause.
///
/// Terms are read through ``PostingCursor``s, so a block of postings that no candidate reaches
/// is never decoded. Every document it scores gets the same score, to the last bit, as
/// ``Searcher/evaluate(_:)`` gives it, and the hits are those that exhaustive evaluation ranks
/// best (ties by document order). Matches are counted exactly until `totalHitsThreshold` of
/// them have been seen; past that the count is a lower bound once anything was skipped.
///
/// All its state is in the search's ``SearchArena``: running it allocates only the hits.
struct PrunedSearch<Source: SearchSource>: ~Copyable {
    typealias Failure = Source.Failure
    // The nested types are internal rather than private: Swift 6.3 destroys a noncopyable
    // search in the files that use it, and fails to link to private types' metadata there.

    /// How a term leaf scores a posting.
    struct TermScorer {
        let weight: Double
        let bm25: BM25
        let field: DocumentField
        /// The BM25 length norm of `field` in every document, when the source keeps them
        /// (empty otherwise: each length is read).
        let norms: [Double]
    }

    /// How a leaf of a term over several fields scores (BM25F): its cursors, and their fields'
    /// ``TermScorer``s, are the slots `first..<first + count`.
    struct FieldsScorer {
        let first: Int
        let count: Int
        let idf: Double
        let weight: Double
        let bm25f: BM25F
    }

    /// What reads a leaf's postings: one cursor (a term in a field), several (a term over
    /// fields, BM25F), or documents already scored.
    enum LeafKind { case term, overFields, scored }

    /// A leaf of documents already scored (a phrase in one field), read like a cursor.
    struct ScoredLeaf {
        let documents: UnsafeBufferPointer<UInt32>
        let scores: UnsafeBufferPointer<Double>
        /// The index (in `documents`) one past each block's last document, and a bound on
        /// each block's scores.
        let blockEnds: UnsafeMutablePointer<Int>
        let blockBounds: UnsafeMutablePointer<Double>
        let blockCount: Int
        var position = 0
        var block = 0
    }

    /// The usual shape, evaluated without walking nodes: exclusions over a disjunction or
    /// conjunction of groups, each group a disjunction of leaves (a term in its fields, a phrase
    /// in its fields) or a single leaf.
    struct FlatShape {
        /// The exclusion lists over the root, outermost first.
        let exclusions: UnsafeMutablePointer<Int>
        let exclusionCount: Int
        /// Whether the root is a conjunction (of its first `required` groups).
        let conjunction: Bool
        let required: Int
        /// Group `g`'s leaves are `leaves[groupStarts[g]..<groupStarts[g + 1]]`, in order.
        let groupStarts: UnsafeMutablePointer<Int>
        let groupCount: Int
        let leaves: UnsafeMutablePointer<Int>
        /// Each leaf's group (-1 outside the shape), and whether the groups' leaves, read in
        /// order, are in increasing leaf order: then a set of leaves' scores, added a leaf at a
        /// time by increasing leaf, adds as the groups do.
        let groupOf: UnsafeMutablePointer<Int>
        let leavesIncrease: Bool
    }

    /// The memory the search's loops work in, in the arena: no copy-on-write checks, no
    /// reference counting.
    struct Storage: ~Copyable {
        let leafCount: Int
        /// Cursors and their scorers, by slot; BM25F leaves' scorers, by slot; scored leaves,
        /// by slot.
        private let cursorBuffer: ArenaBuffer<Source.Cursor>
        private let scorerBuffer: ArenaBuffer<TermScorer>
        private let fieldsBuffer: ArenaBuffer<FieldsScorer>
        private let scoredBuffer: ArenaBuffer<ScoredLeaf>
        var cursors: UnsafeMutablePointer<Source.Cursor> { cursorBuffer.base }
        var scorers: UnsafeMutablePointer<TermScorer> { scorerBuffer.base }
        var overFields: UnsafeMutablePointer<FieldsScorer> { fieldsBuffer.base }
        var scored: UnsafeMutablePointer<ScoredLeaf> { scoredBuffer.base }
        /// For each leaf, its kind and its slot among its kind's (a term's cursor, a BM25F
        /// scorer, a scored leaf), and what it costs to lead a conjunction (its number of
        /// postings).
        let kinds: UnsafeMutablePointer<LeafKind>
        let slots: UnsafeMutablePointer<Int>
        let costs: UnsafeMutablePointer<Int>
        /// Each leaf's current document (`postingCursorEnd` past its last).
        let current: UnsafeMutablePointer<UInt32>
        /// For each term leaf, the last document of the block whose bound `blockBound` holds
        /// (`postingCursorEnd`: none yet).
        let boundedBlock: UnsafeMutablePointer<UInt32>
        let blockBound: UnsafeMutablePointer<Double>
        /// For each leaf, the document its contribution below is for (`UInt32.max`: none yet).
        let scoredDocument: UnsafeMutablePointer<UInt32>
        let contribution: UnsafeMutablePointer<Double>
        /// Each node's match and score for the document evaluated last.
        let nodeMatches: UnsafeMutablePointer<Bool>
        let nodeScores: UnsafeMutablePointer<Double>
        /// Where each exclusion list is read up to.
        let exclusionCursors: UnsafeMutablePointer<Int>

        init(cursors: consuming ArenaBuffer<Source.Cursor>, scorers: consuming ArenaBuffer<TermScorer>,
             overFields: consuming ArenaBuffer<FieldsScorer>, scored: consuming ArenaBuffer<ScoredLeaf>,
             kinds: UnsafeMutablePointer<LeafKind>, slots: UnsafeMutablePointer<Int>, costs: UnsafeMutablePointer<Int>,
             leafCount: Int, nodeCount: Int, exclusionCount: Int, arena: SearchArena)
        {
            self.leafCount = leafCount
            cursorBuffer = cursors
            scorerBuffer = scorers
            fieldsBuffer = overFields
            scoredBuffer = scored
            self.kinds = kinds
            self.slots = slots
            self.costs = costs
            current = arena.filled(leafCount, with: postingCursorEnd)
            boundedBlock = arena.filled(leafCount, with: postingCursorEnd)
            blockBound = arena.filled(leafCount, with: 0.0)
            scoredDocument = arena.filled(leafCount, with: UInt32.max)
            contribution = arena.filled(leafCount, with: 0.0)
            nodeMatches = arena.filled(nodeCount, with: false)
            nodeScores = arena.filled(nodeCount, with: 0.0)
            exclusionCursors = arena.filled(exclusionCount, with: 0)
        }
    }

    /// The most a bound's computation can understate a score by rounding, as a factor.
    private static var slack: Double { 1 + 1e-9 }

    let index: Source
    private let tree: ScoreTree<Source.Term>
    private let storage: Storage
    private let flat: FlatShape?
    private let arena: SearchArena
    /// The tree's nodes and their children.
    private var nodes: UnsafeMutablePointer<ScoreNode> { tree.nodes }
    private var children: UnsafeMutablePointer<Int> { tree.children }

    /// A search of `tree` over `index`, working in `arena`; `nil` when some leaf can score below
    /// 0 (bounds would not hold).
    init?(tree: consuming ScoreTree<Source.Term>, index: Source, arena: SearchArena) throws(Failure) {
        let leafCount = tree.leaves.count
        var cursorCount = 0
        var fieldsCount = 0
        var scoredCount = 0
        for leaf in tree.leaves.indices {
            switch tree.leaves.base[leaf] {
            case .term: cursorCount += 1
            case .overFields(let fieldTerms, _, _, _, _, _):
                cursorCount += fieldTerms.count
                fieldsCount += 1
            case .scored: scoredCount += 1
            case .phrase: return nil  // (explanation trees only)
            }
        }
        let kinds = arena.uninitialized(leafCount, of: LeafKind.self)
        let slots = arena.uninitialized(leafCount, of: Int.self)
        let costs = arena.uninitialized(leafCount, of: Int.self)
        var cursors = ArenaBuffer<Source.Cursor>(capacity: cursorCount, in: arena)
        var scorers = ArenaBuffer<TermScorer>(capacity: cursorCount, in: arena)
        var overFields = ArenaBuffer<FieldsScorer>(capacity: fieldsCount, in: arena)
        var scored = ArenaBuffer<ScoredLeaf>(capacity: scoredCount, in: arena)
        for leaf in tree.leaves.indices {
            switch tree.leaves.base[leaf] {
            case .term(let term, let bm25, let documentFrequency):
                let weight = term.boost * term.idf
                guard weight >= 0, weight.isFinite else { return nil }
                kinds[leaf] = .term
                slots[leaf] = cursors.count
                cursors.append(try index.cursor(of: term.termID, in: term.field, arena: arena))
                scorers.append(TermScorer(weight: weight, bm25: bm25, field: term.field,
                                          norms: try index.lengthNorms(of: term.field, bm25: bm25) ?? []))
                costs[leaf] = documentFrequency
            case .overFields(let fieldTerms, let idf, let weight, let bm25f, let documentFrequency, _):
                guard weight >= 0, weight.isFinite, idf >= 0, idf.isFinite else { return nil }
                kinds[leaf] = .overFields
                slots[leaf] = overFields.count
                overFields.append(FieldsScorer(first: cursors.count, count: fieldTerms.count, idf: idf, weight: weight,
                                               bm25f: bm25f))
                for term in fieldTerms {
                    let bm25 = bm25f.fields[term.field.index]
                    cursors.append(try index.cursor(of: term.termID, in: term.field, arena: arena))
                    scorers.append(TermScorer(weight: 1, bm25: bm25, field: term.field,
                                              norms: try index.lengthNorms(of: term.field, bm25: bm25) ?? []))
                }
                costs[leaf] = documentFrequency
            case .scored(let documents, let scores):
                let blockCount = (documents.count + PostingBlock.size - 1) / PostingBlock.size
                let ends = arena.uninitialized(blockCount, of: Int.self)
                let bounds = arena.uninitialized(blockCount, of: Double.self)
                for block in 0..<blockCount {
                    let start = block * PostingBlock.size
                    let end = Swift.min(documents.count, start + PostingBlock.size)
                    var largest = -Double.infinity
                    for score in scores[start..<end] { largest = Swift.max(largest, score) }
                    guard largest >= 0, largest.isFinite else { return nil }
                    ends[block] = end
                    bounds[block] = largest * Self.slack
                }
                kinds[leaf] = .scored
                slots[leaf] = scored.count
                scored.append(ScoredLeaf(documents: documents, scores: scores, blockEnds: ends,
                                         blockBounds: bounds, blockCount: blockCount))
                costs[leaf] = documents.count
            case .phrase:
                return nil
            }
        }
        let storage = Storage(cursors: cursors, scorers: scorers, overFields: overFields, scored: scored, kinds: kinds,
                              slots: slots, costs: costs, leafCount: leafCount, nodeCount: tree.nodeCount,
                              exclusionCount: tree.exclusions.count, arena: arena)
        for leaf in 0..<leafCount {
            let slot = slots[leaf]
            switch kinds[leaf] {
            case .term:
                storage.current[leaf] = storage.cursors[slot].document
            case .overFields:
                let scorer = storage.overFields[slot]
                var first = postingCursorEnd
                for cursor in scorer.first..<(scorer.first + scorer.count) { first = Swift.min(first, storage.cursors[cursor].document) }
                storage.current[leaf] = first
            case .scored:
                storage.current[leaf] = storage.scored[slot].documents.first ?? postingCursorEnd
            }
        }
        flat = Self.flatShape(of: tree, arena: arena)
        self.storage = storage
        self.tree = tree
        self.index = index
        self.arena = arena
    }

    /// The root of `tree` as a ``FlatShape``, when it has that shape.
    private static func flatShape(of tree: borrowing ScoreTree<Source.Term>, arena: SearchArena) -> FlatShape? {
        var top = tree.root
        var exclusionCount = 0
        while tree.nodes[top].kind == .excluding {
            exclusionCount += 1
            top = tree.children[tree.nodes[top].first]
        }
        let node = tree.nodes[top]
        guard node.kind == .any || node.kind == .all else { return nil }
        // Every group is a leaf or a disjunction of leaves.
        let groups = tree.children + node.first
        var leafCount = 0
        for group in 0..<node.count {
            let groupNode = tree.nodes[groups[group]]
            switch groupNode.kind {
            case .leaf:
                leafCount += 1
            case .any:
                for member in 0..<groupNode.count where tree.nodes[tree.children[groupNode.first + member]].kind != .leaf {
                    return nil
                }
                leafCount += groupNode.count
            default:
                return nil
            }
        }
        let exclusions = arena.uninitialized(exclusionCount, of: Int.self)
        var at = tree.root
        for outer in 0..<exclusionCount {
            exclusions[outer] = tree.nodes[at].value
            at = tree.children[tree.nodes[at].first]
        }
        let starts = arena.uninitialized(node.count + 1, of: Int.self)
        let leaves = arena.uninitialized(leafCount, of: Int.self)
        let groupOf = arena.filled(tree.leaves.count, with: -1)
        var count = 0
        for group in 0..<node.count {
            starts[group] = count
            let groupNode = tree.nodes[groups[group]]
            if groupNode.kind == .leaf {
                leaves[count] = groupNode.value
                count += 1
            } else {
                for member in 0..<groupNode.count {
                    leaves[count] = tree.nodes[tree.children[groupNode.first + member]].value
                    count += 1
                }
            }
            for leaf in starts[group]..<count { groupOf[leaves[leaf]] = group }
        }
        starts[node.count] = count
        var increase = true
        if count > 1 { for at in 1..<count where leaves[at - 1] >= leaves[at] { increase = false } }
        return FlatShape(exclusions: exclusions, exclusionCount: exclusionCount, conjunction: node.kind == .all,
                         required: node.kind == .all ? node.required : 0, groupStarts: starts, groupCount: node.count,
                         leaves: leaves, groupOf: groupOf, leavesIncrease: increase)
    }

    /// A bound on `weight · tf` over postings of at most `frequency` in fields at least `length`
    /// long.
    private static func bound(weight: Double, bm25: BM25, frequency: UInt32, length: UInt32) -> Double {
        let value = weight * bm25.tf(frequency: Int(frequency), length: Int(Swift.max(1, length))) * slack
        return value.isNaN ? .infinity : value
    }

    // MARK: - Leaves

    /// Moves leaf `leaf` to its first posting at or after `target`; its document then.
    @inline(__always)
    private func advance(_ leaf: Int, to target: UInt32) throws(Failure) -> UInt32 {
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

    private static func advance(_ leaf: inout ScoredLeaf, to target: UInt32) -> UInt32 {
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
    private func contribution(of leaf: Int, at document: UInt32) throws(Failure) -> Double {
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
    private func norm(ofCursor slot: Int, at document: UInt32) throws(Failure) -> Double {
        let scorer = storage.scorers + slot
        if Int(document) < scorer.pointee.norms.count { return scorer.pointee.norms[Int(document)] }
        return scorer.pointee.bm25.norm(length: try index.length(of: document, in: scorer.pointee.field))
    }

    /// What the term of cursor `slot` adds to the score of `document`, the document of its
    /// current posting.
    @inline(__always)
    private func contribution(ofCursor slot: Int, at document: UInt32) throws(Failure) -> Double {
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
    private func score(_ leaf: Int, document: UInt32) throws(Failure) -> Double {
        let value = try contribution(of: leaf, at: document)
        storage.contribution[leaf] = value
        storage.scoredDocument[leaf] = document
        return value
    }

    /// The last document of leaf `leaf`'s block holding its first posting at or after `start`
    /// (`postingCursorEnd` when there is none), and a bound on that block's scores (0 then).
    /// The leaf may be left before `start` (see ``PostingCursor/blockBounds(reaching:)``).
    private func block(_ leaf: Int, reaching start: UInt32) throws(Failure) -> (last: UInt32, bound: Double) {
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
    private func blockWindow(from start: UInt32, bounds: UnsafeMutablePointer<Double>) throws(Failure)
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

    // MARK: - The shape

    /// Whether node `number` matches `document`, and its score, from the leaves scored for it,
    /// by the tree's rules (``ScoreTree/evaluate(_:matches:scores:leaf:isExcluded:)``).
    private func evaluate(_ number: Int, _ document: UInt32) -> (matches: Bool, score: Double) {
        let scoredDocument = storage.scoredDocument
        let contribution = storage.contribution
        return tree.evaluate(number, matches: storage.nodeMatches, scores: storage.nodeScores,
                             leaf: { scoredDocument[$0] == document ? (true, contribution[$0]) : (false, 0) },
                             isExcluded: { isExcluded(document, by: $0) })
    }

    /// Whether the whole query matches `document`, and its score: ``evaluate(_:_:)`` of the
    /// root, to the bit.
    @inline(__always)
    private func evaluateRoot(_ document: UInt32) -> (matches: Bool, score: Double) {
        guard let flat else { return evaluate(tree.root, document) }
        let scoredDocument = storage.scoredDocument
        let contribution = storage.contribution
        let leaves = flat.leaves
        let groupStarts = flat.groupStarts
        var total = 0.0
        var matched = false
        var optionalTotal = 0.0
        var optionalMatched = false
        var start = groupStarts[0]
        for group in 0..<flat.groupCount {
            let end = groupStarts[group + 1]
            var sum = 0.0
            var groupMatched = false
            for at in start..<end where scoredDocument[leaves[at]] == document {
                groupMatched = true
                sum += contribution[leaves[at]]
            }
            start = end
            if group < flat.required {
                guard groupMatched else { return (false, 0) }
                total += sum
            } else if flat.conjunction {
                if groupMatched {
                    optionalMatched = true
                    optionalTotal += sum
                }
            } else if groupMatched {
                matched = true
                total += sum
            }
        }
        if flat.conjunction {
            matched = true
            if optionalMatched { total += optionalTotal }
        }
        guard matched, !isExcluded(document, byAnyOf: flat) else { return (false, 0) }
        return (true, total)
    }

    /// Whether `document` is in exclusion list `exclusion`, read on from where the last
    /// (smaller or equal) document left it.
    @inline(__always)
    private func isExcluded(_ document: UInt32, by exclusion: Int) -> Bool {
        var cursor = storage.exclusionCursors[exclusion]
        let excluded = tree.exclusions.base[exclusion]
        while cursor < excluded.count, excluded[cursor] < document { cursor += 1 }
        storage.exclusionCursors[exclusion] = cursor
        return cursor < excluded.count && excluded[cursor] == document
    }

    /// Whether `document` is in any exclusion list over `shape`.
    @inline(__always)
    private func isExcluded(_ document: UInt32, byAnyOf shape: FlatShape) -> Bool {
        for exclusion in 0..<shape.exclusionCount where isExcluded(document, by: shape.exclusions[exclusion]) { return true }
        return false
    }

    /// `buffer` with `value` after its last value (its memory has room for it).
    private static func appending(_ value: Int, to buffer: UnsafeMutableBufferPointer<Int>)
        -> UnsafeMutableBufferPointer<Int>
    {
        let start = buffer.baseAddress.unsafelyUnwrapped
        start[buffer.count] = value
        return UnsafeMutableBufferPointer(start: start, count: buffer.count + 1)
    }

    // MARK: - Searching

    /// The best `limit` documents, best first, with how many documents matched and whether that
    /// count is exact.
    func run(limit: Int, totalHitsThreshold: Int) throws(Failure)
        -> TopDocuments
    {
        let leafCount = storage.leafCount
        guard leafCount > 0, limit > 0 else { return TopDocuments(hits: [], totalHits: 0, totalHitsIsExact: true) }
        let current = storage.current

        // Leads produce the candidates; the checks are the other leaves, tried against each
        // candidate in order, a required clause being tested once its last leaf was tried.
        var leads = UnsafeMutableBufferPointer(start: arena.uninitialized(leafCount, of: Int.self), count: 0)
        var checkLeaves = UnsafeMutableBufferPointer(start: arena.uninitialized(leafCount, of: Int.self), count: 0)
        // The node a check completes (the last leaf of a required clause), or -1.
        let checkCompletes = arena.uninitialized(leafCount, of: Int.self)
        // With a flat shape, the groups of the required clauses the leads do not cover,
        // cheapest first.
        var requiredGroups = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
        var top = tree.root
        while nodes[top].kind == .excluding { top = children[nodes[top].first] }
        if nodes[top].kind == .all {
            let conjunction = nodes[top]
            let clauses = children + conjunction.first
            // The required clauses, cheapest first (a stable insertion sort: a handful of clauses).
            let clauseCosts = arena.filled(conjunction.required, with: 0)
            let order = arena.uninitialized(conjunction.required, of: Int.self)
            for clause in 0..<conjunction.required {
                tree.forEachLeaf(under: clauses[clause]) { clauseCosts[clause] += storage.costs[$0] }
                var at = clause
                while at > 0, clauseCosts[order[at - 1]] > clauseCosts[clause] {
                    order[at] = order[at - 1]
                    at -= 1
                }
                order[at] = clause
            }
            tree.forEachLeaf(under: clauses[order[0]]) { leads = Self.appending($0, to: leads) }
            if flat != nil { requiredGroups = UnsafeMutableBufferPointer(start: order + 1, count: conjunction.required - 1) }
            for index in 1..<conjunction.required {
                let clause = order[index]
                guard tree.leafCount(under: clauses[clause]) > 0 else { return TopDocuments(hits: [], totalHits: 0, totalHitsIsExact: true) }
                tree.forEachLeaf(under: clauses[clause]) { leaf in
                    checkCompletes[checkLeaves.count] = -1
                    checkLeaves = Self.appending(leaf, to: checkLeaves)
                }
                checkCompletes[checkLeaves.count - 1] = clauses[clause]
            }
            // Optional clauses' leaves by their largest possible contribution first (a stable
            // insertion sort).
            let optionalStart = checkLeaves.count
            let optionalBounds = arena.uninitialized(leafCount, of: Double.self)
            for clause in conjunction.required..<conjunction.count {
                try tree.forEachLeaf(under: clauses[clause]) { (leaf) throws(Failure) in
                    let bound = try block(leaf, reaching: 0).bound
                    var at = checkLeaves.count
                    checkLeaves = Self.appending(leaf, to: checkLeaves)
                    while at > optionalStart, optionalBounds[at - 1] < bound {
                        checkLeaves[at] = checkLeaves[at - 1]
                        optionalBounds[at] = optionalBounds[at - 1]
                        at -= 1
                    }
                    checkLeaves[at] = leaf
                    optionalBounds[at] = bound
                    checkCompletes[checkLeaves.count - 1] = -1
                }
            }
        } else {
            // The window scorer adds a document's leaves by increasing leaf, which is the
            // groups' order when their leaves increase (as the score tree numbers them).
            if let flat, !flat.conjunction, leafCount <= 64, flat.leavesIncrease {
                return try scoreDisjunction(flat, limit: limit, totalHitsThreshold: totalHitsThreshold)
            }
            for leaf in 0..<leafCount { leads = Self.appending(leaf, to: leads) }
        }
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        var exact = true
        var threshold = -Double.infinity
        let rest = arena.filled(leafCount + 1, with: 0.0)
        let blockBound = arena.filled(leafCount, with: 0.0)
        // The window of documents whose block bounds `blockBound` and `rest` hold, for `windowThreshold`.
        var windowEnd: UInt32 = 0
        var windowThreshold = -Double.infinity

        while true {
            var candidate = UInt32.max
            for leaf in leads where current[leaf] < candidate { candidate = current[leaf] }
            if candidate == .max { break }

            var outcome = Outcome.scored
            let pruning = threshold > -Double.infinity
            if pruning {
                if candidate > windowEnd || windowThreshold != threshold {
                    // Block-max: every leaf's postings from the candidate up to `windowEnd` lie in
                    // one block each, whose bounds hold for the whole window.
                    let total: Double
                    (windowEnd, total) = try blockWindow(from: candidate, bounds: blockBound)
                    windowThreshold = threshold
                    if total <= threshold {
                        // No document of the window can make the hits.
                        exact = false
                        if windowEnd == .max { break }
                        for leaf in leads { _ = try advance(leaf, to: windowEnd + 1) }
                        continue
                    }
                    // What the checks can still add, from each check on.
                    rest[checkLeaves.count] = 0
                    var index = checkLeaves.count - 1
                    while index >= 0 {
                        rest[index] = rest[index + 1] + blockBound[checkLeaves[index]]
                        index -= 1
                    }
                }
                var total = rest[0]
                for leaf in leads where current[leaf] == candidate { total += blockBound[leaf] }
                if total <= threshold { outcome = .skipped }
            }
            // Where the leads go next (past the candidate unless a required clause shows more
            // documents to pass over).
            var leadTarget = candidate &+ 1
            if outcome == .scored, !requiredGroups.isEmpty, let flat {
                // The required clauses are tested before anything is scored; a clause without
                // the candidate has none until its leaves' next.
                for group in requiredGroups {
                    var next = postingCursorEnd
                    for at in flat.groupStarts[group]..<flat.groupStarts[group + 1] {
                        next = Swift.min(next, try advance(flat.leaves[at], to: candidate))
                        if next == candidate { break }
                    }
                    if next != candidate {
                        outcome = .notMatching
                        leadTarget = next
                        break
                    }
                }
                if outcome == .scored {
                    for leaf in leads where current[leaf] == candidate { _ = try score(leaf, document: candidate) }
                    for leaf in checkLeaves where try advance(leaf, to: candidate) == candidate {
                        _ = try score(leaf, document: candidate)
                    }
                }
            } else if outcome == .scored {
                var partial = 0.0
                for leaf in leads where current[leaf] == candidate {
                    partial += try score(leaf, document: candidate)
                }
                for index in 0..<checkLeaves.count {
                    if pruning, (partial + rest[index]) * Self.slack <= threshold {
                        outcome = .skipped
                        break
                    }
                    let leaf = checkLeaves[index]
                    if try advance(leaf, to: candidate) == candidate {
                        partial += try score(leaf, document: candidate)
                    }
                    // (The required clauses of a flat shape are tested above, before any scoring.)
                    if checkCompletes[index] >= 0 && !evaluate(checkCompletes[index], candidate).matches {
                        outcome = .notMatching
                        break
                    }
                }
            }
            switch outcome {
            case .skipped:
                exact = false
            case .notMatching:
                break
            case .scored:
                let (isMatch, score) = evaluateRoot(candidate)
                guard isMatch else { break }
                matches += 1
                collector.offer(document: candidate, score: score)
                guard matches >= totalHitsThreshold, let worst = collector.worstScore, worst > threshold else { break }
                threshold = worst
            }
            for leaf in leads where current[leaf] < leadTarget { _ = try advance(leaf, to: leadTarget) }
        }
        return TopDocuments(hits: collector.sortedHits(), totalHits: matches, totalHitsIsExact: exact)
    }

    /// The most document numbers a window of ``scoreDisjunction(_:limit:totalHitsThreshold:)``
    /// spans.
    private static var windowSpan: Int { 512 }

    /// Block-max MaxScore for a disjunction of the flat shape with at most 64 leaves, a window
    /// of documents at a time. Until the hits have a threshold, every leaf is scored. Then each
    /// window is one over which every leaf's postings lie in one block: the leaves whose block
    /// bounds add up to no more than the threshold (the non-essential ones) are passed over,
    /// and a window where all of them are is skipped. The essential leaves' postings in the
    /// window are scored a leaf at a time into the window's slots; each document met is then
    /// checked against the non-essential leaves, largest bound first, until its bound falls to
    /// the threshold, and the survivors are scored exactly (group by group, leaf by leaf, as
    /// exhaustive evaluation adds them).
    private func scoreDisjunction(_ shape: FlatShape, limit: Int, totalHitsThreshold: Int) throws(Failure)
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

    /// Scores BM25F leaf `leaf`'s postings from `start` to `end` (a window of at most
    /// ``windowSpan`` documents) a field at a time: each cursor's pseudo-frequencies added into
    /// `pseudoFrequencies` by slot (in cursor order, as ``contribution(of:at:)`` adds them), then
    /// each slot met saturated once and passed to `record` with its slot. `pseudoFrequencies`
    /// and `seen` are left zero, as they were given.
    @inline(__always)
    private func scoreWindow(ofFieldsLeaf leaf: Int, from start: UInt32, to end: UInt32,
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

    /// Whether the query (of flat shape `shape`, a disjunction) matches `document`, whose
    /// matching leaves are the bits of `leaves`, and its score: leaf `l` contributes
    /// `contributions[l * stride]`. The same bits as ``evaluateRoot(_:)``.
    @inline(__always)
    private func score(_ shape: FlatShape, document: UInt32, leaves: UInt64, contributions: UnsafePointer<Double>,
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

    private enum Outcome { case scored, skipped, notMatching }
}
