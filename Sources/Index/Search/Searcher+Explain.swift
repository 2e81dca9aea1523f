extension Searcher {
    /// The contributions to `document`'s score of the parts of `weight` it matches, or `nil`
    /// when it does not match `weight`. Follows the same rules as ``evaluate(_:)``.
    func explain(_ weight: Weight, document: UInt32) throws(Source.Failure) -> [TermContribution]? {
        switch weight {
        case .terms(let terms):
            var contributions: [TermContribution] = []
            for term in terms.fieldTerms {
                if let found = try explain(term, document: document) { contributions.append(found) }
            }
            return contributions.isEmpty ? nil : contributions
        case .phrase(let phrase):
            var contributions: [TermContribution] = []
            for field in phrase.fields {
                if let found = try explain(phrase, in: field, document: document) { contributions.append(found) }
            }
            return contributions.isEmpty ? nil : contributions
        case .boolean(let should, let must, let mustNot):
            for clause in mustNot where try explain(clause, document: document) != nil { return nil }
            if must.isEmpty && should.isEmpty { return mustNot.isEmpty ? nil : [] }
            var contributions: [TermContribution] = []
            for clause in must {
                guard let matched = try explain(clause, document: document) else { return nil }
                contributions += matched
            }
            var matchedShould = false
            for clause in should {
                if let matched = try explain(clause, document: document) {
                    contributions += matched
                    matchedShould = true
                }
            }
            if must.isEmpty && !matchedShould { return nil }
            return contributions
        }
    }

    private func explain(_ term: FieldTerm<Source.Term>, document: UInt32) throws(Source.Failure)
        -> TermContribution?
    {
        let postings = try index.postings(of: term.termID, in: term.field)
        guard let posting = postings.posting(of: document) else { return nil }
        let bm25 = self.bm25[term.field.index]
        let frequency = Int(postings.frequency(at: posting))
        let length = try index.length(of: document, in: term.field)
        return TermContribution(
            term: index.text(of: term.termID), field: term.field, idf: term.idf,
            termFrequency: frequency, documentLength: length, averageDocumentLength: bm25.averageLength,
            boost: term.boost, score: term.boost * term.idf * bm25.tf(frequency: frequency, length: length))
    }

    private func explain(_ phrase: PhraseWeight<Source.Term>, in field: PhraseWeight<Source.Term>.InField,
                         document: UInt32) throws(Source.Failure) -> TermContribution?
    {
        var positions: [ArraySlice<UInt32>] = []
        for termID in field.termIDs {
            let postings = try index.postings(of: termID, in: field.field)
            guard let posting = postings.posting(of: document) else { return nil }
            positions.append(try postings.positions(at: posting))
        }
        let frequency = PhraseMatcher.count(offsets: phrase.offsets, positions: positions, slop: phrase.slop)
        guard frequency > 0 else { return nil }
        let bm25 = self.bm25[field.field.index]
        let length = try index.length(of: document, in: field.field)
        return TermContribution(
            term: phrase.label, field: field.field, idf: field.idf, termFrequency: frequency,
            documentLength: length, averageDocumentLength: bm25.averageLength, boost: field.boost,
            score: field.boost * field.idf * bm25.tf(frequency: frequency, length: length))
    }
}
