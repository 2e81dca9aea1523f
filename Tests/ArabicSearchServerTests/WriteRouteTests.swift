import ArabicIndex
import ArabicSearchServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A new index of `documents` in a temporary directory (the caller removes it).
func temporaryIndex(_ documents: [Document]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arabic-serve-\(UUID().uuidString)").path
    let writer = try IndexWriter(directory: directory)
    try writer.add(contentsOf: documents)
    try writer.commit()
    writer.close()
    return directory
}

/// The ids of a search's hits.
func hitIDs(_ client: any TestClientProtocol, _ query: String) async throws -> [String] {
    try await client.execute(uri: "/search?q=\(encoded(query))", method: .get) { response in
        (try object(response)["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}

@Suite struct WriteRouteTests {
    static let token = "s3cret-token"
    static let bearer: HTTPFields = [.authorization: "Bearer \(token)"]

    func withWritableServer(_ test: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
        let directory = try temporaryIndex(Array(sampleDocuments.prefix(3)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = SearchServerConfiguration(index: .directory(directory))
        configuration.writable = true
        configuration.token = Self.token
        configuration.limits.maximumBodyBytes = 4096
        let server = try SearchServer(configuration: configuration)
        try await server.application().test(.router) { client in try await test(client, directory) }
    }

    @Test func addCommitDeleteAndSearch() async throws {
        try await withWritableServer { client, _ in
            let lines = #"{"id":"n1","title":"الفلك","text":"علم الفلك يدرس النجوم والكواكب."}"# + "\n"
                + #"{"id":"n2","text":"النجوم تتلألأ في السماء."}"# + "\n"
            try await client.execute(uri: "/documents", method: .post, headers: Self.bearer, body: ByteBuffer(string: lines)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == #"{"added":2,"committed":false}"# + "\n")
            }
            // Not visible before the commit.
            #expect(try await hitIDs(client, "النجوم").isEmpty)
            try await client.execute(uri: "/commit", method: .post, headers: Self.bearer) { response in
                #expect(response.status == .ok)
                #expect((try? object(response))?["documents"] as? Int == 5)
            }
            #expect(Set(try await hitIDs(client, "النجوم")) == ["n1", "n2"])
            try await client.execute(uri: "/documents/n2", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/documents/n2", method: .delete, headers: Self.bearer) { response in
                #expect(text(response) == #"{"deleted":"n2","committed":false}"# + "\n")
            }
            try await client.execute(uri: "/documents/missing", method: .delete, headers: Self.bearer) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/commit", method: .post, headers: Self.bearer) { _ in }
            #expect(try await hitIDs(client, "النجوم") == ["n1"])
            try await client.execute(uri: "/documents/n2", method: .get) { #expect($0.status == .notFound) }
            // Replacing a committed document needs replace=true.
            let again = #"{"id":"n1","text":"الكواكب السيارة."}"# + "\n"
            try await client.execute(uri: "/documents", method: .post, headers: Self.bearer, body: ByteBuffer(string: again)) { response in
                #expect(response.status == .badRequest)
                #expect(text(response).contains("n1"))
            }
            try await client.execute(uri: "/documents?replace=true", method: .post, headers: Self.bearer, body: ByteBuffer(string: again)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/merge", method: .post, headers: Self.bearer) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/commit", method: .post, headers: Self.bearer) { _ in }
            try await client.execute(uri: "/documents/n1", method: .get) { response in
                #expect((try? object(response))?["text"] as? String == "الكواكب السيارة.")
            }
            try await client.execute(uri: "/stats", method: .get) { response in
                let json = try object(response)
                #expect(json["documents"] as? Int == 4)
                #expect(json["writable"] as? Bool == true)
            }
        }
    }

    @Test func theTokenIsRequiredAndChecked() async throws {
        try await withWritableServer { client, _ in
            let body = ByteBuffer(string: #"{"id":"x","text":"نص"}"#)
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Bearer \(Self.token)x"],
                                        [.authorization: "Basic \(Self.token)"], [.authorization: "Bearer "]] {
                try await client.execute(uri: "/documents", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .unauthorized)
                    #expect(!text(response).contains(Self.token))
                }
                try await client.execute(uri: "/commit", method: .post, headers: headers) { #expect($0.status == .unauthorized) }
                try await client.execute(uri: "/merge", method: .post, headers: headers) { #expect($0.status == .unauthorized) }
                try await client.execute(uri: "/documents/d1", method: .delete, headers: headers) {
                    #expect($0.status == .unauthorized)
                }
            }
            #expect(try await hitIDs(client, "الذكاء").contains("d1"))
        }
    }

    @Test func badBodiesChangeNothing() async throws {
        try await withWritableServer { client, _ in
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"id":"ok","text":"نص"}"# + "\n" + "{not json}\n", .badRequest, "request body:2: invalid JSON"),
                (#"{"id":"","text":"نص"}"#, .badRequest, #"request body:1: empty \"id\""#),
                (#"{"id":"a","text":"نص"}"# + "\n" + #"{"id":"a","text":"نص"}"#, .badRequest, #"request body:2: duplicate id \"a\" (first at line 1)"#),
                (String(repeating: "x", count: 5000), .contentTooLarge, "over 4096 bytes"),
                ("", .badRequest, #"the body is empty: send one JSON object {\"id\", \"title\", \"text\"} per line"#),
                ("\n\n", .badRequest, "no document"),
            ]
            for (body, status, mention) in cases {
                try await client.execute(uri: "/documents", method: .post, headers: Self.bearer, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(mention)")
                    #expect(text(response).contains(mention), "\(text(response))")
                }
            }
            var invalid = ByteBuffer(string: #"{"id":"u","text":""#)
            invalid.writeBytes([0xFF, 0xFE])
            invalid.writeString("\"}\n")
            try await client.execute(uri: "/documents", method: .post, headers: Self.bearer, body: invalid) { response in
                #expect(response.status == .badRequest)
                #expect(text(response).contains("UTF-8"))
            }
            try await client.execute(uri: "/commit", method: .post, headers: Self.bearer) { response in
                #expect((try? object(response))?["documents"] as? Int == 3)
            }
        }
    }

    /// At shutdown, writes not committed are rolled back and the directory's lock is given back.
    @Test func shutdownRollsBackWhatWasNotCommitted() async throws {
        let directory = try temporaryIndex(Array(sampleDocuments.prefix(3)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = SearchServerConfiguration(index: .directory(directory))
        configuration.port = 0
        configuration.writable = true
        configuration.token = Self.token
        let server = try SearchServer(configuration: configuration)
        try await server.application().test(.live) { client in
            let body = ByteBuffer(string: #"{"id":"pending","text":"لم يحفظ بعد"}"#)
            try await client.execute(uri: "/documents", method: .post, headers: Self.bearer, body: body) { response in
                #expect(response.status == .ok)
            }
            // The server holds the lock meanwhile: another writer is refused.
            #expect(throws: IndexStoreError.self) { try IndexWriter(directory: directory) }
        }
        let writer = try IndexWriter(directory: directory)
        writer.close()
        let index = try DiskIndex(directory: directory)
        #expect(index.documentCount == 3)
        #expect(try index.document(id: "pending") == nil)
    }

    /// Another process's commit (here, a writer of the same directory) is searched without a
    /// restart (checked every 0.05 s here; the benchmark measures the lag under load, and the
    /// deadline is generous so that a busy machine does not fail the test).
    @Test func otherWritersCommitsBecomeVisible() async throws {
        let directory = try temporaryIndex(Array(sampleDocuments.prefix(3)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = SearchServerConfiguration(index: .directory(directory))
        configuration.port = 0
        configuration.reloadInterval = 0.05
        let server = try SearchServer(configuration: configuration)
        try await server.application().test(.live) { client in
            #expect(try await hitIDs(client, "المجرات").isEmpty)
            let writer = try IndexWriter(directory: directory)
            try writer.add(Document(id: "g1", text: "المجرات بعيدة جدا."))
            try writer.commit()
            writer.close()
            let deadline = ContinuousClock.now + .seconds(10)
            var found: [String] = []
            while ContinuousClock.now < deadline {
                found = try await hitIDs(client, "المجرات")
                if !found.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(found == ["g1"])
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(text(response).contains("arabic_search_commits_total 1\n"))
            }
        }
    }
}
