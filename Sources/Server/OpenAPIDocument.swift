/// `GET /openapi.json`: an OpenAPI 3.1 description of the service's routes, with the limits it
/// was started with.
enum OpenAPIDocument {
    /// The description; the write routes only when the server has them.
    static func json(writable: Bool, limits: SearchServerConfiguration.Limits) -> String {
        var paths: [(String, String)] = [
            ("/search", JSONText.object([("get", searchOperation(limits))])),
            ("/analyze", JSONText.object([("get", operation(
                "analyze", "The index terms of a text, as `analyze --json` prints them.",
                parameters: [query("text", "The text to analyze.", schema: #"{"type":"string","maxLength":\#(limits.maximumQueryLength)}"#, required: true)],
                responses: [("200", jsonResponse("The tokens.", schema: ##"{"type":"array","items":{"$ref":"#/components/schemas/Token"}}"##)),
                            ("400", errorResponse("A missing, unknown or malformed parameter."))]))])),
            ("/documents/{id}", JSONText.object(
                [("get", operation(
                    "document", "A stored document.", parameters: [documentID],
                    responses: [("200", jsonResponse("The document.", schema: ref("Document"))),
                                ("400", errorResponse("A malformed id or an unknown parameter.")),
                                ("404", errorResponse("No document has this id."))]))]
                    + (writable ? [("delete", operation(
                        "deleteDocument", "Deletes a committed document (visible after `POST /commit`).",
                        parameters: [documentID], secured: true,
                        responses: [("200", jsonResponse("Deleted.", schema: #"{"type":"object","required":["deleted","committed"],"properties":{"deleted":{"type":"string"},"committed":{"type":"boolean"}}}"#)),
                                    ("400", errorResponse("A malformed id or an unknown parameter.")),
                                    ("401", errorResponse("No token, or not the server's.")),
                                    ("404", errorResponse("No committed document has this id.")),
                                    ("409", errorResponse("The document was added since the last commit, or another writer holds the index."))]))] : []))),
            ("/stats", JSONText.object([("get", operation(
                "stats", "The served snapshot: documents, terms, segments, analyzer, commit generation.",
                responses: [("200", jsonResponse("The statistics.", schema: ref("Stats"))),
                            ("400", errorResponse("An unknown parameter."))]))])),
            ("/health", JSONText.object([("get", operation(
                "health", "Whether the server answers.",
                responses: [("200", jsonResponse("It does.", schema: #"{"type":"object","required":["status"],"properties":{"status":{"const":"ok"}}}"#)),
                            ("400", errorResponse("An unknown parameter."))]))])),
            ("/metrics", JSONText.object([("get", operation(
                "metrics", "Counters in Prometheus' text format: requests, latency, errors, documents, commits.",
                responses: [("200", #"{"description":"The counters.","content":{"text/plain":{"schema":{"type":"string"}}}}"#),
                            ("400", errorResponse("An unknown parameter."))]))])),
            ("/openapi.json", JSONText.object([("get", operation(
                "openapi", "This description.",
                responses: [("200", jsonResponse("OpenAPI 3.1.", schema: #"{"type":"object"}"#)),
                            ("400", errorResponse("An unknown parameter."))]))])),
        ]
        if writable {
            paths.append(("/documents", JSONText.object([("post", operation(
                "addDocuments", "Adds documents, one JSON object per line, all or none (visible after `POST /commit`).",
                parameters: [query("replace", "Replace committed documents with the same id.", schema: #"{"type":"boolean"}"#)],
                body: #"{"required":true,"description":"JSON Lines: one object {\"id\", \"title\", \"text\"} per line (any content type is read as such).","content":{"text/plain":{"schema":{"type":"string","minLength":1}}}}"#, secured: true,
                responses: [("200", jsonResponse("Added.", schema: #"{"type":"object","required":["added","committed"],"properties":{"added":{"type":"integer"},"committed":{"type":"boolean"}}}"#)),
                            ("400", errorResponse("A malformed line (named by its number), a rejected document or an unknown parameter.")),
                            ("401", errorResponse("No token, or not the server's.")),
                            ("409", errorResponse("Another writer holds the index.")),
                            ("413", errorResponse("The body is over \(limits.maximumBodyBytes) bytes."))]))])))
            for (path, id, summary, schema) in [
                ("/commit", "commit", "Makes the writes so far durable and visible to new searches.",
                 #"{"type":"object","required":["generation","documents"],"properties":{"generation":{"type":"integer"},"documents":{"type":"integer"}}}"#),
                ("/merge", "merge", "Merges the committed segments into one.",
                 #"{"type":"object","required":["segments_before","segments_after","generation"],"properties":{"segments_before":{"type":"integer"},"segments_after":{"type":"integer"},"generation":{"type":"integer"}}}"#),
            ] {
                paths.append((path, JSONText.object([("post", operation(
                    id, summary, secured: true,
                    responses: [("200", jsonResponse("Done.", schema: schema)),
                                ("400", errorResponse("An unknown parameter.")),
                                ("401", errorResponse("No token, or not the server's.")),
                                ("409", errorResponse("Another writer holds the index."))]))])))
            }
        }
        var components: [(String, String)] = [("schemas", schemas)]
        if writable {
            components.append(("securitySchemes", #"{"token":{"type":"http","scheme":"bearer","description":"The token of --token-file."}}"#))
        }
        return JSONText.object([
            ("openapi", JSONText.string("3.1.0")),
            ("info", JSONText.object([
                ("title", JSONText.string("arabic-search")),
                ("version", JSONText.string("0.1.0")),
                ("description", JSONText.string("Arabic full-text search over one index: JSON in and out, in the shapes of the CLI's --json.")),
            ])),
            ("paths", JSONText.object(paths)),
            ("components", JSONText.object(components)),
        ]) + "\n"
    }

    private static let documentID = #"{"name":"id","in":"path","required":true,"description":"The document's id, percent-encoded.","schema":{"type":"string","minLength":1}}"#

    private static func searchOperation(_ limits: SearchServerConfiguration.Limits) -> String {
        let flag = #"{"type":"boolean"}"#
        var parameters = [
            query("q", "The query, in the query language (words, +required, -excluded, \"phrases\", prefix*, title:word, AND/OR/NOT).",
                  schema: #"{"type":"string","maxLength":\#(limits.maximumQueryLength)}"#, required: true),
            query("top", "How many hits.", schema: #"{"type":"integer","minimum":1,"maximum":\#(limits.maximumTop),"default":10}"#),
            query("offset", "How many of the best hits to skip (pages); offset + top at most \(limits.maximumDepth).",
                  // The largest offset any request may give (with top=1); the server checks the
                  // sum, which a schema cannot say.
                  schema: #"{"type":"integer","minimum":0,"maximum":\#(max(0, limits.maximumDepth - 1)),"default":0}"#),
            query("explain", "Add each hit's explanation.", schema: flag),
            query("spelling", "\"Did you mean\": off (the default), suggest (a suggestion beside the hits) or auto-correct (the suggestion searched instead, with a notice).",
                  schema: #"{"type":"string","enum":["off","suggest","auto-correct"],"default":"off"}"#),
        ]
        func range(_ low: Double, _ high: Double) -> String {
            #"{"type":"number","minimum":\#(RankingChoices.written(low)),"maximum":\#(RankingChoices.written(high))}"#
        }
        let weight = range(0, RankingChoices.largestWeight)
        // `prune` (the default, kept for old scripts) is left out, as the CLI's --help leaves it out.
        for (name, schema, about) in [
            ("k1", weight, "BM25 term frequency saturation."), ("b", range(0, 1), "BM25 length normalization."),
            ("variant", #"{"type":"string","enum":["lucene","robertson","atire","bm25l","bm25plus"]}"#, "The BM25 variant."),
            ("delta", weight, "The δ of bm25l and bm25plus."), ("title-boost", weight, "The weight of title matches."),
            ("text-boost", weight, "The weight of text matches."),
            ("fields", #"{"type":"string","enum":["sum","bm25f"]}"#, "How a term's title and text matches make its score."),
            ("title-b", range(0, 1), "The title's length normalization."),
            ("variant-weight", weight, "The weight of a query word's variants."), ("rm3", flag, "Pseudo-relevance feedback."),
            ("fb-docs", #"{"type":"integer","minimum":1}"#, "With rm3 only: feedback documents."),
            ("fb-terms", #"{"type":"integer","minimum":0}"#, "With rm3 only: expansion terms."),
            ("original-query-weight", range(0, 1), "With rm3 only: the weight of the query as written."),
            ("exhaustive", flag, "Score every match (exact total_hits)."),
            ("coverage", weight, "Second phase: the query-term coverage exponent."),
            ("proximity", weight, "Second phase: the proximity bonus weight."),
            ("proximity-window", #"{"type":"integer","minimum":1}"#, "Second phase: how near, in tokens, counts as near."),
            ("rerank-depth", #"{"type":"integer","minimum":0}"#, "Second phase: how many hits it rescores."),
        ] {
            parameters.append(query(name, about, schema: schema))
        }
        return operation(
            "search", "Ranked search: `search --json`'s object, plus `offset`.", parameters: parameters,
            responses: [("200", jsonResponse("The hits.", schema: ref("SearchResults"))),
                        ("400", errorResponse("A query syntax error (with its column), or a missing, unknown or out-of-range parameter.")),
                        ("503", errorResponse("Too many searches at once; try again."))])
    }

    private static func query(_ name: String, _ description: String, schema: String, required: Bool = false) -> String {
        JSONText.object([("name", JSONText.string(name)), ("in", JSONText.string("query")),
                         ("required", required ? "true" : "false"), ("description", JSONText.string(description)),
                         ("schema", schema)])
    }

    private static func operation(_ id: String, _ summary: String, parameters: [String] = [], body: String? = nil,
                                  secured: Bool = false, responses: [(String, String)]) -> String
    {
        var members: [(String, String)] = [("operationId", JSONText.string(id)), ("summary", JSONText.string(summary))]
        if !parameters.isEmpty { members.append(("parameters", JSONText.array(parameters))) }
        if let body { members.append(("requestBody", body)) }
        if secured { members.append(("security", #"[{"token":[]}]"#)) }
        members.append(("responses", JSONText.object(responses)))
        return JSONText.object(members)
    }

    private static func ref(_ name: String) -> String { ##"{"$ref":"#/components/schemas/\##(name)"}"## }

    private static func jsonResponse(_ description: String, schema: String) -> String {
        JSONText.object([("description", JSONText.string(description)),
                         ("content", JSONText.object([("application/json", JSONText.object([("schema", schema)]))]))])
    }

    private static func errorResponse(_ description: String) -> String { jsonResponse(description, schema: ref("Error")) }

    private static let schemas = ##"""
    {"Error":{"type":"object","required":["error"],"properties":{"error":{"type":"string"},"column":{"type":"integer","minimum":1}}},
    "Token":{"type":"object","required":["term","position","text","start","end"],"properties":{"term":{"type":"string"},"position":{"type":"integer"},"text":{"type":"string"},"start":{"type":"integer"},"end":{"type":"integer"}}},
    "Document":{"type":"object","required":["id","title","text"],"properties":{"id":{"type":"string"},"title":{"type":"string"},"text":{"type":"string"}}},
    "Stats":{"type":"object","required":["documents","terms","segments","analyzer","generation","writable"],"properties":{"index":{"type":"string"},"documents":{"type":"integer"},"terms":{"type":"integer"},"segments":{"type":"integer"},"analyzer":{"type":"string"},"generation":{"type":"integer"},"writable":{"type":"boolean"}}},
    "Hit":{"type":"object","required":["rank","id","score","title","text","snippet","highlights"],"properties":{"rank":{"type":"integer","minimum":1},"id":{"type":"string"},"score":{"type":["number","null"]},"title":{"type":"string"},"text":{"type":"string"},"snippet":{"type":"string"},"highlights":{"type":"array","items":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2}},"explanation":{"type":"array","items":{"type":"object"}},"explanation_tree":{"type":"object"}}},
    "SearchResults":{"type":"object","required":["query","parsed","total_hits","total_hits_exact","took_ms","offset","hits"],"properties":{"query":{"type":"string"},"parsed":{"type":"string"},"total_hits":{"type":"integer"},"total_hits_exact":{"type":"boolean"},"took_ms":{"type":"number"},"offset":{"type":"integer"},"hits":{"type":"array","items":{"$ref":"#/components/schemas/Hit"}},"notices":{"type":"array","items":{"type":"string"}},"suggestion":{"type":"object","required":["query","total_hits"],"properties":{"query":{"type":"string"},"total_hits":{"type":"integer"}}}}}}
    """##.replacingOccurrences(of: "\n", with: "")
}
