/// Writes a segment's term dictionary (docs/FORMAT.md, `.dict`): terms in increasing UTF-8
/// order, front coded in checksummed blocks of ``StoreFormat/termsPerBlock``, each with its
/// document frequency and postings offset per field; then the block index and the trailer.
final class TermDictionaryWriter {
    let output: FileOutput
    private var blockOffsets: [UInt64] = []
    private var block = ByteBuffer()
    private var termsInBlock = 0
    private var previous: [UInt8] = []
    /// The postings offset of the block's previous region: offsets are written as differences.
    private var previousOffset = 0
    /// The number of terms added.
    private(set) var termCount = 0

    init(output: FileOutput) {
        self.output = output
    }

    /// Adds `term`, which must follow the previous one in UTF-8 order, with its document
    /// frequency and postings region offset in each field (the offset is ignored where the
    /// frequency is 0).
    func add<Bytes: Collection<UInt8>>(_ term: Bytes, frequencies: PerField<Int>, offsets: PerField<Int>)
        throws(IndexStoreError)
    {
        var shared = 0
        if termsInBlock > 0 {
            var index = term.startIndex
            while shared < previous.count, index != term.endIndex, term[index] == previous[shared] {
                shared += 1
                term.formIndex(after: &index)
            }
        }
        let suffix = term.dropFirst(shared)
        block.vbyte(shared)
        block.vbyte(suffix.count)
        block.append(contentsOf: suffix)
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
        for field in DocumentField.allCases {
            let frequency = frequencies[field.index]
            block.vbyte(frequency)
            guard frequency > 0 else { continue }
            block.vbyte(offsets[field.index] - previousOffset)
            previousOffset = offsets[field.index]
        }
        termsInBlock += 1
        termCount += 1
        if termsInBlock == StoreFormat.termsPerBlock { try flushBlock() }
    }

    private func flushBlock() throws(IndexStoreError) {
        guard termsInBlock > 0 else { return }
        blockOffsets.append(UInt64(output.position))
        var framed = ByteBuffer()
        framed.u32(UInt32(block.count + 1))
        framed.u8(UInt8(termsInBlock))
        framed.append(block.bytes)
        let crc = CRC32C.checksum(Array(framed.bytes[4...]))
        framed.u32(crc)
        try output.write(framed)
        block = ByteBuffer()
        termsInBlock = 0
        previousOffset = 0
    }

    /// Writes the last block, the block index, the trailer and the footer, and syncs the file;
    /// its size.
    func finish() throws(IndexStoreError) -> Int {
        try flushBlock()
        let indexOffset = output.position
        var blockIndex = ByteBuffer()
        for offset in blockOffsets { blockIndex.u64(offset) }
        var trailer = ByteBuffer()
        trailer.u64(UInt64(termCount))
        trailer.u64(UInt64(blockOffsets.count))
        trailer.u64(UInt64(indexOffset))
        trailer.u32(CRC32C.checksum(blockIndex.bytes))
        trailer.u32(0)
        try output.write(blockIndex)
        try output.write(trailer)
        return try output.finish()
    }
}
