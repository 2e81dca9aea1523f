import Foundation
import Synchronization

/// Where one term's postings of one field are in a segment.
struct SegmentTermEntry: Sendable, Hashable {
    /// Document frequency and postings region offset, by ``DocumentField/index`` (offset
    /// meaningless when the frequency is 0).
    var frequencies = PerField(repeating: 0)
    var postingsOffsets = PerField(repeating: 0)
}

/// Reads a segment's term dictionary (docs/FORMAT.md, `.dict`) in place: a term's entry by
/// binary search over the blocks' first terms and a scan of one block, the terms of a prefix,
/// every term in order. Each block's checksum is verified on its first read.
final class TermDictionaryReader: Sendable {
    /// The mapped file.
    let file: ByteView
    let termCount: Int
    let blockCount: Int
    let blockIndexOffset: Int
    /// The segment's number of documents (a document frequency's bound) and the size of its
    /// postings file (a postings offset's bound).
    private let documentCount: Int
    private let postingsSize: Int
    /// One bit per dictionary block whose checksum was verified: a block is checked on its first
    /// read only (the files never change once written).
    private let verifiedBlocks = VerifiedNumbers()

    /// Checks the trailer and the block index (verified whole) of `file`, the dictionary of a
    /// segment of `record.terms` terms and `record.documents` documents.
    init(file: ByteView, record: SegmentRecord, postingsSize: Int) throws(IndexStoreError) {
        self.file = file
        documentCount = record.documents
        self.postingsSize = postingsSize
        // Every term takes at least two bytes of the dictionary.
        guard record.terms <= file.count / 2 else {
            throw file.corrupt("too small for \(record.terms) terms")
        }
        let trailer = file.count - StoreFormat.footerSize - 32
        guard trailer >= StoreFormat.headerSize else { throw file.corrupt("too short for its trailer") }
        let terms = try file.u64(trailer)
        let blocks = try file.u64(trailer + 8)
        let indexOffset = try file.offset(trailer + 16, "block index offset")
        guard terms == UInt64(record.terms) else {
            throw file.corrupt("\(terms) terms, the manifest says \(record.terms)")
        }
        let expectedBlocks = (record.terms + StoreFormat.termsPerBlock - 1) / StoreFormat.termsPerBlock
        guard blocks == UInt64(expectedBlocks), indexOffset >= StoreFormat.headerSize,
              indexOffset + 8 * expectedBlocks == trailer, try file.u32(trailer + 28) == 0
        else { throw file.corrupt("inconsistent block index (\(blocks) blocks at offset \(indexOffset))") }
        try file.verify(indexOffset, 8 * expectedBlocks, expected: try file.u32(trailer + 24), "the block index")
        termCount = record.terms
        blockCount = expectedBlocks
        blockIndexOffset = indexOffset
    }


    /// Where block `number`'s payload (count byte and entries) is, its checksum verified.
    private func verifiedBlock(_ number: Int) throws(IndexStoreError) -> (start: Int, length: Int) {
        let start = try file.offset(blockIndexOffset + 8 * number, "dictionary block offset")
        let length = Int(try file.u32(start))
        guard start >= StoreFormat.headerSize, length >= 1, start + 4 + length + 4 <= blockIndexOffset else {
            throw file.corrupt("dictionary block \(number) has an impossible length \(length)")
        }
        if !verifiedBlocks.contains(number) {
            try file.verify(start + 4, length, expected: try file.u32(start + 4 + length), "dictionary block \(number)")
            verifiedBlocks.insert(number)
        }
        return (start, length)
    }

    /// A cursor over block `number`'s entries (checksum verified), how many terms it holds (as
    /// many as its place requires) and its payload length.
    private func blockEntries(_ number: Int) throws(IndexStoreError) -> (cursor: ByteCursor, count: Int, length: Int) {
        let (start, length) = try verifiedBlock(number)
        let count = Int(try file.u8(start + 4))
        let expected = number == blockCount - 1
            ? termCount - number * StoreFormat.termsPerBlock : StoreFormat.termsPerBlock
        guard count == expected else { throw file.corrupt("dictionary block \(number) holds \(count) terms, not \(expected)") }
        return (ByteCursor(file, from: start + 5, to: start + 4 + length), count, length)
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
                throw file.corrupt("terms out of order in dictionary block \(number)")
            }
            var entry = SegmentTermEntry()
            for field in DocumentField.allCases {
                let frequency = try cursor.int(max: documentCount, "document frequency")
                entry.frequencies[field.index] = frequency
                if frequency > 0 { offset = try nextPostingsOffset(&cursor, after: offset) }
                entry.postingsOffsets[field.index] = frequency > 0 ? offset : 0
            }
            result.append((term, entry))
            previous = term
        }
        guard cursor.atEnd else { throw file.corrupt("trailing bytes in dictionary block \(number)") }
        return result
    }

    /// The postings offset of the next region of a dictionary block: its difference from the
    /// previous region's `offset` in the block (0 before the first).
    private func nextPostingsOffset(_ cursor: inout ByteCursor, after offset: Int) throws(IndexStoreError) -> Int {
        let delta = try cursor.int(max: postingsSize, "postings offset")
        guard delta <= postingsSize - offset else { throw file.corrupt("postings offset \(offset) + \(delta) out of range") }
        return offset + delta
    }

    /// The first term of block `number`, in place in the mapped file.
    private func firstTerm(ofBlock number: Int) throws(IndexStoreError) -> UnsafeRawBufferPointer {
        // Verified like every block read: a damaged first term would send the search astray.
        _ = try verifiedBlock(number)
        guard let first = unverifiedFirstTerm(ofBlock: number, in: try file.bytes(0, file.count)) else {
            throw file.corrupt("dictionary block \(number) has no first term")
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
        guard LEB128.read(payload, &at) == 0, let termLength = LEB128.read(payload, &at),
              termLength <= payload.count - at
        else { return nil }
        return UnsafeRawBufferPointer(rebasing: payload[at..<(at + termLength)])
    }

    /// The last block whose first term is at most `key` (0 when none is).
    ///
    /// The binary search reads first terms unverified; only the two blocks that bound its answer
    /// are verified, which is enough: damage elsewhere can not hide a term.
    private func block(containing key: UnsafeBufferPointer<UInt8>) throws(IndexStoreError) -> Int {
        let raw = try file.bytes(0, file.count)
        var low = 0
        var high = blockCount
        // Find the first block whose first term is greater than key.
        while low < high {
            let middle = low + (high - low) / 2
            guard let first = unverifiedFirstTerm(ofBlock: middle, in: raw) else {
                // Damaged: the verified read names the damage.
                _ = try firstTerm(ofBlock: middle)
                throw file.corrupt("dictionary block \(middle) has no first term")
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
        let raw = try file.bytes(cursor.offset, length - 1)
        func corrupt(_ what: String) -> IndexStoreError {
            file.corrupt("\(what) in dictionary block \(number)")
        }
        // The previous term precedes `term` and agrees with it on its first `matched` bytes.
        var matched = 0
        var previousLength = 0
        var offset = 0
        var at = 0
        for _ in 0..<count {
            guard let shared = LEB128.read(raw, &at), shared <= previousLength else { throw corrupt("a bad shared prefix length") }
            guard let suffixLength = LEB128.read(raw, &at), suffixLength <= raw.count - at else {
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
        guard let frequency = LEB128.read(raw, &at), frequency <= documentCount else {
            throw file.corrupt("a bad document frequency in dictionary block \(number)")
        }
        if frequency > 0 {
            guard let delta = LEB128.read(raw, &at), delta <= postingsSize - offset else {
                throw file.corrupt("a postings offset out of range in dictionary block \(number)")
            }
            offset += delta
        }
        return frequency
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
                    throw file.corrupt("terms out of order at dictionary block \(number)")
                }
                try body(item.term, item.entry)
                previous = item.term
            }
        }
    }
}
