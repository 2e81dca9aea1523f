/// Runs queries against an ``InMemoryIndex`` with one set of ``SearchOptions``: resolves a
/// ``Query`` into a ``QueryWeight`` and evaluates it into scored documents.
struct Searcher {
    let index: InMemoryIndex
    let options: SearchOptions
    /// The BM25 formulas with each field's statistics, by ``DocumentField/index``.
    let bm25: [BM25]
    /// The field boosts, with non-finite values replaced by 0.
    let boosts: FieldBoosts

    init(index: InMemoryIndex, options: SearchOptions) {
        self.index = index
        self.options = options
        bm25 = DocumentField.allCases.map { field in
            let postings = index.postings(field)
            return BM25(parameters: options.ranking, documentCount: postings.nonEmptyDocumentCount,
                        averageLength: postings.averageLength)
        }
        var boosts = options.boosts
        for field in DocumentField.allCases where !boosts[field].isFinite { boosts[field] = 0 }
        self.boosts = boosts
    }

    // MARK: - Resolving

    /// The weight of `query`; notices (a capped prefix expansion) are appended to `notices`.
    func weight(for query: Query, notices: inout [String]) -> QueryWeight {
        switch query {
        case .term(let term, let field):
            let fields = field.map { [$0] } ?? DocumentField.allCases
            let fieldTerms = index.dictionary.id(of: term).map { fieldTermsOf($0, in: fields) } ?? []
            return .terms(TermsWeight(fieldTerms: fieldTerms))

        case .prefix(let prefix, let field):
            let fields = field.map { [$0] } ?? DocumentField.allCases
            let limit = max(0, options.prefixExpansionLimit)
            var fieldTerms: [FieldTerm] = []
            var expanded = 0
            for termID in index.dictionary.ids(withPrefix: prefix) {
                let matches = fieldTermsOf(termID, in: fields)
                guard !matches.isEmpty else { continue }
                if expanded == limit {
                    notices.append("prefix \(Self.fieldLabel(field))\(prefix)* matches more than \(limit) terms; only the first \(limit) were searched")
                    break
                }
                fieldTerms += matches
                expanded += 1
            }
            return .terms(TermsWeight(fieldTerms: fieldTerms))

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
            let ids = terms.map { index.dictionary.id(of: $0) }
            var inFields: [PhraseWeight.InField] = []
            if !terms.isEmpty, ids.allSatisfy({ $0 != nil }) {
                let termIDs = ids.compactMap { $0 }
                for field in fields {
                    let postings = index.postings(field)
                    let frequencies = termIDs.map { postings.documentFrequency(of: $0) }
                    guard frequencies.allSatisfy({ $0 > 0 }) else { continue }
                    let idf = frequencies.reduce(0.0) { $0 + bm25[field.index].idf(documentFrequency: $1) }
                    inFields.append(.init(field: field, termIDs: termIDs, idf: idf, boost: boosts[field]))
                }
            }
            let label = Query.phrase(slots, slop: slop, field: nil).description
            return .phrase(PhraseWeight(label: label, offsets: offsets, slop: max(0, slop), fields: inFields))

        case .boolean(let should, let must, let mustNot):
            return .boolean(should: should.map { weight(for: $0, notices: &notices) },
                            must: must.map { weight(for: $0, notices: &notices) },
                            mustNot: mustNot.map { weight(for: $0, notices: &notices) })
        }
    }

    private func fieldTermsOf(_ termID: Int, in fields: [DocumentField]) -> [FieldTerm] {
        fields.compactMap { field in
            let frequency = index.postings(field).documentFrequency(of: termID)
            guard frequency > 0 else { return nil }
            return FieldTerm(termID: termID, field: field,
                             idf: bm25[field.index].idf(documentFrequency: frequency), boost: boosts[field])
        }
    }

    private static func fieldLabel(_ field: DocumentField?) -> String {
        field.map { $0.rawValue + ":" } ?? ""
    }

    // MARK: - Evaluating

    /// Every document `weight` matches, with its score.
    func evaluate(_ weight: QueryWeight) -> ScoredDocuments {
        switch weight {
        case .terms(let terms):
            return ScoredDocuments.union(terms.fieldTerms.map(score))
        case .phrase(let phrase):
            return ScoredDocuments.union(phrase.fields.map { score(phrase, in: $0) })
        case .boolean(let should, let must, let mustNot):
            if must.isEmpty && should.isEmpty {
                // Only exclusions, nested in another clause: everything but them.
                guard !mustNot.isEmpty else { return ScoredDocuments() }
                return ScoredDocuments.complement(of: ScoredDocuments.union(mustNot.map(evaluate)),
                                                  documentCount: index.documentCount)
            }
            var result: ScoredDocuments
            if must.isEmpty {
                result = ScoredDocuments.union(should.map(evaluate))
            } else {
                let required = must.map(evaluate).sorted { $0.count < $1.count }
                result = required[0]
                for list in required.dropFirst() {
                    if result.count == 0 { break }
                    result = result.intersected(with: list)
                }
                if !should.isEmpty, result.count > 0 {
                    result = result.adding(ScoredDocuments.union(should.map(evaluate)))
                }
            }
            if !mustNot.isEmpty, result.count > 0 {
                result = result.subtracting(ScoredDocuments.union(mustNot.map(evaluate)))
            }
            return result
        }
    }

    /// The documents containing one term in one field, scored.
    private func score(_ term: FieldTerm) -> ScoredDocuments {
        let postings = index.postings(term.field)
        let bm25 = self.bm25[term.field.index]
        let range = postings.postings(of: term.termID)
        var result = ScoredDocuments()
        result.documents.reserveCapacity(range.count)
        result.scores.reserveCapacity(range.count)
        let weight = term.boost * term.idf
        for posting in range {
            let document = postings.documents[posting]
            let tf = bm25.tf(frequency: Int(postings.frequencies[posting]),
                             length: Int(postings.lengths[Int(document)]))
            result.append(document, weight * tf)
        }
        return result
    }

    /// The documents containing a phrase in one field, scored by how often it occurs there.
    private func score(_ phrase: PhraseWeight, in field: PhraseWeight.InField) -> ScoredDocuments {
        let postings = index.postings(field.field)
        let bm25 = self.bm25[field.field.index]
        let ranges = field.termIDs.map { postings.postings(of: $0) }
        // Walk the rarest term's postings and look the others up.
        guard let rarest = ranges.indices.min(by: { ranges[$0].count < ranges[$1].count }) else {
            return ScoredDocuments()
        }
        var result = ScoredDocuments()
        var cursors = ranges.map(\.lowerBound)
        candidates: for posting in ranges[rarest] {
            let document = postings.documents[posting]
            var positions: [ArraySlice<UInt32>] = []
            positions.reserveCapacity(ranges.count)
            for (term, range) in ranges.enumerated() {
                guard let found = postings.posting(of: document, in: cursors[term]..<range.upperBound) else {
                    continue candidates
                }
                cursors[term] = found
                positions.append(postings.positions(ofPosting: found))
            }
            let frequency = PhraseMatcher.count(offsets: phrase.offsets, positions: positions, slop: phrase.slop)
            guard frequency > 0 else { continue }
            let tf = bm25.tf(frequency: frequency, length: Int(postings.lengths[Int(document)]))
            result.append(document, field.boost * field.idf * tf)
        }
        return result
    }
}
