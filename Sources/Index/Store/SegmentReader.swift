import Foundation
import ArabicTokenizer

/// An open segment: its five files mapped, each read in place by the reader of its structure,
/// with every offset checked.
final class SegmentReader: Sendable {
    let record: SegmentRecord
    /// The global number of the segment's first document.
    let base: UInt32
    let dictionary: TermDictionaryReader
    let postings: PostingsReader
    let positions: PositionsReader
    let lengths: FieldLengthsReader
    let stored: StoredDocumentsReader
    /// Whether each local document is deleted; `nil` when none is.
    let deletedMask: [Bool]?
    /// The segment's terms grouped by variant key, made on first use.
    private let variantTables = MadeOnce<VariantTable>()
    /// The segment's terms in order, made on first use.
    private let termLexicons = MadeOnce<TermLexicon>()

    var documentCount: Int { record.documents }

    /// Opens the segment `record` of `directory`, whose first document has the global number
    /// `base`. With `remembersVerifiedUnits` false, checksums are verified on every read (for
    /// a merge, which reads each unit once).
    init(directory: String, record: SegmentRecord, base: UInt32, remembersVerifiedUnits: Bool = true)
        throws(IndexStoreError)
    {
        self.record = record
        self.base = base
        if let deleted = record.deleted, !deleted.isEmpty {
            var mask = [Bool](repeating: false, count: record.documents)
            for number in deleted where number >= 0 && number < record.documents { mask[number] = true }
            deletedMask = mask
        } else {
            deletedMask = nil
        }
        let dictionaryFile = try Self.openFile(.dictionary, of: record, in: directory)
        let postingsFile = try Self.openFile(.postings, of: record, in: directory)
        let positionsFile = try Self.openFile(.positions, of: record, in: directory)
        let lengthsFile = try Self.openFile(.lengths, of: record, in: directory)
        let storedFile = try Self.openFile(.stored, of: record, in: directory)
        dictionary = try TermDictionaryReader(file: dictionaryFile, record: record, postingsSize: postingsFile.count)
        lengths = try FieldLengthsReader(file: lengthsFile, documentCount: record.documents, base: base,
                                         segmentName: record.name)
        positions = PositionsReader(postings: postingsFile, positions: positionsFile,
                                    remembersVerifiedUnits: remembersVerifiedUnits)
        postings = PostingsReader(postings: postingsFile, positions: positions, lengths: lengths,
                                  documentCount: record.documents, base: base, deletedMask: deletedMask,
                                  remembersVerifiedUnits: remembersVerifiedUnits)
        stored = try StoredDocumentsReader(file: storedFile, documentCount: record.documents, directory: directory)
    }

    /// Calls `body` with the text of each term of the segment's dictionary, in order.
    func forEachTermText(_ body: (String) -> Void) throws(IndexStoreError) {
        try dictionary.forEachTerm { term, _ in body(String(decoding: term, as: UTF8.self)) }
    }

    /// The segment's terms in order with their document frequencies, made on first use and
    /// kept.
    func termLexicon() throws(IndexStoreError) -> TermLexicon {
        try termLexicons.value { () throws(IndexStoreError) in
            var terms: [(term: String, frequency: Int)] = []
            try dictionary.forEachTerm { term, entry in
                let frequency = DocumentField.allCases.map { entry.frequencies[$0.index] }.max() ?? 0
                terms.append((String(decoding: term, as: UTF8.self), frequency))
            }
            return TermLexicon(terms: terms)
        }
    }

    /// The segment's terms grouped by `analyzer`'s variant keys (the index's analyzer: a
    /// segment belongs to one index), made on first use and kept.
    func variantTable(analyzer: any Analyzer) throws(IndexStoreError) -> VariantTable {
        try variantTables.value { () throws(IndexStoreError) in
            try VariantTable(analyzer: analyzer) { body throws(IndexStoreError) in try forEachTermText(body) }
        }
    }

    /// The file of kind `kind` of the segment `record` in `directory`, mapped, with its header
    /// (magic, kind, version, the segment's identity) and its size against the manifest checked.
    static func openFile(_ kind: StoreFormat.Kind, of record: SegmentRecord, in directory: String)
        throws(IndexStoreError) -> ByteView
    {
        let name = StoreFormat.fileName(segment: record.name, kind: kind)
        let file = try MappedFile(path: (directory as NSString).appendingPathComponent(name), directory: directory, file: name)
        let view = ByteView(file: file)
        try view.checkHeader(kind, identity: SegmentIdentity(hex: record.id) ?? .none)
        if let expected = record.files[kind.fileExtension], expected != file.count {
            throw view.corrupt("size \(file.count) bytes, the manifest says \(expected)")
        }
        return view
    }
}
