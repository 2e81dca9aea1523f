/// How a hit's score was computed: one contribution per matched query term and field.
///
/// The contributions add up to ``SearchHit/score``. Ask for explanations with
/// ``SearchOptions/explain``.
///
/// ```swift
/// var options = SearchOptions()
/// options.explain = true
/// let hit = try index.search("الذكاء", options: options).hits[0]
/// for c in hit.explanation?.contributions ?? [] { print(c.term, c.field, c.score) }
/// ```
public struct Explanation: Sendable {
    /// The terms (and phrases) that matched, each in one field, in query order.
    public let contributions: [TermContribution]

    /// An explanation made of `contributions`.
    public init(contributions: [TermContribution]) {
        self.contributions = contributions
    }

    /// The sum of the contributions: the hit's score.
    public var score: Double { contributions.reduce(0) { $0 + $1.score } }
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
