import Testing
import ArabicTokenizer
@testable import ArabicIndex

@Suite struct IndexTests {
    @Test func builderRejectsDuplicateAndEmptyIDs() throws {
        var builder = IndexBuilder()
        try builder.add(Document(id: "d1", text: "نص"))
        #expect(throws: IndexingError.duplicateID("d1")) { try builder.add(Document(id: "d1", text: "آخر")) }
        #expect(throws: IndexingError.emptyID) { try builder.add(Document(id: "", text: "آخر")) }
        #expect(builder.count == 1)
        #expect(IndexingError.duplicateID("d1").description == "duplicate document id \"d1\"")
        #expect(throws: IndexingError.duplicateID("x")) {
            _ = try InMemoryIndex(documents: [Document(id: "x", text: "a"), Document(id: "x", text: "b")])
        }
    }

    @Test func countsAndLookup() throws {
        let index = try makeIndex([("a", "عنوان", "الكتاب والكتاب كتابها"), ("b", "", "قلم")])
        #expect(index.documentCount == 2)
        // كتاب (three spellings), عنوان, قلم.
        #expect(index.termCount == 3)
        #expect(index.document("a") == Document(id: "a", title: "عنوان", text: "الكتاب والكتاب كتابها"))
        #expect(index.document("zzz") == nil)
        #expect(index.documentFrequency(of: "كتاب", in: .text) == 1)
        #expect(index.documentFrequency(of: "كتاب", in: .title) == 0)
        let empty = IndexBuilder().build()
        #expect(empty.documentCount == 0)
        #expect(try empty.search("شيء").hits.isEmpty)
    }

    @Test func flatPostingsLayout() throws {
        let index = try makeIndex([("a", "beta alpha beta"), ("b", "alpha gamma")])
        let text = index.postings(.text)
        let dictionary = index.dictionary
        #expect((0..<dictionary.count).map(dictionary.term) == ["alpha", "beta", "gamma"])
        #expect(text.termStarts == [0, 2, 3, 4])
        #expect(text.documents == [0, 1, 0, 1])
        #expect(text.frequencies == [1, 1, 2, 1])
        #expect(text.positions == [1, 0, 0, 2, 1])
        #expect(text.positionStarts == [0, 1, 2, 4, 5])
        #expect(text.lengths == [3, 2])
        #expect(dictionary.ids(withPrefix: "b") == 1..<2)
        #expect(dictionary.ids(withPrefix: "z").isEmpty)
        #expect(dictionary.id(of: "gamma") == 2)
        #expect(dictionary.id(of: "gam") == nil)
    }

    @Test func resultsCarryDocumentsAndExplanations() throws {
        let index = try makeIndex([("a", "عنوان الذكاء", "الذكاء الاصطناعي"), ("b", "", "شيء آخر")])
        var options = SearchOptions()
        options.explain = true
        options.variantWeight = 0   // the word's variants explain themselves in VariantTests
        let results = try index.search("الذكاء", options: options)
        #expect(results.query == "الذكاء")
        #expect(results.parsed == "ذكاء")
        let hit = try #require(results.hits.first)
        #expect(hit.rank == 1 && hit.id == "a" && hit.title == "عنوان الذكاء" && hit.text == "الذكاء الاصطناعي")
        let contributions = try #require(hit.explanation?.contributions)
        #expect(contributions.map(\.field) == [.title, .text])
        #expect(contributions.map(\.term) == ["ذكاء", "ذكاء"])
        #expect(abs(contributions.reduce(0) { $0 + $1.score } - hit.score) < 1e-12)
        #expect(try index.search("الذكاء").hits.first?.explanation == nil)
    }

    @Test func concurrentSearchesAgree() async throws {
        let index = try articleIndex()
        let queries = ["الذكاء الاصطناعي", "ibm", "\"مفتوح المصدر\"", "تحالف*", "+جوجل -جيمناي", "title:أهداف"]
        var expected: [[String]] = []
        for query in queries { expected.append(try ids(index, query)) }
        let found = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for round in 0..<24 {
                group.addTask {
                    let number = round % queries.count
                    return (number, try index.search(queries[number]).hits.map(\.id))
                }
            }
            var all: [(Int, [String])] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(found.count == 24)
        for (number, hits) in found {
            #expect(hits == Array(expected[number].prefix(10)))
        }
    }
}

@Suite("Byte order of terms")
struct ByteOrderTests {
    /// The block comparison orders strings exactly as their UTF-8 bytes do: prefixes, equal
    /// strings, the empty string, and characters of one to four bytes.
    @Test func blockComparisonEqualsBytewiseComparison() {
        let alphabet = ["", "a", "b", "ا", "ب", "ي", "é", "€", "😀", "\u{0}", "\u{7F}", "\u{80}", "\u{FFFF}"]
        var generator = SplitMix64(state: 9)
        var strings = alphabet
        for _ in 0..<300 {
            let length = Int(generator.next() % 5)
            strings.append((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined())
        }
        for a in strings {
            for b in strings.prefix(60) {
                #expect(a.precedesInByteOrder(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(Array(a.utf8)) \(Array(b.utf8))")
            }
        }
    }
}
