extension Searcher {
    /// Whether queries add their words' variants: under BM25F, with a positive weight.
    var usesVariants: Bool {
        bm25f != nil && options.variantWeight.isFinite && options.variantWeight > 0
    }

    /// `ranked`, the weight of a bag of words `terms`, with one more clause for each word: the
    /// index terms that are its variants (those with its ``Analyzer/variantKey(of:)``, itself
    /// among them), scored under BM25F as one term and weighed ``SearchOptions/variantWeight``.
    /// `ranked` as it is when variants do not apply (per-field sums, a weight of 0, an
    /// analyzer without variant keys, or a weight that is not a bag of terms).
    func addingVariants(to ranked: Weight, of terms: [String]) throws(Source.Failure) -> Weight {
        guard usesVariants, let bm25f else { return ranked }
        let variantWeight = options.variantWeight
        var clauses: [Weight]
        switch ranked {
        case .terms:
            clauses = [ranked]
        case .boolean(let should, let must, let mustNot) where must.isEmpty && mustNot.isEmpty:
            clauses = should
        default:
            return ranked
        }
        let keys = terms.compactMap { index.analyzer.variantKey(of: $0) }
        guard !keys.isEmpty else { return ranked }
        let table = try index.variantTable()
        let weight = Swift.min(BM25.largestConstant, variantWeight)
        var documents = PerField(repeating: 0.0)
        for field in DocumentField.allCases { documents[field.index] = Double(index.statistics(of: field).nonEmptyDocumentCount) }
        for key in keys {
            var fieldTerms: [FieldTerm<Source.Term>] = []
            // The chance that a document lacks every variant in a field, as if they occurred
            // independently: what the variants' document frequency is estimated from.
            var absent = PerField(repeating: 1.0)
            for text in table.terms(withKey: key) {
                guard let term = try index.term(text, arena: arena) else { continue }
                for found in fieldTermsOf(term, in: DocumentField.allCases) {
                    fieldTerms.append(found)
                    let frequency = Double(index.documentFrequency(of: term, in: found.field))
                    absent[found.field.index] *= Swift.max(0, 1 - frequency / Swift.max(1, documents[found.field.index]))
                }
            }
            guard !fieldTerms.isEmpty else { continue }
            var frequency = 1
            for field in DocumentField.allCases {
                frequency = Swift.max(frequency, Int((documents[field.index] * (1 - absent[field.index])).rounded()))
            }
            let idf = bm25f.combined.idf(documentFrequency: frequency)
            clauses.append(.terms(TermsWeight(fieldTerms: fieldTerms, weight: weight, variantsIDF: idf)))
        }
        return .boolean(should: clauses, must: [], mustNot: [])
    }
}
