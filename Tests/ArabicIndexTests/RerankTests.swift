import Foundation
import Testing
@testable import ArabicIndex
import ArabicEvaluation

/// The second ranking phase (coverage and proximity) against hand computation.
///
/// Text field only: d1 "apple banana cherry" (dl 3), d2 "apple date date banana" (dl 4),
/// d3 "cherry fig" (dl 2). N = 3, avgdl = 9/3 = 3. With Lucene's variant, k1 = 0.9, b = 0.4
/// (set explicitly: the defaults are tuned), `K = k1 · (1 − b + b · dl/avgdl)`:
/// d1 K = 0.9 · 1 = 0.9; d2 K = 0.9 · (0.6 + 0.4 · 4/3) = 1.02; d3 K = 0.9 · (0.6 + 0.4 · 2/3) = 0.78.
/// idf(apple) = idf(banana) = idf(cherry) = ln(1 + 1.5/2.5) = ln 1.6 (n = 2);
/// idf(fig) = ln(1 + 2.5/1.5) = ln(8/3) (n = 1).
@Suite struct RerankTests {
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([
            ("d1", "apple banana cherry"),
            ("d2", "apple date date banana"),
            ("d3", "cherry fig"),
        ])
    }

    func hits(_ query: String, _ rerank: RerankParameters, limit: Int = 10) throws -> [SearchHit] {
        var options = SearchOptions()
        options.ranking = BM25Parameters(k1: 0.9, b: 0.4, variant: .lucene)
        options.rerank = rerank
        options.limit = limit
        options.variantWeight = 0   // the second phase over BM25F's terms alone
        options.explain = true
        let results = try index.search(query, options: options)
        for hit in results.hits {
            // The explanation, second-phase lines included, adds up to the score.
            #expect(abs((hit.explanation?.score ?? .nan) - hit.score) < 1e-12)
        }
        return results.hits
    }

    func scores(_ query: String, _ rerank: RerankParameters) throws -> [String: Double] {
        Dictionary(uniqueKeysWithValues: try hits(query, rerank).map { ($0.id, $0.score) })
    }

    @Test func switches() throws {
        #expect(RerankParameters().isActive)   // proximity on by default
        #expect(!RerankParameters(coverage: 0, proximity: 0).isActive)
        #expect(!RerankParameters(coverage: .nan, proximity: -1).isActive)
        #expect(RerankParameters(coverage: 0.5).isActive)
        let plain = try scores("apple banana", RerankParameters(proximity: 0))
        // BM25 only: d1 2 · ln 1.6/1.9, d2 2 · ln 1.6/2.02.
        #expect(abs(plain["d1", default: 0] - 2 * log(1.6) / 1.9) < 1e-12)
        #expect(abs(plain["d2", default: 0] - 2 * log(1.6) / 2.02) < 1e-12)
    }

    @Test func proximity() throws {
        let s = try scores("apple banana", RerankParameters(proximity: 0.5, window: 5))
        // d1: apple at 0, banana at 1: acc = 1/1² = 1; bonus = 0.5 · min(idf) · 1/(1 + 0.9).
        let d1 = 2 * log(1.6) / 1.9 + 0.5 * log(1.6) * 1 / (1 + 0.9)
        // d2: apple at 0, banana at 3: acc = 1/9; bonus = 0.5 · ln 1.6 · (1/9)/(1/9 + 1.02).
        let d2 = 2 * log(1.6) / 2.02 + 0.5 * log(1.6) * (1.0 / 9) / (1.0 / 9 + 1.02)
        #expect(abs(s["d1", default: 0] - d1) < 1e-12)
        #expect(abs(s["d2", default: 0] - d2) < 1e-12)
        #expect(s.count == 2)
    }

    @Test func proximityWindow() throws {
        // With a window of 2, d2's pair (3 apart) is not near: BM25 alone.
        let s = try scores("apple banana", RerankParameters(proximity: 0.5, window: 2))
        #expect(abs(s["d2", default: 0] - 2 * log(1.6) / 2.02) < 1e-12)
        #expect(abs(s["d1", default: 0] - (2 * log(1.6) / 1.9 + 0.5 * log(1.6) / 1.9)) < 1e-12)
    }

    @Test func repeatedQueryTermIsOnePairMember() throws {
        // "apple apple banana": apple counts twice in BM25 but forms one pair with banana.
        let s = try scores("apple apple banana", RerankParameters(proximity: 1, window: 5))
        #expect(abs(s["d1", default: 0] - (3 * log(1.6) / 1.9 + log(1.6) / 1.9)) < 1e-12)
    }

    @Test func coverage() throws {
        let s = try scores("apple cherry fig", RerankParameters(coverage: 1, proximity: 0))
        // d1 matches apple and cherry (2 of 3 clauses), d3 cherry and fig, d2 apple only.
        let d1 = (log(1.6) / 1.9 + log(1.6) / 1.9) * 2 / 3
        let d3 = (log(1.6) / 1.78 + log(8.0 / 3) / 1.78) * 2 / 3
        let d2 = log(1.6) / 2.02 / 3
        #expect(abs(s["d1", default: 0] - d1) < 1e-12)
        #expect(abs(s["d3", default: 0] - d3) < 1e-12)
        #expect(abs(s["d2", default: 0] - d2) < 1e-12)
        let squared = try scores("apple cherry fig", RerankParameters(coverage: 2, proximity: 0))
        #expect(abs(squared["d2", default: 0] - log(1.6) / 2.02 / 9) < 1e-12)
    }

    @Test func coverageAndProximityTogether() throws {
        // (bm25 + proximity) · coverage: d1 for "apple banana fig" has 2 of 3 clauses.
        let s = try scores("apple banana fig", RerankParameters(coverage: 1, proximity: 0.5, window: 5))
        let d1 = (2 * log(1.6) / 1.9 + 0.5 * log(1.6) / 1.9) * 2 / 3
        #expect(abs(s["d1", default: 0] - d1) < 1e-12)
        let explanation = try hits("apple banana fig", RerankParameters(coverage: 1, proximity: 0.5, window: 5))
            .first { $0.id == "d1" }?.explanation
        let labels = (explanation?.contributions.map(\.term) ?? []) + (explanation?.secondPhase.map(\.label) ?? [])
        #expect(labels == ["apple", "banana", "(proximity)", "(coverage 2/3)"])
        // Real parts, not term lines: the proximity weight and the coverage of 2 of 3 clauses.
        #expect(explanation?.secondPhase.map(\.kind) == [
            .proximity(weight: 0.5, documentLength: 3, averageDocumentLength: 3),
            .coverage(matchedClauses: 2, clauses: 3, factor: 2.0 / 3.0),
        ])
        #expect(abs((explanation?.score ?? 0) - d1) < 1e-12)
    }

    @Test func reordersOnlyTheFirstPhaseDepth() throws {
        // e1 has banana twice but far from apple (BM25 prefers it); e2 has them side by side.
        let index = try makeIndex([("e1", "apple zz zz zz banana banana"), ("e2", "apple banana zz zz zz zz")])
        func top(_ rerank: RerankParameters) throws -> [String] {
            var options = SearchOptions()
            options.limit = 1
            options.rerank = rerank
            options.variantWeight = 0
            return try index.search("apple banana", options: options).hits.map(\.id)
        }
        #expect(try top(RerankParameters(proximity: 0)) == ["e1"])
        #expect(try top(RerankParameters()) == ["e2"])   // the default: proximity 0.4 within 3 tokens
        #expect(try top(RerankParameters(proximity: 1, window: 2, depth: 2)) == ["e2"])
        // Only the BM25 best is rescored: nothing to reorder.
        #expect(try top(RerankParameters(proximity: 1, window: 2, depth: 1)) == ["e1"])
        // The depth is at least the number of hits asked for.
        #expect(try top(RerankParameters(proximity: 1, window: 2, depth: 0)) == ["e1"])
    }

    @Test func sweepable() throws {
        let grid = try ParameterGrid(parsing: "proximity=0:0.5:0.25,window=2.6,coverage=1,rerank-depth=50")
        #expect(grid.cells.count == 3)
        let options = grid.apply([0.25, 2.6, 1, 50], to: SearchOptions())
        #expect(options.rerank == RerankParameters(coverage: 1, proximity: 0.25, window: 3, depth: 50))
    }

    @Test func accumulatedCloseness() {
        // a = [0, 5], b = [1, 3, 9], window 4: 0–1 (1), 0–3 (1/9), 5–1 (1/16), 5–3 (1/4), 5–9 (1/16);
        // 0–9 is 9 apart.
        let total = Reranker<InMemoryIndex>.accumulated([0, 5], [1, 3, 9], window: 4)
        #expect(abs(total - (1 + 1.0 / 9 + 1.0 / 16 + 1.0 / 4 + 1.0 / 16)) < 1e-12)
        #expect(Reranker<InMemoryIndex>.accumulated([2], [2], window: 3) == 0)
        #expect(Reranker<InMemoryIndex>.accumulated([], [1], window: 3) == 0)
    }
}

/// Explanations are trees shaped like the query, whose nodes add up.
@Suite struct ExplanationTreeTests {
    /// Every node's score is the sum of its parts' (to rounding).
    static func expectAddsUp(_ node: Explanation, sourceLocation: SourceLocation = #_sourceLocation) {
        guard !node.details.isEmpty else { return }
        let sum = node.details.reduce(0) { $0 + $1.score }
        #expect(abs(sum - node.score) < 1e-12, "\(node.summary)", sourceLocation: sourceLocation)
        for detail in node.details { expectAddsUp(detail, sourceLocation: sourceLocation) }
    }

    @Test func theTreeFollowsTheQuery() throws {
        let index = try makeIndex([("d1", "apple", "apple banana"), ("d2", "", "banana cherry")])
        var options = SearchOptions()
        options.explain = true
        options.rerank = RerankParameters(coverage: 0, proximity: 0)
        options.variantWeight = 0
        let hit = try #require(try index.search("+apple \"apple banana\" -cherry", options: options).hits.first)
        let tree = try #require(hit.explanation)
        #expect(hit.id == "d1")
        #expect(tree.summary == "sum of matched clauses")
        #expect(tree.details.map(\.summary) == ["BM25F of apple over title, text", "text:\"apple banana\""])
        #expect(tree.details[0].details.map(\.summary) == ["title:apple", "text:apple"])
        #expect(tree.contributions.map(\.term) == ["apple", "apple", "\"apple banana\""])
        #expect(tree.secondPhase.isEmpty)
        #expect(abs(tree.score - hit.score) < 1e-12)
        Self.expectAddsUp(tree)
        #expect(tree.description.split(separator: "\n").map { $0.drop { $0 == " " }.split(separator: " ").dropFirst().joined(separator: " ") }
            == ["sum of matched clauses", "BM25F of apple over title, text", "title:apple", "text:apple", "text:\"apple banana\""])
    }

    @Test func theSecondPhaseIsItsOwnBranch() throws {
        let index = try makeIndex([("d1", "apple banana cherry"), ("d2", "apple date date banana"), ("d3", "cherry fig")])
        var options = SearchOptions()
        options.explain = true
        options.rerank = RerankParameters(coverage: 1, proximity: 0.5, window: 5)
        options.variantWeight = 0
        let hits = try index.search("apple banana fig", options: options).hits
        let tree = try #require(hits.first { $0.id == "d1" }?.explanation)
        #expect(tree.summary == "first phase, then second phase")
        #expect(tree.details.map(\.summary) == ["sum of matched clauses", "(proximity)", "(coverage 2/3)"])
        #expect(tree.details[0].details.map(\.summary) == ["text:apple", "text:banana"])
        #expect(abs(tree.details[0].score - tree.firstPhaseScore) < 1e-12)
        for hit in hits {
            let explanation = try #require(hit.explanation)
            #expect(abs(explanation.score - hit.score) < 1e-12, "\(hit.id)")
            Self.expectAddsUp(explanation)
        }
    }
}
