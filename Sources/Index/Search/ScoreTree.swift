/// A node of a ``ScoreTree``'s shape, which says whether a document matches and how its
/// leaves' scores add up. Nodes are kept children first, so a node's subtree is the run of
/// nodes from ``subtree`` to the node itself.
///
/// The shape adds scores in exactly the order ``Searcher/evaluate(_:)`` does — each node from
/// 0, its matching children in order — so a document scores the same bits whichever way the
/// query is evaluated. Its rules (``ScoreTree/evaluate(_:matches:scores:leaf:isExcluded:)``)
/// are the query language's must / should / must-not, written once for the pruned search and
/// for explanations.
struct ScoreNode {
    /// What part of the query a node stands for, which names it in an explanation.
    enum Role {
        /// A term's or a prefix's leaves: each field, or each term over its fields.
        case terms
        /// A phrase's leaves, one per field.
        case phrase
        /// A boolean query's clauses.
        case clauses
        /// A leaf.
        case leaf
    }

    enum Kind {
        /// A scoring leaf, by its number in ``ScoreTree/leaves`` (``value``).
        case leaf
        /// Matches when any child matches; the sum of the matching children.
        case any
        /// Matches when every required child matches; their sum, plus the sum of the matching
        /// optional children.
        case all
        /// Its one child, except for the documents of exclusion list ``value``.
        case excluding
        /// Every document, scoring 0: what a clause of only exclusions excludes from (in
        /// explanation trees only; see ``Searcher/explanationTree(for:)``).
        case everything
    }

    let kind: Kind
    let role: Role
    /// `leaf`: the leaf's number; `excluding`: the exclusion list's.
    let value: Int
    /// The children are ``ScoreTree/children``[`first..<first + count`]; for `all`, the first
    /// `required` of them are required.
    let first: Int
    let count: Int
    let required: Int
    /// The first node of its subtree.
    let subtree: Int
}

/// One scoring leaf of a ``ScoreTree``.
enum ScoreLeaf<Term> {
    /// A term's postings in a field, each scoring `boost · idf · tf` with the field's formulas;
    /// `documentFrequency` is the number of its postings there.
    case term(FieldTerm<Term>, bm25: BM25, documentFrequency: Int)
    /// A term (or a word's `variants`) in several fields, scored by BM25F at once: `weight`
    /// times `bm25f`'s score, with idf `idf`, of the pseudo-frequency its postings in all of
    /// them add up to; `documentFrequency` is the number of its postings over the fields.
    case overFields(ArraySlice<FieldTerm<Term>>, idf: Double, weight: Double, bm25f: BM25F, documentFrequency: Int,
                    variants: Bool)
    /// Documents already scored (a phrase in one field), increasing, in the search's arena.
    case scored(documents: UnsafeBufferPointer<UInt32>, scores: UnsafeBufferPointer<Double>)
    /// A phrase in one field, not scored ahead (in explanation trees).
    case phrase(PhraseWeight<Term>, in: PhraseWeight<Term>.InField)
}

/// A ``QueryWeight`` flattened for scoring one document at a time: its scoring leaves (a term
/// in a field, or a phrase in a field), its shape (see ``ScoreNode``) and the exclusion lists
/// its `excluding` nodes refer to, all in the search's ``SearchArena``.
struct ScoreTree<Term>: ~Copyable {
    var leaves: ArenaBuffer<ScoreLeaf<Term>>
    /// Sorted document lists; documents in them match no `excluding` node that names them.
    var exclusions: ArenaBuffer<[UInt32]>
    /// The nodes, children first: the last is the root.
    let nodes: UnsafeMutablePointer<ScoreNode>
    private(set) var nodeCount = 0
    /// Every node's children, a run per node.
    let children: UnsafeMutablePointer<Int>
    private(set) var childCount = 0
    /// Nodes made and not yet given a parent, while the tree is built.
    private let pending: UnsafeMutablePointer<Int>
    private(set) var pendingCount = 0
    private let nodeCapacity: Int

    /// An empty tree with room for the leaves, nodes and exclusions of `weight`.
    init(roomFor weight: QueryWeight<Term>, in arena: SearchArena) {
        var leafCount = 0
        var nodeCount = 0
        var exclusionCount = 0
        func count(_ weight: QueryWeight<Term>) {
            switch weight {
            case .terms(let terms):
                leafCount += terms.fieldTerms.count
                nodeCount += terms.fieldTerms.count + 1
            case .phrase(let phrase):
                leafCount += phrase.fields.count
                nodeCount += phrase.fields.count + 1
            case .boolean(let should, let must, let mustNot):
                nodeCount += 2
                if !mustNot.isEmpty { exclusionCount += 1 }
                if should.isEmpty && must.isEmpty { nodeCount += 1 }
                for clause in should { count(clause) }
                for clause in must { count(clause) }
            }
        }
        count(weight)
        leaves = ArenaBuffer(capacity: leafCount, in: arena)
        exclusions = ArenaBuffer(capacity: exclusionCount, in: arena)
        nodes = arena.uninitialized(nodeCount, of: ScoreNode.self)
        children = arena.uninitialized(nodeCount, of: Int.self)
        pending = arena.uninitialized(nodeCount, of: Int.self)
        nodeCapacity = nodeCount
    }

    /// The root's number.
    var root: Int { nodeCount - 1 }

    /// Whether node `number` matches `document`, and its score, with each node of its subtree's
    /// in `matches` and `scores` (by node number): a leaf's from `leaf` (whether the leaf, by
    /// its number, matches the document and what it adds), exclusion list `e`'s membership from
    /// `isExcluded(e)`. Each node adds its matching children's scores in order from 0, as
    /// exhaustive evaluation does: an `any` node matches when a child does; an `all` node when
    /// every required child does, adding the optional children's sum when any of them match;
    /// an `excluding` node when its child does and the document is not excluded.
    @inline(__always)
    func evaluate(_ number: Int, matches: UnsafeMutablePointer<Bool>, scores: UnsafeMutablePointer<Double>,
                  leaf: (Int) -> (matches: Bool, score: Double), isExcluded: (Int) -> Bool)
        -> (matches: Bool, score: Double)
    {
        for position in nodes[number].subtree...number {
            let node = nodes[position]
            var matched = false
            var sum = 0.0
            switch node.kind {
            case .leaf:
                (matched, sum) = leaf(node.value)
            case .any:
                for at in node.first..<(node.first + node.count) where matches[children[at]] {
                    matched = true
                    sum += scores[children[at]]
                }
            case .all:
                matched = true
                for at in node.first..<(node.first + node.required) {
                    let child = children[at]
                    guard matches[child] else {
                        matched = false
                        break
                    }
                    sum += scores[child]
                }
                if matched {
                    var optionalMatches = false
                    var optionalSum = 0.0
                    for at in (node.first + node.required)..<(node.first + node.count) where matches[children[at]] {
                        optionalMatches = true
                        optionalSum += scores[children[at]]
                    }
                    if optionalMatches { sum += optionalSum }
                } else {
                    sum = 0
                }
            case .excluding:
                let child = children[node.first]
                if matches[child], !isExcluded(node.value) {
                    matched = true
                    sum = scores[child]
                }
            case .everything:
                matched = true
            }
            matches[position] = matched
            scores[position] = sum
        }
        return (matches[number], scores[number])
    }

    /// The leaves under node `number`, in order, passed to `body`.
    func forEachLeaf<Failure: Error>(under number: Int, _ body: (Int) throws(Failure) -> Void) throws(Failure) {
        for position in nodes[number].subtree...number where nodes[position].kind == .leaf {
            try body(nodes[position].value)
        }
    }

    /// The first leaf under node `number`, if any.
    func firstLeaf(under number: Int) -> Int? {
        for position in nodes[number].subtree...number where nodes[position].kind == .leaf { return nodes[position].value }
        return nil
    }

    /// The number of leaves under node `number`.
    func leafCount(under number: Int) -> Int {
        var count = 0
        forEachLeaf(under: number) { _ in count += 1 }
        return count
    }

    /// Adds a leaf node for the leaf added last to ``leaves``, awaiting its parent.
    mutating func addLeafNode() {
        add(ScoreNode(kind: .leaf, role: .leaf, value: leaves.count - 1, first: 0, count: 0, required: 0, subtree: nodeCount))
    }

    /// Adds an `everything` node, awaiting its parent.
    mutating func addEverything() {
        add(ScoreNode(kind: .everything, role: .clauses, value: 0, first: 0, count: 0, required: 0, subtree: nodeCount))
    }

    /// Adds an `any` node (`required` is 0) or an `all` node over the nodes made since
    /// `pendingCount` was `mark`, which begin at node `subtree`: the last `required` of them
    /// are its required children, put first, and the others its optional ones.
    mutating func addParent(_ kind: ScoreNode.Kind, role: ScoreNode.Role, since mark: Int, required: Int, subtree: Int) {
        let count = pendingCount - mark
        let first = childCount
        for at in (pendingCount - required)..<pendingCount { children[childCount] = pending[at]; childCount += 1 }
        for at in mark..<(pendingCount - required) { children[childCount] = pending[at]; childCount += 1 }
        pendingCount = mark
        add(ScoreNode(kind: kind, role: role, value: 0, first: first, count: count, required: required, subtree: subtree))
    }

    /// Puts an `excluding` node for exclusion list `exclusion` over the node made last.
    mutating func addExclusion(_ exclusion: Int) {
        pendingCount -= 1
        let inner = pending[pendingCount]
        children[childCount] = inner
        childCount += 1
        add(ScoreNode(kind: .excluding, role: .clauses, value: exclusion, first: childCount - 1, count: 1, required: 0,
                      subtree: nodes[inner].subtree))
    }

    private mutating func add(_ node: ScoreNode) {
        precondition(nodeCount < nodeCapacity, "ScoreTree sized too small")
        (nodes + nodeCount).initialize(to: node)
        pending[pendingCount] = nodeCount
        pendingCount += 1
        nodeCount += 1
    }
}

extension Searcher {
    /// `weight` as a ``ScoreTree`` to search, its phrases scored ahead in the arena, or `nil`
    /// when its shape has no document-at-a-time form (a nested clause with only exclusions
    /// matches nearly everything).
    func scoreTree(for weight: Weight) throws(Source.Failure) -> ScoreTree<Source.Term>? {
        var tree = ScoreTree<Source.Term>(roomFor: weight, in: arena)
        guard try addNode(for: weight, to: &tree, explaining: false) else { return nil }
        return tree
    }

    /// `weight` as a ``ScoreTree`` to explain documents with (see ``explain(_:document:)``):
    /// every shape has one, with an `everything` node under a clause of only exclusions, and
    /// phrases are scored document by document.
    func explanationTree(for weight: Weight) throws(Source.Failure) -> ScoreTree<Source.Term> {
        var tree = ScoreTree<Source.Term>(roomFor: weight, in: arena)
        _ = try addNode(for: weight, to: &tree, explaining: true)
        return tree
    }

    /// Adds `weight`'s nodes to `tree`; `false` when it has no document-at-a-time form (never
    /// when `explaining`).
    private func addNode(for weight: Weight, to tree: inout ScoreTree<Source.Term>, explaining: Bool)
        throws(Source.Failure) -> Bool
    {
        let mark = tree.pendingCount
        let subtree = tree.nodeCount
        switch weight {
        case .terms(let terms):
            if let bm25f {
                // BM25F: one leaf per term over its fields (or per word's variants), in the order
                // exhaustive evaluation unites them.
                for (group, idf) in scoringGroups(terms, bm25f) {
                    let fieldTerms = terms.fieldTerms[group]
                    let frequency = fieldTerms.reduce(0) { $0 + index.documentFrequency(of: $1.termID, in: $1.field) }
                    guard frequency > 0 else { continue }
                    tree.leaves.append(.overFields(fieldTerms, idf: idf, weight: terms.weight, bm25f: bm25f,
                                                   documentFrequency: frequency, variants: terms.variantsIDF != nil))
                    tree.addLeafNode()
                }
            } else {
                for term in terms.fieldTerms {
                    let frequency = index.documentFrequency(of: term.termID, in: term.field)
                    guard frequency > 0 else { continue }
                    tree.leaves.append(.term(term, bm25: bm25[term.field.index], documentFrequency: frequency))
                    tree.addLeafNode()
                }
            }
            tree.addParent(.any, role: .terms, since: mark, required: 0, subtree: subtree)
        case .phrase(let phrase):
            for field in phrase.fields {
                if explaining {
                    tree.leaves.append(.phrase(phrase, in: field))
                } else {
                    let scored = try scoreInArena(phrase, in: field)
                    guard scored.documents.count > 0 else { continue }
                    tree.leaves.append(.scored(documents: scored.documents, scores: scored.scores))
                }
                tree.addLeafNode()
            }
            tree.addParent(.any, role: .phrase, since: mark, required: 0, subtree: subtree)
        case .boolean(let should, let must, let mustNot):
            if should.isEmpty && must.isEmpty {
                guard explaining else { return false }
                guard !mustNot.isEmpty else {
                    // Nothing to match: a node without children matches no document.
                    tree.addParent(.any, role: .clauses, since: mark, required: 0, subtree: subtree)
                    return true
                }
                tree.addEverything()
            } else {
                for clause in should { guard try addNode(for: clause, to: &tree, explaining: explaining) else { return false } }
                for clause in must { guard try addNode(for: clause, to: &tree, explaining: explaining) else { return false } }
                tree.addParent(must.isEmpty ? .any : .all, role: .clauses, since: mark, required: must.count, subtree: subtree)
            }
            if !mustNot.isEmpty {
                var excluded: [ScoredDocuments] = []
                for clause in mustNot { excluded.append(try evaluate(clause)) }
                tree.exclusions.append(ScoredDocuments.union(excluded).documents)
                tree.addExclusion(tree.exclusions.count - 1)
            }
        }
        return true
    }
}
