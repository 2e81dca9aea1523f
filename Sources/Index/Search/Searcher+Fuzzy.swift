import ArabicTokenizer

/// The spelling budget of a fuzzy term written without one (`word~`), by its length, as
/// Lucene chooses it: none for one or two letters, one edit for three to five, two beyond.
public enum FuzzyBudget {
    /// The edits allowed for a term of `length` characters (Unicode scalars).
    public static func edits(forTermLength length: Int) -> Int {
        length <= 2 ? 0 : length <= 5 ? 1 : 2
    }
}

extension Searcher {
    /// A fuzzy term's weight: the index terms within its budget (at most
    /// ``SearchOptions/fuzzyExpansionLimit``, the closest kept), each a clause weighed by its
    /// similarity, `1 − cost / (the shorter length)`, floored at 0.1.
    ///
    /// Every clause has the idf of the most frequent term kept (Lucene's blended frequencies),
    /// so a rare misspelling does not outrank the common word by its rarity: with equal counts
    /// and lengths, the exact term (similarity 1) ranks first.
    func fuzzyWeight(of term: String, edits: Int?, field: DocumentField?, notices: inout [String])
        throws(Source.Failure) -> Weight
    {
        let fields = field.map { [$0] } ?? DocumentField.allCases
        let length = term.unicodeScalars.count
        let budget = Double(max(0, edits ?? FuzzyBudget.edits(forTermLength: length)))
        let costs = options.spellingCosts ?? index.analyzer.spellingCosts
        let limit = max(0, options.fuzzyExpansionLimit)
        // Closest first: only the terms kept are looked up in the dictionary.
        let written = Query.fuzzy(term, edits: edits, field: field).description
        var candidates: [(text: String, cost: Double, fieldTerms: [FieldTerm<Source.Term>])] = []
        let (lexicon, near) = try index.closestTerms(to: term, within: budget, costs: costs)
        for (number, cost) in near {
            let text = lexicon.term(number)
            guard let found = try index.term(text, arena: arena) else { continue }
            let matches = fieldTermsOf(found, in: fields)
            guard !matches.isEmpty else { continue }
            if candidates.count == limit {
                notices.append("fuzzy \(written) matches more than \(limit) terms; only the \(limit) closest were searched")
                break
            }
            candidates.append((text, cost, matches))
        }
        guard !candidates.isEmpty else { return .terms(TermsWeight(fieldTerms: [])) }

        // Blended idf: the most frequent candidate's, per field (summed fields) or over its
        // fields (BM25F).
        var fieldIDF = PerField(repeating: Double.infinity)
        var combined = Double.infinity
        for candidate in candidates {
            for fieldTerm in candidate.fieldTerms {
                fieldIDF[fieldTerm.field.index] = Swift.min(fieldIDF[fieldTerm.field.index], fieldTerm.idf)
            }
            if let bm25f { combined = Swift.min(combined, combinedIDF(of: candidate.fieldTerms[...], bm25f)) }
        }
        let clauses = candidates.map { candidate -> Weight in
            let blended = candidate.fieldTerms.map {
                FieldTerm(termID: $0.termID, field: $0.field, idf: fieldIDF[$0.field.index], boost: $0.boost)
            }
            let shorter = Swift.max(1, Swift.min(length, candidate.text.unicodeScalars.count))
            let similarity = Swift.max(0.1, 1 - candidate.cost / Double(shorter))
            let weight = TermsWeight(fieldTerms: blended, variantsIDF: bm25f == nil ? nil : combined, expansionOf: written)
            return .terms(weight.scaled(by: similarity))
        }
        return clauses.count == 1 ? clauses[0] : .boolean(should: clauses, must: [], mustNot: [])
    }
}

extension SearchSource {
    /// The numbers in the lexicon of the index terms within `budget` of `term` under `costs`,
    /// closest first, the more frequent first among equally close ones (by the lexicon's
    /// frequencies: the largest over the fields, deleted documents counted), then in term order.
    func closestTerms(to term: String, within budget: Double, costs: SpellingCosts) throws(Failure)
        -> (lexicon: TermLexicon, matches: [(number: Int, cost: Double)])
    {
        let lexicon = try termLexicon()
        var found = lexicon.matches(near: term, within: budget, costs: costs)
        found.sort { a, b in
            if a.cost != b.cost { return a.cost < b.cost }
            let (x, y) = (lexicon.frequency(a.number), lexicon.frequency(b.number))
            return x != y ? x > y : a.number < b.number
        }
        return (lexicon, found)
    }

    /// The first `limit` of ``closestTerms(to:within:costs:)``, as terms with their distances
    /// and frequencies.
    func termsNear(_ term: String, within budget: Double, costs: SpellingCosts, limit: Int) throws(Failure)
        -> [(term: String, cost: Double, frequency: Int)]
    {
        let (lexicon, matches) = try closestTerms(to: term, within: budget, costs: costs)
        return matches.prefix(max(0, limit)).map { (lexicon.term($0.number), $0.cost, lexicon.frequency($0.number)) }
    }
}
