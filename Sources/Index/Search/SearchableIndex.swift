import ArabicTokenizer

/// An index that answers parsed queries: an ``InMemoryIndex`` (which never fails) or a
/// ``DiskIndex`` (which fails on corrupt data). Evaluation runs topics against either.
///
/// ```swift
/// func topHit(_ index: some SearchableIndex, _ query: Query) throws -> String? {
///     try index.search(query, options: SearchOptions()).hits.first?.id
/// }
/// ```
public protocol SearchableIndex: Sendable {
    /// What a search of a parsed query can fail with: `Never` in memory, ``IndexStoreError``
    /// on disk.
    associatedtype SearchFailure: Error
    /// The analyzer the index was built with; queries must be analyzed with it.
    var analyzer: any Analyzer { get }
    /// The documents matching `query`, best first.
    func search(_ query: Query, options: SearchOptions) throws(SearchFailure) -> SearchResults
    /// The documents matching a query string in the query language, best first.
    ///
    /// - Throws: ``SearchError``, the same type for every kind of index.
    func search(_ query: String, options: SearchOptions) throws(SearchError) -> SearchResults
    /// Query text with its misspelt words corrected, as ``SearchOptions/spelling`` suggests it
    /// (see ``SpellingCorrection``), with `costs` (`nil`: the analyzer's); `nil` when no word
    /// looks misspelt. Unlike a search's suggestion, it is not checked to match anything.
    func suggestedSpelling(for text: String, costs: SpellingCosts?) throws(SearchFailure) -> String?
}

/// Why a search failed, for every kind of index: the query string, or the index's data.
public enum SearchError: Error, Sendable, CustomStringConvertible {
    /// The query string does not follow the query language (``QuerySyntaxError/column``
    /// says where).
    case syntax(QuerySyntaxError)
    /// The index's data could not be read: damaged, missing or from another segment (never for
    /// an in-memory index).
    case index(IndexStoreError)

    public var description: String {
        switch self {
        case .syntax(let error): return "query: \(error)"
        case .index(let error): return "\(error)"
        }
    }
}
