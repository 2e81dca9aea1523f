import CStore
import Dispatch
import Foundation

/// What the manifest records about one segment.
struct SegmentRecord: Codable, Sendable, Hashable {
    /// The segment's name, the stem of its file names (`s00000001`).
    var name: String
    /// The segment's identity (``SegmentIdentity/hex``), in the header of each of its files.
    var id: String
    var documents: Int
    var terms: Int
    /// BM25 statistics of each field, by ``DocumentField/index``.
    var fields: [FieldStatistics]
    /// The size in bytes of each file, by extension.
    var files: [String: Int]
    /// The local numbers of the deleted documents, increasing; `nil` when there are none.
    /// ``fields`` counts only the documents that are not deleted.
    var deleted: [Int]? = nil

    /// The number of documents not deleted.
    var liveDocuments: Int { documents - (deleted?.count ?? 0) }
}


/// A segment whose files are written but for its stored documents, which are still being
/// compressed and written on another thread.
struct PendingSegment {
    /// The segment's record, without the stored documents' file size.
    let partial: SegmentRecord
    let stored: BackgroundResult<Int>

    /// Waits for the stored documents' file; the complete record.
    func finish() throws(IndexStoreError) -> SegmentRecord {
        var record = partial
        record.files[StoreFormat.Kind.stored.fileExtension] = try stored.wait()
        return record
    }
}

/// Writes an ``InMemoryIndex`` as one immutable segment: five files, each synced to disk, by
/// the writer of each structure (``TermDictionaryWriter``, ``PostingsWriter``,
/// ``FieldLengthsWriter``, ``StoredDocumentsWriter``).
enum SegmentWriter {
    /// Writes the segment's files and waits for them all.
    static func write(_ index: InMemoryIndex, name: String, directory: String) throws(IndexStoreError) -> SegmentRecord {
        try start(index, name: name, directory: directory).finish()
    }

    /// A new file of segment `name` in `directory`, its header written.
    static func createFile(_ kind: StoreFormat.Kind, segment name: String, identity: SegmentIdentity, in directory: String)
        throws(IndexStoreError) -> FileOutput
    {
        let output = try FileOutput(directory: directory, name: StoreFormat.fileName(segment: name, kind: kind))
        try output.write(StoreFormat.header(kind, identity: identity))
        return output
    }

    /// Writes the segment's dictionary, postings, positions and lengths, and returns while its
    /// stored documents are still being compressed and written on another thread (from the
    /// start): ``PendingSegment/finish()`` waits for them.
    static func start(_ index: InMemoryIndex, name: String, directory: String) throws(IndexStoreError) -> PendingSegment {
        var sizes: [String: Int] = [:]
        let identity = SegmentIdentity.random()
        func file(_ kind: StoreFormat.Kind) throws(IndexStoreError) -> FileOutput {
            try createFile(kind, segment: name, identity: identity, in: directory)
        }

        // The stored documents are compressed and written on another thread while this one
        // writes the postings (and the caller goes on with the next segment).
        let documents = index.stored.documents
        let storedWriter = BackgroundResult { () throws(IndexStoreError) -> Int in
            let writer = try StoredDocumentsWriter(
                output: try createFile(.stored, segment: name, identity: identity, in: directory),
                dictionary: StoredDocumentsWriter.dictionary(of: documents))
            for document in documents { try writer.add(document) }
            return try writer.finish()
        }
        // On an error below, the other thread still finishes before this returns.
        var succeeded = false
        defer { if !succeeded { _ = try? storedWriter.wait() } }
        // Postings, positions and the dictionary that points into them.
        let dictionary = TermDictionaryWriter(output: try file(.dictionary))
        let postings = PostingsWriter(postings: try file(.postings), positions: try file(.positions))
        let termCount = index.dictionary.count
        for termID in 0..<termCount {
            var frequencies = PerField(repeating: 0)
            var offsets = PerField(repeating: 0)
            for field in DocumentField.allCases {
                let range = index.fields[field.index].postings(of: termID)
                frequencies[field.index] = range.count
                guard !range.isEmpty else { continue }
                offsets[field.index] = try postings.write(InMemoryPostingsToWrite(field: index.fields[field.index], range: range))
            }
            let bytes = index.dictionary.bytes[index.dictionary.offsets[termID]..<index.dictionary.offsets[termID + 1]]
            try dictionary.add(bytes, frequencies: frequencies, offsets: offsets)
        }
        sizes[StoreFormat.Kind.dictionary.fileExtension] = try dictionary.finish()
        (sizes[StoreFormat.Kind.postings.fileExtension], sizes[StoreFormat.Kind.positions.fileExtension]) = try postings.finish()

        // Exact lengths, field by field.
        let documentCount = index.documentCount
        var lengths = PerField<[UInt32]>(repeating: [])
        for field in DocumentField.allCases { lengths[field.index] = index.fields[field.index].lengths }
        sizes[StoreFormat.Kind.lengths.fileExtension] = try FieldLengthsWriter.write(lengths, documentCount: documentCount,
                                                                                     to: try file(.lengths))

        // Stored documents: still being compressed on another thread (`finish()` waits for them).
        succeeded = true
        return PendingSegment(
            partial: SegmentRecord(name: name, id: identity.hex, documents: documentCount, terms: termCount,
                                   fields: DocumentField.allCases.map { index.statistics(of: $0) }, files: sizes),
            stored: storedWriter)
    }
}

/// A computation started on another thread, whose result (or error) ``wait()`` returns.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the background thread before it signals `done`; read only after.
    private var result: Result<Value, IndexStoreError>?

    init(_ work: @escaping @Sendable () throws(IndexStoreError) -> Value) {
        let thread = Thread { [self] in
            do throws(IndexStoreError) { result = .success(try work()) } catch { result = .failure(error) }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the computation and returns its result.
    func wait() throws(IndexStoreError) -> Value {
        done.wait()
        done.signal()
        switch result {
        case .success(let value): return value
        case .failure(let error): throw error
        case nil: throw IndexStoreError.io(directory: ".", file: ".", detail: "a background task vanished")
        }
    }
}
