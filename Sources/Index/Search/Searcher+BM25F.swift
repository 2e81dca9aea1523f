extension Searcher {
    /// The clauses of a bag of terms under BM25F, each one term in its fields: a lone term, or
    /// terms combined with OR (no prefix expansions, phrases, required or excluded clauses);
    /// `nil` for any other query.
    static func singleTermClauses(_ weight: Weight) -> [TermsWeight<Source.Term>]? {
        func single(_ clause: Weight) -> TermsWeight<Source.Term>? {
            guard case .terms(let terms) = clause, termGroups(terms.fieldTerms).count <= 1 else { return nil }
            return terms
        }
        switch weight {
        case .terms:
            return single(weight).map { [$0] }
        case .boolean(let should, let must, let mustNot) where must.isEmpty && mustNot.isEmpty:
            var clauses: [TermsWeight<Source.Term>] = []
            clauses.reserveCapacity(should.count)
            for clause in should {
                guard let terms = single(clause) else { return nil }
                clauses.append(terms)
            }
            return clauses
        case .phrase, .boolean:
            return nil
        }
    }

    /// BM25F's best `limit` documents of a bag of terms, every match scored and counted: each
    /// term's pseudo-frequencies gathered over its fields in a dense array by document, saturated,
    /// and added into the documents' scores term by term (the same sums, in the same order, as
    /// ``evaluate(_:)``'s unions).
    func topDocuments(ofTerms clauses: [TermsWeight<Source.Term>], bm25f: BM25F, limit: Int) throws(Source.Failure)
        -> (hits: [(document: UInt32, score: Double)], totalHits: Int, exact: Bool)
    {
        let documentCount = index.documentNumberLimit
        var scores = [Double](repeating: 0, count: documentCount)
        var pseudoFrequencies = [Double](repeating: 0, count: documentCount)
        var matched = [Bool](repeating: false, count: documentCount)
        var matches: [UInt32] = []
        var touched: [UInt32] = []
        for clause in clauses where !clause.fieldTerms.isEmpty {
            let fieldTerms = clause.fieldTerms
            let idf = bm25f.idf(documentFrequencies: fieldTerms.map { index.documentFrequency(of: $0.termID, in: $0.field) })
            touched.removeAll(keepingCapacity: true)
            for term in fieldTerms {
                let postings = try index.postings(of: term.termID, in: term.field)
                let fieldBM25 = bm25[term.field.index]
                let norms = try index.lengthNorms(of: term.field, bm25: fieldBM25)
                let documents = postings.documentSlice
                let frequencies = postings.frequencySlice
                for (document, frequency) in zip(documents, frequencies) {
                    let number = Int(document)
                    let norm: Double
                    if let norms {
                        norm = norms[number]
                    } else {
                        norm = fieldBM25.norm(length: try index.length(of: document, in: term.field))
                    }
                    if !matched[number] {
                        matched[number] = true
                        matches.append(document)
                    }
                    if pseudoFrequencies[number] == 0 { touched.append(document) }
                    pseudoFrequencies[number] += bm25f.pseudoFrequency(Int(frequency), in: term.field, norm: norm)
                }
            }
            for document in touched {
                let number = Int(document)
                scores[number] += clause.weight * bm25f.score(idf: idf, pseudoFrequency: pseudoFrequencies[number])
                pseudoFrequencies[number] = 0
            }
        }
        var collector = TopHits.Collector(limit: limit)
        for document in matches { collector.offer(document: document, score: 0.0 + scores[Int(document)]) }
        return (collector.sortedHits(), matches.count, true)
    }
}
