import ArabicTokenizer

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
    /// - Throws: ``SearchError/syntax(_:)`` when the string does not follow the query language
    ///   (the only error an in-memory search can have).
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(SearchError)
        -> SearchResults
    {
        let parser = QueryParser(analyzer: analyzer)
        return try SearchRun.search(self, text: query, options: options,
                                    parse: { text throws(QuerySyntaxError) in try parser.parse(text) })
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
        SearchRun.run(self, query: query, text: text, options: options)
    }
}

extension InMemoryIndex: SearchableIndex {
    public typealias SearchFailure = Never

    public func suggestedSpelling(for text: String, costs: SpellingCosts? = nil) -> String? {
        SpellingSuggester(index: self, costs: costs ?? analyzer.spellingCosts).suggestion(for: text)
    }
}
