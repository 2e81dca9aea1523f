import ArabicIndex
import Foundation

/// A ranking setting that a parameter sweep varies.
public enum SweepParameter: String, Sendable, Hashable, CaseIterable {
    /// BM25's term frequency saturation `BM25Parameters/k1`.
    case k1
    /// BM25's length normalization `BM25Parameters/b`.
    case b
    /// The δ of BM25L and BM25+ (`BM25Parameters/delta`).
    case delta
    /// The title field's boost (`FieldBoosts/title`).
    case titleBoost = "title-boost"
    /// The text field's boost (`FieldBoosts/text`).
    case textBoost = "text-boost"
    /// The exponent of the second phase's coverage factor (`RerankParameters/coverage`).
    case coverage
    /// The weight of the second phase's proximity bonus (`RerankParameters/proximity`).
    case proximity
    /// The proximity window in tokens (`RerankParameters/window`), rounded to an integer.
    case window
    /// How many hits the second phase rescores (`RerankParameters/depth`), rounded.
    case rerankDepth = "rerank-depth"
    /// The title's length normalization (`SearchOptions/titleB`).
    case titleB = "title-b"
    /// The field scoring: 0 for `FieldScoring/sum`, 1 for `FieldScoring/bm25f` (rounded).
    case bm25f
    /// Pseudo-relevance feedback: 0 off, 1 on (RM3 with `FeedbackParameters`' defaults, or
    /// the feedback settings already given).
    case rm3
    /// RM3's feedback documents (`FeedbackParameters/documents`), rounded; turns RM3 on.
    case feedbackDocuments = "fb-docs"
    /// RM3's expansion terms (`FeedbackParameters/terms`), rounded; turns RM3 on.
    case feedbackTerms = "fb-terms"
    /// RM3's original query weight (`FeedbackParameters/originalQueryWeight`); turns RM3 on.
    case originalQueryWeight = "original-query-weight"
    /// The weight of a query word's variants (`SearchOptions/variantWeight`), 0 off.
    case variantWeight = "variant-weight"

    /// `options` with this setting set to `value`.
    public func apply(_ value: Double, to options: SearchOptions) -> SearchOptions {
        var options = options
        switch self {
        case .k1: options.ranking.k1 = value
        case .b: options.ranking.b = value
        case .delta: options.ranking.delta = value
        case .titleBoost: options.boosts.title = value
        case .textBoost: options.boosts.text = value
        case .coverage: options.rerank.coverage = value
        case .proximity: options.rerank.proximity = value
        case .window: options.rerank.window = Int(value.rounded())
        case .rerankDepth: options.rerank.depth = Int(value.rounded())
        case .titleB: options.titleB = value
        case .bm25f: options.fieldScoring = value.rounded() >= 1 ? .bm25f : .sum
        case .rm3: options.feedback = value.rounded() >= 1 ? options.feedback ?? FeedbackParameters() : nil
        case .feedbackDocuments: options.feedback = with(options.feedback) { $0.documents = Int(value.rounded()) }
        case .feedbackTerms: options.feedback = with(options.feedback) { $0.terms = Int(value.rounded()) }
        case .originalQueryWeight: options.feedback = with(options.feedback) { $0.originalQueryWeight = value }
        case .variantWeight: options.variantWeight = value
        }
        return options
    }

    /// This setting's value in `options` (as ``apply(_:to:)`` would set it).
    public func value(in options: SearchOptions) -> Double {
        switch self {
        case .k1: return options.ranking.k1
        case .b: return options.ranking.b
        case .delta: return options.ranking.delta
        case .titleBoost: return options.boosts.title
        case .textBoost: return options.boosts.text
        case .coverage: return options.rerank.coverage
        case .proximity: return options.rerank.proximity
        case .window: return Double(options.rerank.window)
        case .rerankDepth: return Double(options.rerank.depth)
        case .titleB: return options.titleB ?? options.ranking.b
        case .bm25f: return options.fieldScoring == .bm25f ? 1 : 0
        case .rm3: return options.feedback == nil ? 0 : 1
        case .feedbackDocuments: return Double((options.feedback ?? FeedbackParameters()).documents)
        case .feedbackTerms: return Double((options.feedback ?? FeedbackParameters()).terms)
        case .originalQueryWeight: return (options.feedback ?? FeedbackParameters()).originalQueryWeight
        case .variantWeight: return options.variantWeight
        }
    }

    /// `feedback` (RM3's defaults when `nil`) changed by `change`.
    private func with(_ feedback: FeedbackParameters?, _ change: (inout FeedbackParameters) -> Void) -> FeedbackParameters {
        var feedback = feedback ?? FeedbackParameters()
        change(&feedback)
        return feedback
    }
}

/// A grid of ranking settings: the values of each swept parameter, every combination a cell.
///
/// Written `name=start:end:step` (end included) or `name=value`, comma-separated, e.g.
/// `k1=0.4:2.0:0.1,b=0.1:1.0:0.1` (17 × 10 cells). Names are those of ``SweepParameter``.
///
/// ```swift
/// let grid = try ParameterGrid(parsing: "k1=0.8:1.2:0.2,b=0.75")
/// grid.cells   // [[0.8, 0.75], [1.0, 0.75], [1.2, 0.75]]
/// ```
public struct ParameterGrid: Sendable, Hashable {
    /// The swept parameters, in the order written.
    public let parameters: [SweepParameter]
    /// The values of each parameter, in the same order.
    public let values: [[Double]]

    /// The most cells a grid may have.
    public static let maximumCells = 100_000

    /// A grid of the given parameters and values (one list of values per parameter).
    public init(parameters: [SweepParameter], values: [[Double]]) {
        self.parameters = parameters
        self.values = values
    }

    /// The grid `spec` describes (see the type's discussion).
    ///
    /// - Throws: ``ParameterGridError`` for an unknown or repeated name, a malformed range, a
    ///   step that is not above 0, an end below the start, or more than ``maximumCells`` cells.
    public init(parsing spec: String) throws(ParameterGridError) {
        var parameters: [SweepParameter] = []
        var values: [[Double]] = []
        for part in spec.split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let equals = text.firstIndex(of: "=") else {
                throw ParameterGridError("\(text): expected name=start:end:step")
            }
            let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            guard let parameter = SweepParameter(rawValue: name.lowercased()) else {
                throw ParameterGridError("unknown parameter \"\(name)\" (known: \(SweepParameter.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if parameters.contains(parameter) { throw ParameterGridError("\(name) is given twice") }
            let numbers = text[text.index(after: equals)...].split(separator: ":", omittingEmptySubsequences: false)
                .map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 1 || numbers.count == 3, numbers.allSatisfy({ $0?.isFinite == true }) else {
                throw ParameterGridError("\(text): expected \(name)=start:end:step or \(name)=value")
            }
            let finite = numbers.compactMap { $0 }
            if finite.count == 1 {
                values.append(finite)
            } else {
                let (start, end, step) = (finite[0], finite[1], finite[2])
                guard step > 0 else { throw ParameterGridError("\(text): the step must be above 0") }
                guard end >= start else { throw ParameterGridError("\(text): the end is below the start") }
                let steps = ((end - start) / step + 1e-9).rounded(.down)
                guard steps < Double(Self.maximumCells) else { throw ParameterGridError("\(text): too many values") }
                values.append((0...Int(steps)).map { Self.tidy(start + Double($0) * step) })
            }
            parameters.append(parameter)
        }
        guard !parameters.isEmpty else { throw ParameterGridError("no parameter to sweep") }
        let cells = values.reduce(1.0) { $0 * Double($1.count) }
        guard cells <= Double(Self.maximumCells) else {
            throw ParameterGridError("\(Int(cells)) cells; at most \(Self.maximumCells)")
        }
        self.init(parameters: parameters, values: values)
    }

    /// `value` rounded to 9 decimals, so that 0.1 · 3 shows as 0.3.
    private static func tidy(_ value: Double) -> Double {
        (value * 1e9).rounded() / 1e9
    }

    /// Every combination of values (one value per parameter, in ``parameters`` order); the
    /// last parameter varies fastest.
    public var cells: [[Double]] {
        var result: [[Double]] = [[]]
        for list in values {
            result = result.flatMap { prefix in list.map { prefix + [$0] } }
        }
        return result
    }

    /// `options` with the parameters set to the values of `cell`.
    public func apply(_ cell: [Double], to options: SearchOptions) -> SearchOptions {
        zip(parameters, cell).reduce(options) { $1.0.apply($1.1, to: $0) }
    }

    /// The index in ``cells`` of the cell holding `options`' own values, when the grid has it.
    public func cellIndex(of options: SearchOptions) -> Int? {
        let own = parameters.map { $0.value(in: options) }
        return cells.firstIndex { cell in zip(cell, own).allSatisfy { abs($0 - $1) < 1e-9 } }
    }
}

/// A parameter grid that cannot be read.
public struct ParameterGridError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one line.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The outcome of a parameter sweep: one metric's mean for every cell of a grid.
public struct SweepResult: Sendable {
    /// The grid swept.
    public let grid: ParameterGrid
    /// The metric measured.
    public let metric: Metric
    /// The cells, in ``ParameterGrid/cells`` order.
    public let cells: [[Double]]
    /// The metric's mean over the judged topics for each cell.
    public let means: [Double]

    /// The index of the best cell: the highest mean, the first such cell on a tie.
    public var bestIndex: Int {
        var best = 0
        for index in means.indices where means[index] > means[best] { best = index }
        return best
    }
}

/// Measures a metric for every cell of a grid of ranking settings on one index.
///
/// The index and the topics' queries are made once; a cell only changes the scoring, so each
/// costs one search per topic.
///
/// ```swift
/// let grid = try ParameterGrid(parsing: "k1=0.4:2.0:0.1,b=0.1:1.0:0.1")
/// let result = ParameterSweep.run(grid: grid, metric: .ndcg(cutoff: 10), queries: queries,
///                                 index: index, qrels: qrels)
/// let best = result.cells[result.bestIndex]
/// ```
public enum ParameterSweep {
    /// The mean of `metric` over `qrels`' topics for each cell of `grid`, starting from
    /// `options` (the settings the grid does not name stay as they are there).
    ///
    /// - Throws: what the index's searches throw (nothing for an in-memory index).
    public static func run<Index: SearchableIndex>(
        grid: ParameterGrid, metric: Metric, queries: [TopicQuery], index: Index,
        qrels: Qrels, options: SearchOptions = SearchOptions(), depth: Int = 100, threads: Int = 1
    ) throws(Index.SearchFailure) -> SweepResult {
        let cells = grid.cells
        var means: [Double] = []
        means.reserveCapacity(cells.count)
        for cell in cells {
            let run = try TopicSearch.run(queries, on: index, options: grid.apply(cell, to: options), depth: depth,
                                          threads: threads)
            means.append(Evaluation(run: run, qrels: qrels, metrics: [metric]).means[0])
        }
        return SweepResult(grid: grid, metric: metric, cells: cells, means: means)
    }
}
