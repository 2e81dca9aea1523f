/// One term's postings in one field, in increasing document order, as ``PostingsWriter`` reads
/// them: from an in-memory index when a segment is built, from other segments when they are
/// merged.
protocol PostingsToWrite {
    /// The number of postings (the term's document frequency in the field).
    var count: Int { get }
    /// The document of posting `posting`, numbered in the segment being written.
    func document(at posting: Int) -> UInt32
    /// The number of times the term occurs in that document's field (at least 1).
    func frequency(at posting: Int) -> UInt32
    /// Appends the positions of posting `posting` as the positions file stores them: LEB128,
    /// the first absolute, the rest as differences from the previous one.
    func appendEncodedPositions(of posting: Int, to chunk: inout ByteBuffer)
    /// The field's length in `document` (for the blocks' minimum lengths).
    func fieldLength(of document: UInt32) -> UInt32
}

/// Writes a segment's postings and positions files (docs/FORMAT.md, `.post` and `.pos`): each
/// term's postings of one field as one region of bit-packed blocks with skip data, their
/// positions inline for a one-block term and in chunks of the positions file otherwise.
final class PostingsWriter {
    let postings: FileOutput
    let positions: FileOutput
    // Scratch space, kept between terms.
    private var skips = ByteBuffer()
    private var blocks = ByteBuffer()
    private var chunk = ByteBuffer()
    private var deltas: [UInt32] = []
    private var frequencies: [UInt32] = []

    init(postings: FileOutput, positions: FileOutput) {
        self.postings = postings
        self.positions = positions
    }

    /// Writes `list` (at least one posting) and returns the offset of its region in the
    /// postings file, which the dictionary records.
    func write<List: PostingsToWrite>(_ list: List) throws(IndexStoreError) -> Int {
        let offset = postings.position
        skips.bytes.removeAll(keepingCapacity: true)
        blocks.bytes.removeAll(keepingCapacity: true)
        var previousDocument: Int64 = -1
        var start = 0
        let count = list.count
        // A term with one block keeps its positions in its postings region.
        let compact = count <= StoreFormat.blockSize
        let firstPositions = positions.position
        while start < count {
            let end = min(start + StoreFormat.blockSize, count)
            deltas.removeAll(keepingCapacity: true)
            frequencies.removeAll(keepingCapacity: true)
            chunk.bytes.removeAll(keepingCapacity: true)
            var maxFrequency: UInt32 = 0
            var minLength = UInt32.max
            for posting in start..<end {
                let document = list.document(at: posting)
                deltas.append(UInt32(Int64(document) - previousDocument - 1))
                previousDocument = Int64(document)
                let frequency = list.frequency(at: posting)
                frequencies.append(frequency - 1)
                maxFrequency = max(maxFrequency, frequency)
                minLength = min(minLength, list.fieldLength(of: document))
                list.appendEncodedPositions(of: posting, to: &chunk)
            }
            let blockStart = blocks.count
            let docBits = ByteBuffer.bitWidth(deltas[...])
            let frequencyBits = ByteBuffer.bitWidth(frequencies[...])
            blocks.u8(UInt8(docBits))
            blocks.u8(UInt8(frequencyBits))
            blocks.pack(deltas[...], bits: docBits)
            blocks.pack(frequencies[...], bits: frequencyBits)
            start = end
            guard !compact else { break }
            skips.u32(list.document(at: end - 1))
            skips.u16(UInt16(blocks.count - blockStart))
            skips.u32(UInt32(chunk.count))
            skips.u32(CRC32C.checksum(chunk.bytes))
            skips.u32(maxFrequency)
            skips.u32(minLength)
            try positions.write(chunk)
        }
        var region = ByteBuffer()
        if compact {
            // One block: no skip entry (its bounds are derived from the block itself), the
            // positions right after the block.
            var body = blocks
            body.append(chunk.bytes)
            region.vbyte(UInt64(body.count))
            region.u32(CRC32C.checksum(body.bytes))
            region.append(body.bytes)
        } else {
            var head = ByteBuffer()
            head.u64(UInt64(firstPositions))
            let body = head.bytes + skips.bytes + blocks.bytes
            region.u32(UInt32(body.count + 8))
            region.u32(CRC32C.checksum(body))
            region.append(body)
        }
        try postings.write(region)
        return offset
    }

    /// Writes both files' footers and syncs them; their sizes.
    func finish() throws(IndexStoreError) -> (postings: Int, positions: Int) {
        (try postings.finish(), try positions.finish())
    }
}

/// A term's postings in one field of an ``InMemoryIndex``.
struct InMemoryPostingsToWrite: PostingsToWrite {
    let field: FieldPostings
    let range: Range<Int>

    var count: Int { range.count }
    func document(at posting: Int) -> UInt32 { field.documents[range.lowerBound + posting] }
    func frequency(at posting: Int) -> UInt32 { field.frequencies[range.lowerBound + posting] }
    func fieldLength(of document: UInt32) -> UInt32 { field.lengths[Int(document)] }

    func appendEncodedPositions(of posting: Int, to chunk: inout ByteBuffer) {
        var previous: UInt32 = 0
        for position in field.positions(ofPosting: range.lowerBound + posting) {
            chunk.vbyte(UInt64(position - previous))
            previous = position
        }
    }
}
