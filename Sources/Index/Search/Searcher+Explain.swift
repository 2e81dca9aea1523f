extension Searcher {
    /// How `document`'s score comes from the parts of `weight` it matches, as a tree shaped like
    /// `weight`, or `nil` when it does not match `weight`. Follows the same rules as
    /// ``evaluate(_:)``.
    func explain(_ weight: Weight, document: UInt32) throws(Source.Failure) -> Explanation? {
        switch weight {
        case .terms(let terms):
            var nodes: [Explanation] = []
            if let bm25f {
                for (group, idf) in scoringGroups(terms, bm25f) {
                    let parts = try explain(terms.fieldTerms[group], idf: idf, with: bm25f, weight: terms.weight,
                                            variants: terms.variantsIDF != nil, document: document)
                    guard let first = parts.first else { continue }
                    // A term in several fields: one BM25F score shared among them.
                    nodes.append(parts.count == 1 ? Explanation(first) : Explanation(
                        summary: "BM25F of \(first.term) over \(parts.map(\.field.rawValue).joined(separator: ", "))",
                        details: parts.map(Explanation.init)))
                }
            } else {
                for term in terms.fieldTerms {
                    if let found = try explain(term, document: document) { nodes.append(Explanation(found)) }
                }
            }
            return Self.group(nodes, summary: "sum of matched terms")
        case .phrase(let phrase):
            var nodes: [Explanation] = []
            for field in phrase.fields {
                if let found = try explain(phrase, in: field, document: document) { nodes.append(Explanation(found)) }
            }
            return Self.group(nodes, summary: "sum of \(phrase.label) in each field")
        case .boolean(let should, let must, let mustNot):
            for clause in mustNot where try explain(clause, document: document) != nil { return nil }
            if must.isEmpty && should.isEmpty { return mustNot.isEmpty ? nil : Explanation(summary: "not excluded", details: []) }
            var nodes: [Explanation] = []
            for clause in must {
                guard let matched = try explain(clause, document: document) else { return nil }
                nodes.append(matched)
            }
            var matchedShould = false
            for clause in should {
                if let matched = try explain(clause, document: document) {
                    nodes.append(matched)
                    matchedShould = true
                }
            }
            if must.isEmpty && !matchedShould { return nil }
            return Explanation(summary: "sum of matched clauses", details: nodes)
        }
    }

    /// `nodes` under one node saying `summary`; the node itself when there is one; `nil` when
    /// there is none.
    private static func group(_ nodes: [Explanation], summary: String) -> Explanation? {
        switch nodes.count {
        case 0: return nil
        case 1: return nodes[0]
        default: return Explanation(summary: summary, details: nodes)
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

    /// BM25F: the term's score over its fields `fieldTerms`, shared among the fields it occurs
    /// in, in proportion to their parts of the pseudo-frequency; empty when it does not occur.
    /// With `variants`, the terms are a word's variants, scored as one term.
    private func explain(_ fieldTerms: ArraySlice<FieldTerm<Source.Term>>, idf: Double, with bm25f: BM25F, weight: Double,
                         variants: Bool, document: UInt32) throws(Source.Failure) -> [TermContribution]
    {
        var parts: [(term: FieldTerm<Source.Term>, frequency: Int, length: Int, pseudoFrequency: Double)] = []
        var pseudoFrequency = 0.0
        for term in fieldTerms {
            let postings = try index.postings(of: term.termID, in: term.field)
            guard let posting = postings.posting(of: document) else { continue }
            let frequency = Int(postings.frequency(at: posting))
            let length = try index.length(of: document, in: term.field)
            let part = bm25f.pseudoFrequency(frequency, in: term.field, norm: bm25[term.field.index].norm(length: length))
            parts.append((term, frequency, length, part))
            pseudoFrequency += part
        }
        let score = weight * bm25f.score(idf: idf, pseudoFrequency: pseudoFrequency)
        return parts.map { part in
            TermContribution(
                term: (variants ? "~" : "") + index.text(of: part.term.termID), field: part.term.field, idf: idf,
                termFrequency: part.frequency,
                documentLength: part.length, averageDocumentLength: bm25[part.term.field.index].averageLength,
                boost: part.term.boost,
                score: parts.count == 1 ? score : score * (part.pseudoFrequency / pseudoFrequency))
        }
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
