import CStore
import Foundation
import Synchronization

/// Where one term's postings of one field are in a segment.
struct SegmentTermEntry: Sendable, Hashable {
    /// Document frequency and postings region offset, by ``DocumentField/index`` (offset
    /// meaningless when the frequency is 0).
    var frequencies = PerField(repeating: 0)
    var postingsOffsets = PerField(repeating: 0)
}

/// One block of a term's decoded postings: where its positions are.
struct PositionsChunk {
    /// The segment the chunk is in: its number among the segments of the decoded list
    /// (``DecodedPostings/segments``), not a reference, so a chunk copies without reference counting.
    let segment: Int
    /// The index, in the decoded posting list, of the block's first posting (kept, when
    /// deleted documents are left out).
    let firstPosting: Int
    let offset: Int
    let length: Int
    /// The chunk's CRC-32C (0 and unused when `inline`).
    let crc: UInt32
    /// Whether the chunk lies in the postings file, at the end of a compact region (whose
    /// checksum covers it, verified before the chunk was made), rather than in the positions file.
    var inline = false

}

/// Where a read of a positions chunk stopped: the byte (from the chunk's start) and the number
/// of values before it, in the chunk's bytes (checksum verified); nothing before any read.
struct PositionsCursor {
    var byte = 0
    var value = 0
    var bytes: UnsafeRawBufferPointer?

    /// Why a chunk's values are not what its postings say.
    enum Problem: Error {
        /// A variable-length integer runs over 35 bits.
        case overflow
        /// A position reaches 2³² − 1.
        case outOfRange
        /// The chunk ends before the values asked for.
        case tooFew
    }

    /// Appends the running sums of the `count` values after the first `skipping` (at least
    /// ``value``) to `buffer` and moves past them; the problem, if the values are not there.
    mutating func read(skipping: Int, count: Int, to buffer: inout [UInt32]) -> Problem? {
        guard count > 0 else { return skipping >= value && bytes != nil ? nil : .tooFew }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { values in
            guard let base = values.baseAddress else { return .tooFew }
            if let problem = read(skipping: skipping, count: count, into: base) { return problem }
            buffer.append(contentsOf: UnsafeBufferPointer(values))
            return nil
        }
    }

    /// Writes the running sums of the `count` values after the first `skipping` (at least
    /// ``value``) to `out` (room for `count`) and moves past them; the problem, if the values
    /// are not there (then the cursor stays where it was).
    mutating func read(skipping: Int, count: Int, into out: UnsafeMutablePointer<UInt32>) -> Problem? {
        guard let raw = bytes, let start = raw.baseAddress, skipping >= value else { return .tooFew }
        guard count > 0 else { return nil }
        let end = raw.count
        var byte = self.byte
        var index = value
        // Pass over the values of the postings in between: their last bytes have the high bit
        // clear. Eight bytes at a time: whole words while all their values lie before the ones
        // wanted, then, in the word where the last of those ends, straight to the byte after it.
        while index < skipping, end - byte >= 8 {
            let ends = ~start.loadUnaligned(fromByteOffset: byte, as: UInt64.self) & 0x8080_8080_8080_8080
            // How many bytes end a value: one bit per byte, summed into the top byte by the
            // multiplication (a population count without the instruction, which x86-64's
            // baseline lacks).
            let inWord = Int(truncatingIfNeeded: ((ends >> 7) &* 0x0101_0101_0101_0101) >> 56)
            if index + inWord < skipping {
                index += inWord
                byte += 8
                continue
            }
            // The (skipping − index)-th value end in the word: drop the ones before it.
            var remaining = ends
            for _ in 1..<(skipping - index) { remaining &= remaining &- 1 }
            byte += remaining.trailingZeroBitCount / 8 + 1
            index = skipping
        }
        while index < skipping, byte < end {
            if start.load(fromByteOffset: byte, as: UInt8.self) & 0x80 == 0 { index += 1 }
            byte += 1
        }
        guard index == skipping else { return .tooFew }
        var found = 0
        var position: UInt64 = 0
        while found < count, byte < end {
            var next = start.load(fromByteOffset: byte, as: UInt8.self)
            byte += 1
            var value = UInt64(next & 0x7F)
            var shift: UInt64 = 7
            while next & 0x80 != 0 {
                guard shift < 35 else { return .overflow }
                guard byte < end else { return .tooFew }
                next = start.load(fromByteOffset: byte, as: UInt8.self)
                byte += 1
                value |= UInt64(next & 0x7F) << shift
                shift += 7
            }
            position += value
            guard position < UInt64(UInt32.max) else { return .outOfRange }
            out[found] = UInt32(position)
            found += 1
        }
        guard found == count else { return .tooFew }
        self.byte = byte
        self.value = skipping + count
        return nil
    }
}

/// An open segment: its five files mapped, read in place with every offset checked.
final class SegmentReader: Sendable {
    let record: SegmentRecord
    /// The global number of the segment's first document.
    let base: UInt32
    let dictionary: ByteView
    let postings: ByteView
    let positions: ByteView
    let lengths: ByteView
    let stored: ByteView
    let blockCount: Int
    let blockIndexOffset: Int
    let termCount: Int
    /// One bit per dictionary block whose checksum was verified: a block is checked on its first
    /// read only (the files never change once written).
    private let verifiedBlocks = VerifiedNumbers()
    /// The identifier groups whose checksums were verified, likewise.
    private let verifiedIdentifierGroups = VerifiedNumbers()
    /// The offsets of the postings regions and positions chunks whose checksums were verified:
    /// like dictionary blocks, each is checked on its first read only.
    private let verifiedPostings = Mutex<Set<Int>>([])
    let verifiedPositions = Mutex<Set<Int>>([])
    /// Per field, the BM25 length norms of its documents for the last `b` and average length
    /// asked for (computed on first use, so scoring a posting takes one table read).
    private let lengthNorms = LengthNormsCache()
    /// The stored documents: how many blocks, where their index is, where the identifier
    /// groups start and where their index is.
    let storedBlockCount: Int
    let storedIndexOffset: Int
    let identifiersOffset: Int
    let identifierIndexOffset: Int
    /// Where the stored blocks' dictionary is (verified at open), and where the first stored
    /// block starts (just after it).
    let storedDictionaryOffset: Int
    let storedDictionaryLength: Int
    let storedBlocksOffset: Int
    /// Decompresses the stored blocks with the dictionary.
    private let storedDecompression: StoredDecompression
    /// Whether each local document is deleted; `nil` when none is.
    let deletedMask: [Bool]?

    var documentCount: Int { record.documents }

    /// The file `chunk` (one of this segment's) lies in.
    func file(of chunk: PositionsChunk) -> ByteView { chunk.inline ? postings : positions }

    /// Whether checksums verified once are remembered (not when each unit is read once, as
    /// in a merge).
    private let remembersVerifiedUnits: Bool

    init(directory: String, record: SegmentRecord, base: UInt32, remembersVerifiedUnits: Bool = true)
        throws(IndexStoreError)
    {
        self.record = record
        self.base = base
        self.remembersVerifiedUnits = remembersVerifiedUnits
        if let deleted = record.deleted, !deleted.isEmpty {
            var mask = [Bool](repeating: false, count: record.documents)
            for number in deleted where number >= 0 && number < record.documents { mask[number] = true }
            deletedMask = mask
        } else {
            deletedMask = nil
        }
        dictionary = try Self.openFile(.dictionary, of: record, in: directory)
        postings = try Self.openFile(.postings, of: record, in: directory)
        positions = try Self.openFile(.positions, of: record, in: directory)
        lengths = try Self.openFile(.lengths, of: record, in: directory)
        stored = try Self.openFile(.stored, of: record, in: directory)

        // Every term takes at least two bytes of the dictionary.
        guard record.terms <= dictionary.count / 2 else {
            throw dictionary.corrupt("too small for \(record.terms) terms")
        }

        // Dictionary trailer and block index.
        let trailer = dictionary.count - StoreFormat.footerSize - 32
        guard trailer >= StoreFormat.headerSize else { throw dictionary.corrupt("too short for its trailer") }
        let terms = try dictionary.u64(trailer)
        let blocks = try dictionary.u64(trailer + 8)
        let indexOffset = try dictionary.offset(trailer + 16, "block index offset")
        guard terms == UInt64(record.terms) else {
            throw dictionary.corrupt("\(terms) terms, the manifest says \(record.terms)")
        }
        let expectedBlocks = (record.terms + StoreFormat.termsPerBlock - 1) / StoreFormat.termsPerBlock
        guard blocks == UInt64(expectedBlocks), indexOffset >= StoreFormat.headerSize,
              indexOffset + 8 * expectedBlocks == trailer, try dictionary.u32(trailer + 28) == 0
        else { throw dictionary.corrupt("inconsistent block index (\(blocks) blocks at offset \(indexOffset))") }
        try dictionary.verify(indexOffset, 8 * expectedBlocks, expected: try dictionary.u32(trailer + 24), "the block index")
        termCount = record.terms
        blockCount = expectedBlocks
        blockIndexOffset = indexOffset

        // Lengths: small, verified whole.
        let fieldCount = DocumentField.allCases.count
        let head = StoreFormat.headerSize
        guard try lengths.u64(head) == UInt64(record.documents), try lengths.u32(head + 8) == UInt32(fieldCount),
              try lengths.u32(head + 12) == 0,
              lengths.count == StoreFormat.lengthsOffset + 4 * fieldCount * record.documents + StoreFormat.footerSize
        else { throw lengths.corrupt("does not hold \(record.documents) documents") }
        try lengths.verifyFooter()

        let layout = try Self.checkStoredTrailer(stored, documents: record.documents)
        storedBlockCount = layout.blocks
        storedIndexOffset = layout.blockIndexOffset
        identifiersOffset = layout.identifiersOffset
        identifierIndexOffset = layout.identifierIndexOffset
        storedDictionaryOffset = layout.dictionaryOffset
        storedDictionaryLength = layout.dictionaryLength
        storedBlocksOffset = layout.dictionaryOffset + layout.dictionaryLength + 4
        guard let decompression = StoredDecompression(
            content: try stored.bytes(layout.dictionaryOffset, layout.dictionaryLength), in: stored.file)
        else { throw StoredCompression.setUpError(directory: directory, file: stored.name, action: "decompression") }
        storedDecompression = decompression
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

    /// Checks the stored documents' trailer, block index, identifier index and dictionary
    /// (small: verified whole); returns the number of blocks and where the sections start.
    private static func checkStoredTrailer(_ view: ByteView, documents: Int) throws(IndexStoreError)
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

    // MARK: - Dictionary

    /// Where block `number`'s payload (count byte and entries) is, its checksum verified.
    private func verifiedBlock(_ number: Int) throws(IndexStoreError) -> (start: Int, length: Int) {
        let start = try dictionary.offset(blockIndexOffset + 8 * number, "dictionary block offset")
        let length = Int(try dictionary.u32(start))
        guard start >= StoreFormat.headerSize, length >= 1, start + 4 + length + 4 <= blockIndexOffset else {
            throw dictionary.corrupt("dictionary block \(number) has an impossible length \(length)")
        }
        if !verifiedBlocks.contains(number) {
            try dictionary.verify(start + 4, length, expected: try dictionary.u32(start + 4 + length), "dictionary block \(number)")
            verifiedBlocks.insert(number)
        }
        return (start, length)
    }

    /// A cursor over block `number`'s entries (checksum verified), how many terms it holds (as
    /// many as its place requires) and its payload length.
    private func blockEntries(_ number: Int) throws(IndexStoreError) -> (cursor: ByteCursor, count: Int, length: Int) {
        let (start, length) = try verifiedBlock(number)
        let count = Int(try dictionary.u8(start + 4))
        let expected = number == blockCount - 1
            ? termCount - number * StoreFormat.termsPerBlock : StoreFormat.termsPerBlock
        guard count == expected else { throw dictionary.corrupt("dictionary block \(number) holds \(count) terms, not \(expected)") }
        return (ByteCursor(dictionary, from: start + 5, to: start + 4 + length), count, length)
    }

    /// A decoded dictionary block: its terms in order with their entries.
    func block(_ number: Int) throws(IndexStoreError) -> [(term: [UInt8], entry: SegmentTermEntry)] {
        var (cursor, count, length) = try blockEntries(number)
        var result: [(term: [UInt8], entry: SegmentTermEntry)] = []
        result.reserveCapacity(count)
        var previous: [UInt8] = []
        var offset = 0
        for _ in 0..<count {
            let shared = try cursor.int(max: previous.count, "shared prefix length")
            let suffix = try cursor.int(max: length, "term length")
            var term = Array(previous[0..<shared])
            term += try cursor.bytes(suffix)
            if let last = result.last?.term, !last.lexicographicallyPrecedes(term) {
                throw dictionary.corrupt("terms out of order in dictionary block \(number)")
            }
            var entry = SegmentTermEntry()
            for field in DocumentField.allCases {
                let frequency = try cursor.int(max: record.documents, "document frequency")
                entry.frequencies[field.index] = frequency
                if frequency > 0 { offset = try nextPostingsOffset(&cursor, after: offset) }
                entry.postingsOffsets[field.index] = frequency > 0 ? offset : 0
            }
            result.append((term, entry))
            previous = term
        }
        guard cursor.atEnd else { throw dictionary.corrupt("trailing bytes in dictionary block \(number)") }
        return result
    }

    /// The postings offset of the next region of a dictionary block: its difference from the
    /// previous region's `offset` in the block (0 before the first).
    private func nextPostingsOffset(_ cursor: inout ByteCursor, after offset: Int) throws(IndexStoreError) -> Int {
        let delta = try cursor.int(max: postings.count, "postings offset")
        guard delta <= postings.count - offset else { throw dictionary.corrupt("postings offset \(offset) + \(delta) out of range") }
        return offset + delta
    }

    /// The first term of block `number`, in place in the mapped file.
    private func firstTerm(ofBlock number: Int) throws(IndexStoreError) -> UnsafeRawBufferPointer {
        // Verified like every block read: a damaged first term would send the search astray.
        _ = try verifiedBlock(number)
        guard let first = unverifiedFirstTerm(ofBlock: number, in: try dictionary.bytes(0, dictionary.count)) else {
            throw dictionary.corrupt("dictionary block \(number) has no first term")
        }
        return first
    }

    /// The first term of block `number`, read in place without verifying the block's checksum
    /// (`nil` when its bytes do not hold one): only to steer the search for a block, whose
    /// answer is then confirmed on verified blocks.
    private func unverifiedFirstTerm(ofBlock number: Int, in raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        // The block index was verified at open.
        let entry = blockIndexOffset + 8 * number
        guard entry >= 0, entry <= raw.count - 8 else { return nil }
        let start = Int(truncatingIfNeeded: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: entry, as: UInt64.self)))
        guard start >= StoreFormat.headerSize, start <= blockIndexOffset - 5 else { return nil }
        let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
        guard length >= 1, length <= blockIndexOffset - start - 8 else { return nil }
        let payload = UnsafeRawBufferPointer(rebasing: raw[(start + 5)..<(start + 4 + length)])
        var at = 0
        guard Self.varint(payload, &at) == 0, let termLength = Self.varint(payload, &at),
              termLength <= payload.count - at
        else { return nil }
        return UnsafeRawBufferPointer(rebasing: payload[at..<(at + termLength)])
    }

    /// The last block whose first term is at most `key` (0 when none is).
    ///
    /// The binary search reads first terms unverified; only the two blocks that bound its answer
    /// are verified, which is enough: damage elsewhere can not hide a term.
    private func block(containing key: UnsafeBufferPointer<UInt8>) throws(IndexStoreError) -> Int {
        let raw = try dictionary.bytes(0, dictionary.count)
        var low = 0
        var high = blockCount
        // Find the first block whose first term is greater than key.
        while low < high {
            let middle = low + (high - low) / 2
            guard let first = unverifiedFirstTerm(ofBlock: middle, in: raw) else {
                // Damaged: the verified read names the damage.
                _ = try firstTerm(ofBlock: middle)
                throw dictionary.corrupt("dictionary block \(middle) has no first term")
            }
            if Self.compare(UnsafeRawBufferPointer(key), first) >= 0 {
                low = middle + 1
            } else {
                high = middle
            }
        }
        // `low` is the first block above `key` and `low - 1` the last at most `key`: both were
        // probed (or lie past an end). Verified, their first terms are the ones the probes
        // read, so the answer holds whatever damage other blocks carry.
        if low > 0 { _ = try firstTerm(ofBlock: low - 1) }
        if low < blockCount { _ = try firstTerm(ofBlock: low) }
        return max(0, low - 1)
    }

    /// The byte-wise order of `a` and `b`: negative, 0 or positive as `a` sorts before, equal to
    /// or after `b`.
    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    /// The entry of `term`, or `nil` when the segment does not contain it.
    ///
    /// Scans the term's block without rebuilding its terms: each entry says how many leading
    /// bytes it shares with the one before, which, with how many the one before shares with
    /// `term`, tells whether it can be `term` before any of its own bytes are compared.
    func entry(of term: UnsafeBufferPointer<UInt8>) throws(IndexStoreError) -> SegmentTermEntry? {
        guard blockCount > 0 else { return nil }
        let number = try block(containing: term)
        let (cursor, count, length) = try blockEntries(number)
        // The block's entries, checksum verified, read in place.
        let raw = try dictionary.bytes(cursor.offset, length - 1)
        func corrupt(_ what: String) -> IndexStoreError {
            dictionary.corrupt("\(what) in dictionary block \(number)")
        }
        // The previous term precedes `term` and agrees with it on its first `matched` bytes.
        var matched = 0
        var previousLength = 0
        var offset = 0
        var at = 0
        for _ in 0..<count {
            guard let shared = Self.varint(raw, &at), shared <= previousLength else { throw corrupt("a bad shared prefix length") }
            guard let suffixLength = Self.varint(raw, &at), suffixLength <= raw.count - at else {
                throw corrupt("a term running past the block")
            }
            let suffix = UnsafeRawBufferPointer(rebasing: raw[at..<(at + suffixLength)])
            at += suffixLength
            previousLength = shared + suffixLength
            var found = false
            if shared < matched {
                // It leaves the previous term where that one still agreed with `term`, upwards: past it.
                return nil
            } else if shared == matched {
                var same = 0
                let rest = term.count - shared
                while same < suffixLength, same < rest, suffix[same] == term[shared + same] { same += 1 }
                if same == suffixLength, same == rest {
                    found = true
                } else if same < suffixLength, same == rest || suffix[same] > term[shared + same] {
                    return nil
                } else {
                    matched = shared + same
                }
            }
            // (shared > matched: it agrees with the previous term where that one is below `term`.)
            if found {
                var entry = SegmentTermEntry()
                for field in 0..<Self.fieldCount {
                    let frequency = try nextFrequency(raw, &at, offset: &offset, in: number)
                    entry.frequencies[field] = frequency
                    entry.postingsOffsets[field] = frequency > 0 ? offset : 0
                }
                return entry
            }
            for _ in 0..<Self.fieldCount { _ = try nextFrequency(raw, &at, offset: &offset, in: number) }
        }
        return nil
    }

    /// The number of fields, each with its frequency (and postings offset) in a dictionary entry.
    private static let fieldCount = DocumentField.allCases.count

    /// Reads one field's document frequency of a dictionary entry at `at` in `raw` (block
    /// `number`'s entries), and when it is not 0, adds its postings offset delta to `offset`.
    @inline(__always)
    private func nextFrequency(_ raw: UnsafeRawBufferPointer, _ at: inout Int, offset: inout Int, in number: Int)
        throws(IndexStoreError) -> Int
    {
        guard let frequency = Self.varint(raw, &at), frequency <= record.documents else {
            throw dictionary.corrupt("a bad document frequency in dictionary block \(number)")
        }
        if frequency > 0 {
            guard let delta = Self.varint(raw, &at), delta <= postings.count - offset else {
                throw dictionary.corrupt("a postings offset out of range in dictionary block \(number)")
            }
            offset += delta
        }
        return frequency
    }

    /// The unsigned LEB128 value at `at` in `raw` (moving `at` past it), or `nil` when it runs
    /// past the end or over 56 bits.
    @inline(__always)
    private static func varint(_ raw: UnsafeRawBufferPointer, _ at: inout Int) -> Int? {
        var result = 0
        var shift = 0
        while at < raw.count {
            let byte = raw[at]
            at += 1
            result |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 56 { return nil }
        }
        return nil
    }

    /// The first `limit` terms (in order) that begin with `prefix` and come after `previous`
    /// (or the first of all), with their entries: one pass over the dictionary blocks they lie in.
    func terms(withPrefix prefix: [UInt8], after previous: [UInt8]?, limit: Int) throws(IndexStoreError)
        -> [(term: [UInt8], entry: SegmentTermEntry)]
    {
        guard blockCount > 0, limit > 0 else { return [] }
        var result: [(term: [UInt8], entry: SegmentTermEntry)] = []
        let key = previous ?? prefix
        var number = 0
        var failure: IndexStoreError?
        key.withUnsafeBufferPointer { key in
            do throws(IndexStoreError) { number = try block(containing: key) } catch { failure = error }
        }
        if let failure { throw failure }
        while number < blockCount {
            for item in try block(number) {
                let after = previous.map { $0.lexicographicallyPrecedes(item.term) }
                    ?? !item.term.lexicographicallyPrecedes(prefix)
                guard after else { continue }
                guard item.term.starts(with: prefix) else { return result }
                result.append(item)
                if result.count == limit { return result }
            }
            number += 1
        }
        return result
    }

    /// Calls `body` with every term and entry, in order (for checking).
    func forEachTerm(_ body: ([UInt8], SegmentTermEntry) throws(IndexStoreError) -> Void) throws(IndexStoreError) {
        var previous: [UInt8]?
        for number in 0..<blockCount {
            for item in try block(number) {
                if let previous, !previous.lexicographicallyPrecedes(item.term) {
                    throw dictionary.corrupt("terms out of order at dictionary block \(number)")
                }
                try body(item.term, item.entry)
                previous = item.term
            }
        }
    }

    // MARK: - Postings

    /// Appends the postings of a term in `field` (`frequency` documents in the region at
    /// `offset`) to `list`, with document numbers made global, and one block summary per
    /// postings block.
    ///
    /// Postings of deleted documents are left out unless `includeDeleted`; the list's `skips`
    /// receive, for each posting appended, how many positions of its chunk come before its own.
    func decodePostings(at offset: Int, frequency: Int, field: DocumentField, into list: inout DecodedPostings,
                        includeDeleted: Bool = false) throws(IndexStoreError)
    {
        var walk = try startWalk(at: offset, frequency: frequency)
        let size = PostingBlock.size
        let reserve = list.count + frequency
        list.documents.reserveCapacity(reserve)
        list.frequencies.reserveCapacity(reserve)
        list.skips.reserveCapacity(reserve)
        list.reserveBlocks(walk.blocks)
        var scratch = [UInt32](repeating: 0, count: 3 * size)
        try scratch.withUnsafeMutableBufferPointer { buffer throws(IndexStoreError) in
            guard let values = buffer.baseAddress else { return }
            while let block = try nextBlock(&walk, reaching: 0, into: values, includeDeleted: includeDeleted) {
                let before = list.count
                list.documents.append(contentsOf: UnsafeBufferPointer(start: values, count: block.count))
                list.frequencies.append(contentsOf: UnsafeBufferPointer(start: values + size, count: block.count))
                list.skips.append(contentsOf: UnsafeBufferPointer(start: values + 2 * size, count: block.count))
                if block.count > 0 {
                    let chunk = block.chunk
                    list.chunks.append(PositionsChunk(segment: list.segmentNumber(of: self), firstPosting: before,
                                                      offset: chunk.offset, length: chunk.length, crc: chunk.crc,
                                                      inline: chunk.inline))
                }
                if let bounds = block.bounds {
                    list.appendBlock(end: list.count, maximumFrequency: bounds.maximumFrequency,
                                     minimumLength: bounds.minimumLength)
                } else {
                    // The compact form has no skip entry: its bounds are read off the block itself.
                    var maximumFrequency: UInt32 = 0
                    var minimumLength = UInt32.max
                    for posting in before..<list.count {
                        maximumFrequency = max(maximumFrequency, list.frequencies[posting])
                        let length = try lengths.u32(StoreFormat.lengthsOffset + 4 * (field.index * record.documents
                                                               + Int(list.documents[posting] - base)))
                        minimumLength = min(minimumLength, length)
                    }
                    list.appendBlock(end: list.count, maximumFrequency: maximumFrequency, minimumLength: minimumLength)
                }
            }
        }
        guard endsItsRegion(walk) else { throw postings.corrupt("postings region at \(offset) has trailing bytes") }
    }

    /// The postings region of `blocks` (at least 2) blocks at `offset`, bounds and checksum
    /// verified (`u32 length | u32 CRC | u64 first positions offset | skip entries | blocks`),
    /// and the offset in the positions file of its first block's chunk (the others follow).
    func postingsRegion(at offset: Int, blocks: Int) throws(IndexStoreError)
        -> (region: UnsafeRawBufferPointer, firstPositions: Int)
    {
        let length = Int(try postings.u32(offset))
        guard length >= StoreFormat.postingsRegionHeaderSize + blocks * StoreFormat.skipEntrySize,
              offset + length <= postings.count - StoreFormat.footerSize
        else { throw postings.corrupt("postings region at \(offset) has an impossible length \(length)") }
        try verifyOnce(postings, offset + 8, length - 8, expected: try postings.u32(offset + 4), in: verifiedPostings,
                       "the postings at \(offset)")
        // The chunks follow each other in the positions file from the region's first one.
        let firstPositions = try postings.u64(offset + 8)
        guard firstPositions <= UInt64(positions.count) else {
            throw postings.corrupt("positions offset \(firstPositions) exceeds the size of \(positions.name)")
        }
        // The region, checksum verified: its skip entries are read in place.
        return (try postings.bytes(offset, length), Int(firstPositions))
    }

    /// The body of the compact postings region at `offset` (a term's postings that fit one
    /// block: `vint bodyLength | u32 CRC | body`, the body being the block then its
    /// positions), bounds and checksum verified.
    func compactPostingsBody(at offset: Int) throws(IndexStoreError) -> Range<Int> {
        let limit = postings.count - StoreFormat.footerSize
        var head = ByteCursor(postings, from: offset, to: limit)
        let length = try head.int(max: limit, "postings length")
        let bodyStart = head.offset + 4
        guard length >= 3, bodyStart + length <= limit else {
            throw postings.corrupt("postings region at \(offset) has an impossible length \(length)")
        }
        try verifyOnce(postings, bodyStart, length, expected: try postings.u32(head.offset), in: verifiedPostings,
                       "the postings at \(offset)")
        return bodyStart..<(bodyStart + length)
    }

    /// Decodes the block of `count` (at least 1) postings whose packed document gaps start at
    /// `start` in the postings file into `documents` (global numbers), `frequencies` and
    /// `skips` (how many positions of the block's chunk come before each posting's own), every
    /// posting kept; moves `previous` to the block's last local document and returns how many
    /// bytes the packed values take.
    func decodeBlock(at start: Int, count: Int, documentBits: UInt8, frequencyBits: UInt8, previous: inout Int64,
                     documents: UnsafeMutablePointer<UInt32>, frequencies: UnsafeMutablePointer<UInt32>,
                     skips: UnsafeMutablePointer<UInt32>) throws(IndexStoreError) -> Int
    {
        guard documentBits <= 32, frequencyBits <= 32 else {
            throw postings.corrupt("bit width \(max(documentBits, frequencyBits)) exceeds 32 at \(start - 2)")
        }
        // The values may be read with whole-word loads up to the end of the file.
        let available = try postings.bytes(start, postings.count - start)
        guard let source = available.baseAddress else {
            throw postings.corrupt("postings block at \(start - 2) lies at the end of the file")
        }
        let used = cstore_decode_postings_block(
            source.assumingMemoryBound(to: UInt8.self), available.count, count, UInt32(documentBits),
            UInt32(frequencyBits), &previous, Int64(record.documents), base, documents, frequencies, skips)
        guard used >= 0 else {
            throw postings.corrupt("postings block at \(start - 2) does not decode: bits run past the file, a document "
                                   + "past the \(record.documents) of the segment or a frequency out of range")
        }
        return used
    }

    /// Throws unless the CRC-32C of `offset..<offset + length` in `view` is `expected`, unless
    /// `memo` records that it was verified before (the files never change once written).
    private func verifyOnce(_ view: ByteView, _ offset: Int, _ length: Int, expected: UInt32, in memo: borrowing Mutex<Set<Int>>,
                            _ what: @autoclosure () -> String) throws(IndexStoreError)
    {
        guard remembersVerifiedUnits else { return try view.verify(offset, length, expected: expected, what()) }
        if memo.withLock({ $0.contains(offset) }) { return }
        try view.verify(offset, length, expected: expected, what())
        memo.withLock { _ = $0.insert(offset) }
    }

    /// The bytes of `chunk`, bounds and checksum verified.
    func chunkBytes(_ chunk: PositionsChunk) throws(IndexStoreError) -> UnsafeRawBufferPointer {
        let file = file(of: chunk)
        try file.check(chunk.offset, chunk.length, "positions")
        guard chunk.offset >= StoreFormat.headerSize, chunk.offset + chunk.length <= file.count - StoreFormat.footerSize else {
            throw file.corrupt("positions at \(chunk.offset) overlap the header or footer")
        }
        // An inline chunk was verified with its postings region.
        if !chunk.inline {
            try verifyOnce(positions, chunk.offset, chunk.length, expected: chunk.crc, in: verifiedPositions, "positions")
        }
        return try file.bytes(chunk.offset, chunk.length)
    }

    /// Every value of `chunk` as stored (each posting's first position, then differences),
    /// checksum verified.
    func positionValues(in chunk: PositionsChunk) throws(IndexStoreError) -> [UInt32] {
        let raw = try chunkBytes(chunk)
        var result = [UInt32](repeating: 0, count: chunk.length)
        var count = 0
        try decodeValues(raw, chunk: chunk) { value in
            result[count] = value
            count += 1
            return true
        }
        result.removeLast(result.count - count)
        return result
    }

    /// Appends one posting's positions to `buffer`: the running sums of the `count` values of
    /// `chunk` that follow its first `skipping` values, read from where `cursor` stopped (from
    /// the chunk's start, checksum verified, when it stopped past them or has not started)
    /// without decoding the rest of the chunk.
    func appendPositions(in chunk: PositionsChunk, from cursor: inout PositionsCursor, skipping: Int, count: Int,
                         to buffer: inout [UInt32]) throws(IndexStoreError)
    {
        try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { values throws(IndexStoreError) in
            guard let base = values.baseAddress else { return }
            try readPositions(in: chunk, from: &cursor, skipping: skipping, count: count, into: base)
            buffer.append(contentsOf: values)
        }
    }

    /// Writes one posting's positions to `out` (room for `count`), read like
    /// ``appendPositions(in:from:skipping:count:to:)``.
    func readPositions(in chunk: PositionsChunk, from cursor: inout PositionsCursor, skipping: Int, count: Int,
                       into out: UnsafeMutablePointer<UInt32>) throws(IndexStoreError)
    {
        if cursor.value > skipping || cursor.bytes == nil { cursor = PositionsCursor(bytes: try chunkBytes(chunk)) }
        if let problem = cursor.read(skipping: skipping, count: count, into: out) {
            throw positionsProblem(problem, in: chunk)
        }
    }

    /// The error for a chunk whose values do not hold what its postings say.
    func positionsProblem(_ problem: PositionsCursor.Problem, in chunk: PositionsChunk) -> IndexStoreError {
        switch problem {
        case .overflow: return file(of: chunk).corrupt("a variable-length integer overflows at \(chunk.offset)")
        case .outOfRange: return file(of: chunk).corrupt("a position is out of range in the chunk at \(chunk.offset)")
        case .tooFew: return file(of: chunk).corrupt("positions chunk at \(chunk.offset) holds fewer positions than its postings")
        }
    }

    /// Calls `body` with each LEB128 value of `raw` (the bytes of `chunk`) in order until it
    /// returns false. Each value is below 2³² − 1: at most five bytes.
    private func decodeValues(_ raw: UnsafeRawBufferPointer, chunk: PositionsChunk, _ body: (UInt32) -> Bool)
        throws(IndexStoreError)
    {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in raw {
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard value < UInt64(UInt32.max) else {
                    throw file(of: chunk).corrupt("position \(value) out of range at \(chunk.offset)")
                }
                guard body(UInt32(truncatingIfNeeded: value)) else { return }
                value = 0
                shift = 0
            } else {
                shift += 7
                guard shift < 35 else { throw file(of: chunk).corrupt("a variable-length integer overflows at \(chunk.offset)") }
            }
        }
        guard shift == 0 else {
            throw file(of: chunk).corrupt("a variable-length integer runs past its record at \(chunk.offset)")
        }
    }

    // MARK: - Per document

    /// The length of `field` in local document `document`.
    func length(of document: Int, in field: DocumentField) throws(IndexStoreError) -> Int {
        Int(try lengths.u32(StoreFormat.lengthsOffset + 4 * (field.index * record.documents + document)))
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
            guard local >= 0, local < record.documents else {
                throw lengths.corrupt("document \(document) is not in segment \(record.name)")
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
        try lengthNorms.norms(of: field, bm25: bm25) { () throws(IndexStoreError) -> [Double] in
            let first = StoreFormat.lengthsOffset + 4 * field.index * record.documents
            try lengths.check(first, 4 * record.documents, "the lengths of \(field.rawValue)")
            let table = lengths.file.base + first
            return (0..<record.documents).map { document in
                bm25.norm(length: Int(UInt32(littleEndian: table.loadUnaligned(fromByteOffset: 4 * document, as: UInt32.self))))
            }
        }
    }

    /// The stored document `document` (local number).
    func document(_ document: Int) throws(IndexStoreError) -> Document {
        guard document >= 0, document < record.documents else {
            throw stored.corrupt("no document \(document) among \(record.documents)")
        }
        let documents = try storedBlock(try storedBlockNumber(holding: document), only: document)
        guard let found = documents.records.first, documents.records.count == 1 else {
            throw stored.corrupt("the block index does not lead to document \(document)")
        }
        return Document(id: try identifier(of: document), title: found.title, text: found.text)
    }

    /// The identifier of document `document` (local number), read from its group of
    /// identifiers (checksum verified) without decompressing anything.
    func identifier(of document: Int) throws(IndexStoreError) -> String {
        guard document >= 0, document < record.documents else {
            throw stored.corrupt("no document \(document) among \(record.documents)")
        }
        let group = document / StoreFormat.identifiersPerGroup
        let cursor = try identifierGroup(group)
        let raw = try stored.bytes(cursor.offset, cursor.end - cursor.offset)
        let wanted = document % StoreFormat.identifiersPerGroup
        // Decoded forward: each record's suffix is written over the identifier before it, after
        // the prefix they share. No identifier is longer than the group's bytes.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, raw.count)) {
            buffer throws(IndexStoreError) -> String in
            var at = 0
            var length = 0
            for _ in 0...wanted {
                guard let shared = Self.varint(raw, &at), shared <= length else {
                    throw stored.corrupt("a bad shared identifier prefix in group \(group)")
                }
                guard let suffix = Self.varint(raw, &at), suffix <= raw.count - at, shared + suffix <= buffer.count else {
                    throw stored.corrupt("an identifier running past group \(group)")
                }
                for offset in 0..<suffix { buffer[shared + offset] = raw[at + offset] }
                at += suffix
                length = shared + suffix
            }
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<length])
            // Identifiers are mostly ASCII, which needs no validating.
            if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            guard let found = String(validating: bytes, as: UTF8.self) else {
                throw stored.corrupt("identifier of document \(document) is not valid UTF-8")
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
        let count = min(StoreFormat.identifiersPerGroup, record.documents - first)
        var result: [String] = []
        result.reserveCapacity(count)
        var bytes: [UInt8] = []
        for index in 0..<count {
            try nextIdentifier(&cursor, after: &bytes)
            guard let identifier = String(validating: bytes, as: UTF8.self) else {
                throw stored.corrupt("identifier of document \(first + index) is not valid UTF-8")
            }
            result.append(identifier)
        }
        guard cursor.atEnd else { throw stored.corrupt("trailing bytes in identifier group \(group)") }
        return result
    }

    /// The bounds of identifier group `group`: from its index entry to the next group (or the
    /// block index), checksum verified; a cursor over its records.
    private func identifierGroup(_ group: Int) throws(IndexStoreError) -> ByteCursor {
        let groups = (record.documents + StoreFormat.identifiersPerGroup - 1) / StoreFormat.identifiersPerGroup
        guard group >= 0, group < groups else { throw stored.corrupt("no identifier group \(group) among \(groups)") }
        let entry = identifierIndexOffset + StoreFormat.identifierIndexEntrySize * group
        let start = try stored.offset(entry, "identifier group offset")
        let end = group + 1 < groups
            ? try stored.offset(entry + StoreFormat.identifierIndexEntrySize, "identifier group offset")
            : storedIndexOffset
        guard start >= identifiersOffset, start + 4 <= end, end <= storedIndexOffset else {
            throw stored.corrupt("identifier group \(group) at \(start) has impossible bounds")
        }
        if !verifiedIdentifierGroups.contains(group) {
            try stored.verify(start, end - 4 - start, expected: try stored.u32(end - 4), "identifier group \(group)")
            verifiedIdentifierGroups.insert(group)
        }
        return ByteCursor(stored, from: start, to: end - 4)
    }

    /// Stored block `number` decompressed, checksum verified: the local number of its first
    /// document, its number of records and its records' bytes (not yet checked).
    func rawStoredBlock(_ number: Int) throws(IndexStoreError) -> (first: Int, count: Int, raw: [UInt8]) {
        guard number >= 0, number < storedBlockCount else {
            throw stored.corrupt("no stored block \(number) among \(storedBlockCount)")
        }
        let entry = storedIndexOffset + StoreFormat.storedIndexEntrySize * number
        let start = try stored.offset(entry, "block offset")
        let first = Int(try stored.u32(entry + 8))
        let count = Int(try stored.u32(entry + 12))
        let header = StoreFormat.storedBlockHeaderSize
        guard start >= storedBlocksOffset, start + header <= identifiersOffset,
              try stored.u32(start) == UInt32(first), try stored.u32(start + 4) == UInt32(count),
              count > 0, first + count <= record.documents
        else { throw stored.corrupt("stored block \(number) at \(start) does not match its index entry") }
        let rawLength = Int(try stored.u32(start + 8))
        let length = Int(try stored.u32(start + 12))
        guard length <= identifiersOffset - start - header - 4 else {
            throw stored.corrupt("stored block \(number) at \(start) has an impossible length \(length)")
        }
        try stored.verify(start, header + length, expected: try stored.u32(start + header + length),
                          "stored block \(number)")
        // Each record takes at least two bytes; zstd gives at most 128 KiB for 4 bytes (one
        // repeated byte), so a frame of `length` bytes at most 32 KiB per byte.
        guard rawLength >= 2 * count, rawLength <= 32768 * length else {
            throw stored.corrupt("stored block \(number) at \(start) has an impossible size \(rawLength)")
        }
        // The whole block is decompressed (cheap with zstd) and must come out exactly
        // `rawLength` bytes long.
        guard let raw = storedDecompression.decompress(try stored.bytes(start + header, length), count: rawLength) else {
            throw stored.corrupt("stored block \(number) at \(start) does not decompress")
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
        guard cursor == raw.count else { throw stored.corrupt("trailing bytes in stored block \(number)") }
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
                throw stored.corrupt("a record of stored block \(number) ends early")
            }
            let byte = raw[cursor]
            cursor += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard length <= raw.count - cursor else { throw stored.corrupt("a string runs past stored block \(number)") }
        defer { cursor += length }
        return cursor..<(cursor + length)
    }

    /// The number of the stored block holding local document `document` (the last block whose
    /// first document is at most `document`).
    func storedBlockNumber(holding document: Int) throws(IndexStoreError) -> Int {
        var low = 0
        var high = storedBlockCount
        while low < high {
            let middle = low + (high - low) / 2
            let first = Int(try stored.u32(storedIndexOffset + StoreFormat.storedIndexEntrySize * middle + 8))
            if first <= document { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// The titles and texts of stored block `number`, decompressed and checksum verified, with
    /// the local number of its first document; with `only`, just that document (none when the
    /// block does not hold it), the records before it skipped without decoding them.
    func storedBlock(_ number: Int, only: Int? = nil) throws(IndexStoreError)
        -> (first: Int, records: [(title: String, text: String)])
    {
        let (first, count, raw) = try rawStoredBlock(number)
        var records: [(title: String, text: String)] = []
        records.reserveCapacity(only == nil ? count : 1)
        var cursor = 0
        func string(_ wanted: Bool) throws(IndexStoreError) -> String {
            let range = try nextStoredString(in: raw, at: &cursor, block: number)
            guard wanted else { return "" }
            do throws(StoredTextCodec.DecodingError) {
                return try StoredTextCodec.decode(raw[range])
            } catch {
                throw stored.corrupt("stored block \(number): \(error)")
            }
        }
        for index in 0..<count {
            let wanted = only.map { $0 == first + index } ?? true
            let title = try string(wanted)
            let text = try string(wanted)
            if wanted { records.append((title, text)) }
            if wanted, only != nil { return (first, records) }
        }
        guard cursor == raw.count else { throw stored.corrupt("trailing bytes in stored block \(number)") }
        return (first, records)
    }

    /// Calls `body` with every stored document in order, local number and document, one block
    /// decompressed at a time.
    func forEachDocument(_ body: (Int, Document) throws(IndexStoreError) -> Void) throws(IndexStoreError) {
        var expected = 0
        var identifiers: [String] = []
        var identifiersFirst = 0
        for number in 0..<storedBlockCount {
            let (first, records) = try storedBlock(number)
            guard first == expected else { throw stored.corrupt("stored block \(number) starts at document \(first), not \(expected)") }
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
        guard expected == record.documents else {
            throw stored.corrupt("the blocks hold \(expected) documents, not \(record.documents)")
        }
    }
}

/// Numbers of units (dictionary blocks, identifier groups) whose checksums were verified, so
/// each is checked on its first read only (the files never change once written); shared by
/// the threads that search one segment.
final class VerifiedNumbers: Sendable {
    private let words = Mutex<[UInt64]>([])

    func contains(_ number: Int) -> Bool {
        let (word, bit) = (number / 64, UInt64(1) << UInt64(number % 64))
        return words.withLock { $0.count > word && $0[word] & bit != 0 }
    }

    func insert(_ number: Int) {
        let (word, bit) = (number / 64, UInt64(1) << UInt64(number % 64))
        words.withLock { words in
            if words.count <= word { words += [UInt64](repeating: 0, count: word + 1 - words.count) }
            words[word] |= bit
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
