/// Why a document could not be added to an index.
///
/// ```swift
/// var builder = IndexBuilder()
/// try builder.add(Document(id: "d1", text: "نص"))
/// try builder.add(Document(id: "d1", text: "نص آخر"))   // throws .duplicateID("d1")
/// ```
public enum IndexingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A document with this identifier is already in the index.
    case duplicateID(String)
    /// The document's identifier is the empty string.
    case emptyID
    /// The index would outgrow its 32-bit document numbers or positions; the message says which.
    case capacityExceeded(String)

    /// The error in one line.
    public var description: String {
        switch self {
        case .duplicateID(let id): return "duplicate document id \"\(id)\""
        case .emptyID: return "empty document id"
        case .capacityExceeded(let what): return "index capacity exceeded: \(what)"
        }
    }
}
