/// A unit of text that a search returns: an identifier, an optional title and a body.
///
/// Both `title` and `text` are searchable; a query can restrict a term to one of them with
/// `title:` or `text:` (see ``DocumentField``). Identifiers must be unique within an index.
///
/// ```swift
/// let document = Document(id: "p01", title: "أهداف التحالف", text: "يرتكز هذا التحالف حول غرض رئيسي")
/// ```
public struct Document: Sendable, Hashable, Codable {
    /// The identifier a search reports for this document; unique within an index.
    public var id: String
    /// The title (empty when the document has none).
    public var title: String
    /// The body text.
    public var text: String

    /// A document with the given identifier, title and text.
    public init(id: String, title: String = "", text: String) {
        self.id = id
        self.title = title
        self.text = text
    }

    /// The contents of `field`.
    public subscript(field: DocumentField) -> String {
        switch field {
        case .title: return title
        case .text: return text
        }
    }
}
