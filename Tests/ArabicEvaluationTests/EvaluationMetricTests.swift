import Foundation
import Testing
@testable import ArabicEvaluation
import ArabicIndex

@Suite("Evaluation metrics")
struct EvaluationMetricTests {
    /// A run and judgments whose values pytrec_eval gives as below (see probe values in the
    /// assertions): d is unjudged, a and b tie and rank b (descending id) first.
    static func run() throws -> Run {
        try Run(parsing: """
        q1 Q0 d 1 5.0 t
        q1 Q0 a 2 4.0 t
        q1 Q0 b 3 4.0 t
        q1 Q0 c 4 3.0 t
        q2 Q0 x 1 1.0 t
        q3 Q0 y 1 2.0 t
        q3 Q0 z 2 1.0 t
        """, source: "run")
    }
    static let qrels = Qrels(["q1": ["a": 1, "b": 2, "c": 0], "q2": ["x": 0], "q3": ["y": -1, "z": 1], "q4": ["w": 1]])

    @Test func valuesMatchPytrecEval() throws {
        let metrics: [Metric] = [.averagePrecision(cutoff: nil), .reciprocalRank(cutoff: nil), .precision(cutoff: 10),
                                 .recall(cutoff: 100), .ndcg(cutoff: 10), .ndcg(cutoff: 2)]
        let evaluation = Evaluation(run: try Self.run(), qrels: Self.qrels, metrics: metrics)
        let q1 = metrics.map { evaluation.value(of: $0, topic: "q1") ?? -1 }
        let expected1 = [0.5833333333333333, 0.5, 0.2, 1.0, 0.66967181649423, 0.4796249331362629]
        for (ours, reference) in zip(q1, expected1) { #expect(abs(ours - reference) < 1e-12) }
        // No relevant document: every metric is 0, and the topic still counts in the means.
        #expect(metrics.map { evaluation.value(of: $0, topic: "q2") } == metrics.map { _ in 0.0 })
        // A negative judgment is non-relevant.
        let q3 = metrics.map { evaluation.value(of: $0, topic: "q3") ?? -1 }
        let expected3 = [0.5, 0.5, 0.1, 1.0, 0.6309297535714575, 0.6309297535714575]
        for (ours, reference) in zip(q3, expected3) { #expect(abs(ours - reference) < 1e-12) }
        // q4 is judged but missing from the run: 0, and means divide by all four topics.
        #expect(evaluation.value(of: .ndcg(cutoff: 10), topic: "q4") == 0)
        #expect(evaluation.answeredTopics == 3)
        let mean = try #require(evaluation.mean(of: .reciprocalRank(cutoff: nil)))
        #expect(abs(mean - 1.0 / 4) < 1e-12)
    }

    @Test func tiesFollowTrecEvalAndMSMarcoOrders() {
        var run = Run(tag: "t")
        for i in 1...7 { run.append(topic: "q", documentID: "d0\(i)", score: 1) }
        #expect(run.ranking(for: "q") == ["d07", "d06", "d05", "d04", "d03", "d02", "d01"])
        #expect(run.ranking(for: "q", ties: .ascendingDocumentID) == ["d01", "d02", "d03", "d04", "d05", "d06", "d07"])
        let qrels = Qrels(["q": ["d05": 1]])
        // ir-measures: RR@4 = 0 (MS MARCO order puts d05 fifth), RR = 1/3 (trec_eval order), P@3 = 1/3.
        let evaluation = Evaluation(run: run, qrels: qrels, metrics: [.reciprocalRank(cutoff: 4), .reciprocalRank(cutoff: nil),
                                                                       .precision(cutoff: 3), .ndcg(cutoff: 3)])
        #expect(evaluation.means[0] == 0)
        #expect(abs(evaluation.means[1] - 1.0 / 3) < 1e-15)
        #expect(abs(evaluation.means[2] - 1.0 / 3) < 1e-15)
        #expect(abs(evaluation.means[3] - 0.5) < 1e-15)
    }

    @Test func scoresRankRegardlessOfFileRanks() throws {
        let run = try Run(parsing: "q Q0 low 1 0.5 t\nq Q0 high 2 9 t\nq Q0 mid 3 1e0 t\n", source: "r")
        #expect(run.ranking(for: "q") == ["high", "mid", "low"])
        let value = Metric.reciprocalRank(cutoff: 10).value(ranking: run.ranking(for: "q"), judgments: ["mid": 1])
        #expect(value == 0.5)
    }

    @Test func namesParseToCanonicalForms() throws {
        let cases: [(String, Metric)] = [
            ("ndcg@10", .ndcg(cutoff: 10)), ("nDCG@20", .ndcg(cutoff: 20)), ("ndcg", .ndcg(cutoff: nil)),
            ("ndcg_cut_10", .ndcg(cutoff: 10)), ("ndcg_cut.5", .ndcg(cutoff: 5)), ("map", .averagePrecision(cutoff: nil)),
            ("AP", .averagePrecision(cutoff: nil)), ("map@100", .averagePrecision(cutoff: 100)),
            ("mrr@10", .reciprocalRank(cutoff: 10)), ("RR@10", .reciprocalRank(cutoff: 10)),
            ("recip_rank", .reciprocalRank(cutoff: nil)), ("recall@100", .recall(cutoff: 100)), ("R@100", .recall(cutoff: 100)),
            ("recall_1000", .recall(cutoff: 1000)), ("p@10", .precision(cutoff: 10)), ("P_5", .precision(cutoff: 5)),
        ]
        for (name, metric) in cases {
            #expect(try Metric(name: name) == metric, "\(name)")
        }
        #expect(try Metric.list("ndcg@10, mrr@10,ndcg@10,map").map(\.name) == ["ndcg@10", "mrr@10", "map"])
        #expect(Metric.defaults.map(\.name) == ["ndcg@10", "mrr@10", "recall@100", "map", "p@10"])
        for bad in ["bleu", "recall", "p@0", "ndcg@x", "ndcg@-3", ""] {
            #expect(throws: MetricNameError.self, "\(bad)") { _ = try Metric.list(bad) }
        }
        #expect(throws: MetricNameError(name: "recall", reason: "needs a cutoff, e.g. recall@10")) {
            _ = try Metric(name: "recall")
        }
    }

    @Test func gradedGainsAndTheIdealRanking() {
        // Gains 3 at rank 2 and 1 at rank 1; ideal: 3, 2 (unretrieved), 1.
        let judgments = ["a": 1, "b": 3, "c": 2, "n": 0]
        let dcg = 1.0 + 3 / log2(3.0)
        let idcg = 3.0 + 2 / log2(3.0) + 1 / log2(4.0)
        let value = Metric.ndcg(cutoff: nil).value(ranking: ["a", "b", "n"], judgments: judgments)
        #expect(abs(value - dcg / idcg) < 1e-15)
        let cut = Metric.ndcg(cutoff: 1).value(ranking: ["a", "b"], judgments: judgments)
        #expect(abs(cut - 1.0 / 3) < 1e-15)
        // Precision divides by k even when fewer documents were retrieved.
        #expect(Metric.precision(cutoff: 10).value(ranking: ["b"], judgments: judgments) == 0.1)
        // Recall and AP divide by all relevant documents (a, b, c).
        #expect(Metric.recall(cutoff: 2).value(ranking: ["a", "b"], judgments: judgments) == 2.0 / 3)
        #expect(Metric.averagePrecision(cutoff: nil).value(ranking: ["n", "a", "b"], judgments: judgments) == (0.5 + 2.0 / 3) / 3)
    }
}
