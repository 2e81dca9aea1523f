import ArabicTokenizer
import Foundation

/// A term of a ``DiskIndex``, as one search looked it up: its text and its entry in each
/// segment (`nil` where the segment does not have it), the entries in the search's
/// ``SearchArena`` (a term is used within the search that looked it up).
struct DiskTerm: Hashable {
    let text: String
    let entries: UnsafeBufferPointer<SegmentTermEntry?>
    /// The number of live documents containing the term, by field.
    var frequencies = PerField(repeating: 0)

    /// Terms are the same when their UTF-8 bytes are (not merely canonically equivalent).
    static func == (a: DiskTerm, b: DiskTerm) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }
}

/// What one ``DiskPostings`` (one search's) has read of its positions chunks: reads in
/// increasing posting order go on from where the last stopped in the same chunk; a chunk read
/// again out of order is decoded whole, once, and kept.
final class DecodedChunks {
    // One search reads a list from one thread: no access needs checking at run time.
    /// The whole chunk's values, by chunk number, once a chunk is read again out of order.
    @exclusivity(unchecked) var values: [[UInt32]?] = []
    /// Whether a chunk was read before, by chunk number.
    @exclusivity(unchecked) var touched: [Bool] = []
    /// The chunk the last in-order read was in, its postings, and where the read stopped.
    @exclusivity(unchecked) var current = -1
    @exclusivity(unchecked) var currentPostings = 0..<0
    @exclusivity(unchecked) var cursor = PositionsCursor()

    /// Marks chunk `number` of `count` read; returns whether it was read before.
    func touch(_ number: Int, of count: Int) -> Bool {
        if touched.count < count { touched = [Bool](repeating: false, count: count) }
        defer { touched[number] = true }
        return touched[number]
    }

    /// The whole values of chunk `number` of `count`, if they were kept.
    func knownValues(_ number: Int) -> [UInt32]? { number < values.count ? values[number] : nil }

    /// Keeps the whole values of chunk `number` of `count` (the table is made on first use:
    /// most searches read their chunks in order and never need it).
    func keep(_ chunkValues: [UInt32], for number: Int, of count: Int) {
        if values.count < count { values = [[UInt32]?](repeating: nil, count: count) }
        values[number] = chunkValues
    }
}

/// The postings of a term in one field as decoded from segments, appended to segment by segment
/// (see ``PostingsReader/decodePostings(at:frequency:field:into:includeDeleted:)``).
struct DecodedPostings {
    /// The positions of the segments the postings come from, in order: the ones chunks name by
    /// number.
    var positionsReaders: [PositionsReader] = []
    var documents: [UInt32] = []
    var frequencies: [UInt32] = []
    var chunks: [PositionsChunk] = []
    /// For each posting, how many positions of its chunk come before its own.
    var skips: [UInt32] = []

    /// For each postings block (over all segments, in order): the index one past its last
    /// posting, and the bounds its skip entry (or its compact form) gives.
    var blocks: [BlockBounds] = []

    var count: Int { documents.count }
    var blockCount: Int { blocks.count }

    /// A block's end and bounds (one array of these rather than three: fewer allocations per list).
    struct BlockBounds {
        let end: Int
        let maximumFrequency: UInt32
        let minimumLength: UInt32
    }

    /// The number of `segment` among ``segments``, added as the last if it is not there yet
    /// (segments are decoded in order, so it can only be the last).
    mutating func segmentNumber(of segment: PositionsReader) -> Int {
        if positionsReaders.last !== segment { positionsReaders.append(segment) }
        return positionsReaders.count - 1
    }

    /// Makes room for `count` more blocks.
    mutating func reserveBlocks(_ count: Int) {
        blocks.reserveCapacity(blocks.count + count)
        chunks.reserveCapacity(chunks.count + count)
    }

    mutating func appendBlock(end: Int, maximumFrequency: UInt32, minimumLength: UInt32) {
        blocks.append(BlockBounds(end: end, maximumFrequency: maximumFrequency, minimumLength: minimumLength))
    }
}

/// The decoded postings of a term in one field over all segments, with their positions read
/// on demand. A reference: passing one around, or calling it from an array of them, costs one
/// reference count rather than one per array it holds.
final class DiskPostings: PostingList {
    typealias Failure = IndexStoreError
    let decoded: DecodedPostings

    init(_ decoded: DecodedPostings) { self.decoded = decoded }

    var count: Int { decoded.documents.count }
    func document(at index: Int) -> UInt32 { decoded.documents[index] }
    func frequency(at index: Int) -> UInt32 { decoded.frequencies[index] }

    var documentSlice: ArraySlice<UInt32> { decoded.documents[...] }
    var frequencySlice: ArraySlice<UInt32> { decoded.frequencies[...] }
    var blockCount: Int { decoded.blocks.count }
    func blockEnd(_ block: Int) -> Int { decoded.blocks[block].end }
    func blockMaximumFrequency(_ block: Int) -> UInt32 { decoded.blocks[block].maximumFrequency }
    func blockMinimumLength(_ block: Int) -> UInt32 { decoded.blocks[block].minimumLength }

    /// Where positions reads stopped, and the chunks decoded whole (see ``DecodedChunks``).
    let decodedChunks = DecodedChunks()

    func positions(at index: Int) throws(IndexStoreError) -> ArraySlice<UInt32> {
        var result: [UInt32] = []
        try appendPositions(at: index, to: &result)
        return result[...]
    }

    func appendPositions(at index: Int, to buffer: inout [UInt32]) throws(IndexStoreError) {
        let state = decodedChunks
        let start = Int(decoded.skips[index])
        let frequency = Int(decoded.frequencies[index])
        if state.currentPostings.contains(index), state.cursor.value <= start {
            // In order, in the chunk the last read was in: go on from where it stopped.
            if let problem = state.cursor.read(skipping: start, count: frequency, to: &buffer) {
                let chunk = decoded.chunks[state.current]
                throw decoded.positionsReaders[chunk.segment].positionsProblem(problem, in: chunk)
            }
            return
        }
        var low = 0
        let chunks = decoded.chunks
        var high = chunks.count
        while low < high {
            let middle = low + (high - low) / 2
            if chunks[middle].firstPosting <= index { low = middle + 1 } else { high = middle }
        }
        let number = max(0, low - 1)
        let chunk = chunks[number]
        var position: UInt64 = 0
        if !state.touch(number, of: chunks.count) {
            // A chunk's first read: from its start.
            state.current = number
            state.currentPostings = chunk.firstPosting..<(number + 1 < chunks.count ? chunks[number + 1].firstPosting : count)
            state.cursor = PositionsCursor()
            try decoded.positionsReaders[chunk.segment].appendPositions(in: chunk, from: &state.cursor, skipping: start,
                                                                count: frequency, to: &buffer)
            return
        }
        let all: [UInt32]
        if let known = state.knownValues(number) {
            all = known
        } else {
            all = try decoded.positionsReaders[chunk.segment].positionValues(in: chunk)
            state.keep(all, for: number, of: chunks.count)
        }
        guard start + frequency <= all.count else {
            throw decoded.positionsReaders[chunk.segment].file(of: chunk)
                .corrupt("positions chunk at \(chunk.offset) holds fewer positions than its postings")
        }
        for value in all[start..<(start + frequency)] {
            position += UInt64(value)
            guard position < UInt64(UInt32.max) else {
                throw decoded.positionsReaders[chunk.segment].file(of: chunk)
                    .corrupt("position \(position) out of range in the chunk at \(chunk.offset)")
            }
            buffer.append(UInt32(position))
        }
    }
}
