import Testing
@testable import ArabicIndex

/// The hit heap and the in-place sort keep the best documents in the order exhaustive ranking
/// gives: higher score first, then lower document number.
@Suite("Top hits")
struct TopHitsTests {
    /// Random hits with many tied scores (ties are broken by document).
    static func hits(_ count: Int, seed: UInt64) -> [ScoredHit] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { number in
            ScoredHit(document: UInt32(number), score: Double(generator.next() % 17) / 4)
        }.shuffled(using: &generator)
    }

    @Test(arguments: [0, 1, 2, 7, 21, 100, 1_000])
    func theCollectorKeepsTheBestInRankOrder(count: Int) {
        let offered = Self.hits(count, seed: UInt64(count) + 1)
        for limit in [1, 10, 100] {
            var collector = TopHits.Collector(limit: limit)
            for hit in offered { collector.offer(document: hit.document, score: hit.score) }
            let expected = offered.sorted(by: TopHits.isBetter).prefix(limit)
            let kept = collector.sortedHits()
            #expect(kept.map(\.document) == expected.map(\.document), "\(count) offered, limit \(limit)")
            #expect(kept.map(\.score) == expected.map(\.score), "\(count) offered, limit \(limit)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 20, 21, 64, 500])
    func sortingInPlaceGivesTheSortedOrder(count: Int) {
        var values = Self.hits(count, seed: UInt64(count) + 99)
        let byRank = values.sorted(by: TopHits.isBetter)
        let byDocument = values.sorted { $0.document < $1.document }
        values.withUnsafeMutableBufferPointer { TopHits.sort($0, by: TopHits.isBetter) }
        #expect(values.map(\.document) == byRank.map(\.document))
        values.withUnsafeMutableBufferPointer { buffer in TopHits.sort(buffer) { $0.document < $1.document } }
        #expect(values.map(\.document) == byDocument.map(\.document))
    }
}
