/// How a hit's score was computed, as a tree like the query's: each node says what it is and
/// what it adds to the score, and its parts add up to it.
///
/// The leaves are the matched query terms and phrases, each in one field (``contribution``: the
/// first phase, BM25 or BM25F), and what the second phase (``RerankParameters``) added or took
/// away (``secondPhasePart``). Inner nodes group them as the query does: a term's fields under
/// BM25F, a boolean query's matched clauses, the two phases. Ask for explanations with
/// ``SearchOptions/explain``.
///
/// ```swift
/// var options = SearchOptions()
/// options.explain = true
/// let hit = try index.search("الذكاء الاصطناعي", options: options).hits[0]
/// print(hit.explanation?.description ?? "")   // the tree, one node a line
/// for c in hit.explanation?.contributions ?? [] { print(c.term, c.field, c.score) }
/// ```
public struct Explanation: Sendable, CustomStringConvertible {
    /// What this node adds to the score: the sum of its parts', or a leaf's own.
    public let score: Double
    /// What this node is, in a few words (`sum of`, `BM25F of ذكاء`, `title:ذكاء`, `(proximity)`).
    public let summary: String
    /// Its parts, in the order they are added; empty for a leaf.
    public let details: [Explanation]
    /// A first-phase leaf: a term or phrase in one field.
    public let contribution: TermContribution?
    /// A second-phase leaf.
    public let secondPhasePart: SecondPhaseContribution?

    /// A node whose score is the sum of `details`' scores.
    public init(summary: String, details: [Explanation]) {
        self.summary = summary
        self.details = details
        score = details.reduce(0) { $0 + $1.score }
        contribution = nil
        secondPhasePart = nil
    }

    /// A leaf: a term or phrase in one field.
    public init(_ contribution: TermContribution) {
        summary = "\(contribution.field.rawValue):\(contribution.term)"
        score = contribution.score
        details = []
        self.contribution = contribution
        secondPhasePart = nil
    }

    /// A leaf: a part of the second phase.
    public init(_ part: SecondPhaseContribution) {
        summary = part.label
        score = part.score
        details = []
        contribution = nil
        secondPhasePart = part
    }

    /// The first-phase leaves, in order: every matched term and phrase in each field.
    public var contributions: [TermContribution] {
        var result: [TermContribution] = []
        forEachLeaf { if let contribution = $0.contribution { result.append(contribution) } }
        return result
    }

    /// The second-phase leaves, in order: the proximity bonus, then the coverage factor, each
    /// only when it changed the score.
    public var secondPhase: [SecondPhaseContribution] {
        var result: [SecondPhaseContribution] = []
        forEachLeaf { if let part = $0.secondPhasePart { result.append(part) } }
        return result
    }

    /// The sum of the first-phase leaves, in order: the score before the second phase.
    public var firstPhaseScore: Double { contributions.reduce(0) { $0 + $1.score } }

    /// The tree, one node a line, parts indented under their node.
    public var description: String {
        var lines: [String] = []
        func add(_ node: Explanation, depth: Int) {
            lines.append(String(repeating: "  ", count: depth) + "\(node.score) \(node.summary)")
            for detail in node.details { add(detail, depth: depth + 1) }
        }
        add(self, depth: 0)
        return lines.joined(separator: "\n")
    }

    private func forEachLeaf(_ body: (Explanation) -> Void) {
        if details.isEmpty { body(self) }
        for detail in details { detail.forEachLeaf(body) }
    }
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
    /// (``SearchOptions/variantWeight``) is written with `~` before it (`~مكتب`), and one a
    /// fuzzy word was expanded to with that word after it (`كاتب (كتب~)`).
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
