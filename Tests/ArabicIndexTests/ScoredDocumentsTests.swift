import Testing
@testable import ArabicIndex

/// The set operations on scored lists: the windowed unions must give exactly (to the bit) what
/// merging the lists two at a time, adding scores in list order from 0, gives.
@Suite struct ScoredDocumentsTests {
    /// A random increasing list of documents below `limit`, with scores of varied magnitude.
    static func randomList(_ generator: inout SplitMix64, limit: Int) -> ScoredDocuments {
        var list = ScoredDocuments()
        let density = 1 + Self.below(&generator, 40)
        var document = Self.below(&generator, 3 * ScoredDocuments.unionWindow)
        while document < limit {
            list.append(UInt32(document), Double(Self.below(&generator, 1_000_000)) / 7919.0 + 1e-9 * Double(Self.below(&generator, 97)))
            document += 1 + Self.below(&generator, density * 3)
        }
        return list
    }

    static func below(_ generator: inout SplitMix64, _ n: Int) -> Int { Int(generator.next() % UInt64(n)) }

    /// The reference union: documents merged two lists at a time, each document's scores added
    /// in list order from 0.
    static func referenceUnion(_ lists: [ScoredDocuments]) -> [UInt32: Double] {
        var sums: [UInt32: Double] = [:]
        for list in lists {
            for (document, score) in zip(list.documents, list.scores) { sums[document] = (sums[document] ?? 0.0) + score }
        }
        return sums
    }

    static func bits(_ list: ScoredDocuments) -> [String] {
        zip(list.documents, list.scores).map { "\($0) \($1.bitPattern)" }
    }

    static func bits(_ sums: [UInt32: Double]) -> [String] {
        sums.keys.sorted().map { "\($0) \(sums[$0, default: 0].bitPattern)" }
    }

    @Test func unionAddsScoresInListOrderAcrossWindows() {
        var generator = SplitMix64(state: 7)
        for round in 0..<40 {
            let lists = (0..<(1 + round % 6)).map { _ in Self.randomList(&generator, limit: 5 * ScoredDocuments.unionWindow + 17) }
            let union = ScoredDocuments.union(lists + [ScoredDocuments()])
            #expect(Self.bits(union) == Self.bits(Self.referenceUnion(lists)), "round \(round)")
        }
    }

    /// Short lists (merged rather than summed in windows), including ones that share every
    /// document or none, and documents at both ends of the range.
    @Test func unionOfShortListsAddsScoresInListOrder() {
        var generator = SplitMix64(state: 29)
        for round in 0..<400 {
            let lists = (0..<(1 + round % 5)).map { _ -> ScoredDocuments in
                var list = ScoredDocuments()
                let spread = [1, 3, 50, 100_000][Self.below(&generator, 4)]
                var document = Self.below(&generator, 4) == 0 ? 0 : Self.below(&generator, spread)
                for _ in 0..<Self.below(&generator, 25) {
                    list.append(UInt32(document), Double(Self.below(&generator, 1_000_000)) / 7919.0)
                    document += 1 + Self.below(&generator, spread)
                }
                if round % 7 == 0 { list.append(UInt32.max - 1, 1.5) }
                return list
            }
            let union = ScoredDocuments.union(lists + [ScoredDocuments()])
            #expect(Self.bits(union) == Self.bits(Self.referenceUnion(lists)), "round \(round)")
        }
    }

    @Test func unionOfUnionsEqualsTheTwoLevelsOfUnions() {
        var generator = SplitMix64(state: 11)
        for round in 0..<40 {
            let clauses = (0..<(1 + round % 5)).map { _ in
                (0..<(round % 3)).map { _ in Self.randomList(&generator, limit: 4 * ScoredDocuments.unionWindow + 5) }
            }
            let fused = ScoredDocuments.unionOfUnions(clauses)
            let twoLevels = ScoredDocuments.union(clauses.map { ScoredDocuments.union($0) })
            #expect(Self.bits(fused) == Self.bits(twoLevels), "round \(round)")
            let reference = Self.referenceUnion(clauses.map { clause in
                let sums = Self.referenceUnion(clause)
                var list = ScoredDocuments()
                for document in sums.keys.sorted() { list.append(document, sums[document] ?? 0) }
                return list
            })
            #expect(Self.bits(fused) == Self.bits(reference), "round \(round)")
        }
    }

    @Test func unionsOfNothingAreEmpty() {
        #expect(ScoredDocuments.union([]).count == 0)
        #expect(ScoredDocuments.unionOfUnions([]).count == 0)
        #expect(ScoredDocuments.unionOfUnions([[], [ScoredDocuments()]]).count == 0)
    }

    @Test func aSingleListIsKeptWithScoresAddedToZero() {
        var list = ScoredDocuments()
        list.append(3, -0.0)
        list.append(9000, 2.5)
        let union = ScoredDocuments.union([list])
        #expect(union.documents == [3, 9000])
        #expect(union.scores.map(\.bitPattern) == [Double(0).bitPattern, Double(2.5).bitPattern])
    }
}
