import Foundation
import Testing
@testable import ArabicIndex

/// BM25 of every variant against hand computation on a three-document corpus.
///
/// Text field: d1 "apple banana apple cherry" (dl 4), d2 "banana cherry" (dl 2),
/// d3 "apple date elder fig" (dl 4). N = 3, avgdl = 10/3 = 3.333…, no titles.
/// For "apple": n = 2; in d1 f = 2, in d3 f = 1; both dl = 4.
/// With k1 = 0.9, b = 0.4, δ = 0.5 (set explicitly: the defaults are tuned), for dl = 4:
/// 1 − b + b·dl/avgdl = 0.6 + 0.4·4/3.333… = 0.6 + 0.48 = 1.08, and k1·1.08 = 0.972.
@Suite struct BM25Tests {
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([
            ("d1", "apple banana apple cherry"),
            ("d2", "banana cherry"),
            ("d3", "apple date elder fig"),
        ])
    }

    func scores(_ query: String, _ variant: BM25Variant) throws -> [String: Double] {
        var options = sumOptions()
        options.ranking = BM25Parameters(k1: 0.9, b: 0.4, variant: variant, delta: 0.5)
        options.rerank.proximity = 0   // BM25 alone (the second phase has its own tests)
        options.explain = true
        let results = try index.search(query, options: options)
        for hit in results.hits {
            // The explanation adds up to the score.
            #expect(abs((hit.explanation?.score ?? .nan) - hit.score) < 1e-12)
        }
        return Dictionary(uniqueKeysWithValues: results.hits.map { ($0.id, $0.score) })
    }

    @Test func lucene() throws {
        let s = try scores("apple", .lucene)
        // idf = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln(1 + 1.5/2.5) = ln(1.6)
        // d1: tf = 2/(2 + 0.972) = 2/2.972; d3: tf = 1/(1 + 0.972) = 1/1.972
        #expect(abs(s["d1", default: 0] - log(1.6) * 2 / 2.972) < 1e-9)
        #expect(abs(s["d3", default: 0] - log(1.6) * 1 / 1.972) < 1e-9)
        #expect(s.count == 2)
    }

    @Test func robertson() throws {
        let s = try scores("apple date", .robertson)
        // apple: ln((3 − 2 + 0.5)/(2 + 0.5)) = ln(0.6) < 0, floored at 1e-6.
        // date: n = 1, idf = ln((3 − 1 + 0.5)/(1 + 0.5)) = ln(2.5/1.5)
        // tf = f·(k1 + 1)/(f + 0.972): d1 apple 2·1.9/2.972; d3 apple 1.9/1.972, date 1.9/1.972
        #expect(abs(s["d1", default: 0] - 1e-6 * 3.8 / 2.972) < 1e-9)
        #expect(abs(s["d3", default: 0] - (1e-6 * 1.9 / 1.972 + log(2.5 / 1.5) * 1.9 / 1.972)) < 1e-9)
    }

    @Test func atire() throws {
        let s = try scores("apple", .atire)
        // idf = ln(N/n) = ln(3/2); tf as Robertson's.
        #expect(abs(s["d1", default: 0] - log(1.5) * 3.8 / 2.972) < 1e-9)
        #expect(abs(s["d3", default: 0] - log(1.5) * 1.9 / 1.972) < 1e-9)
    }

    @Test func bm25l() throws {
        let s = try scores("apple", .bm25l)
        // idf = ln((N + 1)/(n + 0.5)) = ln(4/2.5)
        // c = f/1.08; tf = (k1 + 1)(c + δ)/(k1 + c + δ) = 1.9·(c + 0.5)/(0.9 + c + 0.5)
        let c1 = 2 / 1.08
        let c3 = 1 / 1.08
        #expect(abs(s["d1", default: 0] - log(4 / 2.5) * 1.9 * (c1 + 0.5) / (1.4 + c1)) < 1e-9)
        #expect(abs(s["d3", default: 0] - log(4 / 2.5) * 1.9 * (c3 + 0.5) / (1.4 + c3)) < 1e-9)
    }

    @Test func bm25plus() throws {
        let s = try scores("apple", .bm25plus)
        // idf = ln((N + 1)/n) = ln(4/2) = ln 2; tf = f·1.9/(f + 0.972) + 0.5
        #expect(abs(s["d1", default: 0] - log(2) * (3.8 / 2.972 + 0.5)) < 1e-9)
        #expect(abs(s["d3", default: 0] - log(2) * (1.9 / 1.972 + 0.5)) < 1e-9)
    }

    @Test func customParameters() throws {
        var options = sumOptions()
        options.ranking = BM25Parameters(k1: 1.2, b: 0.75)
        let hits = try index.search("banana", options: options).hits
        // n = 2, idf = ln(1.6). d2: dl 2 → 1 − 0.75 + 0.75·2/3.333… = 0.25 + 0.45 = 0.7; tf = 1/(1 + 1.2·0.7) = 1/1.84
        // d1: dl 4 → 0.25 + 0.9 = 1.15; tf = 1/(1 + 1.38) = 1/2.38
        #expect(hits.map(\.id) == ["d2", "d1"])
        #expect(abs(hits[0].score - log(1.6) / 1.84) < 1e-9)
        #expect(abs(hits[1].score - log(1.6) / 2.38) < 1e-9)
    }

    @Test func fieldsAddUpWithBoosts() throws {
        // Title field: only t1 has one ("apple", dl 1): N = 1, n = 1, avgdl = 1.
        // Text field: t1 "banana" (dl 1), t2 "apple banana" (dl 2): N = 2, avgdl = 1.5; apple n = 1.
        let index = try makeIndex([("t1", "apple", "banana"), ("t2", "", "apple banana")])
        var options = sumOptions()
        options.ranking = BM25Parameters(k1: 0.9, b: 0.4)
        options.boosts = FieldBoosts(title: 2, text: 1)
        options.explain = true
        let hits = try index.search("apple", options: options).hits
        // t1 title: 2 · ln(1 + 0.5/1.5) · 1/(1 + 0.9·1) = 2·ln(4/3)/1.9
        // t2 text: ln(1 + 1.5/1.5) · 1/(1 + 0.9·(0.6 + 0.4·2/1.5)) = ln 2 / (1 + 0.9·1.13333…) = ln 2/2.02
        let t1 = 2 * log(4.0 / 3) / 1.9
        let t2 = log(2.0) / 2.02
        #expect(hits.map(\.id) == (t1 > t2 ? ["t1", "t2"] : ["t2", "t1"]))
        let byID = Dictionary(uniqueKeysWithValues: hits.map { ($0.id, $0) })
        #expect(abs((byID["t1"]?.score ?? 0) - t1) < 1e-9)
        #expect(abs((byID["t2"]?.score ?? 0) - t2) < 1e-9)
        let contribution = byID["t1"]?.explanation?.contributions.first
        #expect(contribution?.field == .title)
        #expect(contribution?.boost == 2)
        #expect(contribution?.termFrequency == 1)
        #expect(contribution?.documentLength == 1)
        #expect(contribution?.averageDocumentLength == 1)
        #expect(byID["t2"]?.explanation?.contributions.first?.averageDocumentLength == 1.5)
    }

    @Test func tiesBreakByDocumentOrder() throws {
        let index = try makeIndex([("z", "same words"), ("a", "same words"), ("m", "same words")])
        #expect(try ids(index, "same") == ["z", "a", "m"])
    }

    /// A library caller's huge or negative constants are clamped: scores stay finite, and the
    /// ranking is that of the largest allowed constants.
    @Test(arguments: FieldScoring.allCases)
    func hugeConstantsKeepScoresFinite(scoring: FieldScoring) throws {
        var huge = SearchOptions()
        huge.fieldScoring = scoring
        huge.ranking = BM25Parameters(k1: 1e308, b: 0.75, variant: .bm25plus, delta: 1e308)
        huge.boosts = FieldBoosts(title: 1e308, text: -5)
        huge.rerank.proximity = 1e308
        var largest = huge
        largest.ranking = BM25Parameters(k1: BM25.largestConstant, b: 0.75, variant: .bm25plus, delta: BM25.largestConstant)
        largest.boosts = FieldBoosts(title: BM25.largestConstant, text: 0)
        largest.rerank.proximity = BM25.largestConstant
        let results = try index.search("apple banana", options: huge)
        #expect(!results.hits.isEmpty)
        #expect(results.hits.allSatisfy { $0.score.isFinite })
        #expect(fingerprint(results) == fingerprint(try index.search("apple banana", options: largest)))
    }
}
