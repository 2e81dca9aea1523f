import ArabicEvaluation
import ArabicIndex
import ArabicSearchServer
import ArgumentParser
import Foundation

/// `arabic-search eval compare`: two runs side by side with paired significance tests.
struct EvalCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs: means, difference, paired randomization and t-test p-values.",
        discussion: """
            Differences are B − A over all judged topics (a topic missing from a run counts 0). The \
            randomization test flips the sign of each topic's difference at random (--permutations \
            trials from --seed, so the p-value is reproducible); the t-test is Student's paired t-test. \
            Both are two-sided. Then the topics that gained and lost most on --metric.
            """
    )

    @Argument(help: "Run A (the baseline).")
    var runA: String

    @Argument(help: "Run B.")
    var runB: String

    @Option(help: "The relevance judgments.")
    var qrels: String

    @Option(help: "The metrics to compare, comma-separated.")
    var metrics: String = "ndcg@10,mrr@10,recall@100,map,p@10"

    @Option(help: "The metric whose per-topic changes are listed (default: the first of --metrics).")
    var metric: String?

    @Option(help: "Random permutations of the randomization test.")
    var permutations: Int = 10_000

    @Option(help: "The seed of the randomization test.")
    var seed: UInt64 = 1

    @Option(help: "How many topics that gained and lost most to list.")
    var top: Int = 10

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Write a bar chart of the per-topic differences on --metric (SVG) to this file.")
    var plot: String?

    func validate() throws {
        guard permutations >= 1 else { throw ValidationError("--permutations must be at least 1") }
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let metrics = try EvalInputs.metrics(self.metrics)
        let focus = try metric.map(EvalInputs.metric) ?? metrics[0]
        let all = metrics.contains(focus) ? metrics : metrics + [focus]
        let qrels = try EvalInputs.qrels(qrels)
        let a = try EvalInputs.run(runA)
        let b = try EvalInputs.run(runB)
        let comparison = RunComparison(a: a, b: b, qrels: qrels, metrics: all, permutations: permutations, seed: seed)
        let rows = comparison.rows.filter { metrics.contains($0.metric) }
        let changes = comparison.largestChanges(of: focus, count: top)
        if let plot {
            try EvalInputs.write(EvalPlots.differenceBars(comparison.changes(of: focus), metric: focus), to: plot)
        }

        var output = ""
        if json {
            func changeList(_ list: [RunComparison.TopicChange]) -> String {
                "[" + list.map { change in
                    JSONText.object([("topic", JSONText.string(change.topic)), ("a", EvalFormat.json(change.a)),
                                     ("b", EvalFormat.json(change.b)), ("difference", EvalFormat.json(change.difference))])
                }.joined(separator: ",") + "]"
            }
            let metricRows = rows.map { row in
                JSONText.object([
                    ("metric", JSONText.string(row.metric.name)),
                    ("a", EvalFormat.json(row.meanA)), ("b", EvalFormat.json(row.meanB)),
                    ("difference", EvalFormat.json(row.difference)),
                    ("p_randomization", EvalFormat.json(row.randomizationPValue)),
                    ("p_t_test", EvalFormat.json(row.tTestPValue)),
                ])
            }
            output = JSONText.object([
                ("a", JSONText.string(runA)), ("b", JSONText.string(runB)),
                ("judged_topics", String(comparison.a.topics.count)),
                ("permutations", String(permutations)), ("seed", String(seed)),
                ("metrics", "[" + metricRows.joined(separator: ",") + "]"),
                ("changes_metric", JSONText.string(focus.name)),
                ("gains", changeList(changes.gains)), ("losses", changeList(changes.losses)),
            ]) + "\n"
        } else {
            output += "A: \(runA)\nB: \(runB)\n"
            output += "\(comparison.a.topics.count) judged topics; A answers \(comparison.a.answeredTopics), B answers \(comparison.b.answeredTopics); \(permutations) permutations, seed \(seed)\n"
            var table = [["metric", "A", "B", "B-A", "p(randomization)", "p(t-test)"]]
            for row in rows {
                table.append([row.metric.name, EvalFormat.fixed(row.meanA), EvalFormat.fixed(row.meanB),
                              EvalFormat.signed(row.difference), EvalFormat.pValue(row.randomizationPValue),
                              EvalFormat.pValue(row.tTestPValue)])
            }
            output += EvalFormat.table(table)
            for (title, list) in [("gained most", changes.gains), ("lost most", changes.losses)] {
                output += "\(title) on \(focus.name) (\(list.count)):\n"
                var lines: [[String]] = []
                for change in list {
                    lines.append(["  " + change.topic, EvalFormat.fixed(change.a), "->", EvalFormat.fixed(change.b),
                                  EvalFormat.signed(change.difference)])
                }
                output += EvalFormat.table(lines)
            }
        }
        Terminal.writeOutput(output)
    }
}
