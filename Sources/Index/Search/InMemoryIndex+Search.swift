extension InMemoryIndex {
    /// The documents matching a query string, best first.
    ///
    /// The string is parsed with a ``QueryParser`` using this index's analyzer (see it for the
    /// query language). A query with nothing searchable, or with only exclusions, returns no
    /// hits and says why in ``SearchResults/notices``.
    ///
    /// ```swift
    /// let results = try index.search("\"مفتوح المصدر\" -جوجل")
    /// for hit in results.hits { print(hit.rank, hit.id, hit.snippet.text) }
    /// ```
    ///
    /// - Throws: ``QuerySyntaxError`` when the string does not follow the query language.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(QuerySyntaxError)
        -> SearchResults
    {
        let tree = try QueryParser(analyzer: analyzer).parse(query)
        return run(tree, text: query, options: options)
    }

    /// The documents matching a query tree, best first.
    ///
    /// ```swift
    /// let results = index.search(.term("ذكاء", field: .title))
    /// ```
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) -> SearchResults {
        run(query, text: query.description, options: options)
    }

    private func run(_ query: Query, text: String, options: SearchOptions) -> SearchResults {
        let parsed = query.description
        if query.isEmpty {
            return SearchResults(query: text, parsed: parsed, totalHits: 0, hits: [],
                                 notices: ["query has no searchable terms"])
        }
        if query.isPurelyNegative {
            return SearchResults(query: text, parsed: parsed, totalHits: 0, hits: [],
                                 notices: ["query has only excluded terms; add a term to search for"])
        }
        var notices: [String] = []
        let searcher = Searcher(index: self, options: options)
        let weight = searcher.weight(for: query, notices: &notices)
        let matches = searcher.evaluate(weight)
        let snippets = SnippetBuilder(highlighter: Highlighter(weight, index: self), words: options.snippetWords)
        let hits = TopHits.best(matches, limit: options.limit).enumerated().map { offset, match in
            let document = stored[match.document]
            let explanation = options.explain
                ? Explanation(contributions: searcher.explain(weight, document: match.document) ?? [])
                : nil
            return SearchHit(rank: offset + 1, id: document.id, score: match.score, title: document.title,
                             text: document.text, snippet: snippets.snippet(of: match.document, text: document.text),
                             explanation: explanation)
        }
        var unique: [String] = []
        for notice in notices where !unique.contains(notice) { unique.append(notice) }
        return SearchResults(query: text, parsed: parsed, totalHits: matches.count, hits: hits, notices: unique)
    }
}
