import Testing
@testable import ArabicEvaluation
import ArabicIndex

/// Choosing settings across collections: means, worst differences to references, and the
/// leave-one-collection-out choices, on figures made up by hand.
@Suite struct CrossCollectionSweepTests {
    /// Three cells (title-boost 0, 0.5, 1), three collections. Cell 1 is the start.
    ///   a: 0.80 0.84 0.86    b: 0.90 0.92 0.91    c: 0.70 0.60 0.50
    static let sweep = CrossCollectionSweep(
        grid: ParameterGrid(parameters: [.titleBoost], values: [[0, 0.5, 1]]),
        collections: ["a", "b", "c"],
        figures: [[0.80, 0.84, 0.86], [0.90, 0.92, 0.91], [0.70, 0.60, 0.50]],
        references: [0.85, nil, 0.65],
        startingCell: 1)

    @Test func meansAndTheBestCell() {
        let sweep = Self.sweep
        #expect(abs(sweep.mean(of: 0) - 2.40 / 3) < 1e-12)
        #expect(abs(sweep.mean(of: 1) - 2.36 / 3) < 1e-12)
        #expect(abs(sweep.mean(of: 2) - 2.27 / 3) < 1e-12)
        #expect(sweep.bestCell == 0)
        #expect(abs(sweep.mean(of: 2, excluding: 2) - 0.885) < 1e-12)
    }

    @Test func worstDifferenceToTheReferences() throws {
        // Cell 0: a −0.05, c +0.05 → a. Cell 2: a +0.01, c −0.15 → c. b has no reference.
        let first = try #require(Self.sweep.worstDifference(of: 0))
        #expect(first.collection == 0 && abs(first.difference + 0.05) < 1e-12)
        let last = try #require(Self.sweep.worstDifference(of: 2))
        #expect(last.collection == 2 && abs(last.difference + 0.15) < 1e-12)
        let none = CrossCollectionSweep(grid: Self.sweep.grid, collections: ["b"], figures: [[0.9, 0.92, 0.91]],
                                        references: [nil], startingCell: nil)
        #expect(none.worstDifference(of: 0) == nil)
        #expect(none.leaveOneOut.isEmpty)
    }

    @Test func leaveOneCollectionOut() {
        // Without a: b, c means 0.80 0.76 0.705 → cell 0; on a 0.80 − 0.84 = −0.04.
        // Without b: a, c 0.75 0.72 0.68 → cell 0; on b 0.90 − 0.92 = −0.02.
        // Without c: a, b 0.85 0.88 0.885 → cell 2; on c 0.50 − 0.60 = −0.10.
        let expected: [(Int, Double, Double)] = [(0, 0.80, -0.04), (0, 0.90, -0.02), (2, 0.50, -0.10)]
        let leftOut = Self.sweep.leaveOneOut
        #expect(leftOut.map(\.collection) == [0, 1, 2])
        for (entry, (cell, figure, gain)) in zip(leftOut, expected) {
            #expect(entry.chosenCell == cell)
            #expect(abs(entry.figure - figure) < 1e-12)
            #expect(abs((entry.gain ?? .nan) - gain) < 1e-12)
        }
    }

    @Test func theStartingCellIsFoundInTheGrid() {
        var options = SearchOptions()   // BM25F, title boost 2, k1 0.6
        let grid = ParameterGrid(parameters: [.bm25f, .titleBoost, .k1], values: [[0, 1], [0.5, 2], [0.6, 0.9]])
        #expect(grid.cellIndex(of: options) == 6)
        options.fieldScoring = .sum
        options.boosts.title = 0.5
        options.ranking.k1 = 0.9
        #expect(grid.cellIndex(of: options) == 1)
        options.ranking.k1 = 0.7
        #expect(grid.cellIndex(of: options) == nil)
    }
}
