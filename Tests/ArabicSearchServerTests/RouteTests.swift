import ArabicIndex
import ArabicSearchServer
import ArabicTokenizer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A few documents whose searches are easy to check by hand.
let sampleDocuments = [
    Document(id: "d1", title: "الذكاء الاصطناعي", text: "الذكاء الاصطناعي فرع من علوم الحاسوب يهتم بتعلم الآلة."),
    Document(id: "d2", title: "تعلم الآلة", text: "تعلم الآلة يجعل الحاسوب يتعلم من البيانات دون برمجة صريحة."),
    Document(id: "d3", title: "التاريخ", text: "كتب التاريخ العربي كثيرة، ومنها كتب الرحلات والتراجم."),
    Document(id: "d/4 x", title: "", text: "معرّف فيه شرطة مائلة ومسافة."),
]

/// The body of `response` as a string.
func text(_ response: TestResponse) -> String { String(buffer: response.body) }

/// The body of `response` as a JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text(response).utf8))
    return try #require(value as? [String: Any])
}

/// `value` percent-encoded for a query string or a path segment.
func encoded(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
}

/// Runs `test` against a read-only server of `sampleDocuments` in memory.
func withMemoryServer(limits: SearchServerConfiguration.Limits = .init(),
                      _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws
{
    var configuration = SearchServerConfiguration(index: .documents(sampleDocuments))
    configuration.limits = limits
    let server = try SearchServer(configuration: configuration)
    try await server.application().test(.router, test)
}

@Suite struct RouteTests {
    @Test func searchAnswersTheCLIsObjectWithTheOffset() async throws {
        let index = try InMemoryIndex(documents: sampleDocuments)
        var options = SearchOptions()
        options.limit = 3
        let expected = try index.search("الحاسوب", options: options)
        try await withMemoryServer { client in
            try await client.execute(uri: "/search?q=\(encoded("الحاسوب"))&top=3", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                var json = try object(response)
                #expect(json["offset"] as? Int == 0)
                json["took_ms"] = nil
                json["offset"] = nil
                var cli = try #require(try JSONSerialization.jsonObject(
                    with: Data(ResponseJSON.searchResults(expected, milliseconds: 0, explain: false).utf8)) as? [String: Any])
                cli["took_ms"] = nil
                #expect(NSDictionary(dictionary: json) == NSDictionary(dictionary: cli))
                #expect((json["hits"] as? [[String: Any]])?.map { $0["id"] as? String } == ["d1", "d2"])
            }
        }
    }

    @Test func pagesKeepTheirRanks() async throws {
        try await withMemoryServer { client in
            let all = try await client.execute(uri: "/search?q=\(encoded("الذكاء الحاسوب كتب"))&top=3", method: .get) {
                try object($0)["hits"] as? [[String: Any]] ?? []
            }
            #expect(all.count == 3)
            let second = try await client.execute(uri: "/search?q=\(encoded("الذكاء الحاسوب كتب"))&top=2&offset=1", method: .get) {
                try object($0)
            }
            let hits = second["hits"] as? [[String: Any]] ?? []
            #expect(second["offset"] as? Int == 1)
            #expect(hits.map { $0["rank"] as? Int } == [2, 3])
            #expect(hits.map { $0["id"] as? String } == all.dropFirst().map { $0["id"] as? String })
        }
    }

    @Test func spellingSuggestsOrCorrects() async throws {
        try await withMemoryServer { client in
            // الحاسوب misspelt: ح written ه (one class), one long vowel left out.
            let typed = encoded("الهاسب")
            try await client.execute(uri: "/search?q=\(typed)&spelling=suggest", method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                #expect(body["total_hits"] as? Int == 0)
                let suggestion = try #require(body["suggestion"] as? [String: Any])
                #expect(suggestion["query"] as? String == "الحاسوب")
                #expect(suggestion["total_hits"] as? Int == 2)
            }
            try await client.execute(uri: "/search?q=\(typed)&spelling=auto-correct", method: .get) { response in
                let body = try object(response)
                #expect(body["total_hits"] as? Int == 2)
                #expect(body["notices"] as? [String] == ["searched for الحاسوب instead of الهاسب"])
            }
            // Off by default: the shape is search --json's without the field.
            try await client.execute(uri: "/search?q=\(typed)", method: .get) { response in
                let body = try object(response)
                #expect(body["suggestion"] == nil)
            }
            try await client.execute(uri: "/search?q=x&spelling=maybe", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(text(response) == #"{"error":"parameter spelling must be one of off, suggest, auto-correct, got \"maybe\""}"# + "\n")
            }
        }
    }

    @Test func rankingParametersAreTheCLIsAndChecked() async throws {
        try await withMemoryServer { client in
            try await client.execute(uri: "/search?q=\(encoded("الحاسوب"))&k1=1.2&b=0.5&fields=sum&explain=true", method: .get) { response in
                #expect(response.status == .ok)
                let hits = try object(response)["hits"] as? [[String: Any]] ?? []
                #expect(hits.first?["explanation_tree"] != nil)
            }
            try await client.execute(uri: "/search?q=x&b=2", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(text(response) == #"{"error":"parameter b must be a number from 0 to 1, got 2.0"}"# + "\n")
            }
            try await client.execute(uri: "/search?q=x&fields=all", method: .get) { response in
                #expect(text(response) == #"{"error":"parameter fields: unknown field scoring \"all\" (known: sum, bm25f)"}"# + "\n")
            }
            try await client.execute(uri: "/search?q=x&k1=abc", method: .get) { response in
                #expect(text(response) == #"{"error":"parameter k1 must be a number, got \"abc\""}"# + "\n")
            }
            try await client.execute(uri: "/search?q=x&fb-docs=3", method: .get) { response in
                #expect(text(response) == #"{"error":"parameter fb-docs, parameter fb-terms and parameter original-query-weight need parameter rm3"}"# + "\n")
            }
        }
    }

    @Test func badRequestsGetOneLineErrors() async throws {
        var limits = SearchServerConfiguration.Limits()
        limits.maximumQueryLength = 20
        limits.maximumTop = 50
        try await withMemoryServer(limits: limits) { client in
            let cases: [(String, String)] = [
                ("/search", #"{"error":"parameter q (the query) is required"}"#),
                ("/search?q=%22\(encoded("الذكاء"))", #"{"error":"query: unbalanced quote","column":1}"#),
                ("/search?q=%FF%FE", #"{"error":"parameter q is not valid UTF-8 once percent-decoded"}"#),
                ("/search?q=%E2%8", #"{"error":"parameter q has a % not followed by two hexadecimal digits"}"#),
                ("/search?q=a&q=b", #"{"error":"parameter q is given more than once"}"#),
                ("/search?q=a&limit=3", #"{"error":"unknown parameter limit (known: b, coverage, delta, exhaustive, explain, fb-docs, fb-terms, fields, k1, offset, original-query-weight, proximity, proximity-window, prune, q, rerank-depth, rm3, spelling, text-boost, title-b, title-boost, top, variant, variant-weight)"}"#),
                ("/search?q=a&top=0", #"{"error":"parameter top must be a whole number from 1 to 50, got \"0\""}"#),
                ("/search?q=a&top=51", #"{"error":"parameter top must be a whole number from 1 to 50, got \"51\""}"#),
                ("/search?q=a&offset=-1", #"{"error":"parameter offset must be a whole number from 0 to 9990, got \"-1\""}"#),
                ("/search?q=\(String(repeating: "a", count: 21))", #"{"error":"parameter q is longer than 20 characters"}"#),
                // Code points count, as the OpenAPI maxLength counts them: 21 skin-tone
                // modifiers make one grapheme cluster.
                ("/analyze?text=\(encoded(String(repeating: "\u{1F3FB}", count: 21)))", #"{"error":"parameter text is longer than 20 characters"}"#),
                ("/analyze", #"{"error":"parameter text is required"}"#),
                ("/analyze?text=a&x=1", #"{"error":"unknown parameter x (known: text)"}"#),
                ("/stats?verbose=1", #"{"error":"unknown parameter verbose (this route takes none)"}"#),
                ("/?x=1", #"{"error":"unknown parameter x (known: offset, q)"}"#),
                ("/documents/%FF", #"{"error":"the document id is not valid UTF-8 once percent-decoded"}"#),
            ]
            for (uri, expected) in cases {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(text(response) == expected + "\n", "\(uri)")
                }
            }
        }
    }

    @Test func anEmptyOrStopWordQueryFindsNothingAndSaysWhy() async throws {
        try await withMemoryServer { client in
            try await client.execute(uri: "/search?q=\(encoded("في من"))", method: .get) { response in
                #expect(response.status == .ok)
                let json = try object(response)
                #expect(json["total_hits"] as? Int == 0)
                #expect((json["notices"] as? [String])?.first?.contains("no searchable terms") == true)
            }
        }
    }

    @Test func analyzeAnswersTheCLIsArray() async throws {
        try await withMemoryServer { client in
            try await client.execute(uri: "/analyze?text=\(encoded("والكتابُ"))", method: .get) { response in
                #expect(response.status == .ok)
                let expected = ResponseJSON.tokens(ArabicAnalyzer().analyze("والكتابُ"), in: "والكتابُ")
                #expect(text(response) == expected)
                #expect(text(response) == #"[{"term":"كتاب","position":0,"text":"والكتابُ","start":0,"end":16}]"# + "\n")
            }
        }
    }

    @Test func documentsByIDAndNothingElse() async throws {
        try await withMemoryServer { client in
            try await client.execute(uri: "/documents/d3", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == ResponseJSON.document(sampleDocuments[2]))
            }
            try await client.execute(uri: "/documents/\(encoded("d/4 x"))", method: .get) { response in
                #expect(response.status == .ok)
                #expect((try? object(response))?["id"] as? String == "d/4 x")
            }
            // Traversal attempts are identifiers like any other: looked up, not found.
            for attempt in ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..", "d1%00"] {
                try await client.execute(uri: "/documents/\(attempt)", method: .get) { response in
                    #expect(response.status == .notFound, "\(attempt)")
                }
            }
            try await client.execute(uri: "/documents/a/b", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(text(response) == #"{"error":"no such route: GET /documents/a/b"}"# + "\n")
            }
        }
    }

    @Test func statsHealthMetricsAndThePage() async throws {
        try await withMemoryServer { client in
            try await client.execute(uri: "/stats", method: .get) { response in
                let json = try object(response)
                #expect(json["documents"] as? Int == 4)
                #expect(json["segments"] as? Int == 1)
                #expect(json["generation"] as? Int == 0)
                #expect(json["writable"] as? Bool == false)
                #expect(json["analyzer"] as? String == ArabicAnalyzer().fingerprint)
            }
            try await client.execute(uri: "/health", method: .get) { #expect(text($0) == #"{"status":"ok"}"# + "\n") }
            try await client.execute(uri: "/search?q=x", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let body = text(response)
                #expect(body.contains(#"arabic_search_requests_total{route="/search",status="200"} 1"#))
                #expect(body.contains(#"arabic_search_requests_total{route="/health",status="200"} 1"#))
                #expect(body.contains("arabic_search_documents 4\n"))
                #expect(body.contains("arabic_search_request_duration_seconds_count 3\n"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = text(response)
                #expect(page.contains(#"<html lang="ar" dir="rtl">"#))
                // Self-contained: nothing fetched from elsewhere.
                #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("//cdn"))
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let json = try object(response)
                #expect(json["openapi"] as? String == "3.1.0")
                let paths = try #require(json["paths"] as? [String: Any])
                #expect(Set(paths.keys) == ["/search", "/analyze", "/documents/{id}", "/stats", "/health", "/metrics", "/openapi.json"])
            }
        }
    }

    @Test func writeRoutesDoNotExistWhenReadOnly() async throws {
        try await withMemoryServer { client in
            try await client.execute(uri: "/documents", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/commit", method: .post) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/merge", method: .post) { #expect($0.status == .notFound) }
            // A document's route exists, for reading only.
            try await client.execute(uri: "/documents/d1", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
        }
    }

    @Test func otherMethodsAreNotAllowed() async throws {
        try await withMemoryServer { client in
            for (uri, method) in [("/search?q=x", HTTPRequest.Method.post), ("/stats", .put), ("/metrics", .delete), ("/", .patch)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == "GET")
                    #expect(text(response).hasPrefix(#"{"error":""#))
                }
            }
        }
    }

    @Test func writableNeedsADirectoryAndAToken() throws {
        var configuration = SearchServerConfiguration(index: .documents(sampleDocuments))
        configuration.writable = true
        configuration.token = "secret"
        #expect(throws: SearchServerError.self) { try SearchServer(configuration: configuration) }
        configuration.index = .directory("/nonexistent")
        configuration.token = nil
        #expect(throws: SearchServerError.self) { try SearchServer(configuration: configuration) }
    }
}
