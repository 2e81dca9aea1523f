import ArabicIndex
import Foundation

/// A retrieval effectiveness measure, computed per topic exactly as trec_eval computes it (and
/// so pytrec_eval and ir-measures).
///
/// A run's documents are ranked by score (see ``TieBreaking``); a document is relevant when
/// judged 1 or more, and an unjudged document is non-relevant. With `R` the number of relevant
/// documents of the topic and `k` the cutoff:
///
/// | metric | name | value |
/// |---|---|---|
/// | ``ndcg(cutoff:)`` | `ndcg@k` (`ndcg`) | DCG@k / ideal DCG@k, gain = judged relevance, rank r discounted by log2(r + 1); the ideal ranking orders all judged documents by relevance (trec_eval `ndcg_cut.k`) |
/// | ``averagePrecision(cutoff:)`` | `map` (`map@k`) | the sum of precision at the rank of each relevant document retrieved (within k), over R (trec_eval `map`, `map_cut.k`) |
/// | ``reciprocalRank(cutoff:)`` | `mrr@k` (`mrr`) | 1 / the rank of the first relevant document (within k), 0 if none (ir-measures `RR@k`, trec_eval `recip_rank`) |
/// | ``recall(cutoff:)`` | `recall@k` | relevant documents in the top k, over R (trec_eval `recall.k`) |
/// | ``precision(cutoff:)`` | `p@k` | relevant documents in the top k, over k (trec_eval `P.k`) |
///
/// A topic without relevant documents scores 0 on every metric. `mrr@k` ranks equal scores as
/// ir-measures does for `RR@k` (identifiers ascending); every other metric as trec_eval does
/// (identifiers descending).
///
/// ```swift
/// let metrics = try Metric.list("ndcg@10,mrr@10,recall@100,map")
/// let value = Metric.ndcg(cutoff: 10).value(ranking: ["d7", "d3"], judgments: ["d3": 1])   // 0.6309…
/// ```
public enum Metric: Sendable, Hashable, CustomStringConvertible {
    /// Normalized discounted cumulative gain at a cutoff (`nil`: over the whole ranking).
    case ndcg(cutoff: Int?)
    /// Average precision, over the whole ranking or within a cutoff.
    case averagePrecision(cutoff: Int?)
    /// The reciprocal rank of the first relevant document, within a cutoff or anywhere.
    case reciprocalRank(cutoff: Int?)
    /// The share of the relevant documents found in the top `cutoff`.
    case recall(cutoff: Int)
    /// The share of the top `cutoff` that is relevant.
    case precision(cutoff: Int)

    /// The metrics `arabic-search eval` reports unless told otherwise:
    /// `ndcg@10, mrr@10, recall@100, map, p@10`.
    public static let defaults: [Metric] = [
        .ndcg(cutoff: 10), .reciprocalRank(cutoff: 10), .recall(cutoff: 100), .averagePrecision(cutoff: nil),
        .precision(cutoff: 10),
    ]

    /// The metric named `name`, case-insensitively: `ndcg@k`, `ndcg`, `map`, `ap`, `map@k`,
    /// `mrr@k`, `rr@k`, `mrr`, `recall@k`, `r@k`, `p@k`, `precision@k`, `ndcg_cut_k`, `P_k`,
    /// `recall_k`, `recip_rank`.
    ///
    /// - Throws: ``MetricNameError`` for an unknown name or a cutoff that is not a positive integer.
    public init(name: String) throws(MetricNameError) {
        let lower = name.trimmingCharacters(in: .whitespaces).lowercased()
        var base = lower
        var cutoff: Int?
        if let separator = lower.firstIndex(where: { $0 == "@" || $0 == "." }) ?? Self.underscoreCutoff(lower) {
            base = String(lower[..<separator])
            let digits = lower[lower.index(after: separator)...]
            guard let value = Int(digits), value > 0 else { throw MetricNameError(name: name, reason: "the cutoff must be a positive integer") }
            cutoff = value
        }
        switch (base, cutoff) {
        case ("ndcg", _), ("ndcg_cut", .some): self = .ndcg(cutoff: cutoff)
        case ("map", _), ("ap", _), ("map_cut", .some): self = .averagePrecision(cutoff: cutoff)
        case ("mrr", _), ("rr", _), ("recip_rank", .none): self = .reciprocalRank(cutoff: cutoff)
        case ("recall", .some(let k)), ("r", .some(let k)): self = .recall(cutoff: k)
        case ("p", .some(let k)), ("precision", .some(let k)): self = .precision(cutoff: k)
        case ("recall", .none), ("r", .none), ("p", .none), ("precision", .none):
            throw MetricNameError(name: name, reason: "needs a cutoff, e.g. \(base)@10")
        default:
            throw MetricNameError(name: name, reason: "unknown metric")
        }
    }

    /// trec_eval's `ndcg_cut_10` style: the index of the last underscore when digits follow it.
    private static func underscoreCutoff(_ name: String) -> String.Index? {
        guard let underscore = name.lastIndex(of: "_") else { return nil }
        let rest = name[name.index(after: underscore)...]
        return !rest.isEmpty && rest.allSatisfy(\.isASCII) && rest.allSatisfy(\.isNumber) ? underscore : nil
    }

    /// The metrics of a comma-separated list of names (see ``init(name:)``), without repeats.
    ///
    /// - Throws: ``MetricNameError`` for the first bad name, or for an empty list.
    public static func list(_ names: String) throws(MetricNameError) -> [Metric] {
        var result: [Metric] = []
        for name in names.split(separator: ",") where !name.trimmingCharacters(in: .whitespaces).isEmpty {
            let metric = try Metric(name: String(name))
            if !result.contains(metric) { result.append(metric) }
        }
        if result.isEmpty { throw MetricNameError(name: names, reason: "no metric named") }
        return result
    }

    /// The canonical name: `ndcg@10`, `map`, `mrr@10`, `recall@100`, `p@10`.
    public var name: String {
        switch self {
        case .ndcg(let k): return "ndcg" + Self.suffix(k)
        case .averagePrecision(let k): return "map" + Self.suffix(k)
        case .reciprocalRank(let k): return "mrr" + Self.suffix(k)
        case .recall(let k): return "recall@\(k)"
        case .precision(let k): return "p@\(k)"
        }
    }

    public var description: String { name }

    private static func suffix(_ cutoff: Int?) -> String { cutoff.map { "@\($0)" } ?? "" }

    /// How equal scores are ordered for this metric (see the type's discussion).
    public var tieBreaking: TieBreaking {
        if case .reciprocalRank(.some) = self { return .ascendingDocumentID }
        return .descendingDocumentID
    }

    /// The metric's value for one topic: `ranking` is the retrieved documents best first (as
    /// ``Run/ranking(for:ties:)`` orders them with ``tieBreaking``), `judgments` the topic's
    /// judged documents and their relevance.
    public func value(ranking: [String], judgments: [String: Int]) -> Double {
        let relevant = judgments.values.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        guard relevant > 0 else { return 0 }
        func isRelevant(_ document: String) -> Bool { (judgments[document] ?? 0) > 0 }
        switch self {
        case .ndcg(let cutoff):
            let depth = cutoff ?? Int.max
            var dcg = 0.0
            for (index, document) in ranking.prefix(depth).enumerated() {
                let gain = judgments[document] ?? 0
                if gain > 0 { dcg += Double(gain) / log2(Double(index + 2)) }
            }
            let ideal = judgments.values.filter { $0 > 0 }.sorted(by: >).prefix(depth)
            var idcg = 0.0
            for (index, gain) in ideal.enumerated() { idcg += Double(gain) / log2(Double(index + 2)) }
            return idcg > 0 ? dcg / idcg : 0
        case .averagePrecision(let cutoff):
            var found = 0
            var sum = 0.0
            for (index, document) in ranking.prefix(cutoff ?? Int.max).enumerated() where isRelevant(document) {
                found += 1
                sum += Double(found) / Double(index + 1)
            }
            return sum / Double(relevant)
        case .reciprocalRank(let cutoff):
            for (index, document) in ranking.prefix(cutoff ?? Int.max).enumerated() where isRelevant(document) {
                return 1 / Double(index + 1)
            }
            return 0
        case .recall(let cutoff):
            let found = ranking.prefix(cutoff).reduce(0) { $0 + (isRelevant($1) ? 1 : 0) }
            return Double(found) / Double(relevant)
        case .precision(let cutoff):
            let found = ranking.prefix(cutoff).reduce(0) { $0 + (isRelevant($1) ? 1 : 0) }
            return Double(found) / Double(cutoff)
        }
    }
}

/// A metric name that is not understood.
public struct MetricNameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as given.
    public let name: String
    /// Why it is not understood.
    public let reason: String

    /// An error about `name`.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    /// `metric "NAME": reason (known: …)`, one line.
    public var description: String {
        "metric \"\(name)\": \(reason) (known: ndcg@k, ndcg, map, map@k, mrr@k, mrr, recall@k, p@k)"
    }
}
