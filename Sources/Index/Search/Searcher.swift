/// Runs queries against a ``SearchSource`` (an in-memory or on-disk index) with one set of
/// ``SearchOptions``: resolves a ``Query`` into a ``QueryWeight`` and evaluates it into scored
/// documents.
struct Searcher<Source: SearchSource> {
    typealias Weight = QueryWeight<Source.Term>
    let index: Source
    let options: SearchOptions
    /// The BM25 formulas with each field's statistics, by ``DocumentField/index``.
    let bm25: PerField<BM25>
    /// The field boosts, with non-finite values replaced by 0.
    let boosts: FieldBoosts
    /// The memory the search works in: cursors and the pruned search's state.
    let arena: SearchArena
    /// The BM25F formulas when ``SearchOptions/fieldScoring`` is ``FieldScoring/bm25f``:
    /// terms are then scored over their fields at once, every match scored.
    let bm25f: BM25F?

    /// A searcher of `index` with `options`, working in `arena` (which must outlive it).
    init(index: Source, options: SearchOptions, arena: SearchArena) {
        self.index = index
        self.options = options
        self.arena = arena
        func formulas(of field: DocumentField) -> BM25 {
            let statistics = index.statistics(of: field)
            var parameters = options.ranking
            if field == .title, let titleB = options.titleB { parameters.b = titleB }
            return BM25(parameters: parameters, documentCount: statistics.nonEmptyDocumentCount,
                        averageLength: statistics.averageLength)
        }
        var bm25 = PerField(repeating: formulas(of: .title))
        bm25.text = formulas(of: .text)
        self.bm25 = bm25
        var boosts = options.boosts
        for field in DocumentField.allCases {
            boosts[field] = boosts[field].isFinite ? min(BM25.largestConstant, max(0, boosts[field])) : 0
        }
        self.boosts = boosts
        bm25f = options.fieldScoring == .bm25f ? BM25F(fields: bm25, boosts: boosts) : nil
    }

    // MARK: - Resolving

    /// The weight of `query`; notices (a capped prefix expansion) are appended to `notices`.
    func weight(for query: Query, notices: inout [String]) throws(Source.Failure) -> Weight {
        switch query {
        case .term(let term, let field):
            let fields = field.map { [$0] } ?? DocumentField.allCases
            let fieldTerms = try index.term(term, arena: arena).map { fieldTermsOf($0, in: fields) } ?? []
            return .terms(TermsWeight(fieldTerms: fieldTerms))

        case .prefix(let prefix, let field):
            let fields = field.map { [$0] } ?? DocumentField.allCases
            let limit = max(0, options.prefixExpansionLimit)
            var fieldTerms: [FieldTerm<Source.Term>] = []
            var expanded = 0
            var capped = false
            var previous: Source.Term?
            // Terms come in batches of what is still wanted (one more shows the cap was hit);
            // a term with no postings in `fields` does not count.
            expansion: while true {
                let wanted = limit - expanded == Int.max ? Int.max : limit - expanded + 1
                let before = previous
                let batch = try index.terms(withPrefix: prefix, after: previous, limit: wanted, arena: arena)
                for term in batch {
                    previous = term
                    let matches = fieldTermsOf(term, in: fields)
                    guard !matches.isEmpty else { continue }
                    if expanded == limit {
                        capped = true
                        break expansion
                    }
                    fieldTerms += matches
                    expanded += 1
                }
                // A batch that does not move past the last term seen would repeat forever.
                if batch.count < wanted || previous == before { break }
            }
            if capped {
                notices.append("prefix \(Self.fieldLabel(field))\(prefix)* matches more than \(limit) terms; only the first \(limit) were searched")
            }
            return .terms(TermsWeight(fieldTerms: fieldTerms))

        case .fuzzy(let term, let edits, let field):
            return try fuzzyWeight(of: term, edits: edits, field: field, notices: &notices)

        case .phrase(let slots, let slop, let field):
            let fields = field.map { [$0] } ?? DocumentField.allCases
            var offsets: [Int] = []
            var terms: [String] = []
            for (offset, slot) in slots.enumerated() {
                if let slot {
                    offsets.append(offset)
                    terms.append(slot)
                }
            }
            if let first = offsets.first { offsets = offsets.map { $0 - first } }
            var ids: [Source.Term?] = []
            for term in terms { ids.append(try index.term(term, arena: arena)) }
            var inFields: [PhraseWeight<Source.Term>.InField] = []
            if !terms.isEmpty, ids.allSatisfy({ $0 != nil }) {
                let termIDs = ids.compactMap { $0 }
                for field in fields {
                    let frequencies = termIDs.map { index.documentFrequency(of: $0, in: field) }
                    guard frequencies.allSatisfy({ $0 > 0 }) else { continue }
                    let idf = frequencies.reduce(0.0) { $0 + bm25[field.index].idf(documentFrequency: $1) }
                    inFields.append(.init(field: field, termIDs: termIDs, idf: idf, boost: boosts[field]))
                }
            }
            return .phrase(PhraseWeight(slots: slots, offsets: offsets, slop: max(0, slop), fields: inFields))

        case .boolean(let should, let must, let mustNot):
            var shouldWeights: [Weight] = []
            shouldWeights.reserveCapacity(should.count)
            for clause in should { shouldWeights.append(try weight(for: clause, notices: &notices)) }
            var mustWeights: [Weight] = []
            mustWeights.reserveCapacity(must.count)
            for clause in must { mustWeights.append(try weight(for: clause, notices: &notices)) }
            var mustNotWeights: [Weight] = []
            mustNotWeights.reserveCapacity(mustNot.count)
            for clause in mustNot { mustNotWeights.append(try weight(for: clause, notices: &notices)) }
            return .boolean(should: shouldWeights, must: mustWeights, mustNot: mustNotWeights)
        }
    }

    /// `termID` in each of `fields` where it occurs, with its idf and the field's boost there.
    func fieldTermsOf(_ termID: Source.Term, in fields: [DocumentField]) -> [FieldTerm<Source.Term>] {
        var result: [FieldTerm<Source.Term>] = []
        result.reserveCapacity(fields.count)
        for field in fields {
            let frequency = index.documentFrequency(of: termID, in: field)
            guard frequency > 0 else { continue }
            result.append(FieldTerm(termID: termID, field: field,
                                    idf: bm25[field.index].idf(documentFrequency: frequency), boost: boosts[field]))
        }
        return result
    }

    private static func fieldLabel(_ field: DocumentField?) -> String {
        field.map { $0.rawValue + ":" } ?? ""
    }

    // MARK: - Evaluating

    /// The best `limit` documents `weight` matches, best first, with the number of matches and
    /// whether that number is exact. Under BM25F a bag of several words (no required or
    /// excluded clause) is summed in dense arrays, every match scored. Otherwise the query's
    /// ``ScoreTree`` is searched (see ``PrunedSearch``), pruned with ``SearchOptions/prunes``,
    /// for a query with required clauses or a disjunction pruning is fast for
    /// (``prunesWell(_:underBM25F:)``); without pruning, a query with
    /// required clauses is searched document at a time led by the rarest of them, every match
    /// scored. A lone phrase is scored from its fields' matches, merged; a lone term or prefix
    /// in dense arrays under BM25F, a window of documents at a time under BM25 summed over
    /// fields; anything else set at a time, every posting scored.
    func topDocuments(_ weight: Weight, limit: Int) throws(Source.Failure)
        -> TopDocuments
    {
        var hasRequiredClauses = false
        if case .boolean(_, let must, _) = weight { hasRequiredClauses = !must.isEmpty }
        if let bm25f, case .boolean = weight, !options.scoresEveryPosting, !hasRequiredClauses,
           let bag = Self.termClauses(weight), bag.mustNot.isEmpty
        {
            // BM25F's bag of several words: summed in dense arrays, which costs less than
            // pruning it (see docs/PERFORMANCE.md).
            return try topDocuments(ofTerms: bag.should, bm25f: bm25f, limit: limit)
        }
        if options.prunes || hasRequiredClauses, !options.scoresEveryPosting, limit > 0,
           hasRequiredClauses || Self.prunesWell(weight, underBM25F: bm25f != nil),
           let tree = try scoreTree(for: weight), let search = try PrunedSearch(tree: tree, index: index, arena: arena)
        {
            // Without pruning, a conjunction is still led by its rarest clause, with every match
            // scored and counted (no threshold is ever reached).
            let threshold = options.prunes ? max(0, options.totalHitsThreshold) : Int.max
            return try search.run(limit: limit, totalHitsThreshold: threshold)
        }
        if case .phrase(let phrase) = weight, !options.scoresEveryPosting {
            return try topDocuments(ofPhrase: phrase, limit: limit)
        }
        if case .terms(let terms) = weight, !options.scoresEveryPosting {
            if let bm25f { return try topDocuments(ofTerms: [terms], bm25f: bm25f, limit: limit) }
            return try topDocuments(ofTerms: terms, limit: limit)
        }
        let matches = try evaluate(weight)
        return TopDocuments(hits: TopHits.best(matches, limit: limit), totalHits: matches.count, totalHitsIsExact: true)
    }

    /// A lone phrase's best documents, every match scored and counted: each field's matches,
    /// kept in the arena, merged with their scores added in field order from 0 (as
    /// ``evaluate(_:)`` unites them).
    private func topDocuments(ofPhrase phrase: PhraseWeight<Source.Term>, limit: Int) throws(Source.Failure)
        -> TopDocuments
    {
        let fieldCount = phrase.fields.count
        let documents = arena.uninitialized(fieldCount, of: UnsafeBufferPointer<UInt32>.self)
        let scores = arena.uninitialized(fieldCount, of: UnsafeBufferPointer<Double>.self)
        let next = arena.filled(fieldCount, with: 0)
        for (number, field) in phrase.fields.enumerated() {
            (documents[number], scores[number]) = try scoreInArena(phrase, in: field)
        }
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        while true {
            var document: UInt32?
            for list in 0..<fieldCount where next[list] < documents[list].count {
                document = Swift.min(document ?? .max, documents[list][next[list]])
            }
            guard let document else { break }
            var score = 0.0
            for list in 0..<fieldCount where next[list] < documents[list].count && documents[list][next[list]] == document {
                score += scores[list][next[list]]
                next[list] += 1
            }
            matches += 1
            collector.offer(document: document, score: score)
        }
        return TopDocuments(hits: collector.sortedHits(), totalHits: matches, totalHitsIsExact: true)
    }

    /// Whether pruning a disjunction `weight` saves work: its clauses are terms and phrases (no
    /// nested booleans), 64 leaves at most, with at least one term whose postings could be
    /// passed over. A leaf is a term-field or phrase-field pair, or `underBM25F` a term over its
    /// fields (a word's variants together). Under BM25 summed over fields, a lone term's
    /// expansions (more than two pairs: a prefix) are summed a window at a time instead. A phrase
    /// is scored whole before pruning starts, and other shapes are walked node by node, which
    /// costs more than scoring every match. (Under BM25F a bag of several words never gets here:
    /// it is summed in dense arrays.)
    static func prunesWell(_ weight: Weight, underBM25F: Bool = false) -> Bool {
        var leaves = 0
        var terms = 0
        func count(_ clause: Weight) -> Bool {
            switch clause {
            case .terms(let weight):
                // Under BM25F a leaf is a term over its fields, or a word's variants.
                let count = !underBM25F ? weight.fieldTerms.count
                    : weight.variantsIDF != nil ? 1 : termGroups(weight.fieldTerms).count
                leaves += count
                terms += count
            case .phrase(let weight):
                leaves += weight.fields.count
            case .boolean:
                return false
            }
            return true
        }
        switch weight {
        case .terms(let terms) where !underBM25F && terms.fieldTerms.count > 2:
            // The terms of a prefix: summed a window at a time (``topDocuments(ofTerms:limit:)``),
            // which costs less than pruning them.
            return false
        case .terms, .phrase:
            guard count(weight) else { return false }
        case .boolean(let should, let must, _):
            guard must.isEmpty, should.allSatisfy({ count($0) }) else { return false }
        }
        return leaves <= 64 && terms > 0
    }

    /// Every document `weight` matches, with its score.
    func evaluate(_ weight: Weight) throws(Source.Failure) -> ScoredDocuments {
        switch weight {
        case .terms(let terms):
            var lists: [ScoredDocuments] = []
            if let bm25f {
                for (group, idf) in scoringGroups(terms, bm25f) {
                    lists.append(try score(terms.fieldTerms[group], idf: idf, with: bm25f, weight: terms.weight))
                }
            } else {
                for term in terms.fieldTerms { lists.append(try score(term)) }
            }
            return ScoredDocuments.union(lists)
        case .phrase(let phrase):
            var lists: [ScoredDocuments] = []
            for field in phrase.fields { lists.append(try score(phrase, in: field)) }
            return ScoredDocuments.union(lists)
        case .boolean(let should, let must, let mustNot):
            if must.isEmpty && should.isEmpty {
                // Only exclusions, nested in another clause: everything but them.
                guard !mustNot.isEmpty else { return ScoredDocuments() }
                var complement = ScoredDocuments.complement(of: ScoredDocuments.union(try evaluateAll(mustNot)),
                                                            documentCount: index.documentNumberLimit)
                if index.hasDeletions {
                    var live = ScoredDocuments()
                    for (document, score) in zip(complement.documents, complement.scores) where !index.isDeleted(document) {
                        live.append(document, score)
                    }
                    complement = live
                }
                return complement
            }
            var result: ScoredDocuments
            if bm25f == nil, must.isEmpty, should.allSatisfy({ if case .terms = $0 { true } else { false } }) {
                // A disjunction of terms (each in several fields): both levels of unions in one pass.
                var clauses: [[ScoredDocuments]] = []
                for case .terms(let terms) in should {
                    var lists: [ScoredDocuments] = []
                    for term in terms.fieldTerms { lists.append(try score(term)) }
                    clauses.append(lists)
                }
                result = ScoredDocuments.unionOfUnions(clauses)
            } else if must.isEmpty {
                result = ScoredDocuments.union(try evaluateAll(should))
            } else {
                result = ScoredDocuments.intersection(try evaluateAll(must))
                if !should.isEmpty, result.count > 0 {
                    result = result.adding(ScoredDocuments.union(try evaluateAll(should)))
                }
            }
            if !mustNot.isEmpty, result.count > 0 {
                result = result.subtracting(ScoredDocuments.union(try evaluateAll(mustNot)))
            }
            return result
        }
    }

    private func evaluateAll(_ weights: [Weight]) throws(Source.Failure) -> [ScoredDocuments] {
        var lists: [ScoredDocuments] = []
        lists.reserveCapacity(weights.count)
        for weight in weights { lists.append(try evaluate(weight)) }
        return lists
    }

    /// The documents containing one term in one field, scored.
    private func score(_ term: FieldTerm<Source.Term>) throws(Source.Failure) -> ScoredDocuments {
        let postings = try index.postings(of: term.termID, in: term.field)
        let bm25 = self.bm25[term.field.index]
        let weight = term.boost * term.idf
        let documents = postings.documentSlice
        let count = min(documents.count, postings.frequencySlice.count)
        let scores = try index.scores(of: documents.prefix(count), frequencies: postings.frequencySlice.prefix(count),
                                      in: term.field, weight: weight, bm25: bm25)
        return ScoredDocuments(documents: Array(documents.prefix(scores.count)), scores: scores)
    }

    /// The parts of `terms` that BM25F saturates on their own, with their idfs: each term in
    /// its fields (``termGroups(_:)``), or all of them at once for a word's variants.
    func scoringGroups(_ terms: TermsWeight<Source.Term>, _ bm25f: BM25F) -> [(range: Range<Int>, idf: Double)] {
        if let idf = terms.variantsIDF {
            return terms.fieldTerms.isEmpty ? [] : [(terms.fieldTerms.indices, idf)]
        }
        return Self.termGroups(terms.fieldTerms).map { ($0, combinedIDF(of: terms.fieldTerms[$0], bm25f)) }
    }

    /// The ranges of `fieldTerms` that hold one term each (its fields are next to each other).
    static func termGroups(_ fieldTerms: [FieldTerm<Source.Term>]) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        for index in fieldTerms.indices where index == fieldTerms.count - 1 || fieldTerms[index + 1].termID != fieldTerms[index].termID {
            groups.append(start..<(index + 1))
            start = index + 1
        }
        return groups
    }

    /// Each field's length norms under its formulas, where the index keeps them (see
    /// ``SearchSource/lengthNorms(of:bm25:)``); `nil` for a field whose lengths are read instead.
    func lengthNorms() throws(Source.Failure) -> PerField<[Double]?> {
        var norms = PerField<[Double]?>(repeating: nil)
        for field in DocumentField.allCases { norms[field.index] = try index.lengthNorms(of: field, bm25: bm25[field.index]) }
        return norms
    }

    /// The length norm of `field` in `document`: from `norms` where kept, else from its length.
    @inline(__always)
    func norm(of document: UInt32, in field: DocumentField, norms: PerField<[Double]?>) throws(Source.Failure) -> Double {
        if let fieldNorms = norms[field.index] { return fieldNorms[Int(document)] }
        return bm25[field.index].norm(length: try index.length(of: document, in: field))
    }

    /// BM25F's idf of one term from its per-field document frequencies (`fieldTerms`: the term
    /// in each field it occurs in).
    func combinedIDF(of fieldTerms: ArraySlice<FieldTerm<Source.Term>>, _ bm25f: BM25F) -> Double {
        bm25f.idf(documentFrequencies: fieldTerms.map { index.documentFrequency(of: $0.termID, in: $0.field) })
    }

    /// The documents containing one term (or a word's variants) in any of its fields
    /// `fieldTerms`, scored by BM25F with `idf`, times the term's query `weight`.
    private func score(_ fieldTerms: ArraySlice<FieldTerm<Source.Term>>, idf: Double, with bm25f: BM25F, weight: Double)
        throws(Source.Failure) -> ScoredDocuments
    {
        guard !fieldTerms.isEmpty else { return ScoredDocuments() }
        let norms = try lengthNorms()
        // Each field's postings, merged by document: pseudo-frequencies added in field order.
        var lists: [(field: DocumentField, postings: Source.Postings)] = []
        for term in fieldTerms { lists.append((term.field, try index.postings(of: term.termID, in: term.field))) }
        var next = [Int](repeating: 0, count: lists.count)
        var result = ScoredDocuments()
        while true {
            var document = UInt32.max
            for (number, list) in lists.enumerated() where next[number] < list.postings.count {
                document = Swift.min(document, list.postings.document(at: next[number]))
            }
            guard document != .max else { break }
            var pseudoFrequency = 0.0
            for (number, list) in lists.enumerated()
            where next[number] < list.postings.count && list.postings.document(at: next[number]) == document {
                pseudoFrequency += bm25f.pseudoFrequency(Int(list.postings.frequency(at: next[number])), in: list.field,
                                                        norm: try norm(of: document, in: list.field, norms: norms))
                next[number] += 1
            }
            result.append(document, weight * bm25f.score(idf: idf, pseudoFrequency: pseudoFrequency))
        }
        return result
    }

    /// The documents containing a phrase in one field, scored by how often it occurs there.
    func score(_ phrase: PhraseWeight<Source.Term>, in field: PhraseWeight<Source.Term>.InField)
        throws(Source.Failure) -> ScoredDocuments
    {
        let matches = try scoreInArena(phrase, in: field)
        return ScoredDocuments(documents: Array(matches.documents), scores: Array(matches.scores))
    }

    /// ``score(_:in:)``'s documents and scores, kept in the search's arena.
    func scoreInArena(_ phrase: PhraseWeight<Source.Term>, in field: PhraseWeight<Source.Term>.InField)
        throws(Source.Failure) -> (documents: UnsafeBufferPointer<UInt32>, scores: UnsafeBufferPointer<Double>)
    {
        let bm25 = self.bm25[field.field.index]
        var cursors = ArenaBuffer<Source.Cursor>(capacity: field.termIDs.count, in: arena)
        for term in field.termIDs { cursors.append(try index.cursor(of: term, in: field.field, arena: arena)) }
        // Lead with the rarest term: the others move only to the documents it has.
        guard let rarest = field.termIDs.indices.min(by: {
            index.documentFrequency(of: field.termIDs[$0], in: field.field)
                < index.documentFrequency(of: field.termIDs[$1], in: field.field)
        }) else { return (UnsafeBufferPointer(start: nil, count: 0), UnsafeBufferPointer(start: nil, count: 0)) }
        var documents = ArenaList<UInt32>(in: arena)
        var scores = ArenaList<Double>(in: arena)
        // Adds `document` with how often the phrase occurs there, when it does.
        func add(_ document: UInt32, frequency: Int) throws(Source.Failure) {
            guard frequency > 0 else { return }
            let tf = bm25.tf(frequency: frequency, length: try index.length(of: document, in: field.field))
            documents.append(document)
            scores.append(field.boost * field.idf * tf)
        }
        if cursors.count == 2, phrase.slop <= 0 {
            // The usual phrase, two words, exact: the cursors in locals rather than an array,
            // the two position runs merged in place.
            var lead = cursors.base[rarest]
            var other = cursors.base[1 - rarest]
            let distance = phrase.offsets[1] - phrase.offsets[0]
            var candidate = lead.document
            while candidate != postingCursorEnd {
                try other.advance(to: candidate)
                let found = other.document
                if found != candidate {
                    if found == postingCursorEnd { break }
                    try lead.advance(to: found)
                    candidate = lead.document
                    continue
                }
                let leading = try lead.positions()
                let following = try other.positions()
                let (first, second) = rarest == 0 ? (leading, following) : (following, leading)
                try add(candidate, frequency: PhraseMatcher.count(first: first, second: second, distance: distance))
                try lead.advance(to: candidate + 1)
                candidate = lead.document
            }
            return (documents.values, scores.values)
        }
        // Every term's positions in one reused array, term t's at positions[bounds[t]..<bounds[t + 1]].
        var positions: [UInt32] = []
        var bounds = [Int](repeating: 0, count: cursors.count + 1)
        let cursor = cursors.base
        var candidate = cursor[rarest].document
        candidates: while candidate != postingCursorEnd {
            // Move every cursor to the candidate; one that passes it names the next candidate.
            for term in cursors.indices {
                try cursor[term].advance(to: candidate)
                let document = cursor[term].document
                if document != candidate {
                    if document == postingCursorEnd { break candidates }
                    candidate = document
                    continue candidates
                }
            }
            positions.removeAll(keepingCapacity: true)
            for term in cursors.indices {
                positions.append(contentsOf: try cursor[term].positions())
                bounds[term + 1] = positions.count
            }
            try add(candidate, frequency: PhraseMatcher.count(offsets: phrase.offsets, positions: positions, bounds: bounds,
                                                              slop: phrase.slop))
            try cursor[rarest].advance(to: candidate + 1)
            candidate = cursor[rarest].document
        }
        return (documents.values, scores.values)
    }
}

