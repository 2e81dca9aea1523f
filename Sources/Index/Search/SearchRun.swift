/// Runs one query over any ``SearchSource``: weights, evaluation, top hits, snippets and
/// explanations. The in-memory and on-disk indexes share it, so they rank identically.
enum SearchRun {
    static func run<Source: SearchSource>(_ index: Source, query: Query, text: String, options: SearchOptions)
        throws(Source.Failure) -> SearchResults
    {
        try index.searchArenas.withArena { arena throws(Source.Failure) in
            try run(index, query: query, text: text, options: options, arena: arena)
        }
    }

    /// ``run(_:query:text:options:)``, working in `arena`.
    private static func run<Source: SearchSource>(_ index: Source, query: Query, text: String, options: SearchOptions,
                                                  arena: SearchArena) throws(Source.Failure) -> SearchResults
    {
        let parsed = query.description
        if query.isEmpty {
            let notice = text.allSatisfy(\.isWhitespace) ? "the query is empty"
                : "query has no searchable terms (only stop words, punctuation or marks)"
            return SearchResults(query: text, parsed: parsed, totalHits: 0, hits: [], notices: [notice])
        }
        if query.isPurelyNegative {
            return SearchResults(query: text, parsed: parsed, totalHits: 0, hits: [],
                                 notices: ["query has only excluded terms; add a term to search for"])
        }
        var notices: [String] = []
        let searcher = Searcher(index: index, options: options, arena: arena)
        let weight = try searcher.weight(for: query, notices: &notices)
        // With feedback, the expanded query ranks; the query as written still picks the
        // highlighted words and the proximity pairs.
        var ranked = weight
        if let feedback = options.feedback {
            if let terms = Searcher<Source>.bagOfWords(query) {
                ranked = try searcher.expandedWeight(of: terms, first: weight, feedback: feedback, notices: &notices)
            } else {
                notices.append("feedback (RM3) applies to words combined with OR; this query was searched as written")
            }
        }
        if options.variantWeight > 0, let terms = Searcher<Source>.bagOfWords(query) {
            ranked = try searcher.addingVariants(to: ranked, of: terms)
        }
        // Snippets need the stored text, and the postings of the text's query terms.
        let snippets = options.loadsStoredText && options.snippetWords > 0
            ? SnippetBuilder(highlighter: try Highlighter(weight, index: index, arena: arena), words: options.snippetWords) : nil
        let best: [ScoredHit]
        let top: TopDocuments
        let reranker = Reranker(weight: weight, index: index, bm25: searcher.bm25, boosts: searcher.boosts,
                                parameters: options.rerank, arena: arena)
        let reranks = options.rerank.isActive && reranker.changesScores
        if reranks {
            top = try searcher.topDocuments(ranked, limit: max(options.limit, reranker.parameters.depth))
            best = try reranker.rerank(top.hits, limit: options.limit)
        } else {
            top = try searcher.topDocuments(ranked, limit: options.limit)
            best = top.hits
        }
        var firstPhases: [Explanation?] = []
        if options.explain {
            let tree = try searcher.explanationTree(for: ranked)
            let fuzzyWords = ranked.fuzzyWords
            for match in best {
                firstPhases.append(try searcher.explain(tree, document: match.document, fuzzyWords: fuzzyWords))
            }
        }
        var hits: [SearchHit] = []
        hits.reserveCapacity(best.count)
        for (offset, match) in best.enumerated() {
            let document = options.loadsStoredText
                ? try index.document(number: match.document)
                : Document(id: try index.identifier(number: match.document), text: "")
            var explanation: Explanation?
            if options.explain {
                let firstPhase = firstPhases[offset] ?? Explanation(summary: "no matched term", details: [])
                explanation = firstPhase
                if reranks {
                    let parts = try reranker.explain(match.document, firstPhase: firstPhase.firstPhaseScore)
                    if !parts.isEmpty {
                        explanation = Explanation(summary: "first phase, then second phase",
                                                  details: [firstPhase] + parts.map { Explanation($0) })
                    }
                }
            }
            var snippet = Snippet(text: "", highlights: [])
            if let snippets { snippet = try snippets.snippet(of: match.document, text: document.text) }
            hits.append(SearchHit(rank: offset + 1, id: document.id, score: match.score, title: document.title,
                                  text: document.text, snippet: snippet, explanation: explanation))
        }
        var unique: [String] = []
        for notice in notices where !unique.contains(notice) { unique.append(notice) }
        return SearchResults(query: text, parsed: parsed, totalHits: top.totalHits, totalHitsIsExact: top.totalHitsIsExact,
                             hits: hits, notices: unique)
    }
}
