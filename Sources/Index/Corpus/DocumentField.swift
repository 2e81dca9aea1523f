/// A searchable part of a ``Document``.
///
/// Every field is indexed separately, with its own lengths and statistics, so that a query can
/// restrict a term to one field (`title:تحالف`) and ranking can weigh fields differently
/// (``FieldBoosts``).
///
/// ```swift
/// DocumentField(rawValue: "title")   // .title
/// DocumentField.allCases             // [.title, .text]
/// ```
public enum DocumentField: String, Sendable, CaseIterable, Codable {
    /// The document's title.
    case title
    /// The document's body text.
    case text

    /// The position of the field in per-field storage.
    var index: Int {
        switch self {
        case .title: return 0
        case .text: return 1
        }
    }
}
