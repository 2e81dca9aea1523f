/// Where a forward read of one term's postings in one segment stands: the blocks passed over
/// and where the next one starts (see ``PostingsReader/nextBlock(_:reaching:into:includeDeleted:)``).
struct PostingsWalk {
    /// The postings region's offset in the postings file, and the term's document frequency
    /// in the segment (deleted documents included).
    let offset: Int
    let frequency: Int
    /// The region, checksum verified, when it has skip entries (two blocks or more); `nil` for
    /// the compact form of a single block.
    let region: UnsafeRawBufferPointer?
    let blocks: Int
    /// The number of the next block to read, where its packed values start in the region, and
    /// where its positions chunk starts in the positions file.
    var next = 0
    var blockStart: Int
    var positionsOffset: Int
    /// The last local document of the block before `next` (−1 before the first).
    var previous: Int64 = -1
}

extension PostingsReader {
    /// A walk over the postings region at `offset` of a term with `frequency` postings here,
    /// before its first block (the region's bounds and checksum verified).
    func startWalk(at offset: Int, frequency: Int) throws(IndexStoreError) -> PostingsWalk {
        guard offset >= StoreFormat.headerSize, frequency > 0 else {
            throw postings.corrupt("postings offset \(offset) lies in the header")
        }
        let blocks = (frequency + PostingBlock.size - 1) / PostingBlock.size
        guard blocks > 1 else {
            return PostingsWalk(offset: offset, frequency: frequency, region: nil, blocks: 1, blockStart: 0,
                                positionsOffset: 0)
        }
        let (region, firstPositions) = try postingsRegion(at: offset, blocks: blocks)
        return PostingsWalk(offset: offset, frequency: frequency, region: region, blocks: blocks,
                            blockStart: StoreFormat.postingsRegionHeaderSize + blocks * StoreFormat.skipEntrySize,
                            positionsOffset: firstPositions)
    }

    /// One block read by ``nextBlock(_:reaching:into:includeDeleted:)``.
    struct DecodedBlock {
        /// How many postings it holds (0 when every one is of a deleted document).
        let count: Int
        /// Where its positions are (`segment` and `firstPosting` are 0: the caller's to set).
        let chunk: PositionsChunk
        /// Its skip entry's bounds; `nil` for the compact form, which has no skip entry.
        let bounds: (maximumFrequency: UInt32, minimumLength: UInt32)?
    }

    /// Decodes the walk's first unread block whose last document is at least `target`
    /// (global), passing over the blocks before it by their skip entries, into `values`: the
    /// documents (global) from `values[0]`, their frequencies from
    /// `values[PostingBlock.size]` and positions skips from `values[2 * PostingBlock.size]`,
    /// deleted documents left out unless `includeDeleted`. Returns the block, or `nil` when no
    /// block is left.
    func nextBlock(_ walk: inout PostingsWalk, reaching target: UInt32, into values: UnsafeMutablePointer<UInt32>,
                   includeDeleted: Bool = false) throws(IndexStoreError) -> DecodedBlock?
    {
        let size = PostingBlock.size
        while walk.next < walk.blocks {
            let decoded: DecodedBlock
            if let region = walk.region {
                let number = walk.next
                let entry = try skipEntry(of: walk, in: region)
                let blockStart = walk.blockStart
                let chunk = PositionsChunk(segment: 0, firstPosting: 0, offset: walk.positionsOffset,
                                           length: entry.positionsLength, crc: entry.crc)
                let previous = walk.previous
                pass(entry, in: &walk)
                let lastDocument = entry.lastDocument
                let blockLength = entry.blockLength
                if UInt64(lastDocument) + UInt64(base) < UInt64(target) { continue }
                let count = min(size, walk.frequency - number * size)
                var reached = previous
                let used = try decodeBlock(at: walk.offset + blockStart + 2, count: count, documentBits: region[blockStart],
                                           frequencyBits: region[blockStart + 1], previous: &reached, documents: values,
                                           frequencies: values + size, skips: values + 2 * size)
                guard used == blockLength - 2 else {
                    throw postings.corrupt("postings block \(number) at \(walk.offset + blockStart) has the wrong length")
                }
                guard reached == Int64(lastDocument) else {
                    throw postings.corrupt("postings block \(number) at \(walk.offset + blockStart) does not end at its skip entry's document")
                }
                decoded = DecodedBlock(count: count, chunk: chunk, bounds: (entry.maximumFrequency, entry.minimumLength))
            } else {
                guard walk.frequency <= size else {
                    throw postings.corrupt("postings region at \(walk.offset) holds \(walk.frequency) postings in one block")
                }
                walk.next = 1
                let body = try compactPostingsBody(at: walk.offset)
                let used = try decodeBlock(at: body.lowerBound + 2, count: walk.frequency,
                                           documentBits: try postings.u8(body.lowerBound),
                                           frequencyBits: try postings.u8(body.lowerBound + 1), previous: &walk.previous,
                                           documents: values, frequencies: values + size, skips: values + 2 * size)
                let positionsStart = body.lowerBound + 2 + used
                // Every posting has at least one position, of at least one byte.
                guard positionsStart <= body.upperBound, body.upperBound - positionsStart >= walk.frequency else {
                    throw postings.corrupt("postings region at \(walk.offset) is too short for its positions")
                }
                decoded = DecodedBlock(count: walk.frequency,
                                       chunk: PositionsChunk(segment: 0, firstPosting: 0, offset: positionsStart,
                                                             length: body.upperBound - positionsStart, crc: 0, inline: true),
                                       bounds: nil)
            }
            guard !includeDeleted, let mask = deletedMask else { return decoded }
            var kept = 0
            for index in 0..<decoded.count where !mask[Int(values[index] &- base)] {
                values[kept] = values[index]
                values[size + kept] = values[size + index]
                values[2 * size + kept] = values[2 * size + index]
                kept += 1
            }
            return DecodedBlock(count: kept, chunk: decoded.chunk, bounds: decoded.bounds)
        }
        return nil
    }

    /// The skip entry of a walk's next block, checked against the walk and the files.
    private struct SkipEntry {
        let lastDocument: UInt32
        let blockLength: Int
        let positionsLength: Int
        let crc: UInt32
        let maximumFrequency: UInt32
        let minimumLength: UInt32
    }

    /// The skip entry of `walk`'s next block (there must be one) in its `region`.
    private func skipEntry(of walk: PostingsWalk, in region: UnsafeRawBufferPointer) throws(IndexStoreError) -> SkipEntry {
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: region.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        let number = walk.next
        let skip = StoreFormat.postingsRegionHeaderSize + number * StoreFormat.skipEntrySize
        let entry = SkipEntry(lastDocument: u32(skip),
                              blockLength: Int(UInt16(littleEndian: region.loadUnaligned(fromByteOffset: skip + 4, as: UInt16.self))),
                              positionsLength: Int(u32(skip + 6)), crc: u32(skip + 10), maximumFrequency: u32(skip + 14),
                              minimumLength: u32(skip + 18))
        guard entry.positionsLength <= positions.count - walk.positionsOffset else {
            throw postings.corrupt("positions at \(walk.positionsOffset) + \(entry.positionsLength) exceed the size of \(positions.name)")
        }
        guard entry.blockLength >= 2, entry.blockLength <= region.count - walk.blockStart else {
            throw postings.corrupt("postings block \(number) at \(walk.offset + walk.blockStart) has an impossible length \(entry.blockLength)")
        }
        guard Int64(entry.lastDocument) > walk.previous else {
            throw postings.corrupt("postings block \(number) at \(walk.offset + walk.blockStart) does not end past the block before it")
        }
        return entry
    }

    /// Moves `walk` past its next block, whose skip entry is `entry`.
    private func pass(_ entry: SkipEntry, in walk: inout PostingsWalk) {
        walk.previous = Int64(entry.lastDocument)
        walk.blockStart += entry.blockLength
        walk.positionsOffset += entry.positionsLength
        walk.next += 1
    }

    /// Passes over the walk's unread blocks whose last document is below `target` (global) by
    /// their skip entries, without decoding them; the bounds of the next unread block, or `nil`
    /// when none is left or the walk is over the compact form (which has no skip entry).
    func skipBlocks(_ walk: inout PostingsWalk, before target: UInt32) throws(IndexStoreError) -> PostingBlockBounds? {
        guard let region = walk.region else { return nil }
        while walk.next < walk.blocks {
            let entry = try skipEntry(of: walk, in: region)
            if UInt64(entry.lastDocument) + UInt64(base) >= UInt64(target) {
                return PostingBlockBounds(lastDocument: UInt32(truncatingIfNeeded: UInt64(entry.lastDocument) + UInt64(base)),
                                    maximumFrequency: entry.maximumFrequency, minimumLength: max(1, entry.minimumLength))
            }
            pass(entry, in: &walk)
        }
        return nil
    }

    /// Whether the walk has read every block and its region holds nothing after them.
    func endsItsRegion(_ walk: PostingsWalk) -> Bool {
        walk.next == walk.blocks && (walk.region.map { walk.blockStart == $0.count } ?? true)
    }
}
