/// The best documents of a query, found one document at a time while skipping the documents
/// (and blocks of postings) whose score bounds cannot reach the hits kept so far: block-max
/// MaxScore for disjunctions, and a conjunction led by its rarest required clause.
///
/// Every document it scores gets the same score, to the last bit, as ``Searcher/evaluate(_:)``
/// gives it, and the hits are those that exhaustive evaluation ranks best (ties by document
/// order). Matches are counted exactly until `totalHitsThreshold` of them have been seen; past
/// that the count is a lower bound once anything was skipped.
struct PrunedSearch<Source: SearchSource> {
    typealias Postings = Source.Postings

    /// A scoring leaf with its cursor.
    private struct Cursor {
        let leaf: ScoreLeaf<Postings>
        let count: Int
        /// The current posting.
        var position = 0
        /// Its document (`UInt32.max` past the last posting).
        var current: UInt32 = .max
        /// The block holding the current posting (or the first block that may hold a target).
        var block = 0
        let blockCount: Int
        /// The block whose bound `blockBound` holds, or -1.
        var boundBlock = -1
        var blockBound = 0.0
        /// A bound on the score of any of the leaf's postings.
        var maximum = 0.0
        /// For a scored leaf: the largest score of each run of 128 postings.
        var scoredBlockMaxima: [Double] = []
    }

    /// The most a bound's computation can understate a score by rounding, as a factor.
    private static var slack: Double { 1 + 1e-9 }

    let index: Source
    private var cursors: [Cursor] = []
    private let tree: ScoreTree<Postings>
    /// For each leaf, the document its contribution below is for (`UInt32.max`: none yet).
    private var scoredDocument: [UInt32]
    private var contribution: [Double]
    private var exclusionCursors: [Int]

    /// A search of `tree` over `index`; `nil` when some leaf can score below 0 (bounds would
    /// not hold).
    init?(tree: ScoreTree<Postings>, index: Source) {
        self.index = index
        self.tree = tree
        scoredDocument = [UInt32](repeating: .max, count: tree.leaves.count)
        contribution = [Double](repeating: 0, count: tree.leaves.count)
        exclusionCursors = [Int](repeating: 0, count: tree.exclusions.count)
        for leaf in tree.leaves {
            switch leaf {
            case .term(let postings, let weight, let bm25, _):
                guard weight >= 0, weight.isFinite else { return nil }
                var cursor = Cursor(leaf: leaf, count: postings.count, blockCount: postings.blockCount)
                var maximum = 0.0
                for block in 0..<postings.blockCount {
                    maximum = Swift.max(maximum, Self.bound(weight: weight, bm25: bm25,
                                                            frequency: postings.blockMaximumFrequency(block),
                                                            length: postings.blockMinimumLength(block)))
                }
                cursor.maximum = maximum
                cursors.append(cursor)
            case .scored(let scored):
                let blocks = (scored.count + 127) / 128
                var cursor = Cursor(leaf: leaf, count: scored.count, blockCount: blocks)
                cursor.scoredBlockMaxima.reserveCapacity(blocks)
                for block in 0..<blocks {
                    let slice = scored.scores[(block * 128)..<Swift.min(scored.count, (block + 1) * 128)]
                    guard let largest = slice.max(), largest >= 0, largest.isFinite else { return nil }
                    cursor.scoredBlockMaxima.append(largest * Self.slack)
                }
                cursor.maximum = cursor.scoredBlockMaxima.max() ?? 0
                cursors.append(cursor)
            }
        }
        for leaf in cursors.indices { move(leaf, to: 0) }
    }

    /// A bound on `weight · tf` over postings of at most `frequency` in fields at least `length`
    /// long (every field holding a term has a length of at least 1).
    private static func bound(weight: Double, bm25: BM25, frequency: UInt32, length: UInt32) -> Double {
        let value = weight * bm25.tf(frequency: Int(frequency), length: Int(Swift.max(1, length))) * slack
        return value.isNaN ? .infinity : value
    }

    // MARK: - Cursors

    private func document(_ leaf: Int) -> UInt32 { cursors[leaf].current }

    /// Moves leaf `leaf` to posting `position`.
    private mutating func move(_ leaf: Int, to position: Int) {
        cursors[leaf].position = position
        cursors[leaf].current = position < cursors[leaf].count ? document(leaf, at: position) : .max
    }

    private func document(_ leaf: Int, at position: Int) -> UInt32 {
        switch cursors[leaf].leaf {
        case .term(let postings, _, _, _): return postings.document(at: position)
        case .scored(let scored): return scored.documents[position]
        }
    }

    private func blockEnd(_ leaf: Int, _ block: Int) -> Int {
        switch cursors[leaf].leaf {
        case .term(let postings, _, _, _): return postings.blockEnd(block)
        case .scored(let scored): return Swift.min(scored.count, (block + 1) * 128)
        }
    }

    /// Moves leaf `leaf`'s block to the first one whose last document is at least `target`.
    private mutating func advanceBlock(_ leaf: Int, to target: UInt32) {
        var block = cursors[leaf].block
        let blockCount = cursors[leaf].blockCount
        while block < blockCount {
            let end = blockEnd(leaf, block)
            if end > 0, end > cursors[leaf].position, document(leaf, at: end - 1) >= target { break }
            block += 1
        }
        cursors[leaf].block = block
    }

    /// The bound of leaf `leaf`'s postings at or after `target` in the block that may hold it
    /// (0 when the leaf has no posting left).
    private mutating func bound(_ leaf: Int, at target: UInt32) -> Double {
        advanceBlock(leaf, to: target)
        let block = cursors[leaf].block
        guard block < cursors[leaf].blockCount else { return 0 }
        if cursors[leaf].boundBlock != block {
            let value: Double
            switch cursors[leaf].leaf {
            case .term(let postings, let weight, let bm25, _):
                value = Self.bound(weight: weight, bm25: bm25, frequency: postings.blockMaximumFrequency(block),
                                   length: postings.blockMinimumLength(block))
            case .scored:
                value = cursors[leaf].scoredBlockMaxima[block]
            }
            cursors[leaf].boundBlock = block
            cursors[leaf].blockBound = value
        }
        return cursors[leaf].blockBound
    }

    /// Moves leaf `leaf` to its first posting at or after `target`; its document then.
    @discardableResult
    private mutating func advance(_ leaf: Int, to target: UInt32) -> UInt32 {
        let current = document(leaf)
        if current >= target { return current }
        advanceBlock(leaf, to: target)
        let block = cursors[leaf].block
        guard block < cursors[leaf].blockCount else {
            move(leaf, to: cursors[leaf].count)
            return .max
        }
        // Binary search in the block (from the current posting if it lies there).
        var low = Swift.max(cursors[leaf].position, block > 0 ? blockEnd(leaf, block - 1) : 0)
        var high = blockEnd(leaf, block)
        while low < high {
            let middle = low + (high - low) / 2
            if document(leaf, at: middle) < target { low = middle + 1 } else { high = middle }
        }
        move(leaf, to: low)
        return document(leaf)
    }

    /// Scores leaf `leaf` at its current posting, document `document`.
    private mutating func score(_ leaf: Int, document: UInt32) throws(Source.Failure) {
        let position = cursors[leaf].position
        let value: Double
        switch cursors[leaf].leaf {
        case .term(let postings, let weight, let bm25, let field):
            let tf = bm25.tf(frequency: Int(postings.frequency(at: position)),
                             length: try index.length(of: document, in: field))
            value = weight * tf
        case .scored(let scored):
            value = scored.scores[position]
        }
        contribution[leaf] = value
        scoredDocument[leaf] = document
    }

    // MARK: - The shape

    /// Whether `node` matches `document`, and its score, from the leaves scored for it.
    private mutating func evaluate(_ node: ScoreNode, _ document: UInt32) -> (matches: Bool, score: Double) {
        switch node {
        case .leaf(let leaf):
            return scoredDocument[leaf] == document ? (true, contribution[leaf]) : (false, 0)
        case .any(let children):
            var matches = false
            var sum = 0.0
            for child in children {
                let (childMatches, score) = evaluate(child, document)
                if childMatches {
                    matches = true
                    sum += score
                }
            }
            return (matches, sum)
        case .all(let required, let optional):
            var sum = 0.0
            for child in required {
                let (childMatches, score) = evaluate(child, document)
                guard childMatches else { return (false, 0) }
                sum += score
            }
            var optionalMatches = false
            var optionalSum = 0.0
            for child in optional {
                let (childMatches, score) = evaluate(child, document)
                if childMatches {
                    optionalMatches = true
                    optionalSum += score
                }
            }
            return (true, optionalMatches ? sum + optionalSum : sum)
        case .excluding(let inner, let exclusion):
            let list = tree.exclusions[exclusion]
            var cursor = exclusionCursors[exclusion]
            while cursor < list.count, list[cursor] < document { cursor += 1 }
            exclusionCursors[exclusion] = cursor
            if cursor < list.count, list[cursor] == document { return (false, 0) }
            return evaluate(inner, document)
        }
    }

    /// The node under the exclusions at the top, whose required clauses lead a conjunction.
    private static func structuralRoot(_ node: ScoreNode) -> ScoreNode {
        if case .excluding(let inner, _) = node { return structuralRoot(inner) }
        return node
    }

    // MARK: - Searching

    /// The best `limit` documents, best first, with how many documents matched and whether that
    /// count is exact.
    mutating func run(limit: Int, totalHitsThreshold: Int) throws(Source.Failure)
        -> (hits: [(document: UInt32, score: Double)], totalHits: Int, exact: Bool)
    {
        let leafCount = cursors.count
        guard leafCount > 0, limit > 0 else { return ([], 0, true) }
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        var exact = true

        // Leads produce the candidates; the checks are the other leaves, tried against each
        // candidate in order, a required clause being tested once its last leaf was tried.
        var leads: [Int]
        var checks: [(leaf: Int, completes: ScoreNode?)] = []
        let disjunction: Bool
        if case .all(let required, let optional) = Self.structuralRoot(tree.root) {
            disjunction = false
            let costs = required.map { $0.leaves.reduce(0) { $0 + cursors[$1].count } }
            let order = required.indices.sorted { costs[$0] < costs[$1] }
            leads = required[order[0]].leaves
            for clause in order.dropFirst() {
                let leaves = required[clause].leaves
                for (offset, leaf) in leaves.enumerated() {
                    checks.append((leaf, offset == leaves.count - 1 ? required[clause] : nil))
                }
                if leaves.isEmpty { return ([], 0, true) }
            }
            for leaf in optional.flatMap({ $0.leaves }).sorted(by: { cursors[$0].maximum > cursors[$1].maximum }) {
                checks.append((leaf, nil))
            }
        } else {
            disjunction = true
            leads = Array(0..<leafCount)
        }
        // MaxScore: leaves by increasing bound; the first `essentialStart` of them cannot make
        // a document competitive on their own, so they stop leading.
        let byBound = (0..<leafCount).sorted { cursors[$0].maximum < cursors[$1].maximum }
        var essentialStart = 0
        var nonEssentialBound = 0.0
        var threshold = -Double.infinity
        var rest = [Double](repeating: 0, count: leafCount + 1)

        while true {
            var candidate = UInt32.max
            for leaf in leads where cursors[leaf].current < candidate { candidate = cursors[leaf].current }
            if candidate == .max { break }

            var outcome = Outcome.scored
            let pruning = threshold > -Double.infinity
            if pruning {
                // What the checks can still add at the candidate, by their blocks' bounds.
                rest[checks.count] = 0
                for index in stride(from: checks.count - 1, through: 0, by: -1) {
                    rest[index] = rest[index + 1] + bound(checks[index].leaf, at: candidate)
                }
                var bound = rest[0]
                for leaf in leads where cursors[leaf].current == candidate { bound += self.bound(leaf, at: candidate) }
                if bound <= threshold { outcome = .skipped }
            }
            if outcome == .scored {
                var partial = 0.0
                for leaf in leads where cursors[leaf].current == candidate {
                    try score(leaf, document: candidate)
                    partial += contribution[leaf]
                }
                for (index, check) in checks.enumerated() {
                    if pruning, partial + rest[index] <= threshold {
                        outcome = .skipped
                        break
                    }
                    if advance(check.leaf, to: candidate) == candidate {
                        try score(check.leaf, document: candidate)
                        partial += contribution[check.leaf]
                    }
                    if let required = check.completes, !evaluate(required, candidate).matches {
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
                let (isMatch, score) = evaluate(tree.root, candidate)
                guard isMatch else { break }
                matches += 1
                collector.offer(document: candidate, score: score)
                guard matches >= totalHitsThreshold, let worst = collector.worstScore, worst > threshold else { break }
                threshold = worst
                if disjunction {
                    while essentialStart < byBound.count,
                          nonEssentialBound + cursors[byBound[essentialStart]].maximum <= threshold
                    {
                        nonEssentialBound += cursors[byBound[essentialStart]].maximum
                        essentialStart += 1
                    }
                    if essentialStart > 0 {
                        exact = false
                        leads = byBound[essentialStart...].sorted()
                        checks = byBound[..<essentialStart].reversed().map { ($0, nil) }
                    }
                }
            }
            for leaf in leads where cursors[leaf].current == candidate { move(leaf, to: cursors[leaf].position + 1) }
        }
        return (collector.sortedHits(), matches, exact)
    }

    private enum Outcome { case scored, skipped, notMatching }
}
