/// Writes a segment's exact field lengths (docs/FORMAT.md, `.len`): the document count, then
/// every document's title length, then every document's text length, as `u32`.
enum FieldLengthsWriter {
    /// Writes the lengths of `documentCount` documents (`lengths[field]` holds at least that
    /// many) after the header already in `output`, and syncs the file; its size.
    static func write(_ lengths: PerField<[UInt32]>, documentCount: Int, to output: FileOutput) throws(IndexStoreError) -> Int {
        var head = ByteBuffer()
        head.u64(UInt64(documentCount))
        head.u32(UInt32(DocumentField.allCases.count))
        head.u32(0)
        try output.write(head)
        for field in DocumentField.allCases {
            var buffer = ByteBuffer()
            buffer.bytes.reserveCapacity(documentCount * 4)
            for length in lengths[field.index].prefix(documentCount) { buffer.u32(length) }
            try output.write(buffer)
        }
        return try output.finish()
    }
}
