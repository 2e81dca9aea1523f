import ArabicTokenizer

/// How a search ranks, how many hits it returns and what it says about them.
///
/// ```swift
/// var options = SearchOptions()
/// options.limit = 5
/// options.ranking.variant = .bm25plus
/// options.boosts.title = 2
/// options.explain = true
/// let results = try index.search("الذكاء الاصطناعي", options: options)
/// ```
public struct SearchOptions: Sendable {
    /// The most hits to return (the best ones); 10 by default. ``SearchResults/totalHits``
    /// counts matches beyond it (see ``totalHitsThreshold``).
    public var limit: Int = 10
    /// The BM25 variant and constants.
    public var ranking = BM25Parameters()
    /// The weight of each field.
    public var boosts = FieldBoosts()
    /// How a term's matches in the title and the text make its score: BM25F (the default,
    /// chosen across six collections: a title match cannot outweigh the text as the added
    /// per-field scores of ``FieldScoring/sum`` can), or each field saturated on its own and the
    /// scores added.
    public var fieldScoring = FieldScoring.bm25f
    /// The weight of a query word's variants: under BM25F, each word of a query of words
    /// combined with OR also matches, as one more term of this weight, every index term with
    /// the same `Analyzer/variantKey(of:)` (for Arabic, the same ISRI root: the word's other
    /// inflections and derivations, which light stemming keeps apart). 0 turns it off; 1 by
    /// default, chosen across six collections (light and root-level matching together, the
    /// classic combination in Arabic retrieval).
    public var variantWeight = 1.0
    /// Pseudo-relevance feedback (RM3); `nil`, off, by default.
    public var feedback: FeedbackParameters?
    /// The title's length normalization `b`, 0…1; 1 by default. `nil` for
    /// ``BM25Parameters/b``, which then applies to both fields.
    public var titleB: Double? = 1
    /// The second ranking phase, which rescores the best BM25 hits by query-term coverage and
    /// term proximity (see ``RerankParameters``).
    public var rerank = RerankParameters()
    /// Whether hits carry an ``Explanation`` of their score; `false` by default.
    public var explain = false
    /// About how many words of text a snippet shows; 30 by default, 0 for no snippet.
    public var snippetWords = 30
    /// Whether hits carry their document's stored title and text (and a snippet of it);
    /// `true` by default. When `false`, each hit has only its rank, identifier and score
    /// (empty ``SearchHit/title``, ``SearchHit/text`` and snippet; an explanation still when
    /// ``explain`` asks for one): an on-disk index then reads no stored text at all, which
    /// is what a caller that only needs identifiers (an evaluation run, a benchmark, an
    /// application with its own document store) should ask for.
    public var loadsStoredText = true
    /// The most index terms one prefix query (`word*`) expands to; 128 by default. The first ones
    /// in term order are kept and a notice says so.
    public var prefixExpansionLimit = 128
    /// The most index terms one fuzzy term (`word~`) expands to; 50 by default. The closest
    /// ones are kept (the more frequent first among equally close ones) and a notice says so.
    public var fuzzyExpansionLimit = 50
    /// What spelling slips cost for fuzzy terms and spelling suggestions; `nil` (the default)
    /// for the analyzer's own `Analyzer.spellingCosts`.
    public var spellingCosts: SpellingCosts?
    /// Whether a search looks for misspelt words, and what it does with them: nothing (the
    /// default), a suggestion in ``SearchResults/suggestion``, or the corrected query searched
    /// instead.
    public var spelling = SpellingCorrection.off

    /// Whether a search skips the documents, and the blocks of postings, whose score bounds
    /// show they cannot reach the best ``limit`` (dynamic pruning: block-max MaxScore for
    /// disjunctions, conjunctions led by their rarest clause) instead of scoring every match.
    /// The hits and their scores are the same either way, to the bit; with pruning
    /// ``SearchResults/totalHits`` may be a lower bound (see ``totalHitsThreshold``). On by
    /// default. A disjunction of more than 64 term-field pairs (a broad prefix) is scored match
    /// by match even so, which is faster for it. Off, every match is scored and counted
    /// (queries with required clauses still go a document at a time, led by their rarest one).
    public var prunes = true
    /// Scores every posting of every clause a term at a time, even for queries with required
    /// clauses: the reference the other evaluations are tested against.
    var scoresEveryPosting = false
    /// With ``prunes``: matches are counted exactly up to this many, and only past it does a
    /// search start skipping documents (so ``SearchResults/totalHits`` is exact whenever it is
    /// below this). 1000 by default.
    public var totalHitsThreshold = 1000

    /// The default options.
    public init() {}
}
