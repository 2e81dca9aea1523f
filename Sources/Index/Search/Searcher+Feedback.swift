extension Searcher {
    /// The terms of `query` when it is a bag of words (terms in any field, combined with OR),
    /// as often as they occur; `nil` for any other query.
    static func bagOfWords(_ query: Query) -> [String]? {
        switch query {
        case .term(let term, nil):
            return [term]
        case .boolean(let should, let must, let mustNot) where must.isEmpty && mustNot.isEmpty && !should.isEmpty:
            var terms: [String] = []
            for clause in should {
                guard case .term(let term, nil) = clause else { return nil }
                terms.append(term)
            }
            return terms
        default:
            return nil
        }
    }

    /// RM3 (see ``FeedbackParameters``): `terms`, the query's bag of words whose weight is
    /// `first`, expanded with the relevance model of `first`'s best documents.
    func expandedWeight(of terms: [String], first: Weight, feedback: FeedbackParameters, notices: inout [String])
        throws(Source.Failure) -> Weight
    {
        let top = try topDocuments(first, limit: max(0, feedback.documents)).hits
        // The relevance model: each document's term distribution, weighed by its score.
        var model: [String: Double] = [:]
        for hit in top {
            let (document, score) = (hit.document, hit.score)
            let stored = try index.document(number: document)
            var counts: [String: Int] = [:]
            var length = 0
            for text in [stored.title, stored.text] {
                for token in index.analyzer.analyze(text) {
                    counts[token.term, default: 0] += 1
                    length += 1
                }
            }
            guard length > 0 else { continue }
            for (term, count) in counts where Self.isExpansionTerm(term) {
                model[term, default: 0] += score * Double(count) / Double(length)
            }
        }
        // The best terms (ties in term order, so that runs repeat), normalized to sum 1.
        let best = model.filter { $0.value > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(max(0, feedback.terms))
        let modelTotal = best.reduce(0) { $0 + $1.value }
        let alpha = min(1, max(0, feedback.originalQueryWeight.isFinite ? feedback.originalQueryWeight : 0.5))
        var weights: [String: Double] = [:]
        var order: [String] = []
        for term in terms {
            if weights[term] == nil { order.append(term) }
            weights[term, default: 0] += alpha / Double(terms.count)
        }
        if modelTotal > 0 {
            for (term, value) in best {
                if weights[term] == nil { order.append(term) }
                weights[term, default: 0] += (1 - alpha) * value / modelTotal
            }
        }
        var clauses: [Weight] = []
        clauses.reserveCapacity(order.count)
        for term in order {
            guard let termWeight = weights[term], termWeight > 0,
                  case .terms(let resolved) = try weight(for: .term(term, field: nil), notices: &notices)
            else { continue }
            clauses.append(.terms(resolved.scaled(by: termWeight)))
        }
        return .boolean(should: clauses, must: [], mustNot: [])
    }

    /// Whether a document term may expand a query: two characters or more, not only digits.
    static func isExpansionTerm(_ term: String) -> Bool {
        term.count >= 2 && !term.allSatisfy(\.isNumber)
    }
}
