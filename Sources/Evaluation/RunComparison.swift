import ArabicIndex

/// Two runs compared on the same judgments: per metric both means, the difference, and the
/// p-values of paired significance tests; per topic, the changes.
///
/// Differences are B − A, so a positive difference means run B is better.
///
/// ```swift
/// let comparison = RunComparison(a: baseline, b: candidate, qrels: qrels, metrics: Metric.defaults)
/// for row in comparison.rows { print(row.metric, row.meanA, row.meanB, row.randomizationPValue ?? .nan) }
/// comparison.largestChanges(of: .ndcg(cutoff: 10), count: 10).gains
/// ```
public struct RunComparison: Sendable {
    /// One metric's figures.
    public struct Row: Sendable, Hashable {
        /// The metric.
        public let metric: Metric
        /// Run A's mean.
        public let meanA: Double
        /// Run B's mean.
        public let meanB: Double
        /// `meanB − meanA`.
        public var difference: Double { meanB - meanA }
        /// The paired randomization test's two-sided p-value (`nil` without topics).
        public let randomizationPValue: Double?
        /// The paired t-test's two-sided p-value (`nil` with fewer than two topics).
        public let tTestPValue: Double?
    }

    /// A topic whose value changed between the runs.
    public struct TopicChange: Sendable, Hashable {
        /// The topic.
        public let topic: String
        /// Its value in run A.
        public let a: Double
        /// Its value in run B.
        public let b: Double
        /// `b − a`.
        public var difference: Double { b - a }
    }

    /// The evaluation of run A.
    public let a: Evaluation
    /// The evaluation of run B.
    public let b: Evaluation
    /// One row per metric, in the order given.
    public let rows: [Row]

    /// Compares runs `a` and `b` on `qrels` with `metrics`; the randomization test uses
    /// `permutations` trials from `seed` (see ``Significance/pairedRandomizationTest(_:_:permutations:seed:)``).
    public init(a: Run, b: Run, qrels: Qrels, metrics: [Metric], permutations: Int = 10_000, seed: UInt64 = 1) {
        let evaluationA = Evaluation(run: a, qrels: qrels, metrics: metrics)
        let evaluationB = Evaluation(run: b, qrels: qrels, metrics: metrics)
        self.a = evaluationA
        self.b = evaluationB
        rows = metrics.indices.map { m in
            let valuesA = evaluationA.values.map { $0[m] }
            let valuesB = evaluationB.values.map { $0[m] }
            return Row(metric: metrics[m], meanA: evaluationA.means[m], meanB: evaluationB.means[m],
                       randomizationPValue: Significance.pairedRandomizationTest(
                           valuesA, valuesB, permutations: permutations, seed: seed),
                       tTestPValue: Significance.pairedTTest(valuesA, valuesB))
        }
    }

    /// The topics that gained most (largest positive B − A first) and lost most (most negative
    /// first) on `metric`, at most `count` of each; unchanged topics are in neither list, and
    /// equal changes are ordered by topic.
    public func largestChanges(of metric: Metric, count: Int = 10) -> (gains: [TopicChange], losses: [TopicChange]) {
        guard let valuesA = a.perTopic(metric), let valuesB = b.perTopic(metric) else { return ([], []) }
        let changes = a.topics.indices.map { TopicChange(topic: a.topics[$0], a: valuesA[$0], b: valuesB[$0]) }
        let gains = changes.filter { $0.difference > 0 }.sorted {
            $0.difference != $1.difference ? $0.difference > $1.difference : $0.topic.utf8.lexicographicallyPrecedes($1.topic.utf8)
        }
        let losses = changes.filter { $0.difference < 0 }.sorted {
            $0.difference != $1.difference ? $0.difference < $1.difference : $0.topic.utf8.lexicographicallyPrecedes($1.topic.utf8)
        }
        return (Array(gains.prefix(max(0, count))), Array(losses.prefix(max(0, count))))
    }

    /// Every topic's change on `metric`, in topic order (for plots).
    public func changes(of metric: Metric) -> [TopicChange] {
        guard let valuesA = a.perTopic(metric), let valuesB = b.perTopic(metric) else { return [] }
        return a.topics.indices.map { TopicChange(topic: a.topics[$0], a: valuesA[$0], b: valuesB[$0]) }
    }
}
