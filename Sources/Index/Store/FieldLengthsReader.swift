import Synchronization

/// Reads a segment's exact field lengths (docs/FORMAT.md, `.len`), verified whole at open, and
/// keeps each field's BM25 length norms for the last parameters asked for.
final class FieldLengthsReader: Sendable {
    /// The mapped file.
    let file: ByteView
    let documentCount: Int
    /// The global number of the segment's first document, and its name (for messages).
    private let base: UInt32
    private let segmentName: String
    /// Per field, the BM25 length norms of its documents for the last `b` and average length
    /// asked for (computed on first use, so scoring a posting takes one table read).
    private let normsCache = LengthNormsCache()

    /// Checks `file`'s header, size and checksum for `documentCount` documents.
    init(file: ByteView, documentCount: Int, base: UInt32, segmentName: String) throws(IndexStoreError) {
        self.file = file
        self.documentCount = documentCount
        self.base = base
        self.segmentName = segmentName
        let fieldCount = DocumentField.allCases.count
        let head = StoreFormat.headerSize
        guard try file.u64(head) == UInt64(documentCount), try file.u32(head + 8) == UInt32(fieldCount),
              try file.u32(head + 12) == 0,
              file.count == StoreFormat.lengthsOffset + 4 * fieldCount * documentCount + StoreFormat.footerSize
        else { throw file.corrupt("does not hold \(documentCount) documents") }
        try file.verifyFooter()
    }


    /// The length of `field` in local document `document`.
    func length(of document: Int, in field: DocumentField) throws(IndexStoreError) -> Int {
        Int(try file.u32(StoreFormat.lengthsOffset + 4 * (field.index * documentCount + document)))
    }

    /// Appends `weight · tf` of each posting in `field` (`documents`: global numbers, all in
    /// this segment, increasing; with their `frequencies`) to `result`, tf by `bm25` with the
    /// document's exact length.
    func appendScores(of documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, in field: DocumentField,
                      weight: Double, bm25: BM25, to result: inout [Double]) throws(IndexStoreError)
    {
        // Documents increase: the first and the last bound them all.
        for document in [documents.first, documents.last].compactMap({ $0 }) {
            let local = Int(document) - Int(base)
            guard local >= 0, local < documentCount else {
                throw file.corrupt("document \(document) is not in segment \(segmentName)")
            }
        }
        let norms = try norms(of: field, bm25: bm25)
        let base = Int(self.base)
        let count = min(documents.count, frequencies.count)
        let start = result.count
        result.append(contentsOf: repeatElement(0, count: count))
        result.withUnsafeMutableBufferPointer { scores in
            documents.withUnsafeBufferPointer { documents in
                frequencies.withUnsafeBufferPointer { frequencies in
                    norms.withUnsafeBufferPointer { norms in
                        // Documents increase from one in this segment to another (checked above).
                        guard let out = scores.baseAddress else { return }
                        bm25.weightedTF(weight: weight, count: count, into: out + start,
                                        frequency: { frequencies[$0] }, norm: { norms[Int(documents[$0]) - base] })
                    }
                }
            }
        }
    }

    /// The length norms of a field's documents for one BM25's `b` and average length.
    /// ``BM25/norm(length:)`` of every document's `field` for `bm25`, by local number.
    func norms(of field: DocumentField, bm25: BM25) throws(IndexStoreError) -> [Double] {
        try normsCache.norms(of: field, bm25: bm25) { () throws(IndexStoreError) -> [Double] in
            let first = StoreFormat.lengthsOffset + 4 * field.index * documentCount
            try file.check(first, 4 * documentCount, "the lengths of \(field.rawValue)")
            let table = file.file.base + first
            return (0..<documentCount).map { document in
                bm25.norm(length: Int(UInt32(littleEndian: table.loadUnaligned(fromByteOffset: 4 * document, as: UInt32.self))))
            }
        }
    }
}

/// Per field, the BM25 length norms of every document for the last `b` and average length
/// asked for, computed on first use; shared by the threads that search one index.
final class LengthNormsCache: Sendable {
    private struct Entry {
        let b: Double
        let averageLength: Double
        let values: [Double]
    }

    private let entries = Mutex<[Entry?]>(Array(repeating: nil, count: DocumentField.allCases.count))

    /// The norms of `field` for `bm25`: the ones kept when `bm25` has the same `b` and average
    /// length (to the bit), else `compute()`'s, kept.
    func norms(of field: DocumentField, bm25: BM25, compute: () throws(IndexStoreError) -> [Double])
        throws(IndexStoreError) -> [Double]
    {
        let b = bm25.parameters.b
        let average = bm25.averageLength
        if let known = entries.withLock({ $0[field.index] }),
           known.b.bitPattern == b.bitPattern, known.averageLength.bitPattern == average.bitPattern
        {
            return known.values
        }
        let values = try compute()
        entries.withLock { $0[field.index] = Entry(b: b, averageLength: average, values: values) }
        return values
    }
}
