/// How a hit's score was computed: one contribution per matched query term and field (the
/// first phase, BM25 or BM25F), then what the second phase (``RerankParameters``) added or took
/// away.
///
/// The contributions and the second phase's parts add up to ``SearchHit/score``. Ask for
/// explanations with ``SearchOptions/explain``.
///
/// ```swift
/// var options = SearchOptions()
/// options.explain = true
/// let hit = try index.search("الذكاء", options: options).hits[0]
/// for c in hit.explanation?.contributions ?? [] { print(c.term, c.field, c.score) }
/// for part in hit.explanation?.secondPhase ?? [] { print(part.label, part.score) }
/// ```
public struct Explanation: Sendable {
    /// The terms (and phrases) that matched, each in one field, in query order.
    public let contributions: [TermContribution]
    /// What the second phase changed, in the order it applies: the proximity bonus, then the
    /// coverage factor; each only when it changed the score.
    public let secondPhase: [SecondPhaseContribution]

    /// An explanation made of `contributions` and the second phase's parts.
    public init(contributions: [TermContribution], secondPhase: [SecondPhaseContribution] = []) {
        self.contributions = contributions
        self.secondPhase = secondPhase
    }

    /// The first phase's score: the sum of the contributions.
    public var firstPhaseScore: Double { contributions.reduce(0) { $0 + $1.score } }

    /// The hit's score: the first phase's, plus what the second phase changed.
    public var score: Double { secondPhase.reduce(firstPhaseScore) { $0 + $1.score } }
}

/// What one part of the second ranking phase (``RerankParameters``) changed in a hit's score.
public struct SecondPhaseContribution: Sendable, Hashable {
    /// The part and its inputs.
    public enum Kind: Sendable, Hashable {
        /// The bonus for query words near each other in the text: its weight (the proximity
        /// parameter times the text's boost), the text's length and average length.
        case proximity(weight: Double, documentLength: Int, averageDocumentLength: Double)
        /// The factor `(matched / clauses)^coverage` applied to the score so far.
        case coverage(matchedClauses: Int, clauses: Int, factor: Double)
    }

    public let kind: Kind
    /// What it adds to the score (negative when the coverage factor takes away).
    public let score: Double

    /// A part of the given kind that adds `score`.
    public init(kind: Kind, score: Double) {
        self.kind = kind
        self.score = score
    }

    /// A short label: `(proximity)`, `(coverage 2/3)`.
    public var label: String {
        switch kind {
        case .proximity: return "(proximity)"
        case .coverage(let matched, let clauses, _): return "(coverage \(matched)/\(clauses))"
        }
    }
}

/// What one matched query term (or phrase) adds to a hit's score in one field:
/// `boost · idf · tf(termFrequency, documentLength, averageDocumentLength)`.
///
/// With ``FieldScoring/bm25f``, a term's score comes from all its fields at once: each of its
/// fields shows the term's combined idf and a share of its score, in proportion to what the
/// field adds to the pseudo-frequency.
///
/// For a phrase, `term` is the quoted phrase, `idf` the sum of its terms' idfs and
/// `termFrequency` the number of times the phrase occurs.
public struct TermContribution: Sendable {
    /// The index term, or a phrase in quotes; a term matched as a variant of a query word
    /// (``SearchOptions/variantWeight``) is written with `~` before it (`~مكتب`).
    public let term: String
    /// The field it matched in.
    public let field: DocumentField
    /// Its inverse document frequency in that field.
    public let idf: Double
    /// How often it occurs in the field of the document.
    public let termFrequency: Int
    /// The length of the field of the document, in tokens.
    public let documentLength: Int
    /// The average length of the field, in tokens.
    public let averageDocumentLength: Double
    /// The field's boost.
    public let boost: Double
    /// What it adds to the score.
    public let score: Double

    /// A contribution with the given values.
    public init(term: String, field: DocumentField, idf: Double, termFrequency: Int, documentLength: Int,
                averageDocumentLength: Double, boost: Double, score: Double) {
        self.term = term
        self.field = field
        self.idf = idf
        self.termFrequency = termFrequency
        self.documentLength = documentLength
        self.averageDocumentLength = averageDocumentLength
        self.boost = boost
        self.score = score
    }
}
