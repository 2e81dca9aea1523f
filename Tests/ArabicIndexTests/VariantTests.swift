import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// A query word's variants (the index terms with its ISRI root, ``SearchOptions/variantWeight``)
/// against hand computation.
///
/// Four documents without titles, one word each but d4's two: light10 indexes كتاب (d1), مكتب
/// (d2, from مكتبة), قلم (d3) and بيت، كبير (d4); كتاب and مكتب have the root كتب. Settings: k1
/// 1.2, b 0 (every norm 1), Lucene's variant, no second phase; N = 4.
/// - كتاب alone: df 1, idf ln(1 + 3.5/1.5) = ln(10/3).
/// - Its variants كتاب and مكتب (df 1 each): df estimated as 4 · (1 − (1 − 1/4)²) = 1.75 → 2,
///   idf ln(1 + 2.5/2.5) = ln 2; one occurrence in d1 or d2: pseudo-frequency 1, tf 1/2.2.
@Suite struct VariantTests {
    let documents = [
        Document(id: "d1", text: "كتاب"),
        Document(id: "d2", text: "مكتبة"),
        Document(id: "d3", text: "قلم"),
        Document(id: "d4", text: "بيت كبير"),
    ]

    func options(variantWeight: Double) -> SearchOptions {
        var options = SearchOptions()
        options.ranking = BM25Parameters(k1: 1.2, b: 0, variant: .lucene)
        options.rerank.proximity = 0
        options.variantWeight = variantWeight
        options.explain = true
        return options
    }

    func scores(_ results: SearchResults) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: results.hits.map { ($0.id, $0.score) })
    }

    @Test func theTableGroupsTermsByRoot() throws {
        let index = try InMemoryIndex(documents: documents)
        let table = index.variantTable()
        #expect(table.terms(withKey: "كتب") == ["كتاب", "مكتب"])
        #expect(table.terms(withKey: "قلم") == ["قلم"])
        #expect(table.terms(withKey: "سيف") == [])
        #expect(table.count == 5)
        // Made once, then shared.
        #expect(index.variantTable().count == 5)
    }

    @Test func variantsScoreAsOneTermOfTheirWeight() throws {
        let index = try InMemoryIndex(documents: documents)
        let tf = 1 / 2.2
        for weight in [1.0, 0.5] {
            let results = try index.search("كتاب", options: options(variantWeight: weight))
            let s = scores(results)
            #expect(results.hits.map(\.id) == ["d1", "d2"])
            #expect(abs(s["d1", default: 0] - (log(10.0 / 3) * tf + weight * log(2) * tf)) < 1e-12)
            #expect(abs(s["d2", default: 0] - weight * log(2) * tf) < 1e-12)
            for hit in results.hits { #expect(abs((hit.explanation?.score ?? .nan) - hit.score) < 1e-12) }
            let d2 = try #require(results.hits.last?.explanation?.contributions)
            #expect(d2.map(\.term) == ["~مكتب"])
            #expect(abs((d2.first?.idf ?? 0) - log(2)) < 1e-12)
        }
        // Off, مكتبة does not match كتاب.
        let off = try index.search("كتاب", options: options(variantWeight: 0))
        #expect(off.hits.map(\.id) == ["d1"])
        #expect(abs(scores(off)["d1", default: 0] - log(10.0 / 3) * tf) < 1e-12)
    }

    /// Several variants in one document add their frequencies before the one saturation.
    @Test func variantFrequenciesAreAddedBeforeSaturation() throws {
        let index = try InMemoryIndex(documents: documents + [Document(id: "d5", text: "كتاب مكتبة")])
        // N 5; كتاب df 2, مكتب df 2: variants' df 5 · (1 − 0.6²) = 3.2 → 3, idf ln(1 + 2.5/3.5).
        let results = try index.search("مكتبة", options: options(variantWeight: 1))
        let s = scores(results)
        let variantIDF = log(1 + 2.5 / 3.5)
        let lightIDF = log(1 + 3.5 / 2.5)
        #expect(abs(s["d5", default: 0] - (lightIDF / 2.2 + variantIDF * 2 / 3.2)) < 1e-12)
        #expect(abs(s["d1", default: 0] - variantIDF / 2.2) < 1e-12)
        #expect(results.hits.map(\.id) == ["d5", "d2", "d1"])
    }

    /// Variants apply to words combined with OR; other queries are searched as written, and
    /// per-field sums have no variants.
    @Test func onlyBagsOfWordsUnderBM25F() throws {
        let index = try InMemoryIndex(documents: documents)
        #expect(try index.search("+كتاب قلم", options: options(variantWeight: 1)).hits.map(\.id) == ["d1"])
        #expect(try index.search("كتاب -بيت", options: options(variantWeight: 1)).hits.map(\.id) == ["d1"])
        #expect(try index.search("\"كتاب قلم\" OR كتاب", options: options(variantWeight: 1)).hits.map(\.id) == ["d1"])
        var sum = options(variantWeight: 1)
        sum.fieldScoring = .sum
        #expect(try index.search("كتاب", options: sum).hits.map(\.id) == ["d1"])
    }

    /// An index on disk, in several segments, ranks with variants exactly as in memory.
    @Test func onDiskAsInMemory() throws {
        let all = documents + [Document(id: "d5", text: "كتاب مكتبة"), Document(id: "d6", text: "الكتب والمكتبات")]
        let memory = try InMemoryIndex(documents: all)
        let directory = try writeDiskIndex(all, perSegment: 2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        for query in ["كتاب", "مكتبة قلم", "الكتب"] {
            let a = try memory.search(query, options: options(variantWeight: 1))
            let b = try disk.search(query, options: options(variantWeight: 1))
            #expect(a.hits.map(\.id) == b.hits.map(\.id), "\(query)")
            #expect(zip(a.hits, b.hits).allSatisfy { $0.score == $1.score }, "\(query)")
        }
    }
}
