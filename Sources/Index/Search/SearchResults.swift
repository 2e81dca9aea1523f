/// The outcome of a search: the best hits, how many documents matched, and notices about the
/// query.
///
/// ```swift
/// let results = try index.search("meta OR ibm")
/// print("\(results.totalHits) documents match \(results.parsed)")
/// for hit in results.hits { print(hit.rank, hit.id, hit.score) }
/// results.notices   // e.g. ["the query is empty"]
/// ```
public struct SearchResults: Sendable {
    /// The query as given (for a ``Query`` tree, its canonical text).
    public let query: String
    /// The canonical text of the parsed query tree (see ``Query/description``).
    public let parsed: String
    /// The number of documents that match: all of them when ``totalHitsIsExact``, otherwise
    /// at least this many (a pruned search counts the matches it scored; see
    /// ``SearchOptions/prunes``).
    public let totalHits: Int
    /// Whether ``totalHits`` is the exact number of matches rather than a lower bound.
    public let totalHitsIsExact: Bool
    /// The best ``SearchOptions/limit`` matches, best first.
    public let hits: [SearchHit]
    /// Things the user should know about how the query was run: nothing searchable, only
    /// exclusions, a prefix expansion that was capped.
    public let notices: [String]
    /// "Did you mean": the query with its misspelt words corrected, when
    /// ``SearchOptions/spelling`` asks for it and a word looks misspelt (see
    /// ``SpellingCorrection``).
    public internal(set) var suggestion: SpellingSuggestion?

    /// Results with the given contents.
    public init(query: String, parsed: String, totalHits: Int, totalHitsIsExact: Bool = true, hits: [SearchHit],
                notices: [String])
    {
        self.query = query
        self.parsed = parsed
        self.totalHits = totalHits
        self.totalHitsIsExact = totalHitsIsExact
        self.hits = hits
        self.notices = notices
    }
}

/// A query with its misspelt words corrected ("did you mean"), and what it finds.
public struct SpellingSuggestion: Sendable, Equatable {
    /// The query as typed, with each corrected word replaced (its other words, operators and
    /// quotes as they were).
    public let query: String
    /// The number of documents the corrected query matches (see ``SearchResults/totalHits``).
    public let totalHits: Int
    /// Whether the results are the corrected query's (``SpellingCorrection/autoCorrect``)
    /// rather than the query's as typed.
    public let wasSearched: Bool

    /// A suggestion with the given contents.
    public init(query: String, totalHits: Int, wasSearched: Bool) {
        self.query = query
        self.totalHits = totalHits
        self.wasSearched = wasSearched
    }
}
