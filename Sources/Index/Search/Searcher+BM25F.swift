extension Searcher {
    /// The clauses of `weight` under BM25F when each is terms (a term in its fields, or a
    /// prefix's terms): `.terms` alone, or a boolean whose clauses are all `.terms`; `nil` when a
    /// phrase or a nested boolean is among them.
    static func termClauses(_ weight: Weight)
        -> (should: [TermsWeight<Source.Term>], must: [TermsWeight<Source.Term>], mustNot: [TermsWeight<Source.Term>])?
    {
        func terms(_ clauses: [Weight]) -> [TermsWeight<Source.Term>]? {
            var result: [TermsWeight<Source.Term>] = []
            result.reserveCapacity(clauses.count)
            for clause in clauses {
                guard case .terms(let terms) = clause else { return nil }
                result.append(terms)
            }
            return result
        }
        switch weight {
        case .terms(let terms):
            return ([terms], [], [])
        case .boolean(let should, let must, let mustNot):
            guard let should = terms(should), let must = terms(must), let mustNot = terms(mustNot) else { return nil }
            return (should, must, mustNot)
        case .phrase:
            return nil
        }
    }

    /// BM25F's best `limit` documents of a bag of terms, every match scored and counted: each
    /// term's pseudo-frequencies gathered over its fields in a dense array by document, saturated,
    /// and added into the documents' scores term by term (the same sums, in the same order, as
    /// ``evaluate(_:)``'s unions).
    func topDocuments(ofTerms clauses: [TermsWeight<Source.Term>], bm25f: BM25F, limit: Int) throws(Source.Failure)
        -> TopDocuments
    {
        // The arrays come from the arena, zero, and go back to it zero again (a failed read
        // drops them instead). A clause of several terms (a prefix's) is summed on its own first
        // (`clauseScores`), as its union is.
        var sums = arena.takeDenseSums(documentCount: index.documentNumberLimit)
        let norms = try lengthNorms()
        var matches: [UInt32] = []
        var touched: [UInt32] = []
        var clauseTouched: [UInt32] = []
        for clause in clauses where !clause.fieldTerms.isEmpty {
            clauseTouched.removeAll(keepingCapacity: true)
            for (group, idf) in scoringGroups(clause, bm25f) {
                let fieldTerms = clause.fieldTerms[group]
                touched.removeAll(keepingCapacity: true)
                for term in fieldTerms {
                    let postings = try index.postings(of: term.termID, in: term.field)
                    for (document, frequency) in zip(postings.documentSlice, postings.frequencySlice) {
                        let number = Int(document)
                        if !sums.matched[number] {
                            sums.matched[number] = true
                            matches.append(document)
                        }
                        if sums.pseudoFrequencies[number] == 0 { touched.append(document) }
                        sums.pseudoFrequencies[number] += bm25f.pseudoFrequency(
                            Int(frequency), in: term.field, norm: try norm(of: document, in: term.field, norms: norms))
                    }
                }
                for document in touched {
                    let number = Int(document)
                    if !sums.inClause[number] {
                        sums.inClause[number] = true
                        clauseTouched.append(document)
                    }
                    sums.clauseScores[number] += clause.weight * bm25f.score(idf: idf, pseudoFrequency: sums.pseudoFrequencies[number])
                    sums.pseudoFrequencies[number] = 0
                }
            }
            for document in clauseTouched {
                let number = Int(document)
                sums.scores[number] += sums.clauseScores[number]
                sums.clauseScores[number] = 0
                sums.inClause[number] = false
            }
        }
        var collector = TopHits.Collector(limit: limit)
        for document in matches {
            let number = Int(document)
            collector.offer(document: document, score: 0.0 + sums.scores[number])
            sums.scores[number] = 0
            sums.matched[number] = false
        }
        arena.keepDenseSums(sums)
        return TopDocuments(hits: collector.sortedHits(), totalHits: matches.count, totalHitsIsExact: true)
    }
}
