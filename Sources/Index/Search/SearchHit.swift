/// One matching document, with its rank, score and a snippet of its text.
///
/// ```swift
/// let hit = try index.search("جيمناي").hits[0]
/// print(hit.rank, hit.id, hit.title, hit.snippet.text)
/// ```
public struct SearchHit: Sendable {
    /// The 1-based rank of the hit in the results.
    public let rank: Int
    /// The document's identifier.
    public let id: String
    /// The BM25 score; higher is better. Equal scores rank in the order documents were added.
    public let score: Double
    /// The document's title.
    public let title: String
    /// The document's full text.
    public let text: String
    /// The best passage of the text, with the matched words marked.
    public let snippet: Snippet
    /// How the score was computed, when ``SearchOptions/explain`` was set.
    public let explanation: Explanation?

    /// A hit with the given contents.
    public init(rank: Int, id: String, score: Double, title: String, text: String, snippet: Snippet,
                explanation: Explanation?) {
        self.rank = rank
        self.id = id
        self.score = score
        self.title = title
        self.text = text
        self.snippet = snippet
        self.explanation = explanation
    }
}
