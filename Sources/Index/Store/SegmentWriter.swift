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

/// Writes an ``InMemoryIndex`` as one immutable segment: five files, each synced to disk.
enum SegmentWriter {
    /// Writes the segment's files and waits for them all.
    static func write(_ index: InMemoryIndex, name: String, directory: String) throws(IndexStoreError) -> SegmentRecord {
        try start(index, name: name, directory: directory).finish()
    }

    /// Writes the segment's dictionary, postings, positions and lengths, and returns while its
    /// stored documents are still being compressed and written on another thread (from the
    /// start): ``PendingSegment/finish()`` waits for them.
    static func start(_ index: InMemoryIndex, name: String, directory: String) throws(IndexStoreError) -> PendingSegment {
        var sizes: [String: Int] = [:]
        let identity = SegmentIdentity.random()
        func file(_ kind: StoreFormat.Kind) throws(IndexStoreError) -> FileOutput {
            let output = try FileOutput(directory: directory, name: StoreFormat.fileName(segment: name, kind: kind))
            try output.write(StoreFormat.header(kind, identity: identity))
            return output
        }

        // The stored documents are compressed and written on another thread while this one
        // writes the postings (and the caller goes on with the next segment).
        let documents = index.stored.documents
        let storedWriter = BackgroundResult { () throws(IndexStoreError) -> Int in
            let output = try FileOutput(directory: directory, name: StoreFormat.fileName(segment: name, kind: .stored))
            try output.write(StoreFormat.header(.stored, identity: identity))
            return try writeStored(documents, to: output)
        }
        // On an error below, the other thread still finishes before this returns.
        var succeeded = false
        defer { if !succeeded { _ = try? storedWriter.wait() } }
        // Postings, positions and the dictionary that points into them.
        let dictionary = try file(.dictionary)
        let postings = try file(.postings)
        let positions = try file(.positions)
        var blockOffsets: [UInt64] = []
        var block = ByteBuffer()
        var termsInBlock = 0
        var previous: [UInt8] = []
        // The postings offset of the block's previous region: offsets are written as differences.
        var previousOffset = 0
        let termCount = index.dictionary.count

        func flushBlock() throws(IndexStoreError) {
            guard termsInBlock > 0 else { return }
            blockOffsets.append(UInt64(dictionary.position))
            var framed = ByteBuffer()
            framed.u32(UInt32(block.count + 1))
            framed.u8(UInt8(termsInBlock))
            framed.append(block.bytes)
            let crc = CRC32C.checksum(Array(framed.bytes[4...]))
            framed.u32(crc)
            try dictionary.write(framed)
            block = ByteBuffer()
            termsInBlock = 0
            previousOffset = 0
        }

        for termID in 0..<termCount {
            let bytes = Array(index.dictionary.bytes[index.dictionary.offsets[termID]..<index.dictionary.offsets[termID + 1]])
            var shared = 0
            if termsInBlock > 0 {
                while shared < min(bytes.count, previous.count), bytes[shared] == previous[shared] { shared += 1 }
            }
            block.vbyte(shared)
            block.vbyte(bytes.count - shared)
            block.append(contentsOf: bytes[shared...])
            previous = bytes
            for field in DocumentField.allCases {
                let fieldPostings = index.fields[field.index]
                let range = fieldPostings.postings(of: termID)
                block.vbyte(range.count)
                guard !range.isEmpty else { continue }
                block.vbyte(postings.position - previousOffset)
                previousOffset = postings.position
                try writePostings(fieldPostings, range: range, postings: postings, positions: positions)
            }
            termsInBlock += 1
            if termsInBlock == StoreFormat.termsPerBlock { try flushBlock() }
        }
        try flushBlock()
        let indexOffset = dictionary.position
        var blockIndex = ByteBuffer()
        for offset in blockOffsets { blockIndex.u64(offset) }
        var trailer = ByteBuffer()
        trailer.u64(UInt64(termCount))
        trailer.u64(UInt64(blockOffsets.count))
        trailer.u64(UInt64(indexOffset))
        trailer.u32(CRC32C.checksum(blockIndex.bytes))
        trailer.u32(0)
        try dictionary.write(blockIndex)
        try dictionary.write(trailer)
        sizes[StoreFormat.Kind.dictionary.fileExtension] = try dictionary.finish()
        sizes[StoreFormat.Kind.postings.fileExtension] = try postings.finish()
        sizes[StoreFormat.Kind.positions.fileExtension] = try positions.finish()

        // Exact lengths, field by field.
        let documentCount = index.documentCount
        let lengths = try file(.lengths)
        var head = ByteBuffer()
        head.u64(UInt64(documentCount))
        head.u32(UInt32(DocumentField.allCases.count))
        head.u32(0)
        try lengths.write(head)
        for field in DocumentField.allCases {
            var buffer = ByteBuffer()
            buffer.bytes.reserveCapacity(documentCount * 4)
            for length in index.fields[field.index].lengths.prefix(documentCount) { buffer.u32(length) }
            try lengths.write(buffer)
        }
        sizes[StoreFormat.Kind.lengths.fileExtension] = try lengths.finish()

        // Stored documents: still being compressed on another thread (`finish()` waits for them).
        succeeded = true
        return PendingSegment(
            partial: SegmentRecord(name: name, id: identity.hex, documents: documentCount, terms: termCount,
                                   fields: DocumentField.allCases.map { index.statistics(of: $0) }, files: sizes),
            stored: storedWriter)
    }

    /// One term's postings in one field: a region of the postings file and chunks of the
    /// positions file, block by block.
    private static func writePostings(_ field: FieldPostings, range: Range<Int>, postings: FileOutput,
                                      positions: FileOutput) throws(IndexStoreError)
    {
        var skips = ByteBuffer()
        var blocks = ByteBuffer()
        var previousDocument: Int64 = -1
        var start = range.lowerBound
        var deltas: [UInt32] = []
        var frequencies: [UInt32] = []
        // A term with one block keeps its positions in its postings region.
        let compact = range.count <= StoreFormat.blockSize
        var chunk = ByteBuffer()
        let firstPositions = positions.position
        while start < range.upperBound {
            let end = min(start + StoreFormat.blockSize, range.upperBound)
            deltas.removeAll(keepingCapacity: true)
            frequencies.removeAll(keepingCapacity: true)
            chunk.bytes.removeAll(keepingCapacity: true)
            var maxFrequency: UInt32 = 0
            var minLength = UInt32.max
            for posting in start..<end {
                let document = field.documents[posting]
                deltas.append(UInt32(Int64(document) - previousDocument - 1))
                previousDocument = Int64(document)
                let frequency = field.frequencies[posting]
                frequencies.append(frequency - 1)
                maxFrequency = max(maxFrequency, frequency)
                minLength = min(minLength, field.lengths[Int(document)])
                var previousPosition: UInt32 = 0
                for position in field.positions(ofPosting: posting) {
                    chunk.vbyte(UInt64(position - previousPosition))
                    previousPosition = position
                }
            }
            let blockStart = blocks.count
            let docBits = ByteBuffer.bitWidth(deltas[...])
            let frequencyBits = ByteBuffer.bitWidth(frequencies[...])
            blocks.u8(UInt8(docBits))
            blocks.u8(UInt8(frequencyBits))
            blocks.pack(deltas[...], bits: docBits)
            blocks.pack(frequencies[...], bits: frequencyBits)
            start = end
            guard !compact else { break }
            skips.u32(field.documents[end - 1])
            skips.u16(UInt16(blocks.count - blockStart))
            skips.u32(UInt32(chunk.count))
            skips.u32(CRC32C.checksum(chunk.bytes))
            skips.u32(maxFrequency)
            skips.u32(minLength)
            try positions.write(chunk)
        }
        var region = ByteBuffer()
        if compact {
            // One block: no skip entry (its bounds are derived from the block itself), the
            // positions right after the block.
            var body = blocks
            body.append(chunk.bytes)
            region.vbyte(UInt64(body.count))
            region.u32(CRC32C.checksum(body.bytes))
            region.append(body.bytes)
        } else {
            var head = ByteBuffer()
            head.u64(UInt64(firstPositions))
            let body = head.bytes + skips.bytes + blocks.bytes
            region.u32(UInt32(body.count + 8))
            region.u32(CRC32C.checksum(body))
            region.append(body)
        }
        try postings.write(region)
    }

    /// The dictionary of a segment's stored blocks: the first
    /// ``StoreFormat/storedDictionaryPieceSize`` bytes of the records (as in a block) of up to
    /// ``StoreFormat/storedDictionaryPieces`` documents spread evenly over `documents`, in order.
    static func storedDictionary(_ documents: [Document]) -> [UInt8] {
        let pieces = min(StoreFormat.storedDictionaryPieces, documents.count)
        var dictionary: [UInt8] = []
        var record: [UInt8] = []
        var scratch: [UInt8] = []
        for piece in 0..<pieces {
            record.removeAll(keepingCapacity: true)
            appendRecord(documents[piece * documents.count / pieces], to: &record, scratch: &scratch)
            dictionary.append(contentsOf: record.prefix(StoreFormat.storedDictionaryPieceSize))
        }
        return Array(dictionary.suffix(StoreFormat.storedDictionarySize))
    }

    /// Appends the record of `document` in a stored block: for its title, then its text, the
    /// `vint` length and bytes of its ``StoredTextCodec`` encoding (`encoded` is scratch space).
    private static func appendRecord(_ document: Document, to raw: inout [UInt8], scratch encoded: inout [UInt8]) {
        for field in DocumentField.allCases {
            encoded.removeAll(keepingCapacity: true)
            StoredTextCodec.encode(document[field], into: &encoded)
            var length = UInt64(encoded.count)
            while length >= 0x80 {
                raw.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            raw.append(UInt8(length))
            raw.append(contentsOf: encoded)
        }
    }

    /// Blocks being compressed on several threads, each writing only its own slots.
    private final class CompressionBatch: @unchecked Sendable {
        var raw: [[UInt8]] = []
        var compressed: [[UInt8]?] = []
    }

    /// Where the workers of one batch put their blocks: each slot written by one worker only,
    /// through a pointer (writing elements of one array from several threads is a data race on
    /// the array itself, however distinct the elements).
    private struct CompressedSlots: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<[UInt8]?>
    }

    /// The stored documents: a dictionary, blocks of titles and texts encoded with
    /// ``StoredTextCodec`` and compressed with zstd and the dictionary (two threads at a time), the
    /// identifiers front coded in checksummed groups, the two indexes and a trailer (see
    /// docs/FORMAT.md). Returns the file's size.
    static func writeStored(_ documents: [Document], to output: FileOutput) throws(IndexStoreError) -> Int {
        let dictionary = storedDictionary(documents)
        var head = ByteBuffer()
        head.u32(UInt32(dictionary.count))
        head.append(dictionary)
        head.u32(CRC32C.checksum(dictionary))
        try output.write(head)
        // One zstd dictionary for the segment, one compression context per worker.
        let workerCount = 2
        guard let compression = StoredCompressionDictionary(content: dictionary, level: StoreFormat.storedCompressionLevel,
                                                            sizeHint: StoreFormat.storedBlockSize)
        else { throw StoredCompression.setUpError(directory: output.directory, file: output.name, action: "compression") }
        var compressors: [StoredCompressor] = []
        for _ in 0..<workerCount {
            guard let compressor = StoredCompressor() else {
                throw StoredCompression.setUpError(directory: output.directory, file: output.name, action: "compression")
            }
            compressors.append(compressor)
        }

        var blockIndex = ByteBuffer()
        var blockCount = 0
        // Blocks are compressed a batch at a time, then written in order.
        let batchSize = 32
        let batch = CompressionBatch()
        var batchCounts: [(first: Int, count: Int)] = []
        var raw: [UInt8] = []
        raw.reserveCapacity(2 * StoreFormat.storedBlockSize)
        var firstDocument = 0

        func writeBatch() throws(IndexStoreError) {
            guard !batch.raw.isEmpty else { return }
            let workers = min(workerCount, batch.raw.count)
            let results = CompressedSlots(slots: .allocate(capacity: batch.raw.count))
            results.slots.initialize(repeating: nil)
            DispatchQueue.concurrentPerform(iterations: workers) { [compressors] worker in
                var index = worker
                while index < batch.raw.count {
                    results.slots[index] = compression.compress(batch.raw[index], with: compressors[worker])
                    index += workers
                }
            }
            batch.compressed = Array(results.slots)
            results.slots.deinitialize()
            results.slots.deallocate()
            for (index, counts) in batchCounts.enumerated() {
                guard let compressed = batch.compressed[index], batch.raw[index].count <= Int(UInt32.max),
                      compressed.count <= Int(UInt32.max) else {
                    throw .io(directory: output.directory, file: output.name, detail: "cannot compress a block of documents")
                }
                blockIndex.u64(UInt64(output.position))
                blockIndex.u32(UInt32(counts.first))
                blockIndex.u32(UInt32(counts.count))
                var block = ByteBuffer()
                block.bytes.reserveCapacity(StoreFormat.storedBlockHeaderSize + compressed.count + 4)
                block.u32(UInt32(counts.first))
                block.u32(UInt32(counts.count))
                block.u32(UInt32(batch.raw[index].count))
                block.u32(UInt32(compressed.count))
                block.append(compressed)
                block.u32(CRC32C.checksum(block.bytes))
                try output.write(block)
                blockCount += 1
            }
            batch.raw.removeAll(keepingCapacity: true)
            batch.compressed.removeAll(keepingCapacity: true)
            batchCounts.removeAll(keepingCapacity: true)
        }

        func closeBlock(upTo end: Int) throws(IndexStoreError) {
            guard end > firstDocument else { return }
            batch.raw.append(raw)
            batchCounts.append((firstDocument, end - firstDocument))
            raw.removeAll(keepingCapacity: true)
            firstDocument = end
            if batch.raw.count == batchSize { try writeBatch() }
        }

        var scratch: [UInt8] = []
        for (number, document) in documents.enumerated() {
            appendRecord(document, to: &raw, scratch: &scratch)
            if raw.count >= StoreFormat.storedBlockSize { try closeBlock(upTo: number + 1) }
        }
        try closeBlock(upTo: documents.count)
        try writeBatch()

        // The identifiers, uncompressed, in checksummed groups.
        let identifiersOffset = output.position
        var identifierIndex = ByteBuffer()
        var group = ByteBuffer()
        var start = 0
        while start < documents.count {
            let end = min(start + StoreFormat.identifiersPerGroup, documents.count)
            identifierIndex.u64(UInt64(output.position))
            group.bytes.removeAll(keepingCapacity: true)
            var previous: [UInt8] = []
            for document in documents[start..<end] {
                // Front coded: the bytes shared with the previous identifier of the group, then the rest.
                let bytes = Array(document.id.utf8)
                var shared = 0
                while shared < min(bytes.count, previous.count), bytes[shared] == previous[shared] { shared += 1 }
                group.vbyte(shared)
                group.vbyte(bytes.count - shared)
                group.append(contentsOf: bytes[shared...])
                previous = bytes
            }
            group.u32(CRC32C.checksum(group.bytes))
            try output.write(group)
            start = end
        }

        let blockIndexOffset = output.position
        let identifierIndexOffset = blockIndexOffset + blockIndex.count
        var trailer = ByteBuffer()
        trailer.u64(UInt64(documents.count))
        trailer.u64(UInt64(blockCount))
        trailer.u64(UInt64(identifiersOffset))
        trailer.u64(UInt64(blockIndexOffset))
        trailer.u64(UInt64(identifierIndexOffset))
        trailer.u32(CRC32C.checksum(blockIndex.bytes))
        trailer.u32(CRC32C.checksum(identifierIndex.bytes))
        try output.write(blockIndex)
        try output.write(identifierIndex)
        try output.write(trailer)
        return try output.finish()
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
