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

    /// BM25F's best `limit` documents of a query with required clauses, all terms: led by its
    /// rarest required clause, each candidate checked against the other required clauses and
    /// the excluded ones through cursors before it is scored, every match counted (the same
    /// sums, in the same order, as ``evaluate(_:)``'s intersection, additions and subtraction).
    func topDocuments(must: [TermsWeight<Source.Term>], should: [TermsWeight<Source.Term>],
                      mustNot: [TermsWeight<Source.Term>], bm25f: BM25F, limit: Int) throws(Source.Failure)
        -> TopDocuments
    {
        let total = (must + should + mustNot).reduce(0) { $0 + $1.fieldTerms.count }
        var cursors = ArenaBuffer<Source.Cursor>(capacity: total, in: arena)
        func clause(_ terms: TermsWeight<Source.Term>) throws(Source.Failure) -> BM25FClause {
            let start = cursors.count
            var groups: [(range: Range<Int>, idf: Double)] = []
            var frequency = 0
            for (group, idf) in scoringGroups(terms, bm25f) {
                let fieldTerms = terms.fieldTerms[group]
                groups.append(((start + group.lowerBound)..<(start + group.upperBound), idf))
                frequency += fieldTerms.reduce(0) { $0 + index.documentFrequency(of: $1.termID, in: $1.field) }
                for term in fieldTerms { cursors.append(try index.cursor(of: term.termID, in: term.field, arena: arena)) }
            }
            return BM25FClause(range: start..<cursors.count, fields: terms.fieldTerms.map(\.field), terms: groups,
                          weight: terms.weight, documentFrequency: frequency)
        }
        var required: [BM25FClause] = []
        for terms in must { required.append(try clause(terms)) }
        var optional: [BM25FClause] = []
        for terms in should { optional.append(try clause(terms)) }
        var excluded: [BM25FClause] = []
        for terms in mustNot { excluded.append(try clause(terms)) }
        let norms = try lengthNorms()
        let cursor = cursors.base

        func document(of clause: BM25FClause) -> UInt32 {
            var least = postingCursorEnd
            for index in clause.range { least = Swift.min(least, cursor[index].document) }
            return least
        }
        func advance(_ clause: BM25FClause, to target: UInt32) throws(Source.Failure) {
            for index in clause.range { try cursor[index].advance(to: target) }
        }
        /// The clause's score at `target` (its cursors standing there or after), `nil` when no
        /// term of it is there.
        func score(_ clause: BM25FClause, at target: UInt32) throws(Source.Failure) -> Double? {
            var sum = 0.0
            var any = false
            for term in clause.terms {
                var pseudoFrequency = 0.0
                var found = false
                for index in term.range where cursor[index].document == target {
                    let field = clause.fields[index - clause.range.lowerBound]
                    pseudoFrequency += bm25f.pseudoFrequency(Int(cursor[index].frequency), in: field,
                                                            norm: try norm(of: target, in: field, norms: norms))
                    found = true
                }
                if found {
                    sum += clause.weight * bm25f.score(idf: term.idf, pseudoFrequency: pseudoFrequency)
                    any = true
                }
            }
            return any ? sum : nil
        }

        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        guard let lead = required.indices.min(by: { required[$0].documentFrequency < required[$1].documentFrequency })
        else { return TopDocuments(hits: [], totalHits: 0, totalHitsIsExact: true) }
        var candidate = document(of: required[lead])
        candidates: while candidate != postingCursorEnd {
            for (number, other) in required.enumerated() where number != lead {
                try advance(other, to: candidate)
                let found = document(of: other)
                if found != candidate {
                    if found == postingCursorEnd { break candidates }
                    try advance(required[lead], to: found)
                    candidate = document(of: required[lead])
                    continue candidates
                }
            }
            var isExcluded = false
            for clause in excluded {
                try advance(clause, to: candidate)
                if document(of: clause) == candidate {
                    isExcluded = true
                    break
                }
            }
            if !isExcluded {
                var sum = 0.0
                for clause in required { sum += try score(clause, at: candidate) ?? 0 }
                var optionalSum = 0.0
                var anyOptional = false
                for clause in optional {
                    try advance(clause, to: candidate)
                    if let value = try score(clause, at: candidate) {
                        optionalSum += value
                        anyOptional = true
                    }
                }
                if anyOptional { sum += optionalSum }
                matches += 1
                collector.offer(document: candidate, score: sum)
            }
            try advance(required[lead], to: candidate + 1)
            candidate = document(of: required[lead])
        }
        return TopDocuments(hits: collector.sortedHits(), totalHits: matches, totalHitsIsExact: true)
    }
}

/// One clause of a BM25F conjunction: its terms, each in its fields, read through the cursors
/// `range` of the search's cursor buffer.
struct BM25FClause {
    var range: Range<Int>
    /// The field of each cursor, in `range`'s order.
    var fields: [DocumentField]
    /// The cursors of each term (a sub-range of `range`), with the term's idf.
    var terms: [(range: Range<Int>, idf: Double)]
    /// The query's weight of the clause's terms.
    var weight: Double
    /// The sum of its terms' per-field document frequencies: what leading by it costs.
    var documentFrequency: Int
}
