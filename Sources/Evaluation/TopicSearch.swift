import ArabicIndex
import ArabicTokenizer
import Dispatch
import Synchronization

/// A topic turned into a query tree.
public struct TopicQuery: Sendable, Hashable {
    /// The topic's identifier.
    public let topicID: String
    /// The query that answers it.
    public let query: Query

    /// A topic query with the given contents.
    public init(topicID: String, query: Query) {
        self.topicID = topicID
        self.query = query
    }
}

/// A topic whose text is not a valid query (with ``TopicSearch/QueryMode/syntax``).
public struct TopicQueryError: Error, Sendable, CustomStringConvertible {
    /// The topic's identifier.
    public let topicID: String
    /// What the query parser said.
    public let error: QuerySyntaxError

    /// `topic ID: <the parser's message>`, one line.
    public var description: String { CorpusProblem.oneLine("topic \(topicID): \(error)") }
}

/// Runs the topics of a test collection against an index and collects the hits as a ``Run``.
///
/// ```swift
/// let index = try InMemoryIndex(documents: documents)
/// let queries = try TopicSearch.queries(for: topics, analyzer: index.analyzer)
/// let run = TopicSearch.run(queries, on: index, depth: 100, threads: 2)
/// let evaluation = Evaluation(run: run, qrels: qrels, metrics: Metric.defaults)
/// ```
public enum TopicSearch {
    /// How a topic's text becomes a query.
    public enum QueryMode: Sendable, Hashable {
        /// Every index term of the text, analyzed, is an optional clause (an OR of the terms, a
        /// repeated term counting again); query syntax characters are ordinary text.
        case bagOfWords
        /// The text is parsed with `QueryParser` (quotes, `+`, `-`, `OR`, `field:` …).
        case syntax
    }

    /// The query of each topic, in topic order.
    ///
    /// - Throws: ``TopicQueryError`` for the first topic that is not a valid query, in
    ///   ``QueryMode/syntax`` mode only.
    public static func queries(for topics: Topics, analyzer: any Analyzer, mode: QueryMode = .bagOfWords)
        throws(TopicQueryError) -> [TopicQuery]
    {
        var result: [TopicQuery] = []
        result.reserveCapacity(topics.count)
        for topic in topics.topics {
            result.append(TopicQuery(topicID: topic.id, query: try query(for: topic, analyzer: analyzer, mode: mode)))
        }
        return result
    }

    /// The query of one topic.
    ///
    /// - Throws: ``TopicQueryError`` when the text is not a valid query in ``QueryMode/syntax`` mode.
    public static func query(for topic: Topic, analyzer: any Analyzer, mode: QueryMode = .bagOfWords)
        throws(TopicQueryError) -> Query
    {
        switch mode {
        case .bagOfWords:
            let terms = analyzer.analyze(topic.text).map { Query.term($0.term, field: nil) }
            return .boolean(should: terms, must: [], mustNot: [])
        case .syntax:
            do {
                return try QueryParser(analyzer: analyzer).parse(topic.text)
            } catch {
                throw TopicQueryError(topicID: topic.id, error: error)
            }
        }
    }

    /// The best `depth` hits of every query with a score above 0, as a run tagged `tag`.
    ///
    /// Queries are spread over `threads` threads (1 or less: the calling thread only); the run
    /// is the same whatever the number. A topic without hits has no lines in the run. Snippets
    /// and explanations are never made and no stored text is read, whatever `options` says.
    /// The index may be in memory or on disk: the same documents rank the same in both.
    ///
    /// - Throws: what the index's searches throw (an on-disk index's corrupt data), the first
    ///   one met; nothing for an in-memory index.
    public static func run<Index: SearchableIndex>(
        _ queries: [TopicQuery], on index: Index, options: SearchOptions = SearchOptions(),
        depth: Int = 100, threads: Int = 1, tag: String = "arabic-search"
    ) throws(Index.SearchFailure) -> Run {
        var options = options
        options.limit = max(0, depth)
        options.snippetWords = 0
        options.explain = false
        options.loadsStoredText = false
        let searchOptions = options
        var hits = [[RunEntry]](repeating: [], count: queries.count)
        @Sendable func answer(_ query: TopicQuery) -> Result<[RunEntry], Index.SearchFailure> {
            do throws(Index.SearchFailure) {
                let results = try index.search(query.query, options: searchOptions)
                return .success(results.hits.filter { $0.score > 0 }.enumerated().map { offset, hit in
                    RunEntry(documentID: hit.id, score: hit.score, rank: offset + 1)
                })
            } catch {
                return .failure(error)
            }
        }
        let lanes = min(max(1, threads), queries.count)
        if lanes <= 1 {
            for (position, query) in queries.enumerated() { hits[position] = try answer(query).get() }
        } else {
            let failures = Mutex<[(position: Int, error: Index.SearchFailure)]>([])
            hits.withUnsafeMutableBufferPointer { buffer in
                let output = DisjointHits(buffer: buffer)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    var position = lane
                    while position < queries.count {
                        switch answer(queries[position]) {
                        case .success(let entries): output.buffer[position] = entries
                        case .failure(let error): failures.withLock { $0.append((position, error)) }
                        }
                        position += lanes
                    }
                }
            }
            // The first failing query's error, whatever the threads' order.
            if let first = failures.withLock({ $0.min { $0.position < $1.position } }) { throw first.error }
        }
        var run = Run(tag: tag)
        for (query, entries) in zip(queries, hits) {
            for entry in entries { run.append(entry, topic: query.topicID) }
        }
        return run
    }
}

/// A buffer that several threads write at once, each only its own elements (lane `l` of `n`
/// writes elements `l`, `l + n`, …), read by nobody until `concurrentPerform` returns.
private struct DisjointHits: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[RunEntry]>
}
