/// A term's postings in one field over all segments of a ``DiskIndex``, read forward a block
/// at a time: moving far ahead passes over blocks by their skip entries without decoding
/// them, so a conjunction that stops at few documents of a long list decodes few blocks.
///
/// A value whose block storage is shared by its copies: use one copy of a cursor.
struct DiskPostingCursor: PostingCursor {
    typealias Failure = IndexStoreError

    /// The index's segments; the parts (each segment where the term has postings in the field:
    /// its number among them, where the postings are and how many) are in `storage`.
    private let segments: [SegmentReader]
    private let partCount: Int
    /// The part being read and where its walk stands (`nil` before its first block).
    private var part = 0
    private var walk: PostingsWalk?
    /// The block read last: documents, frequencies and positions skips, each run
    /// ``StoreFormat/blockSize`` long (see ``SegmentReader/nextBlock(_:reaching:into:)``).
    private let values: UnsafeMutablePointer<UInt32>
    /// Owns `values`, and holds what ``positions()`` reads.
    private let storage: BlockStorage
    private var count = 0
    private var index = 0
    private var chunk = PositionsChunk(segment: 0, firstPosting: 0, offset: 0, length: 0, crc: 0)
    private var positionsCursor = PositionsCursor()
    /// The bounds of the block read last.
    private var bounds = PostingBlockBounds.end
    private(set) var document: UInt32 = 0

    /// A cursor over `term`'s postings in `field` among `segments`, on the first posting.
    init(term: DiskTerm, field: DocumentField, segments: [SegmentReader]) throws(IndexStoreError) {
        self.segments = segments
        storage = BlockStorage(partCapacity: min(segments.count, term.entries.count))
        var partCount = 0
        for (number, entry) in zip(segments.indices, term.entries) {
            guard let entry, entry.frequencies[field.index] > 0 else { continue }
            storage.parts[3 * partCount] = number
            storage.parts[3 * partCount + 1] = entry.postingsOffsets[field.index]
            storage.parts[3 * partCount + 2] = entry.frequencies[field.index]
            partCount += 1
        }
        self.partCount = partCount
        values = storage.values
        try read(reaching: 0)
    }

    var frequency: UInt32 { values[StoreFormat.blockSize + index] }

    var postingsInBlock: (documents: UnsafePointer<UInt32>, frequencies: UnsafePointer<UInt32>, count: Int)? {
        guard index < count else { return nil }
        return (UnsafePointer(values + index), UnsafePointer(values + StoreFormat.blockSize + index), count - index)
    }

    mutating func advance(to target: UInt32) throws(IndexStoreError) {
        guard target > document else { return }
        guard count > 0, values[count - 1] >= target else {
            try read(reaching: target)
            return
        }
        // The first of the block's documents after the current one that is at least `target`:
        // a few steps, then halving what is left (the last one is at least `target`).
        var low = index + 1
        let stop = min(low + 4, count - 1)
        while low < stop, values[low] < target { low += 1 }
        if values[low] < target {
            // The first at least `target` in (low, count − 1], the last being one: halve the
            // window, keeping its lower edge where the document is below (no branch to mispredict).
            var window = count - 1 - low
            low += 1
            while window > 1 {
                let half = window / 2
                low = values[low + half - 1] < target ? low + half : low
                window -= half
            }
            if values[low] < target { low += 1 }
        }
        index = low
        document = values[low]
    }

    /// A walk over the current part's postings in `segment`, its segment.
    private func startWalk(of segment: SegmentReader) throws(IndexStoreError) -> PostingsWalk {
        try segment.startWalk(at: storage.parts[3 * part + 1], frequency: storage.parts[3 * part + 2])
    }

    /// Reads blocks from the current part on until one holds a document at least `target`,
    /// and stands on the first such; past the last posting when there is none.
    private mutating func read(reaching target: UInt32) throws(IndexStoreError) {
        while part < partCount {
            let segment = segments[storage.parts[3 * part]]
            if walk == nil { walk = try startWalk(of: segment) }
            guard var current = walk else { break }
            let block = try segment.nextBlock(&current, reaching: target, into: values)
            walk = current
            guard let block else {
                part += 1
                walk = nil
                continue
            }
            count = block.count
            chunk = block.chunk
            positionsCursor = PositionsCursor()
            if count > 0 {
                if let skip = block.bounds {
                    bounds = PostingBlockBounds(lastDocument: values[count - 1], maximumFrequency: skip.maximumFrequency,
                                                minimumLength: max(1, skip.minimumLength))
                } else {
                    // The compact form has no skip entry: the largest frequency read.
                    var largest: UInt32 = 0
                    for index in 0..<count { largest = max(largest, values[StoreFormat.blockSize + index]) }
                    bounds = PostingBlockBounds(lastDocument: values[count - 1], maximumFrequency: largest, minimumLength: 1)
                }
            }
            var first = 0
            while first < count, values[first] < target { first += 1 }
            if first < count {
                index = first
                document = values[first]
                return
            }
        }
        count = 0
        index = 0
        document = postingCursorEnd
    }

    mutating func blockBounds(reaching target: UInt32) throws(IndexStoreError) -> PostingBlockBounds {
        if count > 0, values[count - 1] >= target { return bounds }
        // Every posting read is before `target`: pass over blocks by their skip entries, leaving
        // the cursor on a posting before `target` (``advance(to:)`` reads on from the walk).
        count = 0
        index = 0
        while part < partCount {
            let segment = segments[storage.parts[3 * part]]
            if walk == nil { walk = try startWalk(of: segment) }
            guard var current = walk else { break }
            guard current.region != nil else {
                // A single block in the compact form, with no skip entry: read it.
                try read(reaching: target)
                return count > 0 ? bounds : .end
            }
            let found = try segment.skipBlocks(&current, before: target)
            walk = current
            if let found { return found }
            part += 1
            walk = nil
        }
        document = postingCursorEnd
        return .end
    }

    mutating func positions() throws(IndexStoreError) -> UnsafeBufferPointer<UInt32> {
        guard index < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let skipping = Int(values[2 * StoreFormat.blockSize + index])
        let frequency = Int(values[StoreFormat.blockSize + index])
        let out = storage.positions(room: frequency)
        // Reads on in the chunk the last read was in, without going through its segment.
        if positionsCursor.bytes == nil || positionsCursor.value > skipping
            || positionsCursor.read(skipping: skipping, count: frequency, into: out) != nil
        {
            // The chunk's first read (its bytes checked then), or a problem to report.
            positionsCursor = PositionsCursor()
            try segments[storage.parts[3 * part]].readPositions(in: chunk, from: &positionsCursor, skipping: skipping,
                                                  count: frequency, into: out)
        }
        return UnsafeBufferPointer(start: out, count: frequency)
    }
}

/// The memory of a ``DiskPostingCursor``: its decoded block, room for one posting's positions
/// and its parts, in one allocation (positions that do not fit get their own).
private final class BlockStorage {
    let values: UnsafeMutablePointer<UInt32>
    /// Three numbers a part: its segment's number, its postings offset and its frequency.
    let parts: UnsafeMutablePointer<Int>
    private var positions: UnsafeMutablePointer<UInt32>
    private var positionsCapacity = 64
    private static let valueCount = 3 * StoreFormat.blockSize + 64

    init(partCapacity: Int) {
        // The values' bytes are a multiple of 8, so the parts that follow them are aligned.
        var regions = MemoryRegions(.allocate(byteCount: 4 * Self.valueCount + 8 * 3 * partCapacity, alignment: 8))
        values = regions.next(Self.valueCount, of: 0)
        parts = regions.next(3 * partCapacity, of: 0)
        positions = values + 3 * StoreFormat.blockSize
    }

    /// Room for `count` positions (what it held before is lost when it grows).
    func positions(room count: Int) -> UnsafeMutablePointer<UInt32> {
        if count > positionsCapacity {
            if positions != values + 3 * StoreFormat.blockSize { positions.deallocate() }
            positionsCapacity = max(count, 2 * positionsCapacity)
            positions = .allocate(capacity: positionsCapacity)
        }
        return positions
    }

    deinit {
        if positions != values + 3 * StoreFormat.blockSize { positions.deallocate() }
        UnsafeMutableRawPointer(values).deallocate()
    }
}
