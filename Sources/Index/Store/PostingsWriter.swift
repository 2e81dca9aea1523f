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
    /// Appends the positions of `postings`, one posting after the other, as
    /// ``appendEncodedPositions(of:to:)`` does.
    func appendEncodedPositions(ofPostings postings: Range<Int>, to chunk: inout ByteBuffer)
    /// The field's length in `document` (for the blocks' minimum lengths).
    func fieldLength(of document: UInt32) -> UInt32
}

extension PostingsToWrite {
    func appendEncodedPositions(ofPostings postings: Range<Int>, to chunk: inout ByteBuffer) {
        for posting in postings { appendEncodedPositions(of: posting, to: &chunk) }
    }
}

/// Writes a segment's postings and positions files (docs/FORMAT.md, `.post` and `.pos`): each
/// term's postings of one field as one region of bit-packed blocks with skip data, their
/// positions inline for a one-block term and in chunks of the positions file otherwise.
final class PostingsWriter {
    let postings: FileOutput
    let positions: FileOutput
    /// Scratch space, kept between terms (taken out while a term is written, so that its
    /// buffers are local variables rather than properties checked for exclusive access).
    private var scratch = Scratch()

    private struct Scratch {
        var skips = ByteBuffer()
        var blocks = ByteBuffer()
        var chunk = ByteBuffer()
        var region = ByteBuffer()
        var deltas: [UInt32] = []
        var frequencies: [UInt32] = []
    }

    init(postings: FileOutput, positions: FileOutput) {
        self.postings = postings
        self.positions = positions
    }

    /// Writes `list` (at least one posting) and returns the offset of its region in the
    /// postings file, which the dictionary records.
    func write<List: PostingsToWrite>(_ list: List) throws(IndexStoreError) -> Int {
        var scratch = Scratch()
        swap(&scratch, &self.scratch)
        defer { swap(&scratch, &self.scratch) }
        let offset = postings.position
        scratch.skips.bytes.removeAll(keepingCapacity: true)
        scratch.blocks.bytes.removeAll(keepingCapacity: true)
        var previousDocument: Int64 = -1
        var start = 0
        let count = list.count
        // A term with one block keeps its positions in its postings region.
        let compact = count <= PostingBlock.size
        let firstPositions = positions.position
        while start < count {
            let end = min(start + PostingBlock.size, count)
            scratch.deltas.removeAll(keepingCapacity: true)
            scratch.frequencies.removeAll(keepingCapacity: true)
            scratch.chunk.bytes.removeAll(keepingCapacity: true)
            var maxFrequency: UInt32 = 0
            var minLength = UInt32.max
            for posting in start..<end {
                let document = list.document(at: posting)
                scratch.deltas.append(UInt32(Int64(document) - previousDocument - 1))
                previousDocument = Int64(document)
                let frequency = list.frequency(at: posting)
                scratch.frequencies.append(frequency - 1)
                maxFrequency = max(maxFrequency, frequency)
                minLength = min(minLength, list.fieldLength(of: document))
            }
            list.appendEncodedPositions(ofPostings: start..<end, to: &scratch.chunk)
            let blockStart = scratch.blocks.count
            let docBits = ByteBuffer.bitWidth(scratch.deltas[...])
            let frequencyBits = ByteBuffer.bitWidth(scratch.frequencies[...])
            scratch.blocks.u8(UInt8(docBits))
            scratch.blocks.u8(UInt8(frequencyBits))
            scratch.blocks.pack(scratch.deltas[...], bits: docBits)
            scratch.blocks.pack(scratch.frequencies[...], bits: frequencyBits)
            start = end
            guard !compact else { break }
            scratch.skips.u32(list.document(at: end - 1))
            scratch.skips.u16(UInt16(scratch.blocks.count - blockStart))
            scratch.skips.u32(UInt32(scratch.chunk.count))
            scratch.skips.u32(CRC32C.checksum(scratch.chunk.bytes))
            scratch.skips.u32(maxFrequency)
            scratch.skips.u32(minLength)
            try positions.write(scratch.chunk.bytes)
        }
        scratch.region.bytes.removeAll(keepingCapacity: true)
        if compact {
            // One block: no skip entry (its bounds are derived from the block itself), the
            // positions right after the block.
            let crc = scratch.chunk.bytes.withUnsafeBytes { chunk in
                scratch.blocks.bytes.withUnsafeBytes { CRC32C.checksum(chunk, continuing: CRC32C.checksum($0)) }
            }
            scratch.region.vbyte(UInt64(scratch.blocks.count + scratch.chunk.count))
            scratch.region.u32(crc)
            scratch.region.append(scratch.blocks.bytes)
            scratch.region.append(scratch.chunk.bytes)
        } else {
            var head = ByteBuffer()
            head.u64(UInt64(firstPositions))
            var crc = CRC32C.checksum(head.bytes)
            crc = scratch.skips.bytes.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
            crc = scratch.blocks.bytes.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
            scratch.region.u32(UInt32(head.count + scratch.skips.count + scratch.blocks.count + 8))
            scratch.region.u32(crc)
            scratch.region.append(head.bytes)
            scratch.region.append(scratch.skips.bytes)
            scratch.region.append(scratch.blocks.bytes)
        }
        try postings.write(scratch.region.bytes)
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
