import CStore
import Foundation

/// Reads postings (docs/FORMAT.md, `.post`): a term's region of bit-packed blocks with their
/// skip entries, decoded block by block (``PostingsWalk``) or whole
/// (``decodePostings(at:frequency:field:into:includeDeleted:)``); each region's checksum is
/// verified on its first read.
final class PostingsReader: Sendable {
    /// The postings file.
    let postings: ByteView
    /// The positions of the same segment, which decoded lists point into.
    let positionsReader: PositionsReader
    /// The segment's field lengths (a one-block term's bounds are computed from them).
    let lengths: FieldLengthsReader
    /// The number of documents in the segment and the global number of its first.
    let documentCount: Int
    let base: UInt32
    /// Whether each local document is deleted; `nil` when none is.
    let deletedMask: [Bool]?
    /// The regions whose checksums were verified.
    private let verified: VerifiedOffsets

    init(postings: ByteView, positions: PositionsReader, lengths: FieldLengthsReader, documentCount: Int, base: UInt32,
         deletedMask: [Bool]?, remembersVerifiedUnits: Bool)
    {
        self.postings = postings
        positionsReader = positions
        self.lengths = lengths
        self.documentCount = documentCount
        self.base = base
        self.deletedMask = deletedMask
        verified = VerifiedOffsets(remembers: remembersVerifiedUnits)
    }

    /// The positions file (for bounds on the chunks a region points to).
    var positions: ByteView { positionsReader.positions }


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
                    list.chunks.append(PositionsChunk(segment: list.segmentNumber(of: positionsReader), firstPosting: before,
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
                        let length = UInt32(try lengths.length(of: Int(list.documents[posting] - base), in: field))
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
        try verified.verify(postings, offset + 8, length - 8, expected: try postings.u32(offset + 4),
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
        try verified.verify(postings, bodyStart, length, expected: try postings.u32(head.offset),
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
            UInt32(frequencyBits), &previous, Int64(documentCount), base, documents, frequencies, skips)
        guard used >= 0 else {
            throw postings.corrupt("postings block at \(start - 2) does not decode: bits run past the file, a document "
                                   + "past the \(documentCount) of the segment or a frequency out of range")
        }
        return used
    }
}
