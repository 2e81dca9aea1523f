import Foundation

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

/// Reads positions (docs/FORMAT.md, `.pos`): the chunk of a postings block, in the positions
/// file or inline at the end of a one-block term's postings region; each chunk's checksum is
/// verified on its first read (an inline chunk's with its region).
final class PositionsReader: Sendable {
    /// The postings file (for inline chunks) and the positions file.
    let postings: ByteView
    let positions: ByteView
    /// The chunks whose checksums were verified.
    private let verified: VerifiedOffsets

    init(postings: ByteView, positions: ByteView, remembersVerifiedUnits: Bool) {
        self.postings = postings
        self.positions = positions
        verified = VerifiedOffsets(remembers: remembersVerifiedUnits)
    }

    /// The file `chunk` lies in.
    func file(of chunk: PositionsChunk) -> ByteView { chunk.inline ? postings : positions }

    /// The bytes of `chunk`, bounds and checksum verified.
    func chunkBytes(_ chunk: PositionsChunk) throws(IndexStoreError) -> UnsafeRawBufferPointer {
        let file = file(of: chunk)
        try file.check(chunk.offset, chunk.length, "positions")
        guard chunk.offset >= StoreFormat.headerSize, chunk.offset + chunk.length <= file.count - StoreFormat.footerSize else {
            throw file.corrupt("positions at \(chunk.offset) overlap the header or footer")
        }
        // An inline chunk was verified with its postings region.
        if !chunk.inline {
            try verified.verify(positions, chunk.offset, chunk.length, expected: chunk.crc, "positions")
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
}

extension PositionsReader {
    /// Verifies a positions chunk: checksum, and exactly the positions its postings need.
    func checkPositions(_ chunk: PositionsChunk, postings range: Range<Int>, frequencies: [UInt32]) throws(IndexStoreError) {
        let positions = file(of: chunk)
        try positions.check(chunk.offset, chunk.length, "positions")
        // An inline chunk is part of its postings region, verified when the postings were decoded.
        if !chunk.inline { try positions.verify(chunk.offset, chunk.length, expected: chunk.crc, "positions") }
        var cursor = ByteCursor(positions, from: chunk.offset, to: chunk.offset + chunk.length)
        for posting in range {
            var position: UInt64 = 0
            for _ in 0..<frequencies[posting] {
                position += try cursor.vbyte()
                guard position < UInt64(UInt32.max) else { throw positions.corrupt("position out of range at \(cursor.offset)") }
            }
        }
        guard cursor.atEnd else { throw positions.corrupt("positions at \(chunk.offset) hold more than their postings need") }
    }
}
