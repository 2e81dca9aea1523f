import Dispatch

/// Writes a segment's stored documents (docs/FORMAT.md, `.docs`): the segment's compression
/// dictionary, blocks of records (each document's title and text encoded with
/// ``StoredTextCodec``) compressed with zstd and the dictionary two threads at a time, the
/// identifiers front coded in checksummed groups, the two indexes and the trailer.
///
/// Records are added in document order, either as documents or, when segments are merged, as
/// the records other segments stored (the same bytes).
final class StoredDocumentsWriter {
    private let output: FileOutput
    private let compression: StoredCompressionDictionary
    private let compressors: [StoredCompressor]
    private static let workerCount = 2
    /// Blocks are compressed a batch at a time, then written in order.
    private static let batchSize = 32

    private var blockIndex = ByteBuffer()
    private var blockCount = 0
    private let batch = CompressionBatch()
    private var batchCounts: [(first: Int, count: Int)] = []
    /// The records of the block being filled.
    private var raw: [UInt8] = []
    private var firstDocument = 0
    private var documentCount = 0
    /// Every identifier's UTF-8 bytes, one after the other, and where each ends.
    private var identifierBytes: [UInt8] = []
    private var identifierEnds: [Int] = []
    private var scratch: [UInt8] = []

    /// Starts the file with `dictionary` (``dictionary(documentCount:record:)``).
    init(output: FileOutput, dictionary: [UInt8]) throws(IndexStoreError) {
        self.output = output
        var head = ByteBuffer()
        head.u32(UInt32(dictionary.count))
        head.append(dictionary)
        head.u32(CRC32C.checksum(dictionary))
        try output.write(head)
        // One zstd dictionary for the segment, one compression context per worker.
        guard let compression = StoredCompressionDictionary(content: dictionary, level: StoreFormat.storedCompressionLevel,
                                                            sizeHint: StoreFormat.storedBlockSize)
        else { throw StoredCompression.setUpError(directory: output.directory, file: output.name, action: "compression") }
        self.compression = compression
        var compressors: [StoredCompressor] = []
        for _ in 0..<Self.workerCount {
            guard let compressor = StoredCompressor() else {
                throw StoredCompression.setUpError(directory: output.directory, file: output.name, action: "compression")
            }
            compressors.append(compressor)
        }
        self.compressors = compressors
        raw.reserveCapacity(2 * StoreFormat.storedBlockSize)
    }

    /// The dictionary of a segment of `documentCount` documents: the first
    /// ``StoreFormat/storedDictionaryPieceSize`` bytes of the records of up to
    /// ``StoreFormat/storedDictionaryPieces`` documents spread evenly over them, in order
    /// (`record` gives the record of a document by number).
    static func dictionary<Failure: Error>(documentCount: Int, record: (Int) throws(Failure) -> [UInt8])
        throws(Failure) -> [UInt8]
    {
        let pieces = min(StoreFormat.storedDictionaryPieces, documentCount)
        var dictionary: [UInt8] = []
        for piece in 0..<pieces {
            dictionary.append(contentsOf: try record(piece * documentCount / pieces).prefix(StoreFormat.storedDictionaryPieceSize))
        }
        return Array(dictionary.suffix(StoreFormat.storedDictionarySize))
    }

    /// The dictionary of a segment of `documents`.
    static func dictionary(of documents: [Document]) -> [UInt8] {
        var scratch: [UInt8] = []
        return dictionary(documentCount: documents.count) { (number: Int) -> [UInt8] in
            var record: [UInt8] = []
            appendRecord(documents[number], to: &record, scratch: &scratch)
            return record
        }
    }

    /// Appends the record of `document` in a stored block: for its title, then its text, the
    /// `vint` length and bytes of its ``StoredTextCodec`` encoding (`encoded` is scratch space).
    static func appendRecord(_ document: Document, to raw: inout [UInt8], scratch encoded: inout [UInt8]) {
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

    /// Adds the next document.
    func add(_ document: Document) throws(IndexStoreError) {
        Self.appendRecord(document, to: &raw, scratch: &scratch)
        try added(identifier: document.id.utf8)
    }

    /// Adds the next document as its stored record (as in a block) and its identifier's bytes.
    func add<Record: Collection<UInt8>, Identifier: Collection<UInt8>>(record: Record, identifier: Identifier)
        throws(IndexStoreError)
    {
        raw.append(contentsOf: record)
        try added(identifier: identifier)
    }

    private func added<Identifier: Collection<UInt8>>(identifier: Identifier) throws(IndexStoreError) {
        identifierBytes.append(contentsOf: identifier)
        identifierEnds.append(identifierBytes.count)
        documentCount += 1
        // A block is closed after the record that brings it to the block size.
        if raw.count >= StoreFormat.storedBlockSize { try closeBlock() }
    }

    private func closeBlock() throws(IndexStoreError) {
        guard documentCount > firstDocument else { return }
        batch.raw.append(raw)
        batchCounts.append((firstDocument, documentCount - firstDocument))
        raw.removeAll(keepingCapacity: true)
        firstDocument = documentCount
        if batch.raw.count == Self.batchSize { try writeBatch() }
    }

    private func writeBatch() throws(IndexStoreError) {
        guard !batch.raw.isEmpty else { return }
        let workers = min(Self.workerCount, batch.raw.count)
        let results = CompressedSlots(slots: .allocate(capacity: batch.raw.count))
        results.slots.initialize(repeating: nil)
        DispatchQueue.concurrentPerform(iterations: workers) { [compressors, compression, batch] worker in
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

    /// Writes the last block, the identifiers, the indexes, the trailer and the footer, and
    /// syncs the file; its size.
    func finish() throws(IndexStoreError) -> Int {
        try closeBlock()
        try writeBatch()

        // The identifiers, uncompressed, in checksummed groups.
        let identifiersOffset = output.position
        var identifierIndex = ByteBuffer()
        var group = ByteBuffer()
        var start = 0
        while start < documentCount {
            let end = min(start + StoreFormat.identifiersPerGroup, documentCount)
            identifierIndex.u64(UInt64(output.position))
            group.bytes.removeAll(keepingCapacity: true)
            var previous = 0..<0
            for document in start..<end {
                // Front coded: the bytes shared with the previous identifier of the group, then the rest.
                let bytes = (document == 0 ? 0 : identifierEnds[document - 1])..<identifierEnds[document]
                var shared = 0
                while shared < min(bytes.count, previous.count),
                      identifierBytes[bytes.lowerBound + shared] == identifierBytes[previous.lowerBound + shared] {
                    shared += 1
                }
                group.vbyte(shared)
                group.vbyte(bytes.count - shared)
                group.append(contentsOf: identifierBytes[(bytes.lowerBound + shared)..<bytes.upperBound])
                previous = bytes
            }
            group.u32(CRC32C.checksum(group.bytes))
            try output.write(group)
            start = end
        }

        let blockIndexOffset = output.position
        let identifierIndexOffset = blockIndexOffset + blockIndex.count
        var trailer = ByteBuffer()
        trailer.u64(UInt64(documentCount))
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
}
