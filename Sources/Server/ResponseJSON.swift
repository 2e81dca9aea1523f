import ArabicIndex
import ArabicTokenizer

/// The JSON documents of `arabic-search --json` and of the HTTP service: one shape each,
/// written in one place so that the two never drift apart.
public enum ResponseJSON {
    /// `search --json`'s object: `query`, `parsed`, `total_hits`, `total_hits_exact`,
    /// `took_ms`, then `offset` when given (the service's pagination: the hits before it, the
    /// first `offset` of `results`, are left out; ranks count from the first of all), `hits` (each with
    /// `rank`, `id`, `score`, `title`, `text`, `snippet`, `highlights` as UTF-8 byte ranges of
    /// the snippet, and with `explain` the `explanation` and `explanation_tree`), `notices`
    /// when there are any, and `suggestion` ("did you mean": `query`, `total_hits`) when there
    /// is one. Ends with a newline.
    public static func searchResults(_ results: SearchResults, milliseconds: Double, explain: Bool,
                                     offset: Int? = nil) -> String
    {
        let hits = results.hits.dropFirst(offset ?? 0).map { hit -> String in
            var members: [(String, String)] = [
                ("rank", String(hit.rank)),
                ("id", JSONText.string(hit.id)),
                ("score", JSONText.number(hit.score)),
                ("title", JSONText.string(hit.title)),
                ("text", JSONText.string(hit.text)),
                ("snippet", JSONText.string(hit.snippet.text)),
                ("highlights", JSONText.array(hit.snippet.highlights.map { "[\($0.lowerBound),\($0.upperBound)]" })),
            ]
            if explain, let explanation = hit.explanation {
                members.append(("explanation", JSONText.array(explanationLines(explanation))))
                members.append(("explanation_tree", tree(explanation)))
            }
            return JSONText.object(members)
        }
        var object: [(String, String)] = [
            ("query", JSONText.string(results.query)),
            ("parsed", JSONText.string(results.parsed)),
            ("total_hits", String(results.totalHits)),
            ("total_hits_exact", results.totalHitsIsExact ? "true" : "false"),
            ("took_ms", JSONText.number((milliseconds * 1000).rounded() / 1000)),
        ]
        if let offset { object.append(("offset", String(offset))) }
        object.append(("hits", JSONText.array(hits)))
        if !results.notices.isEmpty {
            object.append(("notices", JSONText.array(results.notices.map(JSONText.string))))
        }
        if let suggestion = results.suggestion {
            object.append(("suggestion", JSONText.object([("query", JSONText.string(suggestion.query)),
                                                          ("total_hits", String(suggestion.totalHits))])))
        }
        return JSONText.object(object) + "\n"
    }

    /// `analyze --json`'s array: each token's `term`, `position`, `text` (the original word)
    /// and `start`/`end` (UTF-8 byte offsets in `text`). Ends with a newline.
    public static func tokens(_ tokens: [Token], in text: String) -> String {
        let objects = tokens.map { token in
            JSONText.object([
                ("term", JSONText.string(token.term)),
                ("position", String(token.position)),
                ("text", JSONText.string(String(token.originalText(in: text)))),
                ("start", String(token.utf8Range.lowerBound)),
                ("end", String(token.utf8Range.upperBound)),
            ])
        }
        return JSONText.array(objects) + "\n"
    }

    /// A stored document: `id`, `title`, `text`. Ends with a newline.
    public static func document(_ document: Document) -> String {
        JSONText.object([
            ("id", JSONText.string(document.id)),
            ("title", JSONText.string(document.title)),
            ("text", JSONText.string(document.text)),
        ]) + "\n"
    }

    /// An error: `error` (one line), and `column` (1-based, in the query) for a query syntax
    /// error. Ends with a newline.
    public static func error(_ message: String, column: Int? = nil) -> String {
        var members = [("error", JSONText.string(message))]
        if let column { members.append(("column", String(column))) }
        return JSONText.object(members) + "\n"
    }

    /// The explanation's leaves as flat objects: each first-phase term or phrase in a field,
    /// then the second phase's parts in the same shape (`term` the label, `boost` the proximity
    /// weight or the coverage factor, `tf` the matched clauses).
    private static func explanationLines(_ explanation: Explanation) -> [String] {
        var terms = explanation.contributions.map { c in
            JSONText.object([
                ("term", JSONText.string(c.term)),
                ("field", JSONText.string(c.field.rawValue)),
                ("idf", JSONText.number(c.idf)),
                ("tf", String(c.termFrequency)),
                ("dl", String(c.documentLength)),
                ("avgdl", JSONText.number(c.averageDocumentLength)),
                ("boost", JSONText.number(c.boost)),
                ("score", JSONText.number(c.score)),
            ])
        }
        terms += explanation.secondPhase.map { part in
            let (tf, dl, avgdl, boost): (Int, Int, Double, Double)
            switch part.kind {
            case .proximity(let weight, let length, let average): (tf, dl, avgdl, boost) = (0, length, average, weight)
            case .coverage(let matched, _, let factor): (tf, dl, avgdl, boost) = (matched, 0, 0, factor)
            }
            return JSONText.object([
                ("term", JSONText.string(part.label)),
                ("field", JSONText.string(DocumentField.text.rawValue)),
                ("idf", JSONText.number(0)),
                ("tf", String(tf)),
                ("dl", String(dl)),
                ("avgdl", JSONText.number(avgdl)),
                ("boost", JSONText.number(boost)),
                ("score", JSONText.number(part.score)),
            ])
        }
        return terms
    }

    /// An explanation as nested JSON objects: `score`, `summary` and `details` (the parts).
    private static func tree(_ node: Explanation) -> String {
        JSONText.object([
            ("score", JSONText.number(node.score)),
            ("summary", JSONText.string(node.summary)),
            ("details", JSONText.array(node.details.map(tree))),
        ])
    }
}
