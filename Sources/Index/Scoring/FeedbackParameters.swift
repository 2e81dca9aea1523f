/// Pseudo-relevance feedback (RM3, as Anserini and Pyserini run it): the query is searched, its
/// best ``documents`` are taken as relevant, the ``terms`` terms most likely under their
/// relevance model are added to the query, and the expanded query is searched again.
///
/// The relevance model weighs each term `w` by `Σ over feedback documents d  score(d) · tf(w, d) / |d|`
/// (`|d|` the document's title and text terms), keeps the best ``terms`` and normalizes them to
/// sum 1; the query's own terms weigh `1/n` each (`n` of them). A term's weight in the expanded
/// query is `originalQueryWeight · query + (1 − originalQueryWeight) · model`, and its score is
/// that weight times its BM25. Feedback applies to bags of words (terms combined with OR);
/// other queries are searched as they are, with a notice.
///
/// ```swift
/// var options = SearchOptions()
/// options.feedback = FeedbackParameters()   // 10 documents, 10 terms, query weight 0.5
/// ```
public struct FeedbackParameters: Sendable, Hashable, Codable {
    /// How many of the first search's best documents are taken as relevant; 10 by default.
    public var documents: Int
    /// How many expansion terms the relevance model gives; 10 by default.
    public var terms: Int
    /// The weight of the original query against the relevance model, 0…1; 0.5 by default.
    public var originalQueryWeight: Double

    /// Parameters with the given values (Anserini's defaults when omitted).
    public init(documents: Int = 10, terms: Int = 10, originalQueryWeight: Double = 0.5) {
        self.documents = documents
        self.terms = terms
        self.originalQueryWeight = originalQueryWeight
    }
}
