/// The best documents of a query, found one document at a time while skipping the documents
/// (and blocks of postings) whose score bounds cannot reach the hits kept so far: block-max
/// MaxScore for disjunctions, and a conjunction led by its rarest required clause.
///
/// Terms are read through ``PostingCursor``s, so a block of postings that no candidate reaches
/// is never decoded. Every document it scores gets the same score, to the last bit, as
/// ``Searcher/evaluate(_:)`` gives it, and the hits are those that exhaustive evaluation ranks
/// best (ties by document order). Matches are counted exactly until `totalHitsThreshold` of
/// them have been seen; past that the count is a lower bound once anything was skipped.
struct PrunedSearch<Source: SearchSource> {
    typealias Failure = Source.Failure

    /// How a term leaf scores a posting.
    private struct TermScorer {
        let weight: Double
        let bm25: BM25
        let field: DocumentField
        /// The BM25 length norm of `field` in every document, when the source keeps them
        /// (empty otherwise: each length is read).
        let norms: [Double]
    }

    /// A leaf of documents already scored (a phrase in one field), read like a cursor.
    private struct ScoredLeaf {
        let documents: [UInt32]
        let scores: [Double]
        /// The index (in `documents`) one past each block's last document, and a bound on
        /// each block's scores.
        let blockEnds: [Int]
        let blockBounds: [Double]
        var position = 0
        var block = 0
    }

    /// A node of the query's shape (see ``ScoreNode``), in a flat array where every node comes
    /// after its children, so that a node's subtree is the run of nodes ending at it.
    private struct Node {
        enum Kind { case leaf, any, all, excluding }
        let kind: Kind
        /// `leaf`: the leaf; `excluding`: the exclusion list.
        let value: Int
        /// Children: `children[first..<first + count]`; for `all`, the first `required` of
        /// them are required.
        let first: Int
        let count: Int
        let required: Int
        /// The first node of its subtree.
        let subtree: Int
    }

    /// The usual shape, evaluated without walking nodes: exclusions over a disjunction or
    /// conjunction of groups, each group a disjunction of leaves (a term in its fields, a phrase
    /// in its fields) or a single leaf.
    private struct FlatShape {
        /// The exclusion lists over the root, outermost first.
        let exclusions: [Int]
        /// Whether the root is a conjunction (of its first `required` groups).
        let conjunction: Bool
        let required: Int
        /// Group `g`'s leaves are `leaves[groupStarts[g]..<groupStarts[g + 1]]`, in order.
        let groupStarts: [Int]
        let leaves: [Int]
    }

    /// The memory the search's loops work in: no copy-on-write checks, no reference counting.
    private final class Storage {
        let leafCount: Int
        let termCount: Int
        let scoredCount: Int
        /// Term leaves' cursors, by slot.
        let cursors: UnsafeMutablePointer<Source.Cursor>
        let scored: UnsafeMutablePointer<ScoredLeaf>
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
        /// The ``FlatShape``'s leaves and group starts, when there is one, and its number of groups.
        let flatLeaves: UnsafeMutablePointer<Int>
        let flatGroupStarts: UnsafeMutablePointer<Int>
        let flatGroupCount: Int
        /// Each leaf's group in the ``FlatShape`` (-1 outside it), and whether the groups'
        /// leaves, read in order, are in increasing leaf order: then a set of leaves' scores,
        /// added a leaf at a time by increasing leaf, adds as the groups do.
        let flatGroupOf: UnsafeMutablePointer<Int>
        let flatLeavesIncrease: Bool
        /// Where each exclusion list is read up to.
        let exclusionCursors: UnsafeMutablePointer<Int>

        /// Owns the memory of every pointer above but `cursors` and `scored`.
        private let memory: UnsafeMutableRawPointer

        init(cursors: [Source.Cursor], scored: [ScoredLeaf], leafCount: Int, nodeCount: Int, exclusionCount: Int,
             flat: FlatShape?)
        {
            self.leafCount = leafCount
            termCount = cursors.count
            scoredCount = scored.count
            self.cursors = .allocate(capacity: cursors.count)
            self.cursors.initialize(from: cursors, count: cursors.count)
            self.scored = .allocate(capacity: scored.count)
            self.scored.initialize(from: scored, count: scored.count)
            let leaves = flat?.leaves ?? []
            let starts = flat?.groupStarts ?? [0]
            // One allocation, in regions of 8-byte values, then 4-byte ones, then flags.
            let eights = 2 * leafCount + nodeCount + exclusionCount + leaves.count + starts.count + leafCount
            let fours = 3 * leafCount
            memory = .allocate(byteCount: 8 * eights + 4 * fours + nodeCount, alignment: 8)
            var regions = MemoryRegions(memory)
            blockBound = regions.next(leafCount, of: 0.0)
            contribution = regions.next(leafCount, of: 0.0)
            nodeScores = regions.next(nodeCount, of: 0.0)
            exclusionCursors = regions.next(exclusionCount, of: 0)
            flatLeaves = regions.next(leaves.count, of: 0)
            flatLeaves.update(from: leaves, count: leaves.count)
            flatGroupStarts = regions.next(starts.count, of: 0)
            flatGroupStarts.update(from: starts, count: starts.count)
            flatGroupOf = regions.next(leafCount, of: -1)
            current = regions.next(leafCount, of: postingCursorEnd)
            boundedBlock = regions.next(leafCount, of: postingCursorEnd)
            scoredDocument = regions.next(leafCount, of: UInt32.max)
            nodeMatches = regions.next(nodeCount, of: false)
            flatGroupCount = starts.count - 1
            for group in 0..<(starts.count - 1) {
                for at in starts[group]..<starts[group + 1] where leaves[at] < leafCount { flatGroupOf[leaves[at]] = group }
            }
            flatLeavesIncrease = zip(leaves, leaves.dropFirst()).allSatisfy { $0 < $1 }
        }

        deinit {
            cursors.deinitialize(count: termCount)
            cursors.deallocate()
            scored.deinitialize(count: scoredCount)
            scored.deallocate()
            memory.deallocate()
        }
    }

    /// The most a bound's computation can understate a score by rounding, as a factor.
    private static var slack: Double { 1 + 1e-9 }

    let index: Source
    private let storage: Storage
    /// For each leaf, its term slot (≥ 0) or `-1 - ` its scored slot.
    private let slots: [Int]
    private let scorers: [TermScorer]
    /// What each leaf costs to lead a conjunction: its number of postings.
    private let costs: [Int]
    private let nodes: [Node]
    private let children: [Int]
    private let flat: FlatShape?
    private let root: ScoreNode
    private let exclusions: [[UInt32]]

    /// A search of `tree` over `index`; `nil` when some leaf can score below 0 (bounds would
    /// not hold).
    init?(tree: ScoreTree<Source.Term>, index: Source, arena: SearchArena) throws(Failure) {
        self.index = index
        root = tree.root
        exclusions = tree.exclusions
        var slots: [Int] = []
        slots.reserveCapacity(tree.leaves.count)
        var scorers: [TermScorer] = []
        scorers.reserveCapacity(tree.leaves.count)
        var costs: [Int] = []
        costs.reserveCapacity(tree.leaves.count)
        var cursors: [Source.Cursor] = []
        cursors.reserveCapacity(tree.leaves.count)
        var scored: [ScoredLeaf] = []
        for leaf in tree.leaves {
            switch leaf {
            case .term(let term, let field, let weight, let bm25, let documentFrequency):
                guard weight >= 0, weight.isFinite else { return nil }
                slots.append(cursors.count)
                cursors.append(try index.cursor(of: term, in: field, arena: arena))
                scorers.append(TermScorer(weight: weight, bm25: bm25, field: field,
                                          norms: try index.lengthNorms(of: field, bm25: bm25) ?? []))
                costs.append(documentFrequency)
            case .scored(let list):
                var ends: [Int] = []
                var bounds: [Double] = []
                var start = 0
                while start < list.count {
                    let end = Swift.min(list.count, start + StoreFormat.blockSize)
                    guard let largest = list.scores[start..<end].max(), largest >= 0, largest.isFinite else { return nil }
                    ends.append(end)
                    bounds.append(largest * Self.slack)
                    start = end
                }
                slots.append(-1 - scored.count)
                scored.append(ScoredLeaf(documents: list.documents, scores: list.scores, blockEnds: ends,
                                         blockBounds: bounds))
                costs.append(list.count)
            }
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(2 * tree.leaves.count + 2)
        var children: [Int] = []
        children.reserveCapacity(2 * tree.leaves.count + 2)
        _ = Self.flatten(tree.root, into: &nodes, children: &children)
        self.slots = slots
        self.scorers = scorers
        self.costs = costs
        self.nodes = nodes
        self.children = children
        let flat = Self.flatShape(of: tree.root)
        self.flat = flat
        storage = Storage(cursors: cursors, scored: scored, leafCount: tree.leaves.count, nodeCount: nodes.count,
                          exclusionCount: tree.exclusions.count, flat: flat)
        for leaf in slots.indices {
            let slot = slots[leaf]
            storage.current[leaf] = slot >= 0 ? storage.cursors[slot].document
                : (storage.scored[-1 - slot].documents.first ?? postingCursorEnd)
        }
    }

    /// Appends `node` (children first) to `nodes`; its index.
    private static func flatten(_ node: ScoreNode, into nodes: inout [Node], children: inout [Int]) -> Int {
        let subtree = nodes.count
        let made: Node
        switch node {
        case .leaf(let leaf):
            made = Node(kind: .leaf, value: leaf, first: 0, count: 0, required: 0, subtree: subtree)
        case .any(let list):
            let indices = list.map { flatten($0, into: &nodes, children: &children) }
            made = Node(kind: .any, value: 0, first: children.count, count: indices.count, required: 0, subtree: subtree)
            children += indices
        case .all(let required, let optional):
            let indices = (required + optional).map { flatten($0, into: &nodes, children: &children) }
            made = Node(kind: .all, value: 0, first: children.count, count: indices.count, required: required.count,
                        subtree: subtree)
            children += indices
        case .excluding(let inner, let exclusion):
            let innerIndex = flatten(inner, into: &nodes, children: &children)
            made = Node(kind: .excluding, value: exclusion, first: children.count, count: 1, required: 0,
                        subtree: subtree)
            children.append(innerIndex)
        }
        nodes.append(made)
        return nodes.count - 1
    }

    /// `root` as a ``FlatShape``, when it has that shape.
    private static func flatShape(of root: ScoreNode) -> FlatShape? {
        var node = root
        var excluded: [Int] = []
        while case .excluding(let inner, let exclusion) = node {
            excluded.append(exclusion)
            node = inner
        }
        let groups: [ScoreNode]
        let required: Int
        switch node {
        case .any(let list):
            groups = list
            required = 0
        case .all(let requiredGroups, let optional):
            groups = requiredGroups + optional
            required = requiredGroups.count
        default:
            return nil
        }
        var starts = [0]
        starts.reserveCapacity(groups.count + 1)
        var leaves: [Int] = []
        leaves.reserveCapacity(root.leafCount)
        for group in groups {
            switch group {
            case .leaf(let leaf):
                leaves.append(leaf)
            case .any(let list):
                for member in list {
                    guard case .leaf(let leaf) = member else { return nil }
                    leaves.append(leaf)
                }
            default:
                return nil
            }
            starts.append(leaves.count)
        }
        if case .all = node {
            return FlatShape(exclusions: excluded, conjunction: true, required: required, groupStarts: starts, leaves: leaves)
        }
        return FlatShape(exclusions: excluded, conjunction: false, required: 0, groupStarts: starts, leaves: leaves)
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
        let slot = slots[leaf]
        let found: UInt32
        if slot >= 0 {
            try storage.cursors[slot].advance(to: target)
            found = storage.cursors[slot].document
        } else {
            found = Self.advance(&storage.scored[-1 - slot], to: target)
        }
        storage.current[leaf] = found
        return found
    }

    private static func advance(_ leaf: inout ScoredLeaf, to target: UInt32) -> UInt32 {
        leaf.documents.withUnsafeBufferPointer { documents in
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
    }

    /// What leaf `leaf` adds to the score of `document`, the document of its current posting.
    @inline(__always)
    private func contribution(of leaf: Int, at document: UInt32) throws(Failure) -> Double {
        let slot = slots[leaf]
        guard slot >= 0 else {
            let scored = storage.scored + (-1 - slot)
            return scored.pointee.scores[scored.pointee.position]
        }
        let frequency = Int(storage.cursors[slot].frequency)
        if Int(document) < scorers[slot].norms.count {
            return scorers[slot].weight * scorers[slot].bm25.tf(frequency: frequency, norm: scorers[slot].norms[Int(document)])
        }
        let length = try index.length(of: document, in: scorers[slot].field)
        return scorers[slot].weight * scorers[slot].bm25.tf(frequency: frequency, length: length)
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
        let slot = slots[leaf]
        if slot >= 0 {
            let bounds = try storage.cursors[slot].blockBounds(reaching: start)
            guard bounds.lastDocument != postingCursorEnd else { return (postingCursorEnd, 0) }
            // A block is known by its last document: its bound is worked out once.
            if storage.boundedBlock[leaf] != bounds.lastDocument {
                storage.boundedBlock[leaf] = bounds.lastDocument
                storage.blockBound[leaf] = Self.bound(weight: scorers[slot].weight, bm25: scorers[slot].bm25,
                                                      frequency: bounds.maximumFrequency, length: bounds.minimumLength)
            }
            return (bounds.lastDocument, storage.blockBound[leaf])
        }
        let leafPointer = storage.scored + (-1 - slot)
        var block = leafPointer.pointee.block
        let position = leafPointer.pointee.position
        let ends = leafPointer.pointee.blockEnds
        while block < ends.count {
            let end = ends[block]
            if end > position, leafPointer.pointee.documents[end - 1] >= start { break }
            block += 1
        }
        leafPointer.pointee.block = block
        guard block < ends.count else { return (postingCursorEnd, 0) }
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

    /// Whether node `number` matches `document`, and its score, from the leaves scored for it:
    /// each node adds its matching children's scores in order from 0, as exhaustive
    /// evaluation does. The nodes of its subtree are evaluated in order, children first.
    private func evaluate(_ number: Int, _ document: UInt32) -> (matches: Bool, score: Double) {
        let matches = storage.nodeMatches
        let scores = storage.nodeScores
        for position in nodes[number].subtree...number {
            let node = nodes[position]
            var matched = false
            var sum = 0.0
            switch node.kind {
            case .leaf:
                if storage.scoredDocument[node.value] == document {
                    matched = true
                    sum = storage.contribution[node.value]
                }
            case .any:
                for child in children[node.first..<(node.first + node.count)] where matches[child] {
                    matched = true
                    sum += scores[child]
                }
            case .all:
                matched = true
                for child in children[node.first..<(node.first + node.required)] {
                    guard matches[child] else {
                        matched = false
                        break
                    }
                    sum += scores[child]
                }
                if matched {
                    var optionalMatches = false
                    var optionalSum = 0.0
                    for child in children[(node.first + node.required)..<(node.first + node.count)] where matches[child] {
                        optionalMatches = true
                        optionalSum += scores[child]
                    }
                    if optionalMatches { sum += optionalSum }
                } else {
                    sum = 0
                }
            case .excluding:
                let child = children[node.first]
                if !isExcluded(document, by: node.value), matches[child] {
                    matched = true
                    sum = scores[child]
                }
            }
            matches[position] = matched
            scores[position] = sum
        }
        return (matches[number], scores[number])
    }

    /// Whether the whole query matches `document`, and its score: ``evaluate(_:_:)`` of the
    /// root, to the bit.
    @inline(__always)
    private func evaluateRoot(_ document: UInt32) -> (matches: Bool, score: Double) {
        guard let flat else { return evaluate(nodes.count - 1, document) }
        let scoredDocument = storage.scoredDocument
        let contribution = storage.contribution
        let leaves = storage.flatLeaves
        let groupStarts = storage.flatGroupStarts
        var total = 0.0
        var matched = false
        var optionalTotal = 0.0
        var optionalMatched = false
        var start = groupStarts[0]
        for group in 0..<storage.flatGroupCount {
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
        guard matched, !flat.exclusions.contains(where: { isExcluded(document, by: $0) }) else { return (false, 0) }
        return (true, total)
    }

    /// Whether `document` is in exclusion list `exclusion`, read on from where the last
    /// (smaller or equal) document left it.
    @inline(__always)
    private func isExcluded(_ document: UInt32, by exclusion: Int) -> Bool {
        var cursor = storage.exclusionCursors[exclusion]
        let excluded = exclusions[exclusion]
        while cursor < excluded.count, excluded[cursor] < document { cursor += 1 }
        storage.exclusionCursors[exclusion] = cursor
        return cursor < excluded.count && excluded[cursor] == document
    }

    /// The node under the exclusions at the top, whose required clauses lead a conjunction.
    private static func structuralRoot(_ node: ScoreNode) -> ScoreNode {
        if case .excluding(let inner, _) = node { return structuralRoot(inner) }
        return node
    }

    /// The flat number of required clause `clause` of the conjunction under the exclusions at
    /// flat node `root`.
    private func number(ofRequired clause: Int, in root: Int) -> Int {
        var top = root
        while nodes[top].kind == .excluding { top = children[nodes[top].first] }
        return children[nodes[top].first + clause]
    }

    // MARK: - Searching

    /// The best `limit` documents, best first, with how many documents matched and whether that
    /// count is exact.
    func run(limit: Int, totalHitsThreshold: Int) throws(Failure)
        -> (hits: [(document: UInt32, score: Double)], totalHits: Int, exact: Bool)
    {
        let leafCount = storage.leafCount
        guard leafCount > 0, limit > 0 else { return ([], 0, true) }
        let current = storage.current
        let rootNumber = nodes.count - 1
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        var exact = true

        // Leads produce the candidates; the checks are the other leaves, tried against each
        // candidate in order, a required clause being tested once its last leaf was tried.
        var leads: [Int]
        var checkLeaves: [Int] = []
        var checkCompletes: [Int] = []  // the flat node a check completes, or -1
        // With a flat shape, the groups of the required clauses the leads do not cover,
        // cheapest first.
        var requiredGroups: [Int] = []
        if case .all(let required, let optional) = Self.structuralRoot(root) {
            let clauseCosts = required.map { $0.leaves.reduce(0) { $0 + costs[$1] } }
            let order = required.indices.sorted { clauseCosts[$0] < clauseCosts[$1] }
            leads = required[order[0]].leaves
            if flat != nil { requiredGroups = Array(order.dropFirst()) }
            for clause in order.dropFirst() {
                let leaves = required[clause].leaves
                if leaves.isEmpty { return ([], 0, true) }
                for (offset, leaf) in leaves.enumerated() {
                    checkLeaves.append(leaf)
                    checkCompletes.append(offset == leaves.count - 1 ? number(ofRequired: clause, in: rootNumber) : -1)
                }
            }
            // Optional clauses by their largest possible contribution first.
            var optionalBounds: [Int: Double] = [:]
            for leaf in optional.flatMap({ $0.leaves }) {
                optionalBounds[leaf] = try block(leaf, reaching: 0).bound
            }
            for leaf in optional.flatMap({ $0.leaves }).sorted(by: { optionalBounds[$0, default: 0] > optionalBounds[$1, default: 0] }) {
                checkLeaves.append(leaf)
                checkCompletes.append(-1)
            }
        } else {
            // The window scorer adds a document's leaves by increasing leaf, which is the
            // groups' order when their leaves increase (as the score tree numbers them).
            if let flat, !flat.conjunction, leafCount <= 64, storage.flatLeavesIncrease {
                return try scoreDisjunction(flat, limit: limit, totalHitsThreshold: totalHitsThreshold)
            }
            leads = Array(0..<leafCount)
        }
        var threshold = -Double.infinity
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 8 * (2 * leafCount + 1), alignment: 8)
        defer { memory.deallocate() }
        var regions = MemoryRegions(memory)
        let rest = regions.next(leafCount + 1, of: 0.0)
        let blockBound = regions.next(leafCount, of: 0.0)
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
            if outcome == .scored, !requiredGroups.isEmpty {
                // The required clauses are tested before anything is scored; a clause without
                // the candidate has none until its leaves' next.
                for group in requiredGroups {
                    var next = postingCursorEnd
                    for at in storage.flatGroupStarts[group]..<storage.flatGroupStarts[group + 1] {
                        next = Swift.min(next, try advance(storage.flatLeaves[at], to: candidate))
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
        return (collector.sortedHits(), matches, exact)
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
        -> (hits: [(document: UInt32, score: Double)], totalHits: Int, exact: Bool)
    {
        let leafCount = storage.leafCount
        let span = Self.windowSpan
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        var exact = true
        var threshold = -Double.infinity
        // Each leaf's contribution at each slot (row `leaf`), valid where the slot's mask has
        // the leaf's bit; the sum of each slot's essential contributions; the documents seen.
        // All in one allocation of 8-byte values.
        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: 8 * (leafCount * span + 2 * span + span / 64 + 3 * leafCount + 1), alignment: 8)
        defer { memory.deallocate() }
        var regions = MemoryRegions(memory)
        // Read only where a slot's mask has the leaf's bit, so written first: not cleared.
        let contributions = regions.uninitialized(leafCount * span, of: Double.self)
        let partials = regions.next(span, of: 0.0)
        let masks = regions.next(span, of: UInt64(0))
        let seen = regions.next(span / 64, of: UInt64(0))
        let bounds = regions.next(leafCount, of: 0.0)
        let order = regions.next(leafCount, of: 0)
        for leaf in 0..<leafCount { order[leaf] = leaf }
        let rest = regions.next(leafCount + 1, of: 0.0)

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
                var document = try advance(leaf, to: windowStart)
                let term = slots[leaf]
                while document <= windowEnd {
                    if term >= 0, let run = storage.cursors[term].postingsInBlock {
                        // A run of the block read now, scored in place (as `contribution(of:at:)` does).
                        let weight = scorers[term].weight
                        let bm25 = scorers[term].bm25
                        let norms = scorers[term].norms
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
        return (collector.sortedHits(), matches, exact)
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
        // (``Storage/flatLeavesIncrease`` holds here).
        let groupOf = storage.flatGroupOf
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
        guard !shape.exclusions.contains(where: { isExcluded(document, by: $0) }) else { return (false, 0) }
        return (true, total)
    }

    private enum Outcome { case scored, skipped, notMatching }
}
