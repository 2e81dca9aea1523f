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
    /// What a search can fail with: `Never` in memory, ``IndexStoreError`` on disk.
    associatedtype SearchFailure: Error
    /// The analyzer the index was built with; queries must be analyzed with it.
    var analyzer: any Analyzer { get }
    /// The documents matching `query`, best first.
    func search(_ query: Query, options: SearchOptions) throws(SearchFailure) -> SearchResults
}
