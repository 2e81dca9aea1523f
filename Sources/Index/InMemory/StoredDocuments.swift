/// The documents of an index as they were added, numbered in the order they were added, with a
/// lookup from identifier to number.
///
/// Kept apart from the postings, which refer to documents by number only.
struct StoredDocuments: Sendable {
    /// The documents, by document number.
    let documents: [Document]
    /// The number of each document identifier.
    let numbers: [String: UInt32]

    var count: Int { documents.count }

    subscript(number: UInt32) -> Document { documents[Int(number)] }

    func document(_ id: String) -> Document? {
        guard let number = numbers[id] else { return nil }
        return documents[Int(number)]
    }
}
