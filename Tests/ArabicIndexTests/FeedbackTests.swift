import Foundation
import Testing
@testable import ArabicIndex

/// RM3 against hand computation on a three-document corpus (texts only, BM25 alone).
///
/// d1 "apple banana" (dl 2), d2 "apple cherry cherry" (3), d3 "date" (1): N 3, avgdl 2, k1 0.6,
/// b 1. "apple": n 2, idf L = ln(1 + 1.5/2.5) = ln 1.6; first scores s1 = L/(1 + 0.6·2/2) = L/1.6,
/// s2 = L/(1 + 0.6·3/2) = L/1.9.
/// Relevance model (2 documents): apple s1/2 + s2/3, banana s1/2, cherry 2·s2/3; the best 2 are
/// apple and cherry. With the query weight 0.5: apple 0.5 + 0.5·apple/(apple + cherry), cherry
/// 0.5·cherry/(apple + cherry).
@Suite struct FeedbackTests {
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([("d1", "apple banana"), ("d2", "apple cherry cherry"), ("d3", "date")])
    }

    static func options(_ feedback: FeedbackParameters?) -> SearchOptions {
        var options = sumOptions()
        options.rerank.proximity = 0
        options.explain = true
        options.feedback = feedback
        return options
    }

    @Test func expandedQueryScoresAsComputedByHand() throws {
        let results = try index.search("apple", options: Self.options(FeedbackParameters(documents: 2, terms: 2, originalQueryWeight: 0.5)))
        let L = log(1.6)
        let (s1, s2) = (L / 1.6, L / 1.9)
        let (apple, cherry) = (s1 / 2 + s2 / 3, 2 * s2 / 3)
        let appleWeight = 0.5 + 0.5 * apple / (apple + cherry)
        let cherryWeight = 0.5 * cherry / (apple + cherry)
        let cherryScore = log(1 + 2.5 / 1.5) * 2 / (2 + 0.6 * 1.5)
        let scores = Dictionary(uniqueKeysWithValues: results.hits.map { ($0.id, $0.score) })
        #expect(results.hits.map(\.id) == ["d2", "d1"])
        #expect(abs(scores["d2", default: 0] - (appleWeight * s2 + cherryWeight * cherryScore)) < 1e-12)
        #expect(abs(scores["d1", default: 0] - appleWeight * s1) < 1e-12)
        // banana, the third term of the model, is left out.
        let terms = Set(results.hits.flatMap { $0.explanation?.contributions.map(\.term) ?? [] })
        #expect(terms == ["apple", "cherry"])
        for hit in results.hits { #expect(abs((hit.explanation?.score ?? .nan) - hit.score) < 1e-12) }
        #expect(results.notices.isEmpty)
    }

    /// With the query weight 1 the model adds nothing; with 0 the query's own terms count only
    /// through the model. Under BM25F the same weights multiply the terms' scores.
    @Test func theQueryWeightBalancesQueryAndModel() throws {
        let plain = try index.search("apple", options: Self.options(nil))
        let all = try index.search("apple", options: Self.options(FeedbackParameters(documents: 2, terms: 2, originalQueryWeight: 1)))
        #expect(all.hits.map(\.id) == plain.hits.map(\.id))
        #expect(zip(all.hits, plain.hits).allSatisfy { abs($0.score - $1.score) < 1e-15 })
        var bm25f = Self.options(FeedbackParameters(documents: 2, terms: 2, originalQueryWeight: 0.5))
        bm25f.fieldScoring = .bm25f
        bm25f.variantWeight = 0
        let expanded = try index.search("apple", options: bm25f)
        bm25f.feedback = nil
        let base = try index.search("apple", options: bm25f)
        // d1 matches apple only: its score is apple's weight times its BM25F score.
        let L = log(1.6)
        let (s1, s2) = (L / 1.6, L / 1.9)
        let (apple, cherry) = (s1 / 2 + s2 / 3, 2 * s2 / 3)
        let appleWeight = 0.5 + 0.5 * apple / (apple + cherry)
        let d1 = try #require(expanded.hits.first { $0.id == "d1" }?.score)
        let d1Base = try #require(base.hits.first { $0.id == "d1" }?.score)
        #expect(abs(d1 - appleWeight * d1Base) < 1e-12)
    }

    /// Queries other than words combined with OR are searched as written, with a notice.
    @Test(arguments: ["+apple banana", "\"apple banana\"", "app*", "text:apple", "apple -date"])
    func otherQueriesAreSearchedAsWritten(query: String) throws {
        let results = try index.search(query, options: Self.options(FeedbackParameters()))
        let plain = try index.search(query, options: Self.options(nil))
        #expect(results.notices == ["feedback (RM3) applies to words combined with OR; this query was searched as written"])
        #expect(results.hits.map(\.id) == plain.hits.map(\.id))
    }

    /// On disk, feedback reads the stored documents and ranks as in memory.
    @Test func onDiskAsInMemory() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let directory = try writeDiskIndex(documents, perSegment: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        let memory = try InMemoryIndex(documents: documents)
        var options = SearchOptions()
        options.feedback = FeedbackParameters()
        options.explain = true
        for query in ["الذكاء الاصطناعي", "ميتا IBM", "جامعات", "مفتوح المصدر التعاون"] {
            #expect(fingerprint(try disk.search(query, options: options)) == fingerprint(try memory.search(query, options: options)), "\(query)")
        }
    }
}
