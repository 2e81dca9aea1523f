import ArabicIndex
import ArabicTokenizer
import Foundation
import Hummingbird
import NIOCore

extension SearchServer {
    /// The parameters `GET /search` takes besides the ranking settings.
    static let searchParameters: Set<String> = ["q", "top", "offset", "explain", "spelling"]

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/search") { request, _ in try await search(request) }
        router.get("/analyze") { request, _ in try analyze(request) }
        router.get("/documents/:id") { request, _ in try document(request) }
        router.get("/stats") { request, _ in try stats(request) }
        router.get("/health") { request, _ in
            try QueryParameters(request.uri.query).check(known: [])
            return Self.json(JSONText.object([("status", JSONText.string("ok"))]) + "\n")
        }
        router.get("/metrics") { request, _ in
            try QueryParameters(request.uri.query).check(known: [])
            let snapshot = index.snapshot
            return Self.text(metrics.exposition(documents: snapshot.documentCount, generation: snapshot.generation),
                             contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/openapi.json") { request, _ in
            try QueryParameters(request.uri.query).check(known: [])
            return Self.json(OpenAPIDocument.json(writable: writer != nil, limits: configuration.limits))
        }
        router.get("/") { request, _ in
            // The page keeps its query and page in its address (the script reads them).
            try QueryParameters(request.uri.query).check(known: ["q", "offset"])
            return Self.text(SearchPage.html, contentType: "text/html; charset=utf-8")
        }
        if let writer {
            router.post("/documents") { request, _ in try await addDocuments(request, writer: writer) }
            router.delete("/documents/:id") { request, _ in try deleteDocument(request, writer: writer) }
            router.post("/commit") { request, _ in try commit(request, writer: writer) }
            router.post("/merge") { request, _ in try merge(request, writer: writer) }
        }
    }

    // MARK: - Reading

    /// `GET /search?q=…`: `search --json`'s object, plus `offset`.
    func search(_ request: Request) async throws -> Response {
        let start = ContinuousClock.now
        let parameters = try QueryParameters(request.uri.query)
        try parameters.check(known: Self.searchParameters.union(RankingChoices.names))
        guard let query = parameters["q"] else { throw RequestProblem.badRequest("parameter q (the query) is required") }
        try checkLength(query, "q")
        let limits = configuration.limits
        let top = try parameters.integer("top", minimum: 1, maximum: limits.maximumTop) ?? 10
        let offset = try parameters.integer("offset", minimum: 0, maximum: max(0, limits.maximumDepth - top)) ?? 0
        var options = try Self.searchOptions(parameters)
        options.limit = offset + top
        options.explain = try parameters.flag("explain")
        if let spelling = parameters["spelling"] {
            guard let choice = SpellingCorrection(rawValue: spelling) else {
                let names = SpellingCorrection.allCases.map(\.rawValue).joined(separator: ", ")
                throw RequestProblem.badRequest("parameter spelling must be one of \(names), got \"\(spelling)\"")
            }
            options.spelling = choice
        }
        let snapshot = index.snapshot
        let settings = options
        // The search and its answer's JSON (tens of kilobytes with the texts) are the CPU work.
        let outcome = try await slots.run(timeout: limits.requestTimeout) {
            try await threads.run { () -> Result<String, SearchError> in
                do throws(SearchError) {
                    let results = try snapshot.search(query, options: settings)
                    let milliseconds = (ContinuousClock.now - start).seconds * 1e3
                    return .success(ResponseJSON.searchResults(results, milliseconds: milliseconds,
                                                               explain: settings.explain, offset: offset))
                } catch {
                    return .failure(error)
                }
            }
        }
        guard let outcome else {
            throw RequestProblem(status: .serviceUnavailable,
                                 message: "too many searches at once (\(limits.concurrentSearches)); try again")
        }
        switch outcome {
        case .success(let answer):
            return Self.json(answer)
        case .failure(.syntax(let error)):
            throw RequestProblem.badRequest("query: \(error.message)", column: error.column)
        case .failure(.index(let error)):
            throw RequestProblem(status: .internalServerError, message: "\(error)")
        }
    }

    /// The ranking settings among `parameters`, checked.
    static func searchOptions(_ parameters: QueryParameters) throws(RequestProblem) -> SearchOptions {
        var choices = RankingChoices()
        choices.k1 = try parameters.number("k1")
        choices.b = try parameters.number("b")
        choices.variant = parameters["variant"]
        choices.delta = try parameters.number("delta")
        choices.titleBoost = try parameters.number("title-boost")
        choices.textBoost = try parameters.number("text-boost")
        choices.fields = parameters["fields"]
        choices.titleB = try parameters.number("title-b")
        choices.variantWeight = try parameters.number("variant-weight")
        choices.rm3 = try parameters.flag("rm3")
        choices.feedbackDocuments = try parameters.integer("fb-docs", minimum: Int.min, maximum: Int.max)
        choices.feedbackTerms = try parameters.integer("fb-terms", minimum: Int.min, maximum: Int.max)
        choices.originalQueryWeight = try parameters.number("original-query-weight")
        choices.exhaustive = try parameters.flag("exhaustive")
        choices.prune = try parameters.flag("prune")
        choices.coverage = try parameters.number("coverage")
        choices.proximity = try parameters.number("proximity")
        choices.proximityWindow = try parameters.integer("proximity-window", minimum: Int.min, maximum: Int.max)
        choices.rerankDepth = try parameters.integer("rerank-depth", minimum: Int.min, maximum: Int.max)
        do {
            return try choices.searchOptions { "parameter " + $0 }
        } catch {
            throw .badRequest(error.description)
        }
    }

    /// `GET /analyze?text=…`: `analyze --json`'s array, with the served index's analyzer.
    func analyze(_ request: Request) throws -> Response {
        let parameters = try QueryParameters(request.uri.query)
        try parameters.check(known: ["text"])
        guard let text = parameters["text"] else { throw RequestProblem.badRequest("parameter text is required") }
        try checkLength(text, "text")
        let analyzer = index.snapshot.analyzer
        return Self.json(ResponseJSON.tokens(analyzer.analyze(text), in: text))
    }

    /// `GET /documents/{id}`: the stored document, or 404.
    func document(_ request: Request) throws -> Response {
        try QueryParameters(request.uri.query).check(known: [])
        let id = try Self.documentID(request)
        let found: Document?
        do { found = try index.snapshot.document(id: id) } catch {
            throw RequestProblem(status: .internalServerError, message: "\(error)")
        }
        guard let found else { throw RequestProblem(status: .notFound, message: "no document \(Self.quoted(id))") }
        return Self.json(ResponseJSON.document(found))
    }

    /// `GET /stats`: documents, terms, segments, the analyzer, the commit generation.
    func stats(_ request: Request) throws -> Response {
        try QueryParameters(request.uri.query).check(known: [])
        let snapshot = index.snapshot
        var members: [(String, String)] = [
            ("documents", String(snapshot.documentCount)),
            ("terms", String(snapshot.termCount)),
            ("segments", String(snapshot.segmentCount)),
            ("analyzer", JSONText.string(snapshot.analyzer.fingerprint)),
            ("generation", String(snapshot.generation)),
            ("writable", writer != nil ? "true" : "false"),
        ]
        if let directory = index.directory { members.insert(("index", JSONText.string(directory)), at: 0) }
        return Self.json(JSONText.object(members) + "\n")
    }

    // MARK: - Writing

    /// `POST /documents[?replace=true]`: a JSON Lines body, added whole or not at all.
    func addDocuments(_ request: Request, writer: ServedWriter) async throws -> Response {
        try writer.authorize(request)
        let parameters = try QueryParameters(request.uri.query)
        try parameters.check(known: ["replace"])
        let replace = try parameters.flag("replace")
        let limit = configuration.limits.maximumBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw RequestProblem(status: .contentTooLarge, message: "the body is over \(limit) bytes")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw RequestProblem(status: .contentTooLarge, message: "the body is over \(limit) bytes")
        }
        guard body.readableBytes > 0 else {
            throw RequestProblem.badRequest("the body is empty: send one JSON object {\"id\", \"title\", \"text\"} per line")
        }
        let documents: [Document]
        do {
            documents = try CorpusReader.jsonLines(Data(body.readableBytesView), source: "request body", strict: true).documents
        } catch {
            throw RequestProblem.badRequest("\(error)")
        }
        guard !documents.isEmpty else { throw RequestProblem.badRequest("the body holds no document (blank lines only)") }
        let count = try writer.add(documents, replacing: replace, analyzer: index.snapshot.analyzer)
        return Self.json(JSONText.object([("added", String(count)), ("committed", "false")]) + "\n")
    }

    /// `DELETE /documents/{id}`: 404 when no committed document has it.
    func deleteDocument(_ request: Request, writer: ServedWriter) throws -> Response {
        try writer.authorize(request)
        try QueryParameters(request.uri.query).check(known: [])
        let id = try Self.documentID(request)
        guard try writer.delete(id: id, analyzer: index.snapshot.analyzer) else {
            throw RequestProblem(status: .notFound, message: "no committed document \(Self.quoted(id))")
        }
        return Self.json(JSONText.object([("deleted", JSONText.string(id)), ("committed", "false")]) + "\n")
    }

    /// `POST /commit`: makes the writes so far durable and visible to new searches.
    func commit(_ request: Request, writer: ServedWriter) throws -> Response {
        try writer.authorize(request)
        try QueryParameters(request.uri.query).check(known: [])
        try writer.commit()
        reload()
        let snapshot = index.snapshot
        return Self.json(JSONText.object([("generation", String(snapshot.generation)),
                                          ("documents", String(snapshot.documentCount))]) + "\n")
    }

    /// `POST /merge`: merges the committed segments into one (writes not committed stay pending).
    func merge(_ request: Request, writer: ServedWriter) throws -> Response {
        try writer.authorize(request)
        try QueryParameters(request.uri.query).check(known: [])
        let (before, after) = try writer.merge(analyzer: index.snapshot.analyzer)
        reload()
        return Self.json(JSONText.object([("segments_before", String(before)), ("segments_after", String(after)),
                                          ("generation", String(index.snapshot.generation))]) + "\n")
    }

    // MARK: - Helpers

    /// Throws when `text` is over the query length limit.
    func checkLength(_ text: String, _ name: String) throws(RequestProblem) {
        let limit = configuration.limits.maximumQueryLength
        // Counted in Unicode code points, as the OpenAPI description's maxLength counts them
        // (not in grapheme clusters, which can join any number of them).
        if text.unicodeScalars.count > limit { throw .badRequest("parameter \(name) is longer than \(limit) characters") }
    }

    /// The `{id}` of `/documents/{id}`, percent-decoded (UTF-8 required).
    static func documentID(_ request: Request) throws(RequestProblem) -> String {
        let path = request.uri.path
        let prefix = "/documents/"
        guard path.hasPrefix(prefix) else { throw .badRequest("no document id in \(path)") }
        let encoded = path.dropFirst(prefix.count)
        let id = try QueryParameters.decode(Array(encoded.utf8), what: "the document id", plusIsSpace: false)
        guard !id.isEmpty else { throw .badRequest("the document id is empty") }
        return id
    }

    /// `text` in quotes, its control characters escaped (for messages).
    static func quoted(_ text: String) -> String { JSONText.string(text) }

    /// A JSON answer.
    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        text(body, contentType: "application/json; charset=utf-8", status: status)
    }

    /// An answer of `contentType`.
    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
