/// A term's postings in one field over all segments of a ``DiskIndex``, read forward a block
/// at a time: moving far ahead passes over blocks by their skip entries without decoding
/// them, so a conjunction that stops at few documents of a long list decodes few blocks.
///
/// Its memory comes from the search's ``SearchArena`` and is shared by its copies: use one copy
/// of a cursor, within the search.
struct DiskPostingCursor: PostingCursor {
    typealias Failure = IndexStoreError

    /// The index's segments, and the parts: each segment where the term has postings in the
    /// field, three numbers a part (its number among them, where the postings are and how many).
    private let segments: [SegmentReader]
    private let parts: UnsafeMutablePointer<Int>
    private let partCount: Int
    /// The part being read and where its walk stands (`nil` before its first block).
    private var part = 0
    private var walk: PostingsWalk?
    /// The block read last: documents, frequencies and positions skips, each run
    /// ``PostingBlock/size`` long (see ``PostingsReader/nextBlock(_:reaching:into:includeDeleted:)``).
    private let values: UnsafeMutablePointer<UInt32>
    /// Room for the positions ``positions()`` reads, grown from the arena as a posting needs.
    private var positionsRoom: UnsafeMutablePointer<UInt32>
    private var positionsCapacity = Self.firstPositionsRoom
    private static let firstPositionsRoom = 64
    /// The arena the cursor's memory comes from, which outlives it (the search holds it).
    private unowned(unsafe) let arena: SearchArena
    private var count = 0
    private var index = 0
    private var chunk = PositionsChunk(segment: 0, firstPosting: 0, offset: 0, length: 0, crc: 0)
    private var positionsCursor = PositionsCursor()
    /// The bounds of the block read last.
    private var bounds = PostingBlockBounds.end
    private(set) var document: UInt32 = 0

    /// A cursor over `term`'s postings in `field` among `segments`, on the first posting, its
    /// memory from `arena`.
    init(term: DiskTerm, field: DocumentField, segments: [SegmentReader], arena: SearchArena) throws(IndexStoreError) {
        self.segments = segments
        self.arena = arena
        // The decoded block (three runs) and the first room for positions, then the parts.
        values = arena.uninitialized(3 * PostingBlock.size + Self.firstPositionsRoom, of: UInt32.self)
        positionsRoom = values + 3 * PostingBlock.size
        parts = arena.uninitialized(3 * min(segments.count, term.entries.count), of: Int.self)
        var partCount = 0
        for (number, entry) in zip(segments.indices, term.entries) {
            guard let entry, entry.frequencies[field.index] > 0 else { continue }
            parts[3 * partCount] = number
            parts[3 * partCount + 1] = entry.postingsOffsets[field.index]
            parts[3 * partCount + 2] = entry.frequencies[field.index]
            partCount += 1
        }
        self.partCount = partCount
        try read(reaching: 0)
    }

    var frequency: UInt32 { values[PostingBlock.size + index] }

    var postingsInBlock: (documents: UnsafePointer<UInt32>, frequencies: UnsafePointer<UInt32>, count: Int)? {
        guard index < count else { return nil }
        return (UnsafePointer(values + index), UnsafePointer(values + PostingBlock.size + index), count - index)
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
        try segment.postings.startWalk(at: parts[3 * part + 1], frequency: parts[3 * part + 2])
    }

    /// Reads blocks from the current part on until one holds a document at least `target`,
    /// and stands on the first such; past the last posting when there is none.
    private mutating func read(reaching target: UInt32) throws(IndexStoreError) {
        while part < partCount {
            let segment = segments[parts[3 * part]]
            if walk == nil { walk = try startWalk(of: segment) }
            guard var current = walk else { break }
            let block = try segment.postings.nextBlock(&current, reaching: target, into: values)
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
                    for index in 0..<count { largest = max(largest, values[PostingBlock.size + index]) }
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
            let segment = segments[parts[3 * part]]
            if walk == nil { walk = try startWalk(of: segment) }
            guard var current = walk else { break }
            guard current.region != nil else {
                // A single block in the compact form, with no skip entry: read it.
                try read(reaching: target)
                return count > 0 ? bounds : .end
            }
            let found = try segment.postings.skipBlocks(&current, before: target)
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
        let skipping = Int(values[2 * PostingBlock.size + index])
        let frequency = Int(values[PostingBlock.size + index])
        if frequency > positionsCapacity {
            // What the room held is not needed any more: the new one replaces it.
            positionsCapacity = max(frequency, 2 * positionsCapacity)
            positionsRoom = arena.uninitialized(positionsCapacity, of: UInt32.self)
        }
        let out = positionsRoom
        // Reads on in the chunk the last read was in, without going through its segment.
        if positionsCursor.bytes == nil || positionsCursor.value > skipping
            || positionsCursor.read(skipping: skipping, count: frequency, into: out) != nil
        {
            // The chunk's first read (its bytes checked then), or a problem to report.
            positionsCursor = PositionsCursor()
            try segments[parts[3 * part]].positions.readPositions(in: chunk, from: &positionsCursor, skipping: skipping,
                                                  count: frequency, into: out)
        }
        return UnsafeBufferPointer(start: out, count: frequency)
    }
}
