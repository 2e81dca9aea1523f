import ArabicEvaluation
import ArabicIndex
import ArabicTokenizer
import Foundation
import Testing

/// The code of the DocC articles (Sources/*/…docc), run as written with the public API only
/// (no `@testable`): if an article's example stops compiling or answering as it says, this fails.
@Suite("Documentation examples")
struct DocumentationExampleTests {
    static let documents = [
        Document(id: "ai", title: "الذكاء الاصطناعي", text: "يدرس الذكاء الاصطناعي الآلات التي تتعلم من البيانات."),
        Document(id: "libraries", title: "المكتبات", text: "تحفظ المكتبات الكتب والمخطوطات القديمة."),
        Document(id: "open-source", title: "البرمجيات", text: "البرمجيات مفتوحة المصدر يكتبها المتطوعون."),
    ]

    /// A new path in the temporary directory.
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("docs-\(UUID().uuidString)").path
    }

    /// An index of `documents` at `path`, written and committed as EmbeddingAnOnDiskIndex.md shows.
    static func writeIndex(_ documents: [Document], at path: String) throws {
        let writer = try IndexWriter(directory: path)
        try writer.add(contentsOf: documents)
        try writer.commit()
        writer.close()
    }

    /// GettingStarted.md.
    @Test func gettingStarted() throws {
        let index = try InMemoryIndex(documents: Self.documents)
        let results = try index.search("الذكاءُ")
        #expect(results.hits.map(\.id) == ["ai"])
        #expect(results.hits[0].snippet.text.contains("الذكاء"))
        #expect(!results.hits[0].snippet.highlights.isEmpty)

        let phrase = try index.search("\"مفتوحة المصدر\" -المكتبات")
        #expect(phrase.hits.map(\.id) == ["open-source"])
    }

    /// EmbeddingAnOnDiskIndex.md.
    @Test func embeddingAnOnDiskIndex() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }

        try Self.writeIndex(Self.documents, at: path)
        let index = try DiskIndex(directory: path)
        var options = SearchOptions()
        options.limit = 5
        let results = try index.search("المكتبات", options: options)
        // The second matches through the word's root (كتب: يكتبها), below the exact match.
        #expect(results.hits.map(\.id) == ["libraries", "open-source"])

        // Changes: a writer adds, replaces and deletes, then commits; a new DiskIndex sees them.
        let editor = try IndexWriter(directory: path)
        try editor.add(Document(id: "libraries", title: "المكتبات العامة", text: "المكتبات العامة مفتوحة للجميع."),
                       replacing: true)
        #expect(try editor.delete(id: "ai"))
        try editor.commit()
        try editor.merge()
        editor.close()
        #expect(index.documentCount == 3)   // the snapshot opened before
        let reopened = try DiskIndex(directory: path)
        #expect(reopened.documentCount == 2)
        #expect(reopened.segmentCount == 1)
        #expect(try reopened.search("العامة").hits.map(\.id) == ["libraries"])

        // Errors: a syntax error or damaged data, each with a one-line description.
        do {
            _ = try reopened.search("\"مفتوحة المصدر")
            Issue.record("an unbalanced quote was accepted")
        } catch {
            switch error {
            case .syntax(let problem): #expect(problem.column == 1 && "\(problem)".contains("quote"))
            case .index: Issue.record("a syntax error reported as damage")
            }
        }
    }

    /// One search function for both kinds of index, with one error type: EmbeddingAnOnDiskIndex.md.
    static func topHit(_ index: some SearchableIndex, _ text: String) throws(SearchError) -> String? {
        try index.search(text, options: SearchOptions()).hits.first?.id
    }

    @Test func oneErrorTypeForEveryIndex() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeIndex(Self.documents, at: path)
        let memory = try InMemoryIndex(documents: Self.documents)
        let disk = try DiskIndex(directory: path)
        #expect(try Self.topHit(memory, "الذكاء") == "ai")
        #expect(try Self.topHit(disk, "الذكاء") == "ai")
        for index in [memory, disk] as [any SearchableIndex] {
            do {
                _ = try Self.topHit(index, "title:(الذكاء")
                Issue.record("an unbalanced parenthesis was accepted")
            } catch {
                guard case .syntax(let problem) = error else { Issue.record("\(error)"); continue }
                #expect("\(error)" == "query: \(problem)")
                #expect(problem.column == 7)
            }
        }
    }

    /// A whitespace analyzer: WritingYourOwnAnalyzer.md.
    struct WhitespaceAnalyzer: Analyzer {
        func analyze(_ text: String) -> [Token] {
            var tokens: [Token] = []
            var offset = 0
            for (position, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                let length = word.utf8.count
                if length > 0 {
                    tokens.append(Token(term: word.lowercased(), position: position, utf8Range: offset..<(offset + length)))
                }
                offset += length + 1
            }
            return tokens
        }

        func normalize(_ text: String) -> String { text.lowercased() }
        func prefixTerm(_ word: String) -> String? { word.isEmpty ? nil : word.lowercased() }
        var fingerprint: String { "whitespace-lowercase-1" }
    }

    /// WritingYourOwnAnalyzer.md.
    @Test func writingYourOwnAnalyzer() throws {
        let analyzer = WhitespaceAnalyzer()
        #expect(analyzer.analyze("Open Source code").map(\.term) == ["open", "source", "code"])
        let documents = [Document(id: "1", text: "Open Source code"), Document(id: "2", text: "closed code")]
        let index = try InMemoryIndex(documents: documents, analyzer: analyzer)
        #expect(try index.search("CODE -closed").hits.map(\.id) == ["1"])

        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try IndexWriter(directory: path, analyzer: analyzer)
        try writer.add(contentsOf: documents)
        try writer.commit()
        writer.close()
        // The index records the fingerprint; it is opened with the same analyzer.
        let disk = try DiskIndex(directory: path, analyzer: analyzer)
        #expect(try disk.search("source").hits.map(\.id) == ["1"])
        #expect(throws: IndexStoreError.self) { try DiskIndex(directory: path) }
    }

    /// EvaluatingRanking.md.
    @Test func evaluatingRanking() throws {
        let index = try InMemoryIndex(documents: Self.documents)
        let topics = try Topics(parsing: "q1\tما هو الذكاء الاصطناعي\nq2\tالكتب القديمة\n", source: "topics.tsv")
        let qrels = try Qrels(parsing: "q1 0 ai 2\nq2 0 libraries 1\nq2 0 open-source 0\n", source: "qrels.txt")

        let queries = try TopicSearch.queries(for: topics, analyzer: index.analyzer)
        let run = TopicSearch.run(queries, on: index, depth: 100)
        let evaluation = Evaluation(run: run, qrels: qrels, metrics: [try Metric(name: "ndcg@10"), .reciprocalRank(cutoff: 10)])
        #expect(evaluation.mean(of: .ndcg(cutoff: 10)) == 1)
        #expect(evaluation.mean(of: .reciprocalRank(cutoff: 10)) == 1)
        #expect(run.trecText().hasPrefix("q1 Q0 ai 1 "))
    }
}
