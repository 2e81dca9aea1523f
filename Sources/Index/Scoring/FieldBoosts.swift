/// How much a match in each field weighs in a document's score.
///
/// Every BM25 contribution of a term in a field is multiplied by that field's boost: 0.5 for the
/// title and 1 for the text by default (chosen on the dev splits, see the README's "Ranking
/// quality"). A boost of 0 makes a field searchable but not ranked.
///
/// ```swift
/// var options = SearchOptions()
/// options.boosts = FieldBoosts(title: 2, text: 1)   // a title match counts twice
/// ```
public struct FieldBoosts: Sendable, Hashable, Codable {
    /// The weight of title matches; 2 by default (with BM25F, the default field scoring, a
    /// title occurrence counts as two text occurrences before saturation).
    public var title: Double
    /// The weight of text matches; 1 by default.
    public var text: Double

    /// Boosts with the given weights (title 2 and text 1 when omitted).
    public init(title: Double = 2.0, text: Double = 1.0) {
        self.title = title
        self.text = text
    }

    /// The weight of matches in `field`.
    public subscript(field: DocumentField) -> Double {
        get {
            switch field {
            case .title: return title
            case .text: return text
            }
        }
        set {
            switch field {
            case .title: title = newValue
            case .text: text = newValue
            }
        }
    }
}
