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

    /// A scoring leaf with its position: postings (or scored documents) as flat slices, and the
    /// score bound of each block.
    private struct Cursor {
        let documents: ArraySlice<UInt32>
        /// Term leaves: each posting's frequency.
        let frequencies: ArraySlice<UInt32>
        /// Scored leaves: each document's score.
        let scores: ArraySlice<Double>
        let isScored: Bool
        let weight: Double
        let bm25: BM25
        let field: DocumentField
        /// The index (in `documents`) one past each block's last posting.
        let blockEnds: [Int]
        /// A bound on the score of each block's postings.
        let blockBounds: [Double]
        /// The largest block bound.
        let maximum: Double
        /// The BM25 length norm of `field` in every document, when the source keeps them
        /// (read at the start of ``PrunedSearch/run(limit:totalHitsThreshold:)``).
        var norms: [Double]?
        /// The current posting (an index of `documents`).
        var position: Int
        /// Its document (`UInt32.max` past the last posting).
        var current: UInt32
        /// The block holding the current posting, or the first that may hold a target.
        var block = 0

        init(documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, scores: ArraySlice<Double>,
             isScored: Bool, weight: Double, bm25: BM25, field: DocumentField, blockEnds: [Int], blockBounds: [Double])
        {
            self.documents = documents
            self.frequencies = frequencies
            self.scores = scores
            self.isScored = isScored
            self.weight = weight
            self.bm25 = bm25
            self.field = field
            self.blockEnds = blockEnds
            self.blockBounds = blockBounds
            maximum = blockBounds.max() ?? 0
            position = documents.startIndex
            current = documents.first ?? .max
        }
    }

    /// A node of the query's shape (see ``ScoreNode``) in a flat array.
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
    }

    /// The most a bound's computation can understate a score by rounding, as a factor.
    private static var slack: Double { 1 + 1e-9 }

    let index: Source
    private var cursors: [Cursor] = []
    private var nodes: [Node] = []
    private var children: [Int] = []
    private let root: ScoreNode
    private let exclusions: [[UInt32]]
    /// For each leaf, the document its contribution below is for (`UInt32.max`: none yet).
    private var scoredDocument: [UInt32]
    private var contribution: [Double]
    private var exclusionCursors: [Int]

    /// A search of `tree` over `index`; `nil` when some leaf can score below 0 (bounds would
    /// not hold).
    init?(tree: ScoreTree<Postings>, index: Source) {
        self.index = index
        root = tree.root
        exclusions = tree.exclusions
        scoredDocument = [UInt32](repeating: .max, count: tree.leaves.count)
        contribution = [Double](repeating: 0, count: tree.leaves.count)
        exclusionCursors = [Int](repeating: 0, count: tree.exclusions.count)
        for leaf in tree.leaves {
            switch leaf {
            case .term(let postings, let weight, let bm25, let field):
                guard weight >= 0, weight.isFinite else { return nil }
                let documents = postings.documentSlice
                var ends: [Int] = []
                var bounds: [Double] = []
                ends.reserveCapacity(postings.blockCount)
                bounds.reserveCapacity(postings.blockCount)
                for block in 0..<postings.blockCount {
                    ends.append(documents.startIndex + postings.blockEnd(block))
                    bounds.append(Self.bound(weight: weight, bm25: bm25, frequency: postings.blockMaximumFrequency(block),
                                             length: postings.blockMinimumLength(block)))
                }
                cursors.append(Cursor(documents: documents, frequencies: postings.frequencySlice, scores: [],
                                      isScored: false, weight: weight, bm25: bm25, field: field,
                                      blockEnds: ends, blockBounds: bounds))
            case .scored(let scored):
                var ends: [Int] = []
                var bounds: [Double] = []
                var start = 0
                while start < scored.count {
                    let end = Swift.min(scored.count, start + 128)
                    guard let largest = scored.scores[start..<end].max(), largest >= 0, largest.isFinite else { return nil }
                    ends.append(end)
                    bounds.append(largest * Self.slack)
                    start = end
                }
                cursors.append(Cursor(documents: scored.documents[...], frequencies: [], scores: scored.scores[...],
                                      isScored: true, weight: 1, bm25: BM25(parameters: BM25Parameters(), documentCount: 0,
                                                                             averageLength: 0),
                                      field: .text, blockEnds: ends, blockBounds: bounds))
            }
        }
        _ = flatten(tree.root)
    }

    /// Appends `node` (children first) to `nodes`; its index.
    private mutating func flatten(_ node: ScoreNode) -> Int {
        let made: Node
        switch node {
        case .leaf(let leaf):
            made = Node(kind: .leaf, value: leaf, first: 0, count: 0, required: 0)
        case .any(let list):
            let indices = list.map { flatten($0) }
            made = Node(kind: .any, value: 0, first: children.count, count: indices.count, required: 0)
            children += indices
        case .all(let required, let optional):
            let indices = (required + optional).map { flatten($0) }
            made = Node(kind: .all, value: 0, first: children.count, count: indices.count, required: required.count)
            children += indices
        case .excluding(let inner, let exclusion):
            let innerIndex = flatten(inner)
            made = Node(kind: .excluding, value: exclusion, first: children.count, count: 1, required: 0)
            children.append(innerIndex)
        }
        nodes.append(made)
        return nodes.count - 1
    }

    /// A bound on `weight · tf` over postings of at most `frequency` in fields at least `length`
    /// long (every field holding a term has a length of at least 1).
    private static func bound(weight: Double, bm25: BM25, frequency: UInt32, length: UInt32) -> Double {
        let value = weight * bm25.tf(frequency: Int(frequency), length: Int(Swift.max(1, length))) * slack
        return value.isNaN ? .infinity : value
    }

    // MARK: - Cursors

    /// Moves leaf `leaf` to posting `position` (an index of its documents).
    private mutating func move(_ leaf: Int, to position: Int) {
        cursors[leaf].position = position
        cursors[leaf].current = position < cursors[leaf].documents.endIndex ? cursors[leaf].documents[position] : .max
    }

    /// Moves leaf `leaf`'s block to the first one, from the current, whose last document is at
    /// least `target`.
    private mutating func advanceBlock(_ leaf: Int, to target: UInt32) {
        var block = cursors[leaf].block
        let blockCount = cursors[leaf].blockEnds.count
        let position = cursors[leaf].position
        while block < blockCount {
            let end = cursors[leaf].blockEnds[block]
            if end > position, cursors[leaf].documents[end - 1] >= target { break }
            block += 1
        }
        cursors[leaf].block = block
    }

    /// Moves leaf `leaf` to its first posting at or after `target`; its document then.
    @discardableResult
    private mutating func advance(_ leaf: Int, to target: UInt32) -> UInt32 {
        let current = cursors[leaf].current
        if current >= target { return current }
        advanceBlock(leaf, to: target)
        let block = cursors[leaf].block
        guard block < cursors[leaf].blockEnds.count else {
            move(leaf, to: cursors[leaf].documents.endIndex)
            return .max
        }
        var low = cursors[leaf].position
        var high = cursors[leaf].blockEnds[block]
        while low < high {
            let middle = low + (high - low) / 2
            if cursors[leaf].documents[middle] < target { low = middle + 1 } else { high = middle }
        }
        move(leaf, to: low)
        return cursors[leaf].current
    }

    /// Scores leaf `leaf` at its current posting, document `document`; the contribution.
    private mutating func score(_ leaf: Int, document: UInt32) throws(Source.Failure) -> Double {
        let position = cursors[leaf].position
        let value: Double
        if cursors[leaf].isScored {
            value = cursors[leaf].scores[position]
        } else if let norms = cursors[leaf].norms, Int(document) < norms.count {
            value = cursors[leaf].weight
                * cursors[leaf].bm25.tf(frequency: Int(cursors[leaf].frequencies[position]), norm: norms[Int(document)])
        } else {
            let length = try index.length(of: document, in: cursors[leaf].field)
            value = cursors[leaf].weight
                * cursors[leaf].bm25.tf(frequency: Int(cursors[leaf].frequencies[position]), length: length)
        }
        contribution[leaf] = value
        scoredDocument[leaf] = document
        return value
    }

    /// Moves every leaf's block to the one that may hold `start` and puts those blocks' bounds in
    /// `bounds` (0 for a leaf with no posting left): each leaf's postings from `start` to the
    /// window's `end` lie in that block, so the bounds hold for the whole window. `end` is
    /// `UInt32.max` when every leaf is exhausted; `total` is the bounds' sum.
    private mutating func blockWindow(from start: UInt32, bounds: inout [Double]) -> (end: UInt32, total: Double) {
        var end = UInt32.max
        var total = 0.0
        for leaf in cursors.indices {
            advanceBlock(leaf, to: start)
            let block = cursors[leaf].block
            guard block < cursors[leaf].blockEnds.count else {
                bounds[leaf] = 0
                continue
            }
            bounds[leaf] = cursors[leaf].blockBounds[block]
            total += bounds[leaf]
            end = Swift.min(end, cursors[leaf].documents[cursors[leaf].blockEnds[block] - 1])
        }
        return (end, total)
    }

    // MARK: - The shape

    /// Whether node `number` matches `document`, and its score, from the leaves scored for it:
    /// each node adds its matching children's scores in order from 0, as exhaustive
    /// evaluation does.
    private mutating func evaluate(_ number: Int, _ document: UInt32) -> (matches: Bool, score: Double) {
        let node = nodes[number]
        switch node.kind {
        case .leaf:
            return scoredDocument[node.value] == document ? (true, contribution[node.value]) : (false, 0)
        case .any:
            var matches = false
            var sum = 0.0
            for child in node.first..<(node.first + node.count) {
                let (childMatches, score) = evaluate(children[child], document)
                if childMatches {
                    matches = true
                    sum += score
                }
            }
            return (matches, sum)
        case .all:
            var sum = 0.0
            for child in node.first..<(node.first + node.required) {
                let (childMatches, score) = evaluate(children[child], document)
                guard childMatches else { return (false, 0) }
                sum += score
            }
            var optionalMatches = false
            var optionalSum = 0.0
            for child in (node.first + node.required)..<(node.first + node.count) {
                let (childMatches, score) = evaluate(children[child], document)
                if childMatches {
                    optionalMatches = true
                    optionalSum += score
                }
            }
            return (true, optionalMatches ? sum + optionalSum : sum)
        case .excluding:
            var cursor = exclusionCursors[node.value]
            let count = exclusions[node.value].count
            while cursor < count, exclusions[node.value][cursor] < document { cursor += 1 }
            exclusionCursors[node.value] = cursor
            if cursor < count, exclusions[node.value][cursor] == document { return (false, 0) }
            return evaluate(children[node.first], document)
        }
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
    mutating func run(limit: Int, totalHitsThreshold: Int) throws(Source.Failure)
        -> (hits: [(document: UInt32, score: Double)], totalHits: Int, exact: Bool)
    {
        let leafCount = cursors.count
        guard leafCount > 0, limit > 0 else { return ([], 0, true) }
        for leaf in cursors.indices where !cursors[leaf].isScored {
            cursors[leaf].norms = try index.lengthNorms(of: cursors[leaf].field, bm25: cursors[leaf].bm25)
        }
        let rootNumber = nodes.count - 1
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        var exact = true

        // Leads produce the candidates; the checks are the other leaves, tried against each
        // candidate in order, a required clause being tested once its last leaf was tried.
        var leads: [Int]
        var checkLeaves: [Int] = []
        var checkCompletes: [Int] = []  // the flat node a check completes, or -1
        let disjunction: Bool
        if case .all(let required, let optional) = Self.structuralRoot(root) {
            disjunction = false
            let costs = required.map { $0.leaves.reduce(0) { $0 + cursors[$1].documents.count } }
            let order = required.indices.sorted { costs[$0] < costs[$1] }
            leads = required[order[0]].leaves
            for clause in order.dropFirst() {
                let leaves = required[clause].leaves
                if leaves.isEmpty { return ([], 0, true) }
                for (offset, leaf) in leaves.enumerated() {
                    checkLeaves.append(leaf)
                    checkCompletes.append(offset == leaves.count - 1 ? number(ofRequired: clause, in: rootNumber) : -1)
                }
            }
            for leaf in optional.flatMap({ $0.leaves }).sorted(by: { cursors[$0].maximum > cursors[$1].maximum }) {
                checkLeaves.append(leaf)
                checkCompletes.append(-1)
            }
        } else {
            disjunction = true
            leads = Array(0..<leafCount)
        }
        var threshold = -Double.infinity
        var rest = [Double](repeating: 0, count: leafCount + 1)
        var blockBound = [Double](repeating: 0, count: leafCount)
        // The window of documents whose block bounds `blockBound` and `rest` hold, for `windowThreshold`.
        var windowEnd: UInt32 = 0
        var windowThreshold = -Double.infinity
        var switchToWindows = false

        while true {
            var candidate = UInt32.max
            for leaf in leads where cursors[leaf].current < candidate { candidate = cursors[leaf].current }
            if candidate == .max { break }

            var outcome = Outcome.scored
            let pruning = threshold > -Double.infinity
            if pruning {
                if candidate > windowEnd || windowThreshold != threshold {
                    // Block-max: every leaf's postings from the candidate up to `windowEnd` lie in
                    // one block each, whose bounds hold for the whole window.
                    let total: Double
                    (windowEnd, total) = blockWindow(from: candidate, bounds: &blockBound)
                    windowThreshold = threshold
                    if total <= threshold {
                        // No document of the window can make the hits.
                        exact = false
                        if windowEnd == .max { break }
                        for leaf in leads { advance(leaf, to: windowEnd + 1) }
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
                for leaf in leads where cursors[leaf].current == candidate { total += blockBound[leaf] }
                if total <= threshold { outcome = .skipped }
            }
            if outcome == .scored {
                var partial = 0.0
                for leaf in leads where cursors[leaf].current == candidate {
                    partial += try score(leaf, document: candidate)
                }
                for index in 0..<checkLeaves.count {
                    if pruning, (partial + rest[index]) * Self.slack <= threshold {
                        outcome = .skipped
                        break
                    }
                    let leaf = checkLeaves[index]
                    if advance(leaf, to: candidate) == candidate {
                        partial += try score(leaf, document: candidate)
                    }
                    if checkCompletes[index] >= 0, !evaluate(checkCompletes[index], candidate).matches {
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
                let (isMatch, score) = evaluate(rootNumber, candidate)
                guard isMatch else { break }
                matches += 1
                collector.offer(document: candidate, score: score)
                guard matches >= totalHitsThreshold, let worst = collector.worstScore, worst > threshold else { break }
                threshold = worst
                if disjunction {
                    switchToWindows = true
                }
            }
            for leaf in leads where cursors[leaf].current == candidate { move(leaf, to: cursors[leaf].position + 1) }
            if switchToWindows {
                if candidate < .max - 1 {
                    try scoreWindows(from: candidate + 1, collector: &collector, matches: &matches, exact: &exact,
                                     threshold: &threshold)
                }
                break
            }
        }
        return (collector.sortedHits(), matches, exact)
    }

    /// Block-max MaxScore for a disjunction once the hits have a threshold: documents are taken
    /// in windows over which every leaf's postings lie in one block; in each window the leaves
    /// whose block bounds add up to no more than the threshold only check the candidates that
    /// the others (the essential leaves) produce, and a window where all of them do is skipped.
    private mutating func scoreWindows(from start: UInt32, collector: inout TopHits.Collector, matches: inout Int,
                                       exact: inout Bool, threshold: inout Double) throws(Source.Failure)
    {
        let leafCount = cursors.count
        let rootNumber = nodes.count - 1
        var bounds = [Double](repeating: 0, count: leafCount)
        var order = Array(0..<leafCount)
        var rest = [Double](repeating: 0, count: leafCount + 1)
        var windowStart = start
        while true {
            let (windowEnd, _) = blockWindow(from: windowStart, bounds: &bounds)
            if windowEnd == .max { return }  // every leaf is exhausted
            order.sort { bounds[$0] < bounds[$1] }
            var essential = 0
            var nonEssential = 0.0
            while essential < leafCount, nonEssential + bounds[order[essential]] <= threshold {
                nonEssential += bounds[order[essential]]
                essential += 1
            }
            if essential > 0 { exact = false }
            if essential < leafCount {
                // Checks: the non-essential leaves, largest bound first.
                rest[essential] = 0
                for index in 0..<essential { rest[essential - 1 - index] = rest[essential - index] + bounds[order[index]] }
                for index in essential..<leafCount { advance(order[index], to: windowStart) }
                while true {
                    var candidate = UInt32.max
                    for index in essential..<leafCount where cursors[order[index]].current < candidate {
                        candidate = cursors[order[index]].current
                    }
                    if candidate > windowEnd { break }
                    var partial = 0.0
                    var upper = rest[0]
                    for index in essential..<leafCount where cursors[order[index]].current == candidate {
                        upper += bounds[order[index]]
                    }
                    var outcome = Outcome.scored
                    if upper <= threshold {
                        outcome = .skipped
                    } else {
                        for index in essential..<leafCount where cursors[order[index]].current == candidate {
                            partial += try score(order[index], document: candidate)
                        }
                        for check in 0..<essential {
                            if (partial + rest[check]) * Self.slack <= threshold {
                                outcome = .skipped
                                break
                            }
                            let leaf = order[essential - 1 - check]
                            if advance(leaf, to: candidate) == candidate {
                                partial += try score(leaf, document: candidate)
                            }
                        }
                    }
                    if outcome == .skipped {
                        exact = false
                    } else {
                        let (isMatch, score) = evaluate(rootNumber, candidate)
                        if isMatch {
                            matches += 1
                            collector.offer(document: candidate, score: score)
                            if let worst = collector.worstScore, worst > threshold { threshold = worst }
                        }
                    }
                    for index in essential..<leafCount where cursors[order[index]].current == candidate {
                        move(order[index], to: cursors[order[index]].position + 1)
                    }
                }
            }
            if windowEnd == .max { return }
            windowStart = windowEnd + 1
        }
    }

    private enum Outcome { case scored, skipped, notMatching }
}
