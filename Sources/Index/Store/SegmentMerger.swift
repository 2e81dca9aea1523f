/// Merges segments into one without analyzing any text again: their dictionaries are merged
/// term by term, each term's postings concatenated with the documents renumbered (deleted ones
/// dropped) and their positions copied as stored, the lengths concatenated, and the stored
/// records copied into new blocks compressed with the new segment's dictionary.
///
/// The merged segment is the one ``SegmentWriter`` would write for the live documents in the
/// same order (byte for byte, but for its identity): searches rank exactly as before.
enum SegmentMerger {
    /// Writes the live documents of `segments`, in order, as segment `name` of `directory`
    /// (which holds them), and returns its record.
    static func merge(_ records: [SegmentRecord], name: String, directory: String) throws(IndexStoreError) -> SegmentRecord {
        // Local numbers: each reader's postings come out numbered from 0.
        var opened: [SegmentReader] = []
        for record in records { opened.append(try SegmentReader(directory: directory, record: record, base: 0, remembersVerifiedUnits: false)) }
        let readers = opened
        let numbering = MergedNumbering(readers)
        let identity = SegmentIdentity.random()
        var sizes: [String: Int] = [:]
        func file(_ kind: StoreFormat.Kind) throws(IndexStoreError) -> FileOutput {
            try SegmentWriter.createFile(kind, segment: name, identity: identity, in: directory)
        }

        // Stored documents on another thread while this one merges the postings.
        let storedWriter = BackgroundResult { () throws(IndexStoreError) -> Int in
            try mergeStoredDocuments(readers, numbering: numbering,
                                     into: try SegmentWriter.createFile(.stored, segment: name, identity: identity,
                                                                        in: directory))
        }
        var succeeded = false
        defer { if !succeeded { _ = try? storedWriter.wait() } }

        // Lengths first: the postings writer reads them for the blocks' minimum lengths.
        var lengths = PerField<[UInt32]>(repeating: [])
        for field in DocumentField.allCases {
            var merged: [UInt32] = []
            merged.reserveCapacity(numbering.documentCount)
            for (segment, reader) in readers.enumerated() {
                for local in 0..<reader.documentCount where numbering.isLive(local, in: segment) {
                    merged.append(UInt32(try reader.lengths.length(of: local, in: field)))
                }
            }
            lengths[field.index] = merged
        }
        sizes[StoreFormat.Kind.lengths.fileExtension] = try FieldLengthsWriter.write(
            lengths, documentCount: numbering.documentCount, to: try file(.lengths))

        let dictionary = TermDictionaryWriter(output: try file(.dictionary))
        let postings = PostingsWriter(postings: try file(.postings), positions: try file(.positions))
        var terms = readers.map { SegmentTermIterator(reader: $0) }
        for index in terms.indices { try terms[index].advance() }
        var merged = MergedPostings(lengths: lengths.title)
        var holding: [Int] = []
        while true {
            // The smallest current term and the segments that hold it.
            var smallest: [UInt8]?
            holding.removeAll(keepingCapacity: true)
            for (segment, iterator) in terms.enumerated() {
                guard let term = iterator.current?.term else { continue }
                if let least = smallest, !term.lexicographicallyPrecedes(least) {
                    if term == least { holding.append(segment) }
                    continue
                }
                smallest = term
                holding = [segment]
            }
            guard let term = smallest else { break }
            var frequencies = PerField(repeating: 0)
            var offsets = PerField(repeating: 0)
            for field in DocumentField.allCases {
                merged.reset(lengths: lengths[field.index])
                for segment in holding {
                    guard let entry = terms[segment].current?.entry, entry.frequencies[field.index] > 0 else { continue }
                    try merged.append(entry, field: field, of: readers[segment], numbers: numbering.numbers[segment])
                }
                frequencies[field.index] = merged.count
                if merged.count > 0 { offsets[field.index] = try postings.write(merged) }
            }
            // A term whose every posting was deleted is left out, as a new build would.
            if frequencies.title > 0 || frequencies.text > 0 {
                try dictionary.add(term, frequencies: frequencies, offsets: offsets)
            }
            for segment in holding { try terms[segment].advance() }
        }
        let termCount = dictionary.termCount
        sizes[StoreFormat.Kind.dictionary.fileExtension] = try dictionary.finish()
        (sizes[StoreFormat.Kind.postings.fileExtension], sizes[StoreFormat.Kind.positions.fileExtension]) = try postings.finish()

        // The statistics of the live documents, as each record already counts them.
        var statistics = DocumentField.allCases.map { _ in FieldStatistics(nonEmptyDocumentCount: 0, totalLength: 0) }
        for record in records {
            for field in DocumentField.allCases {
                statistics[field.index].nonEmptyDocumentCount += record.fields[field.index].nonEmptyDocumentCount
                statistics[field.index].totalLength += record.fields[field.index].totalLength
            }
        }
        succeeded = true
        return try PendingSegment(
            partial: SegmentRecord(name: name, id: identity.hex, documents: numbering.documentCount, terms: termCount,
                                   fields: statistics, files: sizes),
            stored: storedWriter).finish()
    }

    /// The stored documents of `readers`' live documents, in order: the records copied from
    /// their blocks, compressed again with a dictionary taken from the merged documents.
    private static func mergeStoredDocuments(_ readers: [SegmentReader], numbering: MergedNumbering,
                                             into output: FileOutput) throws(IndexStoreError) -> Int
    {
        // The dictionary: records of documents spread over the merged numbering.
        var cached: (segment: Int, block: Int, raw: [UInt8], ends: [Int], first: Int)?
        let dictionary = try StoredDocumentsWriter.dictionary(documentCount: numbering.documentCount) {
            (number: Int) throws(IndexStoreError) -> [UInt8] in
            let (segment, local) = numbering.source(of: number)
            let reader = readers[segment]
            let block = try reader.stored.blockNumber(holding: local)
            if cached?.segment != segment || cached?.block != block {
                let (first, count, raw) = try reader.stored.rawBlock(block)
                cached = (segment, block, raw, try reader.stored.recordEnds(in: raw, count: count, block: block), first)
            }
            guard let cached, local >= cached.first, local - cached.first < cached.ends.count else {
                throw reader.stored.file.corrupt("the block index does not lead to document \(local)")
            }
            let index = local - cached.first
            return Array(cached.raw[(index == 0 ? 0 : cached.ends[index - 1])..<cached.ends[index]])
        }
        let writer = try StoredDocumentsWriter(output: output, dictionary: dictionary)
        for (segment, reader) in readers.enumerated() {
            var expected = 0
            var identifiers: [String] = []
            var identifierGroup = -1
            for number in 0..<reader.stored.blockCount {
                let (first, count, raw) = try reader.stored.rawBlock(number)
                guard first == expected else {
                    throw reader.stored.file.corrupt("stored block \(number) starts at document \(first), not \(expected)")
                }
                let ends = try reader.stored.recordEnds(in: raw, count: count, block: number)
                for (index, end) in ends.enumerated() {
                    let local = first + index
                    guard numbering.isLive(local, in: segment) else { continue }
                    if local / StoreFormat.identifiersPerGroup != identifierGroup {
                        identifierGroup = local / StoreFormat.identifiersPerGroup
                        identifiers = try reader.stored.identifiers(inGroup: identifierGroup)
                    }
                    let start = index == 0 ? 0 : ends[index - 1]
                    try writer.add(record: raw[start..<end],
                                   identifier: identifiers[local % StoreFormat.identifiersPerGroup].utf8)
                }
                expected += count
            }
            guard expected == reader.documentCount else {
                throw reader.stored.file.corrupt("the blocks hold \(expected) documents, not \(reader.documentCount)")
            }
        }
        return try writer.finish()
    }
}

/// The numbers of the live documents of merged segments: consecutive from 0, in segment order.
private struct MergedNumbering: Sendable {
    /// For each segment, the merged number of each local document (`UInt32.max` when deleted).
    let numbers: [[UInt32]]
    /// The merged segment's first document from each segment.
    let starts: [Int]
    /// For each segment, the local numbers of its live documents, in order.
    let liveDocuments: [[UInt32]]
    /// The number of live documents.
    let documentCount: Int

    init(_ readers: [SegmentReader]) {
        var numbers: [[UInt32]] = []
        var starts: [Int] = []
        var liveDocuments: [[UInt32]] = []
        var next = 0
        for reader in readers {
            starts.append(next)
            var segment = [UInt32](repeating: .max, count: reader.documentCount)
            var live: [UInt32] = []
            for local in 0..<reader.documentCount where !(reader.deletedMask?[local] ?? false) {
                segment[local] = UInt32(next)
                live.append(UInt32(local))
                next += 1
            }
            numbers.append(segment)
            liveDocuments.append(live)
        }
        self.numbers = numbers
        self.starts = starts
        self.liveDocuments = liveDocuments
        documentCount = next
    }

    func isLive(_ local: Int, in segment: Int) -> Bool { numbers[segment][local] != .max }

    /// The segment and local number of merged document `number` (below ``documentCount``).
    func source(of number: Int) -> (segment: Int, local: Int) {
        // The last segment starting at or before it: a segment without live documents starts
        // where the next one does.
        var segment = 0
        for (index, start) in starts.enumerated() where start <= number { segment = index }
        return (segment, Int(liveDocuments[segment][number - starts[segment]]))
    }
}

/// A segment's terms in order, a dictionary block at a time.
private struct SegmentTermIterator {
    let reader: SegmentReader
    private var block: [(term: [UInt8], entry: SegmentTermEntry)] = []
    private var nextBlock = 0
    private var index = 0
    /// The current term and its entry; `nil` past the last.
    private(set) var current: (term: [UInt8], entry: SegmentTermEntry)?

    init(reader: SegmentReader) { self.reader = reader }

    mutating func advance() throws(IndexStoreError) {
        let previous = current?.term
        index += 1
        while index >= block.count {
            guard nextBlock < reader.dictionary.blockCount else {
                current = nil
                return
            }
            block = try reader.dictionary.block(nextBlock)
            nextBlock += 1
            index = 0
        }
        current = block[index]
        if let previous, !previous.lexicographicallyPrecedes(block[index].term) {
            throw reader.dictionary.file.corrupt("terms out of order at dictionary block \(nextBlock - 1)")
        }
    }
}

/// One term's postings in one field, gathered from the merged segments: documents renumbered,
/// each posting's positions as stored.
private struct MergedPostings: PostingsToWrite {
    var documents: [UInt32] = []
    var frequencies: [UInt32] = []
    var positionBytes: [UInt8] = []
    /// Where each posting's positions end in ``positionBytes``.
    var positionEnds: [Int] = []
    /// The field's length in each merged document.
    var lengths: [UInt32]
    /// Scratch space for one decoded block: documents, frequencies, positions skips.
    private var scratch = [UInt32](repeating: 0, count: 3 * PostingBlock.size)

    init(lengths: [UInt32]) { self.lengths = lengths }

    var count: Int { documents.count }
    func document(at posting: Int) -> UInt32 { documents[posting] }
    func frequency(at posting: Int) -> UInt32 { frequencies[posting] }
    func fieldLength(of document: UInt32) -> UInt32 { lengths[Int(document)] }
    func appendEncodedPositions(of posting: Int, to chunk: inout ByteBuffer) {
        appendEncodedPositions(ofPostings: posting..<(posting + 1), to: &chunk)
    }

    func appendEncodedPositions(ofPostings postings: Range<Int>, to chunk: inout ByteBuffer) {
        guard !postings.isEmpty else { return }
        let start = postings.lowerBound == 0 ? 0 : positionEnds[postings.lowerBound - 1]
        positionBytes.withUnsafeBytes { bytes in
            chunk.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<positionEnds[postings.upperBound - 1]]))
        }
    }

    mutating func reset(lengths: [UInt32]) {
        self.lengths = lengths
        documents.removeAll(keepingCapacity: true)
        frequencies.removeAll(keepingCapacity: true)
        positionBytes.removeAll(keepingCapacity: true)
        positionEnds.removeAll(keepingCapacity: true)
    }

    /// Appends the live postings of the term of `entry` in `field` of `reader`, whose local
    /// documents are numbered `numbers` in the merged segment (`UInt32.max`: deleted).
    mutating func append(_ entry: SegmentTermEntry, field: DocumentField, of reader: SegmentReader, numbers: [UInt32])
        throws(IndexStoreError)
    {
        let frequency = entry.frequencies[field.index]
        var walk = try reader.postings.startWalk(at: entry.postingsOffsets[field.index], frequency: frequency)
        let size = PostingBlock.size
        var scratch: [UInt32] = []
        swap(&scratch, &self.scratch)
        defer { swap(&scratch, &self.scratch) }
        try scratch.withUnsafeMutableBufferPointer { buffer throws(IndexStoreError) in
            guard let values = buffer.baseAddress else { return }
            while let block = try reader.postings.nextBlock(&walk, reaching: 0, into: values, includeDeleted: true) {
                let bytes = try reader.positions.chunkBytes(block.chunk)
                try appendBlock(count: block.count, documents: values, frequencies: values + size, positions: bytes,
                                numbers: numbers) { () -> IndexStoreError in
                    reader.positions.file(of: block.chunk).corrupt(
                        "positions chunk at \(block.chunk.offset) does not hold the positions of its postings")
                }
            }
        }
        guard reader.postings.endsItsRegion(walk) else {
            throw reader.postings.postings.corrupt("postings region at \(entry.postingsOffsets[field.index]) has trailing bytes")
        }
    }

    /// Appends one decoded block of `count` postings (local documents and frequencies) with
    /// the positions chunk that holds exactly their positions, leaving out deleted documents.
    private mutating func appendBlock(count: Int, documents localDocuments: UnsafeMutablePointer<UInt32>,
                                      frequencies blockFrequencies: UnsafeMutablePointer<UInt32>,
                                      positions: UnsafeRawBufferPointer, numbers: [UInt32],
                                      damaged: () -> IndexStoreError) throws(IndexStoreError)
    {
        let chunk = positions.bindMemory(to: UInt8.self)
        var at = 0
        var copiedFrom = 0
        for index in 0..<count {
            // The posting's positions end after `frequency` LEB128 values (each ends with a
            // byte below 0x80).
            let start = at
            var values = blockFrequencies[index]
            while values > 0 {
                guard at < chunk.count else { throw damaged() }
                if chunk[at] < 0x80 { values -= 1 }
                at += 1
            }
            let merged = numbers[Int(localDocuments[index])]
            if merged == .max {
                // A deleted document: the bytes before its positions are copied, its own skipped.
                positionBytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[copiedFrom..<start]))
                copiedFrom = at
                continue
            }
            documents.append(merged)
            frequencies.append(blockFrequencies[index])
            positionEnds.append(positionBytes.count + at - copiedFrom)
        }
        guard at == chunk.count else { throw damaged() }
        positionBytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[copiedFrom..<at]))
    }
}
