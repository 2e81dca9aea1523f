/// A ``QueryWeight`` flattened for scoring one document at a time: its scoring leaves (a term in
/// a field, or a phrase in a field) and the shape that says whether a document matches and how
/// its leaves' scores add up.
///
/// The shape adds scores in exactly the order ``Searcher/evaluate(_:)`` does — each node from
/// 0, its matching children in order — so a document scores the same bits whichever way the
/// query is evaluated.
enum ScoreNode {
    /// A scoring leaf, by its number in ``ScoreTree/leaves``.
    case leaf(Int)
    /// Matches when any child matches; the sum of the matching children.
    case any([ScoreNode])
    /// Matches when every `required` child matches; their sum, plus the sum of the matching
    /// `optional` children.
    case all(required: [ScoreNode], optional: [ScoreNode])
    /// `node`, except for the documents of exclusion list `exclusion`.
    indirect case excluding(ScoreNode, exclusion: Int)

    /// The leaves under this node, in order.
    var leaves: [Int] {
        var result: [Int] = []
        collectLeaves(into: &result)
        return result
    }

    /// The number of leaves under this node.
    var leafCount: Int {
        switch self {
        case .leaf: return 1
        case .any(let children): return children.reduce(0) { $0 + $1.leafCount }
        case .all(let required, let optional):
            return required.reduce(0) { $0 + $1.leafCount } + optional.reduce(0) { $0 + $1.leafCount }
        case .excluding(let inner, _): return inner.leafCount
        }
    }

    private func collectLeaves(into result: inout [Int]) {
        switch self {
        case .leaf(let leaf): result.append(leaf)
        case .any(let children): for child in children { child.collectLeaves(into: &result) }
        case .all(let required, let optional):
            for child in required { child.collectLeaves(into: &result) }
            for child in optional { child.collectLeaves(into: &result) }
        case .excluding(let inner, _): inner.collectLeaves(into: &result)
        }
    }
}

/// One scoring leaf of a ``ScoreTree``.
enum ScoreLeaf<Term> {
    /// A term's postings in a field, each scoring `weight · tf` with the field's formulas;
    /// `documentFrequency` is the number of its postings there.
    case term(Term, field: DocumentField, weight: Double, bm25: BM25, documentFrequency: Int)
    /// Documents already scored (a phrase in one field).
    case scored(ScoredDocuments)
}

/// A query weight as leaves plus a shape (see ``ScoreNode``), with the exclusion lists its
/// `excluding` nodes refer to.
struct ScoreTree<Term> {
    var leaves: [ScoreLeaf<Term>] = []
    /// Sorted document lists; documents in them match no `excluding` node that names them.
    var exclusions: [[UInt32]] = []
    var root: ScoreNode = .any([])
}

extension Searcher {
    /// `weight` as a ``ScoreTree``, or `nil` when its shape has no document-at-a-time form (a
    /// nested clause with only exclusions matches nearly everything).
    func scoreTree(for weight: Weight) throws(Source.Failure) -> ScoreTree<Source.Term>? {
        var tree = ScoreTree<Source.Term>()
        guard let root = try node(for: weight, into: &tree) else { return nil }
        tree.root = root
        return tree
    }

    private func node(for weight: Weight, into tree: inout ScoreTree<Source.Term>)
        throws(Source.Failure) -> ScoreNode?
    {
        switch weight {
        case .terms(let terms):
            var children: [ScoreNode] = []
            children.reserveCapacity(terms.fieldTerms.count)
            for term in terms.fieldTerms {
                let frequency = index.documentFrequency(of: term.termID, in: term.field)
                guard frequency > 0 else { continue }
                tree.leaves.append(.term(term.termID, field: term.field, weight: term.boost * term.idf,
                                         bm25: bm25[term.field.index], documentFrequency: frequency))
                children.append(.leaf(tree.leaves.count - 1))
            }
            return .any(children)
        case .phrase(let phrase):
            var children: [ScoreNode] = []
            for field in phrase.fields {
                let scored = try score(phrase, in: field)
                guard scored.count > 0 else { continue }
                tree.leaves.append(.scored(scored))
                children.append(.leaf(tree.leaves.count - 1))
            }
            return .any(children)
        case .boolean(let should, let must, let mustNot):
            if should.isEmpty && must.isEmpty { return nil }
            var optional: [ScoreNode] = []
            optional.reserveCapacity(should.count)
            for clause in should {
                guard let child = try node(for: clause, into: &tree) else { return nil }
                optional.append(child)
            }
            var required: [ScoreNode] = []
            required.reserveCapacity(must.count)
            for clause in must {
                guard let child = try node(for: clause, into: &tree) else { return nil }
                required.append(child)
            }
            var result: ScoreNode = required.isEmpty ? .any(optional) : .all(required: required, optional: optional)
            if !mustNot.isEmpty {
                var excluded: [ScoredDocuments] = []
                for clause in mustNot { excluded.append(try evaluate(clause)) }
                tree.exclusions.append(ScoredDocuments.union(excluded).documents)
                result = .excluding(result, exclusion: tree.exclusions.count - 1)
            }
            return result
        }
    }
}
