import ArabicIndex

/// A parameter sweep measured on several collections at once, for choosing defaults that hold
/// on every collection rather than on the mean of similar ones.
///
/// Each collection has one figure per cell of the grid (the same metric on its own topics), and
/// optionally a reference figure (e.g. the best peer engine's run on the same topics). Besides
/// each cell's mean and its worst difference to the references, it answers the
/// leave-one-collection-out question: choosing the cell by the mean over all collections but
/// one, does that choice also help on the one left out, compared with the starting cell?
///
/// ```swift
/// let sweep = CrossCollectionSweep(grid: grid, collections: ["arcd", "news"],
///                                  figures: [[0.84, 0.85], [0.66, 0.64]], references: [0.85, nil],
///                                  startingCell: 0)
/// sweep.bestCell                // by the mean over every collection
/// sweep.leaveOneOut[1].gain     // on "news", what the choice made without it gains there
/// ```
public struct CrossCollectionSweep: Sendable {
    /// The grid swept.
    public let grid: ParameterGrid
    /// The collections' names, in the order given.
    public let collections: [String]
    /// `figures[c][i]`: collection `c`'s figure for cell `i` of ``ParameterGrid/cells``.
    public let figures: [[Double]]
    /// Each collection's reference figure, when it has one.
    public let references: [Double?]
    /// The cell the comparison starts from (the settings in force without the sweep), when it
    /// is one of the grid's cells.
    public let startingCell: Int?

    /// A sweep of `grid` over `collections` with the given figures (one list per collection,
    /// one figure per cell) and references.
    public init(grid: ParameterGrid, collections: [String], figures: [[Double]], references: [Double?],
                startingCell: Int?) {
        self.grid = grid
        self.collections = collections
        self.figures = figures
        self.references = references
        self.startingCell = startingCell
    }

    /// The number of cells.
    public var cellCount: Int { figures.first?.count ?? 0 }

    /// The mean over the collections of cell `cell`'s figures, leaving out collection `excluded`.
    public func mean(of cell: Int, excluding excluded: Int? = nil) -> Double {
        var total = 0.0
        var count = 0
        for collection in figures.indices where collection != excluded {
            total += figures[collection][cell]
            count += 1
        }
        return count > 0 ? total / Double(count) : 0
    }

    /// Cell `cell`'s smallest difference to a reference (its figure minus the reference) and
    /// the collection where it is; `nil` when no collection has a reference.
    public func worstDifference(of cell: Int) -> (collection: Int, difference: Double)? {
        var worst: (collection: Int, difference: Double)?
        for collection in figures.indices {
            guard let reference = references[collection] else { continue }
            let difference = figures[collection][cell] - reference
            if worst.map({ difference < $0.difference }) ?? true { worst = (collection, difference) }
        }
        return worst
    }

    /// The cell with the highest mean over the collections (leaving out `excluded`), the first
    /// such cell on a tie.
    public func bestCell(excluding excluded: Int? = nil) -> Int {
        var best = 0
        for cell in 0..<cellCount where mean(of: cell, excluding: excluded) > mean(of: best, excluding: excluded) {
            best = cell
        }
        return best
    }

    /// The cell with the highest mean over every collection.
    public var bestCell: Int { bestCell(excluding: nil) }

    /// For one collection left out: the cell chosen on the others, and what it gains on the
    /// collection left out over the starting cell (`nil` without a starting cell).
    public struct LeftOut: Sendable, Hashable {
        /// The collection left out.
        public let collection: Int
        /// The cell with the best mean over the other collections.
        public let chosenCell: Int
        /// The chosen cell's figure on the collection left out.
        public let figure: Double
        /// That figure minus the starting cell's on the collection left out.
        public let gain: Double?
    }

    /// Each collection left out in turn (with two collections or more).
    public var leaveOneOut: [LeftOut] {
        guard figures.count >= 2 else { return [] }
        return figures.indices.map { collection in
            let chosen = bestCell(excluding: collection)
            let figure = figures[collection][chosen]
            return LeftOut(collection: collection, chosenCell: chosen, figure: figure,
                           gain: startingCell.map { figure - figures[collection][$0] })
        }
    }
}
