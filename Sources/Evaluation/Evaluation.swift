import ArabicIndex

/// The effectiveness of a run: every metric for every judged topic, and the means.
///
/// Means are taken over all judged topics (every topic of the qrels), and a judged topic that
/// the run does not answer counts 0, as `trec_eval -c` does. Topics of the run that have no
/// judgments are ignored (and counted in ``ignoredRunTopics``).
///
/// ```swift
/// let evaluation = Evaluation(run: run, qrels: qrels, metrics: Metric.defaults)
/// evaluation.mean(of: .ndcg(cutoff: 10))                  // e.g. 0.71
/// evaluation.value(of: .reciprocalRank(cutoff: 10), topic: "q1")
/// ```
public struct Evaluation: Sendable {
    /// The metrics computed, in order.
    public let metrics: [Metric]
    /// The judged topics, sorted by their UTF-8 bytes.
    public let topics: [String]
    /// `values[t][m]`: metric `metrics[m]` for topic `topics[t]`.
    public let values: [[Double]]
    /// The mean of each metric over ``topics``.
    public let means: [Double]
    /// The number of judged topics that the run retrieved at least one document for.
    public let answeredTopics: Int
    /// The topics of the run without judgments, which the means leave out, sorted.
    public let ignoredRunTopics: [String]

    /// Evaluates `run` against `qrels` with `metrics`.
    public init(run: Run, qrels: Qrels, metrics: [Metric]) {
        self.metrics = metrics
        let topics = qrels.topicIDs
        self.topics = topics
        let orders = Set(metrics.map(\.tieBreaking))
        var values: [[Double]] = []
        values.reserveCapacity(topics.count)
        var answered = 0
        for topic in topics {
            let judgments = qrels.judgments[topic] ?? [:]
            let entries = run.entries[topic] ?? []
            if !entries.isEmpty { answered += 1 }
            var rankings: [TieBreaking: [String]] = [:]
            for order in orders { rankings[order] = Run.rank(entries, ties: order) }
            values.append(metrics.map { metric in
                metric.value(ranking: rankings[metric.tieBreaking] ?? [], judgments: judgments)
            })
        }
        self.values = values
        self.means = metrics.indices.map { m in
            topics.isEmpty ? 0 : values.reduce(0.0) { $0 + $1[m] } / Double(topics.count)
        }
        self.answeredTopics = answered
        self.ignoredRunTopics = run.topicIDs.filter { qrels.judgments[$0] == nil }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The mean of `metric` over the judged topics, or `nil` when it was not computed.
    public func mean(of metric: Metric) -> Double? {
        metrics.firstIndex(of: metric).map { means[$0] }
    }

    /// The value of `metric` for `topic`, or `nil` when either is unknown.
    public func value(of metric: Metric, topic: String) -> Double? {
        guard let m = metrics.firstIndex(of: metric), let t = topicIndex(topic) else { return nil }
        return values[t][m]
    }

    /// The per-topic values of `metric`, in ``topics`` order, or `nil` when it was not computed.
    public func perTopic(_ metric: Metric) -> [Double]? {
        metrics.firstIndex(of: metric).map { m in values.map { $0[m] } }
    }

    private func topicIndex(_ topic: String) -> Int? {
        var low = 0
        var high = topics.count
        while low < high {
            let middle = (low + high) / 2
            if topics[middle].utf8.lexicographicallyPrecedes(topic.utf8) { low = middle + 1 } else { high = middle }
        }
        return low < topics.count && topics[low] == topic ? low : nil
    }
}
