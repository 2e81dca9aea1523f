import ArabicEvaluation
import ArabicIndex
import ArabicSearchServer
import ArabicTokenizer
import Foundation

/// The `eval --sweep` and `eval --ablate` experiments and their output.
enum EvalExperiments {
    /// Sweeps `grid`, prints the grid (a matrix for two parameters, a list otherwise) with the
    /// best cell marked, and the best cell's figure on the held-out topics when given.
    static func sweep<Index: SearchableIndex>(
        grid: ParameterGrid, metric: Metric, queries: [TopicQuery], index: Index, qrels: Qrels,
        options: SearchOptions, depth: Int, threads: Int, heldOut: (topics: Topics, qrels: Qrels)?,
        syntax: Bool, plot: String?, json: Bool
    ) throws {
        let result = try EvalInputs.searching {
            try ParameterSweep.run(grid: grid, metric: metric, queries: queries, index: index, qrels: qrels,
                                   options: options, depth: depth, threads: threads)
        }
        let best = result.bestIndex
        let bestCell = result.cells[best]
        let names = grid.parameters.map(\.rawValue)
        var heldOutFigures: (best: Double, start: Double, topics: Int)?
        if let heldOut {
            let heldQueries = try EvalInputs.queries(heldOut.topics, analyzer: index.analyzer, syntax: syntax)
            func measure(_ options: SearchOptions) throws -> Double {
                let run = try EvalInputs.searching {
                    try TopicSearch.run(heldQueries, on: index, options: options, depth: depth, threads: threads)
                }
                return Evaluation(run: run, qrels: heldOut.qrels, metrics: [metric]).means[0]
            }
            heldOutFigures = (try measure(grid.apply(bestCell, to: options)), try measure(options), heldOut.qrels.topicCount)
        }
        if let plot {
            try EvalInputs.write(EvalPlots.heatMap(result), to: plot)
        }

        var output = ""
        if json {
            let cells = zip(result.cells, result.means).map { cell, mean in
                JSONText.object(zip(names, cell).map { ($0, EvalFormat.json($1)) } + [(metric.name, EvalFormat.json(mean))])
            }
            var members: [(String, String)] = [
                ("metric", JSONText.string(metric.name)),
                ("parameters", EvalFormat.json(names)),
                ("judged_topics", String(qrels.topicCount)),
                ("cells", "[" + cells.joined(separator: ",") + "]"),
                ("best", JSONText.object(zip(names, bestCell).map { ($0, EvalFormat.json($1)) }
                    + [(metric.name, EvalFormat.json(result.means[best]))])),
            ]
            if let heldOutFigures {
                members.append(("held_out", JSONText.object([
                    ("judged_topics", String(heldOutFigures.topics)),
                    ("best", EvalFormat.json(heldOutFigures.best)),
                    ("start", EvalFormat.json(heldOutFigures.start)),
                ])))
            }
            output = JSONText.object(members) + "\n"
        } else {
            output += "\(metric.name) over \(names.joined(separator: " × ")) (\(qrels.topicCount) judged topics); * marks the best cell\n"
            if grid.parameters.count == 2 {
                let columns = grid.values[1]
                var rows = [["\(names[0]) \\ \(names[1])"] + columns.map(RankingChoices.written)]
                for (r, rowValue) in grid.values[0].enumerated() {
                    rows.append([RankingChoices.written(rowValue)] + columns.indices.map { c in
                        let index = r * columns.count + c
                        return EvalFormat.fixed(result.means[index]) + (index == best ? "*" : "")
                    })
                }
                output += EvalFormat.table(rows)
            } else {
                var rows = [names + [metric.name]]
                for (index, cell) in result.cells.enumerated() {
                    rows.append(cell.map(RankingChoices.written) + [EvalFormat.fixed(result.means[index]) + (index == best ? "*" : "")])
                }
                output += EvalFormat.table(rows)
            }
            let settings = zip(names, bestCell).map { "\($0)=\(RankingChoices.written($1))" }.joined(separator: " ")
            output += "best: \(settings) \(metric.name)=\(EvalFormat.fixed(result.means[best]))\n"
            if let heldOutFigures {
                output += "held-out (\(heldOutFigures.topics) judged topics): \(metric.name)=\(EvalFormat.fixed(heldOutFigures.best)) at the best cell, \(EvalFormat.fixed(heldOutFigures.start)) at the starting settings\n"
            }
        }
        Terminal.writeOutput(output)
    }

    /// Runs the ablation study and prints one line per variant: the metric and its delta.
    static func ablate(base: AnalyzerOptions, documents: [Document], topics: Topics, qrels: Qrels, metric: Metric,
                       options: SearchOptions, depth: Int, threads: Int, json: Bool) throws
    {
        let results: [AblationResult]
        do {
            results = try AnalyzerAblation.run(base: base, documents: documents, topics: topics, qrels: qrels,
                                               metric: metric, options: options, depth: depth, threads: threads)
        } catch {
            throw CLIError(error)
        }
        var output = ""
        if json {
            let rows = results.map { result in
                JSONText.object([("variant", JSONText.string(result.variant.name)),
                                 (metric.name, EvalFormat.json(result.mean)),
                                 ("delta", EvalFormat.json(result.delta))])
            }
            output = JSONText.object([("metric", JSONText.string(metric.name)),
                                      ("judged_topics", String(qrels.topicCount)),
                                      ("variants", "[" + rows.joined(separator: ",") + "]")]) + "\n"
        } else {
            var rows = [["variant", metric.name, "delta"]]
            for (index, result) in results.enumerated() {
                rows.append([result.variant.name, EvalFormat.fixed(result.mean), index == 0 ? "" : EvalFormat.signed(result.delta)])
            }
            output = EvalFormat.table(rows)
        }
        Terminal.writeOutput(output)
    }
}
