/// The settings of BM25 ranking: which variant, and its constants.
///
/// `k1` controls how fast term frequency saturates, `b` how much a long field is penalized
/// (0 no length normalization, 1 full), `delta` the shift of ``BM25Variant/bm25l`` and
/// ``BM25Variant/bm25plus`` (ignored by the others). Values out of range are clamped when
/// scoring: `k1` and `delta` to at least 0, `b` to 0…1.
///
/// ```swift
/// var options = SearchOptions()
/// options.ranking = BM25Parameters(k1: 1.2, b: 0.75, variant: .robertson)
/// ```
public struct BM25Parameters: Sendable, Hashable, Codable {
    /// Term frequency saturation; 0.6 by default (chosen on the dev splits, see the README's
    /// "Ranking quality").
    public var k1: Double
    /// Length normalization, 0…1; 0.8 by default (chosen across six collections, see the
    /// README's "Ranking quality"; under BM25F the text's, ``SearchOptions/titleB`` the title's).
    public var b: Double
    /// The ranking function; ``BM25Variant/lucene`` by default.
    public var variant: BM25Variant
    /// The δ of BM25L and BM25+; 0.5 by default.
    public var delta: Double

    /// Parameters with the given values (the defaults `k1` 0.6, `b` 0.8, Lucene's variant and
    /// `delta` 0.5 when omitted).
    public init(k1: Double = 0.6, b: Double = 0.8, variant: BM25Variant = .lucene, delta: Double = 0.5) {
        self.k1 = k1
        self.b = b
        self.variant = variant
        self.delta = delta
    }
}
