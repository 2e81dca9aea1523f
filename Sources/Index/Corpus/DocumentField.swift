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

/// One value for each ``DocumentField``, held inline: a per-field record that costs no
/// allocation to make or copy.
struct PerField<Value> {
    var title: Value
    var text: Value

    /// Every field's value `value`.
    init(repeating value: Value) {
        title = value
        text = value
    }

    /// The value of the field whose ``DocumentField/index`` is `index`.
    subscript(index: Int) -> Value {
        get { index == DocumentField.title.index ? title : text }
        set {
            if index == DocumentField.title.index { title = newValue } else { text = newValue }
        }
    }
}

extension PerField: Sendable where Value: Sendable {}
extension PerField: Equatable where Value: Equatable {}
extension PerField: Hashable where Value: Hashable {}
