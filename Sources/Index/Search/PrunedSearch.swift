// Over the ~500 lines a file here keeps to (about 570), on purpose. The pruned search is one
// type over three files: this one (its state, the query's shape, and the document-at-a-time
// loop of conjunctions and other shapes), PrunedSearch+Leaves.swift (how each kind of leaf is
// read, scored and bounded) and PrunedSearch+Disjunction.swift (block-max MaxScore a window at
// a time). The loop here shares its locals and invariants across its 180 lines; its members are
// internal only so that the three files can share the state: nothing outside this type uses them.

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
        let cursorBuffer: ArenaBuffer<Source.Cursor>
        let scorerBuffer: ArenaBuffer<TermScorer>
        let fieldsBuffer: ArenaBuffer<FieldsScorer>
        let scoredBuffer: ArenaBuffer<ScoredLeaf>
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
    static var slack: Double { 1 + 1e-9 }

    let index: Source
    let tree: ScoreTree<Source.Term>
    let storage: Storage
    let flat: FlatShape?
    let arena: SearchArena
    /// The tree's nodes and their children.
    var nodes: UnsafeMutablePointer<ScoreNode> { tree.nodes }
    var children: UnsafeMutablePointer<Int> { tree.children }

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
    static func flatShape(of tree: borrowing ScoreTree<Source.Term>, arena: SearchArena) -> FlatShape? {
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

    // MARK: - The shape

    /// Whether node `number` matches `document`, and its score, from the leaves scored for it,
    /// by the tree's rules (``ScoreTree/evaluate(_:matches:scores:leaf:isExcluded:)``).
    func evaluate(_ number: Int, _ document: UInt32) -> (matches: Bool, score: Double) {
        let scoredDocument = storage.scoredDocument
        let contribution = storage.contribution
        return tree.evaluate(number, matches: storage.nodeMatches, scores: storage.nodeScores,
                             leaf: { scoredDocument[$0] == document ? (true, contribution[$0]) : (false, 0) },
                             isExcluded: { isExcluded(document, by: $0) })
    }

    /// Whether the whole query matches `document`, and its score: ``evaluate(_:_:)`` of the
    /// root, to the bit.
    @inline(__always)
    func evaluateRoot(_ document: UInt32) -> (matches: Bool, score: Double) {
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
    func isExcluded(_ document: UInt32, by exclusion: Int) -> Bool {
        var cursor = storage.exclusionCursors[exclusion]
        let excluded = tree.exclusions.base[exclusion]
        while cursor < excluded.count, excluded[cursor] < document { cursor += 1 }
        storage.exclusionCursors[exclusion] = cursor
        return cursor < excluded.count && excluded[cursor] == document
    }

    /// Whether `document` is in any exclusion list over `shape`.
    @inline(__always)
    func isExcluded(_ document: UInt32, byAnyOf shape: FlatShape) -> Bool {
        for exclusion in 0..<shape.exclusionCount where isExcluded(document, by: shape.exclusions[exclusion]) { return true }
        return false
    }

    /// `buffer` with `value` after its last value (its memory has room for it).
    static func appending(_ value: Int, to buffer: UnsafeMutableBufferPointer<Int>)
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

    enum Outcome { case scored, skipped, notMatching }
}
