import Foundation

/// The second ranking phase (see ``RerankParameters``): rescores the best first-phase hits by
/// query-term coverage and term proximity, reading postings and positions through the
/// ``SearchSource``. It only needs the query's weight and the candidates' first-phase scores,
/// so it works whatever way the first phase found them. Its state is in the search's
/// ``SearchArena``.
struct Reranker<Source: SearchSource>: ~Copyable {
    /// A term clause of the query: the (term, field) pairs it may match.
    struct Clause {
        let fieldTerms: [FieldTerm<Source.Term>]
    }

    /// A distinct query term (or prefix expansion) in the text field, for proximity: the
    /// text-field terms of clause `clause`.
    struct TextTerm {
        let clause: Int
        /// The largest idf of its terms in the text field.
        let idf: Double
    }

    /// What the second phase did to one document.
    struct Rescored {
        let document: UInt32
        /// The first-phase (BM25) score.
        let firstPhase: Double
        /// The proximity bonus, weight and text boost included.
        let proximity: Double
        /// `(matched / clauses)^coverage`.
        let coverageFactor: Double
        /// `(firstPhase + proximity) · coverageFactor`.
        var score: Double { (firstPhase + proximity) * coverageFactor }
    }

    let index: Source
    let parameters: RerankParameters
    /// Every term clause of the query's required and optional parts, in query order.
    let clauses: ArenaBuffer<Clause>
    /// The distinct text-field terms, for proximity.
    let textTerms: UnsafeMutableBufferPointer<TextTerm>
    /// The text field's BM25 constants (for the closeness saturation).
    let textBM25: BM25
    let textBoost: Double
    /// The memory the search works in (cursors over the text postings, positions).
    let arena: SearchArena

    init(weight: QueryWeight<Source.Term>, index: Source, bm25: PerField<BM25>, boosts: FieldBoosts,
         parameters: RerankParameters, arena: SearchArena)
    {
        self.index = index
        self.arena = arena
        var clamped = parameters
        clamped.coverage = parameters.coverage.isFinite ? min(BM25.largestConstant, max(0, parameters.coverage)) : 0
        clamped.proximity = parameters.proximity.isFinite ? min(BM25.largestConstant, max(0, parameters.proximity)) : 0
        clamped.window = max(1, parameters.window)
        clamped.depth = max(0, parameters.depth)
        self.parameters = clamped
        var clauses = ArenaBuffer<Clause>(capacity: Self.clauseCount(weight), in: arena)
        Self.collect(weight, into: &clauses)
        let textTerms = arena.uninitialized(clauses.count, of: TextTerm.self)
        var textTermCount = 0
        for number in clauses.indices {
            let fieldTerms = clauses.base[number].fieldTerms
            var idf = -Double.infinity
            for term in fieldTerms where term.field == .text { idf = max(idf, term.idf) }
            guard idf > -Double.infinity else { continue }
            // A handful of clauses: a repeated one is found by looking through those kept.
            let repeated = (0..<textTermCount).contains { kept in
                Self.textTermIDs(of: clauses.base[textTerms[kept].clause].fieldTerms)
                    .elementsEqual(Self.textTermIDs(of: fieldTerms))
            }
            guard !repeated else { continue }
            textTerms[textTermCount] = TextTerm(clause: number, idf: idf)
            textTermCount += 1
        }
        self.clauses = clauses
        self.textTerms = UnsafeMutableBufferPointer(start: textTerms, count: textTermCount)
        textBM25 = bm25[DocumentField.text.index]
        textBoost = boosts.text
    }

    /// The text-field term ids of a clause, in order.
    static func textTermIDs(of fieldTerms: [FieldTerm<Source.Term>]) -> some Sequence<Source.Term> {
        fieldTerms.lazy.filter { $0.field == .text }.map(\.termID)
    }

    /// Whether rescoring can change any score: with no pair of distinct text terms and no
    /// coverage factor, every candidate keeps its first-phase score and order, and the first
    /// phase need only find the hits asked for.
    var changesScores: Bool {
        (parameters.proximity > 0 && textTerms.count > 1) || (parameters.coverage > 0 && !clauses.isEmpty)
    }

    /// The number of term clauses of `weight`'s positive parts.
    private static func clauseCount(_ weight: QueryWeight<Source.Term>) -> Int {
        var count = 0
        weight.forEachPositiveLeaf { if case .terms = $0 { count += 1 } }
        return count
    }

    /// The term clauses of `weight`'s positive parts (phrases and exclusions are left out); the
    /// neighbouring clauses of one fuzzy word's expansions make one clause.
    private static func collect(_ weight: QueryWeight<Source.Term>, into clauses: inout ArenaBuffer<Clause>) {
        var previous: String?
        weight.forEachPositiveLeaf { leaf in
            guard case .terms(let terms) = leaf else {
                previous = nil
                return
            }
            if let word = terms.expansionOf, word == previous, !clauses.isEmpty {
                let last = clauses.base + (clauses.count - 1)
                last.pointee = Clause(fieldTerms: last.pointee.fieldTerms + terms.fieldTerms)
            } else {
                clauses.append(Clause(fieldTerms: terms.fieldTerms))
            }
            previous = terms.expansionOf
        }
    }

    /// The best `limit` of `candidates` (first-phase hits, best first) after rescoring the
    /// first `max(limit, depth)` of them, best first.
    func rerank(_ candidates: [ScoredHit], limit: Int) throws(Source.Failure)
        -> [ScoredHit]
    {
        guard limit > 0 else { return [] }
        let count = min(candidates.count, max(limit, parameters.depth))
        let rescored = UnsafeMutableBufferPointer(start: arena.copy(of: candidates.prefix(count)), count: count)
        var lists = try textPostings()
        // In document order, so that each list is walked forward once (the order is restored below).
        TopHits.sort(rescored) { $0.document < $1.document }
        for index in rescored.indices {
            let candidate = rescored[index]
            let result = try rescore(candidate.document, firstPhase: candidate.score, textPostings: &lists)
            rescored[index] = ScoredHit(document: candidate.document, score: result.score)
        }
        TopHits.sort(rescored, by: TopHits.isBetter)
        return Array(rescored.prefix(limit))
    }

    /// The second-phase score of `document`, whose first-phase score is `firstPhase`;
    /// `textPostings` is what ``textPostings()`` returns.
    func rescore(_ document: UInt32, firstPhase: Double, textPostings: inout TextPostings) throws(Source.Failure)
        -> Rescored
    {
        var proximity = 0.0
        if parameters.proximity > 0, textTerms.count > 1 {
            proximity = parameters.proximity * textBoost * (try closeness(of: document, textPostings: &textPostings))
        }
        var factor = 1.0
        if parameters.coverage > 0, !clauses.isEmpty {
            let matched = try matchedClauses(document)
            factor = Self.power(Double(matched) / Double(clauses.count), parameters.coverage)
        }
        return Rescored(document: document, firstPhase: firstPhase, proximity: proximity, coverageFactor: factor)
    }

    /// The number of clauses `document` matches.
    private func matchedClauses(_ document: UInt32) throws(Source.Failure) -> Int {
        var matched = 0
        for clause in clauses.indices where try matches(clauses.base[clause], document: document) { matched += 1 }
        return matched
    }

    /// What the second phase changes in `document`'s score on top of its first-phase score
    /// `firstPhase`: the proximity bonus and what the coverage factor adds or (mostly) takes
    /// away, each only when it changes the score.
    func explain(_ document: UInt32, firstPhase: Double) throws(Source.Failure) -> [SecondPhaseContribution] {
        var postings = try textPostings()
        let result = try rescore(document, firstPhase: firstPhase, textPostings: &postings)
        var parts: [SecondPhaseContribution] = []
        if result.proximity != 0 {
            parts.append(SecondPhaseContribution(
                kind: .proximity(weight: parameters.proximity * textBoost,
                                 documentLength: try index.length(of: document, in: .text),
                                 averageDocumentLength: textBM25.averageLength),
                score: result.proximity))
        }
        if result.coverageFactor != 1 {
            parts.append(SecondPhaseContribution(
                kind: .coverage(matchedClauses: try matchedClauses(document), clauses: clauses.count,
                                factor: result.coverageFactor),
                score: result.score - (firstPhase + result.proximity)))
        }
        return parts
    }

    /// `base` to the power `exponent`, for 0 ≤ base ≤ 1 and exponent > 0.
    private static func power(_ base: Double, _ exponent: Double) -> Double {
        if base <= 0 { return 0 }
        if base >= 1 { return 1 }
        return pow(base, exponent)
    }

    private func matches(_ clause: Clause, document: UInt32) throws(Source.Failure) -> Bool {
        for term in clause.fieldTerms where try index.postings(of: term.termID, in: term.field).posting(of: document) != nil {
            return true
        }
        return false
    }

    /// The text postings of each of ``textTerms``' terms, for all the candidates.
    private func textPostings() throws(Source.Failure) -> TextPostings {
        let proximity = parameters.proximity > 0 && textTerms.count > 1
        let termCount = proximity ? textTerms.count : 0
        // Each text term's term ids, one run after another.
        var idCount = 0
        for term in 0..<termCount {
            for _ in Self.textTermIDs(of: clauses.base[textTerms[term].clause].fieldTerms) { idCount += 1 }
        }
        var termIDs = ArenaBuffer<Source.Term>(capacity: idCount, in: arena)
        let starts = arena.uninitialized(termCount + 1, of: Int.self)
        for term in 0..<termCount {
            starts[term] = termIDs.count
            for id in Self.textTermIDs(of: clauses.base[textTerms[term].clause].fieldTerms) { termIDs.append(id) }
        }
        starts[termCount] = termIDs.count
        return try TextPostings(index: index, termIDs: termIDs, starts: starts, count: termCount, arena: arena)
    }

    /// The text postings of the query's terms (by ``textTerms``, then by expansion), each read
    /// forward once by candidates looked up in increasing document order: a list the first
    /// phase decoded is searched where it is, any other is read through a cursor, only in the
    /// blocks the candidates are in.
    struct TextPostings: ~Copyable {
        let index: Source
        /// Term `t`'s expansions are `termIDs[starts[t]..<starts[t + 1]]`; each has a list:
        /// `lists[i] ≥ 0` is `decoded[lists[i]]` (looked up from `next[lists[i]]` on), and
        /// `lists[i] < 0` is `cursors[-1 - lists[i]]`.
        private let termIDs: ArenaBuffer<Source.Term>
        private let starts: UnsafeMutablePointer<Int>
        private let lists: UnsafeMutablePointer<Int>
        private var decoded: ArenaBuffer<Source.Postings>
        private let next: UnsafeMutablePointer<Int>
        private var cursors: ArenaBuffer<Source.Cursor>
        /// The document looked up last.
        private var last: UInt32 = 0
        /// The number of terms.
        let count: Int
        /// The search's arena, which the cursors work in.
        private let arena: SearchArena

        /// Each term's positions in the document read last (see ``readPositions(of:in:)``), and
        /// the terms found there: memory reused from one candidate to the next (the positions'
        /// from one search to the next, through the arena).
        private(set) var positions: [[UInt32]]
        let found: UnsafeMutablePointer<Int>
        var foundCount = 0

        init(index: Source, termIDs: consuming ArenaBuffer<Source.Term>, starts: UnsafeMutablePointer<Int>, count: Int,
             arena: SearchArena) throws(Source.Failure)
        {
            self.index = index
            self.starts = starts
            self.count = count
            self.arena = arena
            lists = arena.uninitialized(termIDs.count, of: Int.self)
            next = arena.uninitialized(termIDs.count, of: Int.self)
            decoded = ArenaBuffer(capacity: 0, in: arena)
            cursors = ArenaBuffer(capacity: 0, in: arena)
            found = arena.uninitialized(count, of: Int.self)
            positions = arena.takePositionLists(count)
            self.termIDs = termIDs
            try start()
        }

        deinit { arena.keepPositionLists(positions) }

        /// Every list, read from its start.
        private mutating func start() throws(Source.Failure) {
            decoded = ArenaBuffer(capacity: termIDs.count, in: arena)
            cursors = ArenaBuffer(capacity: termIDs.count, in: arena)
            for at in termIDs.indices {
                let termID = termIDs.base[at]
                if let postings = index.decodedPostings(of: termID, in: .text) {
                    lists[at] = decoded.count
                    next[decoded.count] = 0
                    decoded.append(postings)
                } else {
                    lists[at] = -1 - cursors.count
                    cursors.append(try index.cursor(of: termID, in: .text, arena: arena))
                }
            }
        }

        /// Reads the positions of term `term` (every expansion's, increasing) in `document` into
        /// `positions[term]`.
        mutating func readPositions(of term: Int, in document: UInt32) throws(Source.Failure) {
            // Looked up out of order: read the lists again from the start.
            if document < last { try start() }
            last = document
            positions[term].removeAll(keepingCapacity: true)
            for at in starts[term]..<starts[term + 1] {
                let list = lists[at]
                if list >= 0 {
                    if let found = decoded.base[list].documentSlice.offset(of: document, from: &next[list]) {
                        try decoded.base[list].appendPositions(at: found, to: &positions[term])
                    }
                } else {
                    try cursors.base[-1 - list].advance(to: document)
                    if cursors.base[-1 - list].document == document {
                        positions[term].append(contentsOf: try cursors.base[-1 - list].positions())
                    }
                }
            }
            if starts[term + 1] - starts[term] > 1 { positions[term].sort() }
        }
    }

    /// Σ over pairs of text terms of `min(idf) · acc / (acc + k1 · norm)` (without the weight).
    private func closeness(of document: UInt32, textPostings: inout TextPostings) throws(Source.Failure) -> Double {
        textPostings.foundCount = 0
        for number in textTerms.indices where number < textPostings.count {
            try textPostings.readPositions(of: number, in: document)
            if !textPostings.positions[number].isEmpty {
                textPostings.found[textPostings.foundCount] = number
                textPostings.foundCount += 1
            }
        }
        let found = UnsafeBufferPointer(start: textPostings.found, count: textPostings.foundCount)
        guard found.count > 1 else { return 0 }
        let parameters = textBM25.parameters
        let length = try index.length(of: document, in: .text)
        let normalized = textBM25.averageLength > 0 ? Double(length) / textBM25.averageLength : 1
        let saturation = parameters.k1 * (1 - parameters.b + parameters.b * normalized)
        var total = 0.0
        for first in 0..<(found.count - 1) {
            for second in (first + 1)..<found.count {
                let accumulated = Self.accumulated(textPostings.positions[found[first]], textPostings.positions[found[second]],
                                                   window: self.parameters.window)
                guard accumulated > 0 else { continue }
                total += min(textTerms[found[first]].idf, textTerms[found[second]].idf) * accumulated / (accumulated + saturation)
            }
        }
        return total
    }

    /// Σ `1 / d²` over the pairs of an occurrence in `a` and one in `b` that are `d` tokens
    /// apart, 1 ≤ d ≤ `window` (both lists increasing).
    static func accumulated(_ a: [UInt32], _ b: [UInt32], window: Int) -> Double {
        var total = 0.0
        var start = 0
        for p in a {
            let position = Int(p)
            while start < b.count, Int(b[start]) < position - window { start += 1 }
            var index = start
            while index < b.count, Int(b[index]) <= position + window {
                let distance = abs(Int(b[index]) - position)
                if distance > 0 { total += 1 / Double(distance * distance) }
                index += 1
            }
        }
        return total
    }
}
