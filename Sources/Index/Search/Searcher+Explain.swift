extension Searcher {
    /// The contributions to `document`'s score of the parts of `weight` it matches, or `nil`
    /// when it does not match `weight`. Follows the same rules as ``evaluate(_:)``.
    func explain(_ weight: QueryWeight, document: UInt32) -> [TermContribution]? {
        switch weight {
        case .terms(let terms):
            let contributions = terms.fieldTerms.compactMap { explain($0, document: document) }
            return contributions.isEmpty ? nil : contributions
        case .phrase(let phrase):
            let contributions = phrase.fields.compactMap { explain(phrase, in: $0, document: document) }
            return contributions.isEmpty ? nil : contributions
        case .boolean(let should, let must, let mustNot):
            if mustNot.contains(where: { explain($0, document: document) != nil }) { return nil }
            if must.isEmpty && should.isEmpty { return mustNot.isEmpty ? nil : [] }
            var contributions: [TermContribution] = []
            for clause in must {
                guard let matched = explain(clause, document: document) else { return nil }
                contributions += matched
            }
            var matchedShould = false
            for clause in should {
                if let matched = explain(clause, document: document) {
                    contributions += matched
                    matchedShould = true
                }
            }
            if must.isEmpty && !matchedShould { return nil }
            return contributions
        }
    }

    private func explain(_ term: FieldTerm, document: UInt32) -> TermContribution? {
        let postings = index.postings(term.field)
        guard let posting = postings.posting(of: document, in: postings.postings(of: term.termID)) else {
            return nil
        }
        let bm25 = self.bm25[term.field.index]
        let frequency = Int(postings.frequencies[posting])
        let length = Int(postings.lengths[Int(document)])
        return TermContribution(
            term: index.dictionary.term(term.termID), field: term.field, idf: term.idf,
            termFrequency: frequency, documentLength: length, averageDocumentLength: bm25.averageLength,
            boost: term.boost, score: term.boost * term.idf * bm25.tf(frequency: frequency, length: length))
    }

    private func explain(_ phrase: PhraseWeight, in field: PhraseWeight.InField, document: UInt32)
        -> TermContribution?
    {
        let postings = index.postings(field.field)
        var positions: [ArraySlice<UInt32>] = []
        for termID in field.termIDs {
            guard let posting = postings.posting(of: document, in: postings.postings(of: termID)) else {
                return nil
            }
            positions.append(postings.positions(ofPosting: posting))
        }
        let frequency = PhraseMatcher.count(offsets: phrase.offsets, positions: positions, slop: phrase.slop)
        guard frequency > 0 else { return nil }
        let bm25 = self.bm25[field.field.index]
        let length = Int(postings.lengths[Int(document)])
        return TermContribution(
            term: phrase.label, field: field.field, idf: field.idf, termFrequency: frequency,
            documentLength: length, averageDocumentLength: bm25.averageLength, boost: field.boost,
            score: field.boost * field.idf * bm25.tf(frequency: frequency, length: length))
    }
}
