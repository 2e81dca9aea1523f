import ArabicEvaluation
import ArabicIndex
import ArabicSearchServer
import ArabicTokenizer
import Foundation

/// One test collection of `eval --collection`: a folder with `topics-SPLIT.tsv`,
/// `qrels-SPLIT.txt`, the documents as `corpus.jsonl` or an index in `index/`, and optionally
/// `reference-SPLIT.run`, a run to compare with (e.g. the best peer engine's).
struct EvalCollection {
    let name: String
    let folder: String
    let topics: Topics
    let qrels: Qrels
    /// The reference run's figure for the metric, when the folder has one.
    let reference: Double?

    /// The collection `spec` names: `DIR` (named after its last path component) or `NAME=DIR`.
    init(_ spec: String, split: String, metric: Metric) throws {
        if let equals = spec.firstIndex(of: "="), !spec[..<equals].contains("/") {
            name = String(spec[..<equals])
            folder = String(spec[spec.index(after: equals)...])
        } else {
            folder = spec
            name = URL(fileURLWithPath: spec).lastPathComponent
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("--collection \(spec): \(folder) is not a folder")
        }
        topics = try EvalInputs.topics(Self.path(folder, "topics-\(split).tsv"))
        qrels = try EvalInputs.qrels(Self.path(folder, "qrels-\(split).txt"))
        let referencePath = Self.path(folder, "reference-\(split).run")
        if FileManager.default.fileExists(atPath: referencePath) {
            reference = Evaluation(run: try EvalInputs.run(referencePath), qrels: qrels, metrics: [metric]).means[0]
        } else {
            reference = nil
        }
    }

    private static func path(_ folder: String, _ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// Measures every cell of `grid` (one cell, the options as they are, without a grid) on this
    /// collection's documents: its index in `index/` when there is one, else its corpus indexed
    /// in memory with `analyzer`.
    /// With `spelling` (its costs, `nil` inside for the analyzer's), each topic is searched as
    /// its spelling suggestion where it has one.
    func figures(grid: ParameterGrid?, options: SearchOptions, metric: Metric, analyzer: ArabicAnalyzer?,
                 syntax: Bool, depth: Int, threads: Int, spelling: SpellingCosts?? = nil) throws -> [Double]
    {
        let indexFolder = Self.path(folder, "index")
        if FileManager.default.fileExists(atPath: Self.path(indexFolder, "MANIFEST")) {
            let index = try EvalInputs.diskIndex(indexFolder, analyzer: analyzer)
            return try figures(on: index, grid: grid, options: options, metric: metric, syntax: syntax, depth: depth,
                               threads: threads, spelling: spelling)
        }
        let corpus = Self.path(folder, "corpus.jsonl")
        guard FileManager.default.fileExists(atPath: corpus) else {
            throw CLIError("--collection \(name): \(folder) has neither corpus.jsonl nor index/")
        }
        let documents = try EvalInputs.documents(corpus)
        try EvalInputs.checkWritable(topics: topics, documents: documents)
        let (index, _) = try EvalInputs.index(documents, analyzer: analyzer ?? ArabicAnalyzer())
        return try figures(on: index, grid: grid, options: options, metric: metric, syntax: syntax, depth: depth,
                           threads: threads, spelling: spelling)
    }

    private func figures<Index: SearchableIndex>(on index: Index, grid: ParameterGrid?, options: SearchOptions,
                                                 metric: Metric, syntax: Bool, depth: Int, threads: Int,
                                                 spelling: SpellingCosts??) throws -> [Double]
    {
        var topics = self.topics
        if let spelling {
            topics = try EvalInputs.correctingSpelling(topics, on: index, costs: spelling, syntax: syntax).topics
        }
        let queries = try EvalInputs.queries(topics, analyzer: index.analyzer, syntax: syntax)
        return try EvalInputs.searching {
            if let grid {
                return try ParameterSweep.run(grid: grid, metric: metric, queries: queries, index: index, qrels: qrels,
                                              options: options, depth: depth, threads: threads).means
            }
            let run = try TopicSearch.run(queries, on: index, options: options, depth: depth, threads: threads)
            return [Evaluation(run: run, qrels: qrels, metrics: [metric]).means[0]]
        }
    }
}

/// The output of `eval --collection …`: every collection's figure per cell, the mean, the worst
/// difference to the references, and the leave-one-collection-out choices.
enum EvalCollectionReport {
    static func text(_ sweep: CrossCollectionSweep, metric: Metric) -> String {
        let names = sweep.grid.parameters.map(\.rawValue)
        let cells = sweep.grid.cells
        let best = sweep.bestCell
        var rows = [names + sweep.collections + ["mean", "worst Δ ref"]]
        if sweep.references.contains(where: { $0 != nil }) {
            rows.append(names.map { _ in "" } + sweep.references.map { $0.map(EvalFormat.fixed) ?? "-" } + ["reference", ""])
        }
        for cell in 0..<sweep.cellCount {
            let worst = sweep.worstDifference(of: cell)
                .map { "\(EvalFormat.signed($0.difference)) \(sweep.collections[$0.collection])" } ?? "-"
            rows.append(cells[cell].map(RankingChoices.written) + sweep.figures.map { EvalFormat.fixed($0[cell]) }
                + [EvalFormat.fixed(sweep.mean(of: cell)) + (cell == best ? "*" : "") + (cell == sweep.startingCell ? " (start)" : ""),
                   worst])
        }
        var output = "\(metric.name) on \(sweep.collections.count) collections; * marks the best mean\n"
        output += EvalFormat.table(rows)
        let leftOut = sweep.leaveOneOut
        if !leftOut.isEmpty {
            output += "\nleave one collection out: the cell with the best mean over the others, on the one left out\n"
            var table = [["left out"] + names + [metric.name, "gain over start"]]
            for entry in leftOut {
                table.append([sweep.collections[entry.collection]] + cells[entry.chosenCell].map(RankingChoices.written)
                    + [EvalFormat.fixed(entry.figure), entry.gain.map(EvalFormat.signed) ?? "-"])
            }
            output += EvalFormat.table(table)
        }
        return output
    }

    static func json(_ sweep: CrossCollectionSweep, metric: Metric) -> String {
        let names = sweep.grid.parameters.map(\.rawValue)
        let cells = sweep.grid.cells
        let cellObjects = (0..<sweep.cellCount).map { cell in
            var members = zip(names, cells[cell]).map { ($0, EvalFormat.json($1)) }
            members.append(("figures", JSONText.object(zip(sweep.collections, sweep.figures).map { ($0, EvalFormat.json($1[cell])) })))
            members.append(("mean", EvalFormat.json(sweep.mean(of: cell))))
            if let worst = sweep.worstDifference(of: cell) {
                members.append(("worst_difference", JSONText.object([
                    ("collection", JSONText.string(sweep.collections[worst.collection])),
                    ("difference", EvalFormat.json(worst.difference)),
                ])))
            }
            return JSONText.object(members)
        }
        let leftOut = sweep.leaveOneOut.map { entry in
            JSONText.object([
                ("collection", JSONText.string(sweep.collections[entry.collection])),
                ("cell", JSONText.object(zip(names, cells[entry.chosenCell]).map { ($0, EvalFormat.json($1)) })),
                (metric.name, EvalFormat.json(entry.figure)),
                ("gain", entry.gain.map(EvalFormat.json) ?? "null"),
            ])
        }
        return JSONText.object([
            ("metric", JSONText.string(metric.name)),
            ("parameters", EvalFormat.json(names)),
            ("collections", EvalFormat.json(sweep.collections)),
            ("references", "[" + sweep.references.map { $0.map(EvalFormat.json) ?? "null" }.joined(separator: ",") + "]"),
            ("start", sweep.startingCell.map(String.init) ?? "null"),
            ("best", String(sweep.bestCell)),
            ("cells", "[" + cellObjects.joined(separator: ",") + "]"),
            ("leave_one_out", "[" + leftOut.joined(separator: ",") + "]"),
        ]) + "\n"
    }
}
