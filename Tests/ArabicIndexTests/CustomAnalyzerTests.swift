import Foundation
import Testing
import ArabicTokenizer
@testable import ArabicIndex

/// A minimal analyzer: lower-cased words split at spaces, every `spacing`-th position, "the"
/// dropped as a stop word. With `spacing` above 2 its positions are too sparse for the index to
/// store offsets compactly, so snippets re-analyze.
struct SpacedAnalyzer: Analyzer {
    var spacing = 1

    func analyze(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var offset = 0
        var position = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let length = word.utf8.count
            if !word.isEmpty {
                if word.lowercased() != "the" {
                    tokens.append(Token(term: word.lowercased(), position: position * spacing,
                                        utf8Range: offset..<(offset + length)))
                }
                position += 1
            }
            offset += length + 1
        }
        return tokens
    }

    func normalize(_ text: String) -> String { text.lowercased() }
    func prefixTerm(_ word: String) -> String? { word.isEmpty ? nil : word.lowercased() }
    var fingerprint: String { "spaced-\(spacing)" }
}

@Suite struct CustomAnalyzerTests {
    /// The term path indexing takes gives what `analyze` gives: through the default for a
    /// custom analyzer, through the built-in analyzer's own fast path.
    @Test func theTermPathGivesTheTokens() {
        let text = "The Cat sat on the Mat — وَالكِتَابُ الجديد وIBM"
        let analyzers: [any Analyzer] = [SpacedAnalyzer(spacing: 3), ArabicAnalyzer()]
        for analyzer in analyzers {
            var terms: [Token] = []
            analyzer.forEachTerm(in: text) { terms.append(Token(term: $0.term, position: $0.position, utf8Range: $0.utf8Range)) }
            #expect(terms == analyzer.analyze(text), "\(analyzer.fingerprint)")
            #expect(!terms.isEmpty)
        }
    }

    /// Only the built-in chain gives the settings an index records to reopen it alone; a
    /// custom analyzer's index records its fingerprint only, and must be given the analyzer.
    @Test func onlyTheBuiltInChainIsRecordedBySettings() throws {
        var options = AnalyzerOptions()
        options.stemming = []
        #expect(ArabicAnalyzer(options: options).arabicOptions == options)
        #expect(SpacedAnalyzer().arabicOptions == nil)
        let directory = try writeDiskIndex(documents, analyzer: SpacedAnalyzer())
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try Manifest.read(directory: directory)
        #expect(manifest.analyzer.options == nil)
        #expect(manifest.analyzer.fingerprint == "spaced-1")
    }

    let documents = [
        Document(id: "a", title: "First", text: "The Cat sat on the Mat near the cat"),
        Document(id: "b", text: "A dog and the cat"),
        Document(id: "c", text: "Nothing here"),
    ]

    @Test(arguments: [1, 10])
    func searchesAndHighlightsWithAnyAnalyzer(spacing: Int) throws {
        let analyzer = SpacedAnalyzer(spacing: spacing)
        let index = try InMemoryIndex(documents: documents, analyzer: analyzer)
        #expect(index.textOffsets.hasOffsets(0) == (spacing == 1))
        #expect(index.analyzer.fingerprint == "spaced-\(spacing)")
        #expect(Set(try ids(index, "CAT")) == ["a", "b"])
        #expect(try ids(index, "dog AND cat") == ["b"])
        #expect(try ids(index, "ca*") == ["a", "b"])
        let hit = try #require(try index.search("cat").hits.first { $0.id == "a" })
        #expect(hit.snippet.highlights.map { slice(hit.snippet.text, $0) } == ["Cat", "cat"])
        // A phrase across the stop word "the" (a gap in both query and document).
        let phrase = "\"on the mat\"" + (spacing > 1 ? "~\(2 * (spacing - 1))" : "")
        let phraseHit = try #require(try index.search(phrase).hits.first)
        #expect(phraseHit.id == "a")
        #expect(phraseHit.snippet.highlights.map { slice(phraseHit.snippet.text, $0) } == ["on", "Mat"])
    }

    @Test func batchAndSingleAddBuildTheSameIndex() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        var single = IndexBuilder()
        for document in documents { try single.add(document) }
        var batch = IndexBuilder()
        try batch.add(contentsOf: documents)
        let one = single.build()
        let other = batch.build()
        #expect(one.dictionary.bytes == other.dictionary.bytes)
        for field in DocumentField.allCases {
            #expect(one.postings(field).documents == other.postings(field).documents)
            #expect(one.postings(field).positions == other.postings(field).positions)
            #expect(one.postings(field).lengths == other.postings(field).lengths)
        }
        #expect(one.textOffsets.starts == other.textOffsets.starts)
        #expect(one.textOffsets.lengths == other.textOffsets.lengths)
        // Every article paragraph keeps its offsets, and they point at the original words.
        let text = documents[0].text
        let tokens = ArabicAnalyzer().analyze(text)
        for token in tokens {
            #expect(one.textOffsets.range(of: 0, position: token.position) == token.utf8Range)
        }
        #expect((0..<UInt32(documents.count)).allSatisfy(one.textOffsets.hasOffsets))

        // A rejected document in a batch keeps the ones before it.
        var partial = IndexBuilder()
        #expect(throws: IndexingError.duplicateID("x")) {
            try partial.add(contentsOf: [Document(id: "x", text: "a"), Document(id: "y", text: "b"),
                                         Document(id: "x", text: "c"), Document(id: "z", text: "d")])
        }
        #expect(partial.count == 2)
    }
}
