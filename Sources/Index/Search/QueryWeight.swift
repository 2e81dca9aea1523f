/// A query tree resolved against one index and one set of options: terms as term ids, with
/// their idf and boost in each field they may match in. Evaluating, explaining and
/// highlighting all walk this tree.
enum QueryWeight<Term> {
    /// A term, or the terms a prefix expanded to: a document matches if it contains any.
    case terms(TermsWeight<Term>)
    /// A phrase.
    case phrase(PhraseWeight<Term>)
    /// Required, optional and excluded clauses (see ``Query/boolean(should:must:mustNot:)``).
    case boolean(should: [QueryWeight<Term>], must: [QueryWeight<Term>], mustNot: [QueryWeight<Term>])
}

extension QueryWeight {
    /// A term or phrase leaf of the query.
    enum Leaf {
        case terms(TermsWeight<Term>)
        case phrase(PhraseWeight<Term>)
    }

    /// Calls `body` with each term and phrase of the query's positive parts, in query order:
    /// every leaf a matching document may match, nested booleans' required clauses before
    /// their optional ones, exclusions left out. Highlighting and the second phase read the
    /// query through this.
    func forEachPositiveLeaf(_ body: (Leaf) -> Void) {
        switch self {
        case .terms(let terms): body(.terms(terms))
        case .phrase(let phrase): body(.phrase(phrase))
        case .boolean(let should, let must, _):
            for clause in must { clause.forEachPositiveLeaf(body) }
            for clause in should { clause.forEachPositiveLeaf(body) }
        }
    }
}

extension QueryWeight where Term: Hashable {
    /// The fuzzy word each term of the query's positive parts was expanded from, by term (see
    /// ``TermsWeight/expansionOf``): what explanations name beside the term.
    var fuzzyWords: [Term: String] {
        var words: [Term: String] = [:]
        forEachPositiveLeaf { leaf in
            guard case .terms(let terms) = leaf, let word = terms.expansionOf else { return }
            for term in terms.fieldTerms { words[term.termID] = word }
        }
        return words
    }
}

/// One index term in one field, with what it weighs there.
struct FieldTerm<Term> {
    let termID: Term
    let field: DocumentField
    let idf: Double
    let boost: Double
}

/// The weight of a term query, or of the terms of an expanded prefix.
struct TermsWeight<Term> {
    /// Every (term, field) pair that can match; pairs that occur nowhere are left out. Those
    /// in the text field are the ones a snippet highlights. Their boosts include ``weight``.
    let fieldTerms: [FieldTerm<Term>]
    /// The query's weight of these terms: 1 but for feedback's expanded queries. Under
    /// ``FieldScoring/sum`` it is folded into each field term's boost; BM25F, which weighs
    /// fields by their boosts alone, multiplies the term's score by it.
    var weight = 1.0
    /// When set, the terms are the variants of one query word (see
    /// ``SearchOptions/variantWeight``), scored under BM25F as one term: their pseudo-frequencies
    /// added, saturated once, with this idf. `nil` for a term, or a prefix's terms, each scored
    /// on its own.
    var variantsIDF: Double?
    /// The query word these terms are one expansion of, as the query wrote it (`كتب~`): a fuzzy
    /// word's terms are clauses of their own, each weighed by its similarity, and share it. The
    /// second phase takes neighbouring clauses of one word as one query term (for proximity
    /// and coverage). `nil` for any other terms.
    var expansionOf: String?

    init(fieldTerms: [FieldTerm<Term>], weight: Double = 1, variantsIDF: Double? = nil, expansionOf: String? = nil) {
        self.fieldTerms = fieldTerms
        self.weight = weight
        self.variantsIDF = variantsIDF
        self.expansionOf = expansionOf
    }

    /// These terms weighed `weight` times as much.
    func scaled(by weight: Double) -> TermsWeight {
        TermsWeight(fieldTerms: fieldTerms.map { FieldTerm(termID: $0.termID, field: $0.field, idf: $0.idf, boost: $0.boost * weight) },
                    weight: self.weight * weight, variantsIDF: variantsIDF, expansionOf: expansionOf)
    }
}

/// The weight of a phrase query.
struct PhraseWeight<Term> {
    /// The phrase in each field where all its terms occur.
    struct InField {
        let field: DocumentField
        /// The term id of each term of the phrase (gaps left out).
        let termIDs: [Term]
        /// The sum of the terms' idfs in the field.
        let idf: Double
        let boost: Double
    }

    /// The phrase's words (`nil` for a gap left by a stop word), as the query wrote them.
    let slots: [String?]
    /// The phrase as the query wrote it, e.g. `"زايد ذكاء"`, for explanations.
    var label: String { Query.phrase(slots, slop: slop, field: nil).description }
    /// The query offset of each term (gaps left out), the first 0.
    let offsets: [Int]
    let slop: Int
    /// The phrase in each field where all its terms occur (the text field's is the one a
    /// snippet highlights).
    let fields: [InField]
}
