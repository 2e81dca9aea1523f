import Foundation
import Testing
@testable import ArabicEvaluation
import ArabicIndex

/// Our metrics against ir-measures (pytrec_eval) on a real run of the engine: the fixture and
/// the reference values come from Tests/Fixtures/eval/reference.py.
@Suite("Evaluation agrees with ir-measures")
struct EvaluationReferenceTests {
    static let directory = packageRoot.appendingPathComponent("Tests/Fixtures/eval")
    static let metricNames = ["ndcg@10", "ndcg@5", "ndcg", "mrr@10", "mrr@3", "mrr", "recall@100", "recall@10",
                              "map", "map@10", "p@10", "p@5"]

    func load() throws -> Evaluation {
        let run = try Run(contentsOfFile: Self.directory.appendingPathComponent("run.txt").path)
        let qrels = try Qrels(contentsOfFile: Self.directory.appendingPathComponent("qrels.txt").path)
        let metrics = try Self.metricNames.map { try Metric(name: $0) }
        return Evaluation(run: run, qrels: qrels, metrics: metrics)
    }

    func rows(_ file: String) throws -> [[String]] {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    }

    @Test func meansMatchTheReference() throws {
        let evaluation = try load()
        #expect(evaluation.topics.count == 258)
        #expect(evaluation.answeredTopics == 253)
        #expect(evaluation.ignoredRunTopics == ["zz-unjudged"])
        let expected = try rows("expected-means.tsv")
        #expect(expected.count == Self.metricNames.count)
        for row in expected {
            let metric = try Metric(name: row[0])
            let reference = try #require(Double(row[1]))
            let ours = try #require(evaluation.mean(of: metric))
            #expect(abs(ours - reference) < 1e-9, "\(row[0]): ours \(ours), ir-measures \(reference)")
        }
    }

    @Test func everyTopicMatchesTheReference() throws {
        let evaluation = try load()
        let expected = try rows("expected-per-topic.tsv")
        #expect(expected.count == 258 * Self.metricNames.count)
        var mismatches: [String] = []
        for row in expected {
            let metric = try Metric(name: row[1])
            let reference = try #require(Double(row[2]))
            let ours = try #require(evaluation.value(of: metric, topic: row[0]))
            if abs(ours - reference) >= 1e-9 { mismatches.append("\(row[0]) \(row[1]): ours \(ours), ir-measures \(reference)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func theFixtureHasTiesThatChangeTheRanking() throws {
        // Scores are rounded in the fixture, so the two tie-breaking rules must both be exercised:
        // mrr (trec_eval's order) and mrr@10 (ir-measures' MS MARCO order) disagree on some topics.
        let evaluation = try load()
        let withCutoff = try #require(evaluation.perTopic(.reciprocalRank(cutoff: 10)))
        let without = try #require(evaluation.perTopic(.reciprocalRank(cutoff: nil)))
        let disagreeing = zip(withCutoff, without).filter { $0 > $1 + 1e-12 }.count
        #expect(disagreeing > 0)
    }
}
