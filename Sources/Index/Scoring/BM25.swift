import Foundation

/// The BM25 formulas of every ``BM25Variant``, for one field's statistics.
///
/// A document's score is the sum, over the query terms it matches and the fields they match
/// in, of `boost(field) · idf · tf` (see ``BM25Variant`` for the formulas). Field lengths are
/// exact token counts; `N` and `avgdl` are per field: `N` counts the documents whose field has
/// at least one token and `avgdl` is the field's total token count over `N` (as in Lucene).
///
/// ```swift
/// let bm25 = BM25(parameters: BM25Parameters(), documentCount: 3, averageLength: 10.0 / 3)
/// bm25.idf(documentFrequency: 2) * bm25.tf(frequency: 2, length: 4)
/// ```
public struct BM25: Sendable, Hashable {
    /// The floor of ``BM25Variant/robertson``'s idf: a term in more than half of the documents
    /// (negative classic idf) adds this tiny weight per unit of tf instead of subtracting.
    public static let robertsonMinimumIDF = 1e-6

    /// The largest k1, δ, field boost, proximity weight or coverage exponent a search uses
    /// (larger ones are clamped to it): with idfs and frequencies of any real index, every score
    /// stays finite.
    public static let largestConstant = 1e6

    /// The ranking settings, with out-of-range values clamped.
    public let parameters: BM25Parameters
    /// `N`: the number of documents whose field is not empty.
    public let documentCount: Int
    /// `avgdl`: the average length of the field in tokens over those documents.
    public let averageLength: Double

    /// The formulas of `parameters` over a field of `documentCount` non-empty documents of
    /// average length `averageLength`.
    public init(parameters: BM25Parameters, documentCount: Int, averageLength: Double) {
        var clamped = parameters
        clamped.k1 = parameters.k1.isFinite ? min(Self.largestConstant, max(0, parameters.k1)) : BM25Parameters().k1
        clamped.b = parameters.b.isFinite ? min(1, max(0, parameters.b)) : BM25Parameters().b
        clamped.delta = parameters.delta.isFinite ? min(Self.largestConstant, max(0, parameters.delta)) : 0.5
        self.parameters = clamped
        self.documentCount = documentCount
        self.averageLength = averageLength
    }

    /// The inverse document frequency of a term found in `documentFrequency` (`n`) documents.
    public func idf(documentFrequency: Int) -> Double {
        let N = Double(documentCount)
        let n = Double(max(1, documentFrequency))
        switch parameters.variant {
        case .lucene:
            return log(1 + (N - n + 0.5) / (n + 0.5))
        case .robertson:
            return max(Self.robertsonMinimumIDF, log((N - n + 0.5) / (n + 0.5)))
        case .atire:
            return log(N / n)
        case .bm25l:
            return log((N + 1) / (n + 0.5))
        case .bm25plus:
            return log((N + 1) / n)
        }
    }

    /// The term frequency part for `frequency` (`f`) occurrences in a field of `length` (`dl`)
    /// tokens.
    public func tf(frequency: Int, length: Int) -> Double {
        tf(frequency: frequency, norm: norm(length: length))
    }

    /// The length normalization of a field of `length` tokens: `1 − b + b · dl / avgdl`.
    func norm(length: Int) -> Double {
        let b = parameters.b
        let normalized = averageLength > 0 ? Double(length) / averageLength : 1
        return 1 - b + b * normalized
    }

    /// ``tf(frequency:length:)`` for a field whose ``norm(length:)`` is `norm`.
    @inline(__always)
    func tf(frequency: Int, norm: Double) -> Double {
        tf(frequency: frequency, norm: norm, variant: parameters.variant)
    }

    /// `weight · tf` of `count` postings, the `i`th of `frequency(i)` occurrences in a field
    /// whose norm is `norm(i)`, into `scores[0..<count]`: the same bits as
    /// ``tf(frequency:norm:)`` times `weight`, with the variant chosen once for the run.
    @inline(__always)
    func weightedTF(weight: Double, count: Int, into scores: UnsafeMutablePointer<Double>,
                    frequency: (Int) -> UInt32, norm: (Int) -> Double)
    {
        if parameters.variant == .lucene {
            // The usual variant, fixed for the loop (the formula below folds to one case).
            for index in 0..<count {
                scores[index] = weight * tf(frequency: Int(frequency(index)), norm: norm(index), variant: .lucene)
            }
        } else {
            for index in 0..<count { scores[index] = weight * tf(frequency: Int(frequency(index)), norm: norm(index)) }
        }
    }

    /// The saturated term frequency of a pseudo-frequency that is already length-normalized
    /// (BM25F's weighted sum over fields): `tf(frequency:norm:)`'s formula with the norm 1.
    public func saturation(pseudoFrequency: Double) -> Double {
        tf(frequency: pseudoFrequency, norm: 1, variant: parameters.variant)
    }

    /// ``tf(frequency:norm:)`` of variant `variant`.
    @inline(__always)
    private func tf(frequency: Int, norm: Double, variant: BM25Variant) -> Double {
        tf(frequency: Double(frequency), norm: norm, variant: variant)
    }

    /// ``tf(frequency:norm:)`` of variant `variant`, for a frequency `f` that may be fractional.
    @inline(__always)
    private func tf(frequency f: Double, norm: Double, variant: BM25Variant) -> Double {
        let k1 = parameters.k1
        switch variant {
        case .lucene:
            return f / (f + k1 * norm)
        case .robertson, .atire:
            return f * (k1 + 1) / (f + k1 * norm)
        case .bm25l:
            let c = f / norm
            let delta = parameters.delta
            return (k1 + 1) * (c + delta) / (k1 + c + delta)
        case .bm25plus:
            return f * (k1 + 1) / (f + k1 * norm) + parameters.delta
        }
    }
}
