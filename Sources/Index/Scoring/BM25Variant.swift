/// A member of the BM25 family of ranking functions.
///
/// With `N` documents that have the field, `n` of them containing the term, `f` the term's
/// frequency in the document's field, `dl` the field's length in tokens, `avgdl` the average
/// length of the field, and `k1`, `b`, `δ` from ``BM25Parameters``, the variants are:
///
/// | variant | idf | tf |
/// |---|---|---|
/// | ``lucene`` | ln(1 + (N − n + 0.5) / (n + 0.5)) | f / (f + k1·(1 − b + b·dl/avgdl)) |
/// | ``robertson`` | max(ε, ln((N − n + 0.5) / (n + 0.5))) | f·(k1 + 1) / (f + k1·(1 − b + b·dl/avgdl)) |
/// | ``atire`` | ln(N / n) | f·(k1 + 1) / (f + k1·(1 − b + b·dl/avgdl)) |
/// | ``bm25l`` | ln((N + 1) / (n + 0.5)) | (k1 + 1)·(c + δ) / (k1 + c + δ), c = f / (1 − b + b·dl/avgdl) |
/// | ``bm25plus`` | ln((N + 1) / n) | f·(k1 + 1) / (f + k1·(1 − b + b·dl/avgdl)) + δ |
///
/// ```swift
/// var ranking = BM25Parameters()
/// ranking.variant = .bm25plus
/// ```
public enum BM25Variant: String, Sendable, CaseIterable, Codable {
    /// Lucene's BM25 (the default): a never-negative idf and no `(k1 + 1)` factor in tf, which
    /// scales every score alike and so does not change the ranking.
    case lucene
    /// Robertson and Spärck Jones' classic BM25. Its idf is negative for a term in more than half
    /// of the documents; it is floored at ``BM25/robertsonMinimumIDF`` so that such a term still
    /// adds a tiny positive amount and a document matching it is never ranked below one that
    /// does not.
    case robertson
    /// The ATIRE search engine's BM25: idf ln(N / n), zero for a term in every document.
    case atire
    /// BM25L (Lv and Zhai, 2011): shifts the length-normalized frequency by δ so that long
    /// documents are not over-penalized.
    case bm25l
    /// BM25+ (Lv and Zhai, 2011): adds δ to tf, a lower bound on what a matching term adds.
    case bm25plus
}
