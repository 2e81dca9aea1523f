import Foundation

/// Reads a segment's stored documents (docs/FORMAT.md, `.docs`): a document by its block
/// (decompressed whole with the segment's dictionary) and its identifier group, every document
/// in order, or a block's raw records (for merging). The indexes and the dictionary are verified
/// at open, each block and identifier group on its read.
final class StoredDocumentsReader: Sendable {
    /// The mapped file.
    let file: ByteView
    let documentCount: Int
    /// How many blocks, where their index is, where the identifier groups start and where their
    /// index is.
    let blockCount: Int
    let blockIndexOffset: Int
    let identifiersOffset: Int
    let identifierIndexOffset: Int
    /// Where the blocks' dictionary is (verified at open), and where the first block starts
    /// (just after it).
    let dictionaryOffset: Int
    let dictionaryLength: Int
    let blocksOffset: Int
    /// Decompresses the blocks with the dictionary.
    private let decompression: StoredDecompression
    /// The identifier groups whose checksums were verified.
    private let verifiedIdentifierGroups = VerifiedNumbers()

    /// Checks `file`'s trailer, indexes and dictionary for `documentCount` documents.
    init(file: ByteView, documentCount: Int, directory: String) throws(IndexStoreError) {
        self.file = file
        self.documentCount = documentCount
        let layout = try Self.checkTrailer(file, documents: documentCount)
        blockCount = layout.blocks
        blockIndexOffset = layout.blockIndexOffset
        identifiersOffset = layout.identifiersOffset
        identifierIndexOffset = layout.identifierIndexOffset
        dictionaryOffset = layout.dictionaryOffset
        dictionaryLength = layout.dictionaryLength
        blocksOffset = layout.dictionaryOffset + layout.dictionaryLength + 4
        guard let decompression = StoredDecompression(
            content: try file.bytes(layout.dictionaryOffset, layout.dictionaryLength), in: file.file)
        else { throw StoredCompression.setUpError(directory: directory, file: file.name, action: "decompression") }
        self.decompression = decompression
    }

    /// Checks the stored documents' trailer, block index, identifier index and dictionary
    /// (small: verified whole); returns the number of blocks and where the sections start.
    private static func checkTrailer(_ view: ByteView, documents: Int) throws(IndexStoreError)
        -> (blocks: Int, identifiersOffset: Int, blockIndexOffset: Int, identifierIndexOffset: Int,
            dictionaryOffset: Int, dictionaryLength: Int)
    {
        let trailer = view.count - StoreFormat.footerSize - StoreFormat.storedTrailerSize
        guard trailer >= StoreFormat.headerSize else { throw view.corrupt("too short for its trailer") }
        guard try view.u64(trailer) == UInt64(documents) else {
            throw view.corrupt("does not hold \(documents) documents")
        }
        let blocks = try view.offset(trailer + 8, "block count")
        let identifiersOffset = try view.offset(trailer + 16, "identifiers offset")
        let blockIndexOffset = try view.offset(trailer + 24, "block index offset")
        let identifierIndexOffset = try view.offset(trailer + 32, "identifier index offset")
        let groups = (documents + StoreFormat.identifiersPerGroup - 1) / StoreFormat.identifiersPerGroup
        guard blocks <= documents, (blocks == 0) == (documents == 0), identifiersOffset >= StoreFormat.headerSize,
              identifiersOffset <= blockIndexOffset,
              blockIndexOffset + StoreFormat.storedIndexEntrySize * blocks == identifierIndexOffset,
              identifierIndexOffset + StoreFormat.identifierIndexEntrySize * groups == trailer
        else { throw view.corrupt("inconsistent block index (\(blocks) blocks at offset \(blockIndexOffset))") }
        try view.verify(blockIndexOffset, StoreFormat.storedIndexEntrySize * blocks, expected: try view.u32(trailer + 40),
                        "the block index")
        try view.verify(identifierIndexOffset, StoreFormat.identifierIndexEntrySize * groups,
                        expected: try view.u32(trailer + 44), "the identifier index")
        // The dictionary, between the header and the first block.
        let dictionaryOffset = StoreFormat.headerSize + 4
        let dictionaryLength = Int(try view.u32(StoreFormat.headerSize))
        guard dictionaryLength <= StoreFormat.storedDictionarySize,
              dictionaryOffset + dictionaryLength + 4 <= identifiersOffset
        else { throw view.corrupt("impossible dictionary length \(dictionaryLength)") }
        try view.verify(dictionaryOffset, dictionaryLength, expected: try view.u32(dictionaryOffset + dictionaryLength),
                        "the dictionary")
        return (blocks, identifiersOffset, blockIndexOffset, identifierIndexOffset, dictionaryOffset, dictionaryLength)
    }

    /// The stored document `document` (local number).
    func document(_ document: Int) throws(IndexStoreError) -> Document {
        guard document >= 0, document < documentCount else {
            throw file.corrupt("no document \(document) among \(documentCount)")
        }
        let documents = try block(try blockNumber(holding: document), only: document)
        guard let found = documents.records.first, documents.records.count == 1 else {
            throw file.corrupt("the block index does not lead to document \(document)")
        }
        return Document(id: try identifier(of: document), title: found.title, text: found.text)
    }

    /// The identifier of document `document` (local number), read from its group of
    /// identifiers (checksum verified) without decompressing anything.
    func identifier(of document: Int) throws(IndexStoreError) -> String {
        guard document >= 0, document < documentCount else {
            throw file.corrupt("no document \(document) among \(documentCount)")
        }
        let group = document / StoreFormat.identifiersPerGroup
        let cursor = try identifierGroup(group)
        let raw = try file.bytes(cursor.offset, cursor.end - cursor.offset)
        let wanted = document % StoreFormat.identifiersPerGroup
        // Decoded forward: each record's suffix is written over the identifier before it, after
        // the prefix they share. No identifier is longer than the group's bytes.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, raw.count)) {
            buffer throws(IndexStoreError) -> String in
            var at = 0
            var length = 0
            for _ in 0...wanted {
                guard let shared = LEB128.read(raw, &at), shared <= length else {
                    throw file.corrupt("a bad shared identifier prefix in group \(group)")
                }
                guard let suffix = LEB128.read(raw, &at), suffix <= raw.count - at, shared + suffix <= buffer.count else {
                    throw file.corrupt("an identifier running past group \(group)")
                }
                for offset in 0..<suffix { buffer[shared + offset] = raw[at + offset] }
                at += suffix
                length = shared + suffix
            }
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<length])
            // Identifiers are mostly ASCII, which needs no validating.
            if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            guard let found = String(validating: bytes, as: UTF8.self) else {
                throw file.corrupt("identifier of document \(document) is not valid UTF-8")
            }
            return found
        }
    }

    /// Reads the next front-coded identifier of a group into `bytes`, which holds the previous one.
    private func nextIdentifier(_ cursor: inout ByteCursor, after bytes: inout [UInt8]) throws(IndexStoreError) {
        let shared = try cursor.int(max: bytes.count, "shared identifier prefix")
        let suffix = try cursor.bytes(try cursor.int(max: cursor.end - cursor.offset, "identifier length"))
        bytes.removeSubrange(shared...)
        bytes.append(contentsOf: suffix)
    }

    /// The identifiers of group `group`, in order (for checking and for reading every document).
    func identifiers(inGroup group: Int) throws(IndexStoreError) -> [String] {
        var cursor = try identifierGroup(group)
        let first = group * StoreFormat.identifiersPerGroup
        let count = min(StoreFormat.identifiersPerGroup, documentCount - first)
        var result: [String] = []
        result.reserveCapacity(count)
        var bytes: [UInt8] = []
        for index in 0..<count {
            try nextIdentifier(&cursor, after: &bytes)
            guard let identifier = String(validating: bytes, as: UTF8.self) else {
                throw file.corrupt("identifier of document \(first + index) is not valid UTF-8")
            }
            result.append(identifier)
        }
        guard cursor.atEnd else { throw file.corrupt("trailing bytes in identifier group \(group)") }
        return result
    }

    /// The bounds of identifier group `group`: from its index entry to the next group (or the
    /// block index), checksum verified; a cursor over its records.
    private func identifierGroup(_ group: Int) throws(IndexStoreError) -> ByteCursor {
        let groups = (documentCount + StoreFormat.identifiersPerGroup - 1) / StoreFormat.identifiersPerGroup
        guard group >= 0, group < groups else { throw file.corrupt("no identifier group \(group) among \(groups)") }
        let entry = identifierIndexOffset + StoreFormat.identifierIndexEntrySize * group
        let start = try file.offset(entry, "identifier group offset")
        let end = group + 1 < groups
            ? try file.offset(entry + StoreFormat.identifierIndexEntrySize, "identifier group offset")
            : blockIndexOffset
        guard start >= identifiersOffset, start + 4 <= end, end <= blockIndexOffset else {
            throw file.corrupt("identifier group \(group) at \(start) has impossible bounds")
        }
        if !verifiedIdentifierGroups.contains(group) {
            try file.verify(start, end - 4 - start, expected: try file.u32(end - 4), "identifier group \(group)")
            verifiedIdentifierGroups.insert(group)
        }
        return ByteCursor(file, from: start, to: end - 4)
    }

    /// Stored block `number` decompressed, checksum verified: the local number of its first
    /// document, its number of records and its records' bytes (not yet checked).
    func rawBlock(_ number: Int) throws(IndexStoreError) -> (first: Int, count: Int, raw: [UInt8]) {
        guard number >= 0, number < blockCount else {
            throw file.corrupt("no stored block \(number) among \(blockCount)")
        }
        let entry = blockIndexOffset + StoreFormat.storedIndexEntrySize * number
        let start = try file.offset(entry, "block offset")
        let first = Int(try file.u32(entry + 8))
        let count = Int(try file.u32(entry + 12))
        let header = StoreFormat.storedBlockHeaderSize
        guard start >= blocksOffset, start + header <= identifiersOffset,
              try file.u32(start) == UInt32(first), try file.u32(start + 4) == UInt32(count),
              count > 0, first + count <= documentCount
        else { throw file.corrupt("stored block \(number) at \(start) does not match its index entry") }
        let rawLength = Int(try file.u32(start + 8))
        let length = Int(try file.u32(start + 12))
        guard length <= identifiersOffset - start - header - 4 else {
            throw file.corrupt("stored block \(number) at \(start) has an impossible length \(length)")
        }
        try file.verify(start, header + length, expected: try file.u32(start + header + length),
                          "stored block \(number)")
        // Each record takes at least two bytes; zstd gives at most 128 KiB for 4 bytes (one
        // repeated byte), so a frame of `length` bytes at most 32 KiB per byte.
        guard rawLength >= 2 * count, rawLength <= 32768 * length else {
            throw file.corrupt("stored block \(number) at \(start) has an impossible size \(rawLength)")
        }
        // The whole block is decompressed (cheap with zstd) and must come out exactly
        // `rawLength` bytes long.
        guard let raw = decompression.decompress(try file.bytes(start + header, length), count: rawLength) else {
            throw file.corrupt("stored block \(number) at \(start) does not decompress")
        }
        return (first, count, raw)
    }

    /// Where each of the `count` records of `raw` (stored block `number`, decompressed) ends:
    /// a record is the `vint` length and bytes of its title, then of its text.
    func recordEnds(in raw: [UInt8], count: Int, block number: Int) throws(IndexStoreError) -> [Int] {
        var ends: [Int] = []
        ends.reserveCapacity(count)
        var cursor = 0
        for _ in 0..<count {
            _ = try nextStoredString(in: raw, at: &cursor, block: number)
            ends.append(try nextStoredString(in: raw, at: &cursor, block: number).upperBound)
        }
        guard cursor == raw.count else { throw file.corrupt("trailing bytes in stored block \(number)") }
        return ends
    }

    /// The bytes of the string (a title or a text) at `cursor` in `raw`, the records of stored
    /// block `number`: after its `vint` length, which `cursor` moves past with it.
    private func nextStoredString(in raw: [UInt8], at cursor: inout Int, block number: Int) throws(IndexStoreError)
        -> Range<Int>
    {
        var length = 0
        var shift = 0
        while true {
            guard cursor < raw.count, shift < 35 else {
                throw file.corrupt("a record of stored block \(number) ends early")
            }
            let byte = raw[cursor]
            cursor += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard length <= raw.count - cursor else { throw file.corrupt("a string runs past stored block \(number)") }
        defer { cursor += length }
        return cursor..<(cursor + length)
    }

    /// The number of the stored block holding local document `document` (the last block whose
    /// first document is at most `document`).
    func blockNumber(holding document: Int) throws(IndexStoreError) -> Int {
        var low = 0
        var high = blockCount
        while low < high {
            let middle = low + (high - low) / 2
            let first = Int(try file.u32(blockIndexOffset + StoreFormat.storedIndexEntrySize * middle + 8))
            if first <= document { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// The titles and texts of stored block `number`, decompressed and checksum verified, with
    /// the local number of its first document; with `only`, just that document (none when the
    /// block does not hold it), the records before it skipped without decoding them.
    func block(_ number: Int, only: Int? = nil) throws(IndexStoreError)
        -> (first: Int, records: [(title: String, text: String)])
    {
        let (first, count, raw) = try rawBlock(number)
        var records: [(title: String, text: String)] = []
        records.reserveCapacity(only == nil ? count : 1)
        var cursor = 0
        func string(_ wanted: Bool) throws(IndexStoreError) -> String {
            let range = try nextStoredString(in: raw, at: &cursor, block: number)
            guard wanted else { return "" }
            do throws(StoredTextCodec.DecodingError) {
                return try StoredTextCodec.decode(raw[range])
            } catch {
                throw file.corrupt("stored block \(number): \(error)")
            }
        }
        for index in 0..<count {
            let wanted = only.map { $0 == first + index } ?? true
            let title = try string(wanted)
            let text = try string(wanted)
            if wanted { records.append((title, text)) }
            if wanted, only != nil { return (first, records) }
        }
        guard cursor == raw.count else { throw file.corrupt("trailing bytes in stored block \(number)") }
        return (first, records)
    }

    /// Calls `body` with every stored document in order, local number and document, one block
    /// decompressed at a time.
    func forEachDocument(_ body: (Int, Document) throws(IndexStoreError) -> Void) throws(IndexStoreError) {
        var expected = 0
        var identifiers: [String] = []
        var identifiersFirst = 0
        for number in 0..<blockCount {
            let (first, records) = try block(number)
            guard first == expected else { throw file.corrupt("stored block \(number) starts at document \(first), not \(expected)") }
            for (offset, record) in records.enumerated() {
                let document = first + offset
                if document >= identifiersFirst + identifiers.count {
                    identifiersFirst = document - document % StoreFormat.identifiersPerGroup
                    identifiers = try self.identifiers(inGroup: document / StoreFormat.identifiersPerGroup)
                }
                try body(document, Document(id: identifiers[document - identifiersFirst], title: record.title,
                                            text: record.text))
            }
            expected += records.count
        }
        guard expected == documentCount else {
            throw file.corrupt("the blocks hold \(expected) documents, not \(documentCount)")
        }
    }
}

extension StoredDocumentsReader {
    /// Verifies that the stored blocks follow each other from the header to the identifiers,
    /// and the identifier groups from there to the block index, without gaps or overlaps.
    func checkStoredLayout() throws(IndexStoreError) {
        var expected = blocksOffset
        for number in 0..<blockCount {
            let start = try file.offset(blockIndexOffset + StoreFormat.storedIndexEntrySize * number, "block offset")
            guard start == expected, start + StoreFormat.storedBlockHeaderSize <= identifiersOffset else {
                throw file.corrupt("stored block \(number) starts at \(start), not \(expected)")
            }
            expected = start + StoreFormat.storedBlockHeaderSize + Int(try file.u32(start + 12)) + 4
        }
        guard expected == identifiersOffset else {
            throw file.corrupt("the stored blocks end at \(expected), the identifiers start at \(identifiersOffset)")
        }
        let groups = (documentCount + StoreFormat.identifiersPerGroup - 1) / StoreFormat.identifiersPerGroup
        for group in 0..<groups {
            let start = try file.offset(identifierIndexOffset + StoreFormat.identifierIndexEntrySize * group,
                                          "identifier group offset")
            guard start == expected else {
                throw file.corrupt("identifier group \(group) starts at \(start), not \(expected)")
            }
            _ = try identifiers(inGroup: group)
            expected = group + 1 < groups
                ? try file.offset(identifierIndexOffset + StoreFormat.identifierIndexEntrySize * (group + 1),
                                    "identifier group offset")
                : blockIndexOffset
        }
        guard expected == blockIndexOffset else {
            throw file.corrupt("the identifiers end at \(expected), the block index starts at \(blockIndexOffset)")
        }
    }
}
