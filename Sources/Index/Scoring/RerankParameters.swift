/// The settings of the second ranking phase, which rescores the best first-phase (BM25) hits
/// by query-term coverage and by the proximity of query terms in the text.
///
/// The first phase ranks every match by BM25 as usual; the best `max(limit, depth)` of them are
/// then rescored as
///
///     final = (bm25 + proximityWeight · proximity) · (matched / clauses)^coverage
///
/// and sorted again (the rest are dropped). `matched / clauses` is the share of the query's
/// term clauses the document contains in any field, as Lucene's classic `coord`; `proximity`
/// sums, over every pair of distinct query terms found in the text field, the smaller of their
/// idfs times a saturated closeness `acc / (acc + k1 · (1 − b + b · dl / avgdl))`, where `acc`
/// adds `1 / d²` for every pair of their occurrences `d` ≤ ``window`` tokens apart (BM25TP,
/// Rasolofo & Savoy 2003), all times the text boost. Phrases and excluded terms take no part.
///
/// By default proximity is on (weight 0.4, window 3) and coverage off: chosen on the dev splits
/// (see the README's "Ranking quality"). The phase changes nothing when both are 0.
///
/// ```swift
/// var options = SearchOptions()
/// options.rerank = RerankParameters(coverage: 1, proximity: 0.5)
/// options.rerank = RerankParameters(proximity: 0)   // BM25 alone
/// ```
public struct RerankParameters: Sendable, Hashable, Codable {
    /// The exponent of the coverage factor `(matched / clauses)`; 0 (off) by default.
    public var coverage: Double
    /// The weight of the proximity bonus; 0.4 by default, 0 turns it off.
    public var proximity: Double
    /// The farthest apart, in tokens, two occurrences may be to count as near (at least 1); 3
    /// by default.
    public var window: Int
    /// How many first-phase hits are rescored (at least the number of hits asked for); 30 by
    /// default: on the dev splits, top-10 searches rank as well with 30 as with 100 (mean
    /// nDCG@10 0.8751 vs 0.8751, within 0.0002 on each), and pruning keeps fewer candidates.
    public var depth: Int

    /// Parameters with the given values (the defaults: coverage off, proximity 0.4 within 3
    /// tokens, a depth of 30, when omitted).
    public init(coverage: Double = 0, proximity: Double = 0.4, window: Int = 3, depth: Int = 30) {
        self.coverage = coverage
        self.proximity = proximity
        self.window = window
        self.depth = depth
    }

    /// Whether the second phase changes anything: coverage or proximity is a finite number
    /// above 0.
    public var isActive: Bool {
        (coverage.isFinite && coverage > 0) || (proximity.isFinite && proximity > 0)
    }
}
