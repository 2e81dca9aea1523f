/// How the matches of one query term in several fields (title, text) make its score.
public enum FieldScoring: String, Sendable, Hashable, Codable, CaseIterable {
    /// Each field is scored with its own saturated BM25, times the field's boost, and the
    /// fields' scores are added: a term matched in both fields counts twice, and a title match
    /// alone can weigh as much as many text matches.
    case sum
    /// BM25F (Robertson, Zaragoza & Taylor 2004; Lucene's `CombinedFieldQuery`): each field's
    /// frequency, times the field's boost and divided by the field's length normalization
    /// (with its own `b`), is added into one pseudo-frequency, saturated once. A term's score
    /// is bounded by its idf however many fields it matches in.
    case bm25f
}

/// The BM25F formulas over the title and text fields: for a term `t` and document `d`,
///
///     tf̃ = Σ over fields f   boost(f) · tf(t, f, d) / (1 − b(f) + b(f) · len(f, d) / avglen(f))
///     score = idf(t) · saturation(tf̃)
///
/// where `saturation` is the variant's tf with the norm 1 (`tf̃ / (tf̃ + k1)` for Lucene's),
/// `idf` is the variant's idf with `n` the largest of the term's per-field document
/// frequencies and `N` the largest of the fields' non-empty document counts (as Lucene's
/// `CombinedFieldQuery` approximates them).
struct BM25F: Sendable {
    /// Each field's formulas: its `b`, `avgdl` and norm.
    let fields: PerField<BM25>
    /// Each field's weight.
    let boosts: FieldBoosts
    /// The formulas of the combined pseudo-field: idf over the combined `N`, and saturation.
    let combined: BM25

    /// BM25F over fields with formulas `fields` and weights `boosts`.
    init(fields: PerField<BM25>, boosts: FieldBoosts) {
        self.fields = fields
        self.boosts = boosts
        combined = BM25(parameters: fields.text.parameters,
                        documentCount: max(fields.title.documentCount, fields.text.documentCount),
                        averageLength: 1)
    }

    /// The idf of a term found in `documentFrequencies` documents in the fields it occurs in.
    func idf(documentFrequencies: [Int]) -> Double {
        combined.idf(documentFrequency: documentFrequencies.max() ?? 1)
    }

    /// What `frequency` occurrences in `field`, of length norm `norm`, add to the pseudo-frequency.
    @inline(__always)
    func pseudoFrequency(_ frequency: Int, in field: DocumentField, norm: Double) -> Double {
        boosts[field] * Double(frequency) / norm
    }

    /// The score of a term of idf `idf` whose pseudo-frequency in a document is `pseudoFrequency`.
    @inline(__always)
    func score(idf: Double, pseudoFrequency: Double) -> Double {
        pseudoFrequency > 0 ? idf * combined.saturation(pseudoFrequency: pseudoFrequency) : 0
    }
}
