import Foundation
import Testing
@testable import ArabicIndex

/// BM25F against hand computation on a four-document corpus with titles.
///
/// Titles: d1 "apple pie" (2), d2 none, d3 "fig" (1), d4 "apple" (1): 3 non-empty titles, avg
/// length 4/3. Texts: d1 "apple banana apple cherry" (4), d2 "banana cherry" (2), d3 "apple
/// date elder fig" (4), d4 "grape kiwi" (2): avg length 3. Combined N = max(3, 4) = 4.
/// Settings: k1 1.2, text b 0.75, title b 0.5, title boost 2, text boost 1, Lucene's variant.
/// Norms: text dl 4: 1 − 0.75 + 0.75·4/3 = 1.25; text dl 2: 0.75; title dl 2: 1 − 0.5 + 0.5·2/(4/3)
/// = 1.25; title dl 1: 0.875.
/// "apple": df title 2 (d1, d4), text 2 (d1, d3): n = 2, idf = ln(1 + (4 − 2 + 0.5)/(2 + 0.5)) = ln 2.
@Suite struct BM25FTests {
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([
            ("d1", "apple pie", "apple banana apple cherry"),
            ("d2", "", "banana cherry"),
            ("d3", "fig", "apple date elder fig"),
            ("d4", "apple", "grape kiwi"),
        ])
    }

    static func options(_ scoring: FieldScoring) -> SearchOptions {
        var options = SearchOptions()
        options.ranking = BM25Parameters(k1: 1.2, b: 0.75, variant: .lucene)
        options.titleB = 0.5
        options.boosts = FieldBoosts(title: 2, text: 1)
        options.fieldScoring = scoring
        options.rerank.proximity = 0
        options.variantWeight = 0   // the formulas of each term alone (variants: VariantTests)
        options.explain = true
        return options
    }

    func scores(_ query: String, _ scoring: FieldScoring = .bm25f) throws -> [String: Double] {
        let results = try index.search(query, options: Self.options(scoring))
        for hit in results.hits {
            // The explanation adds up to the score.
            #expect(abs((hit.explanation?.score ?? .nan) - hit.score) < 1e-12, "\(hit.id)")
        }
        return Dictionary(uniqueKeysWithValues: results.hits.map { ($0.id, $0.score) })
    }

    @Test func pseudoFrequenciesAreAddedBeforeOneSaturation() throws {
        let s = try scores("apple")
        // d1: 2·1/1.25 (title) + 1·2/1.25 (text) = 3.2; d3: 1/1.25 = 0.8; d4: 2·1/0.875 = 16/7.
        #expect(abs(s["d1", default: 0] - log(2) * 3.2 / (3.2 + 1.2)) < 1e-12)
        #expect(abs(s["d3", default: 0] - log(2) * 0.8 / (0.8 + 1.2)) < 1e-12)
        let d4 = 16.0 / 7
        #expect(abs(s["d4", default: 0] - log(2) * d4 / (d4 + 1.2)) < 1e-12)
        #expect(s.count == 3)
        // However many fields a term matches in, its score stays below its idf.
        #expect(s.values.allSatisfy { $0 < log(2) })
    }

    @Test func aFieldRestrictedTermUsesItsFieldAlone() throws {
        let s = try scores("title:apple")
        // idf from the title's df alone (2): still ln 2. d1: 2/1.25 = 1.6; d4: 16/7.
        #expect(abs(s["d1", default: 0] - log(2) * 1.6 / (1.6 + 1.2)) < 1e-12)
        let d4 = 16.0 / 7
        #expect(abs(s["d4", default: 0] - log(2) * d4 / (d4 + 1.2)) < 1e-12)
        #expect(s.count == 2)
    }

    @Test func termsAreAddedAcrossTheQuery() throws {
        let s = try scores("apple fig")
        // fig: title d3 (dl 1), text d3 (dl 4): n = 1, idf = ln(1 + 3.5/1.5);
        // d3: 2·1/0.875 + 1/1.25 = 16/7 + 0.8.
        let figIDF = log(1 + 3.5 / 1.5)
        let fig = 16.0 / 7 + 0.8
        #expect(abs(s["d3", default: 0] - (log(2) * 0.8 / 2.0 + figIDF * fig / (fig + 1.2))) < 1e-12)
    }

    @Test func aTermInBothFieldsCountsOnceUnlikeTheSum() throws {
        // Under the sum, d1's title and text scores are each saturated and added: together above
        // the term's text idf (ln 2). Under BM25F its score stays below the idf.
        let sum = try scores("apple", .sum)
        let bm25f = try scores("apple")
        // Sum: title 2·ln(1.6)·1/(1 + 1.2·1.25) + text ln 2·2/(2 + 1.2·1.25).
        #expect(abs(sum["d1", default: 0] - (2 * log(1.6) / 2.5 + log(2) * 2 / 3.5)) < 1e-12)
        #expect(sum["d1", default: 0] > log(2))
        #expect(bm25f["d1", default: 0] < log(2))
    }

    /// The formulas as a value: the combined idf takes the largest per-field document frequency.
    @Test func formulas() {
        let text = BM25(parameters: BM25Parameters(k1: 1.2, b: 0.75), documentCount: 4, averageLength: 3)
        let title = BM25(parameters: BM25Parameters(k1: 1.2, b: 0.5), documentCount: 3, averageLength: 4.0 / 3)
        var fields = PerField(repeating: title)
        fields.text = text
        let bm25f = BM25F(fields: fields, boosts: FieldBoosts(title: 2, text: 1))
        #expect(bm25f.idf(documentFrequencies: [1, 2]) == log(2))
        #expect(bm25f.pseudoFrequency(1, in: .title, norm: title.norm(length: 2)) == 2 / 1.25)
        #expect(bm25f.score(idf: 1, pseudoFrequency: 0) == 0)
        #expect(abs(bm25f.score(idf: 2, pseudoFrequency: 1.8) - 2 * 1.8 / 3.0) < 1e-15)
    }
}

/// BM25F's dense scoring of bags of words, and its score trees (lone words, variants and
/// prefixes pruned; conjunctions led by their rarest clause), give what scoring set at a time
/// gives: the same documents, scores to the bit, every match counted but where pruning skipped
/// some (then a lower bound); in memory and on disk with segments and deletions, with and
/// without a title length normalization of its own.
@Suite struct BM25FEvaluationTests {
    @Test(arguments: TestCollection.combinedSized)
    func denseBagsOfTermsEqualSetAtATime(collection: TestCollection) throws {
        let (documents, questions, directory, disk) = try PruningTests.combinedOnDiskWithDeletions(collection)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let memory = try InMemoryIndex(documents: Array(documents.prefix(600)))
        let queries = Array(questions.prefix(120)) + sampleQueries(documents, count: 120, seed: 53)
        var dense = 0
        var conjunctions = 0
        for (number, query) in queries.enumerated() {
            var options = SearchOptions()
            options.fieldScoring = .bm25f
            options.titleB = number % 2 == 0 ? nil : 0.4
            options.boosts.title = [0.5, 2, 0][number % 3]
            options.limit = 10
            options.rerank.proximity = 0
            options.snippetWords = 0
            var reference = options
            reference.scoresEveryPosting = true
            for (label, search) in [("disk", { (o: SearchOptions) in try disk.search(query, options: o) }),
                                    ("memory", { (o: SearchOptions) in try memory.search(query, options: o) })] {
                let expected = try search(reference)
                let actual = try search(options)
                #expect(PruningTests.ranking(actual) == PruningTests.ranking(expected), "\(label): \(query)")
                if actual.totalHitsIsExact {
                    #expect(actual.totalHits == expected.totalHits, "\(label): \(query)")
                } else {
                    #expect(actual.totalHits <= expected.totalHits && actual.totalHits >= 1000, "\(label): \(query)")
                }
            }
            let parsed = try QueryParser(analyzer: disk.analyzer).parse(query)
            if Searcher<InMemoryIndex>.bagOfWords(parsed) != nil { dense += 1 }
            if case .boolean(_, let must, _) = parsed, !must.isEmpty { conjunctions += 1 }
        }
        #expect(dense > 100)
        #expect(conjunctions > 20)
    }
}
