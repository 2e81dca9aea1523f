import ArabicTokenizer

/// Collects documents and turns them into a searchable ``InMemoryIndex``.
///
/// Every field of every document is analyzed as it is added; ``build()`` then sorts the term
/// dictionary and lays the postings out flat. The builder is a value: copying it copies the
/// documents added so far.
///
/// ```swift
/// var builder = IndexBuilder()
/// try builder.add(Document(id: "d1", title: "الذكاء الاصطناعي", text: "تحالفت شركة Meta مع شركة IBM"))
/// let index = builder.build()
/// ```
public struct IndexBuilder: Sendable {
    /// The analyzer that turns document fields (and later queries) into terms.
    public let analyzer: any Analyzer

    private var documents: [Document] = []
    private var numbers: [String: UInt32] = [:]
    /// Terms in order of first appearance (a term's temporary id is its index), and their ids
    /// by UTF-8 bytes.
    private var terms: [String] = []
    private var termIDs = TermTable()
    private var fields: [FieldAccumulator] = DocumentField.allCases.map { _ in FieldAccumulator() }
    private var textOffsets = TokenOffsetsAccumulator()
    /// Whether the word ranges of the text field are kept for snippets (the in-memory index);
    /// an on-disk index re-analyzes the stored text instead.
    var keepsOffsets = true

    /// A builder whose documents are analyzed with `analyzer` (the default Arabic analyzer when
    /// omitted).
    public init(analyzer: any Analyzer = ArabicAnalyzer()) {
        self.analyzer = analyzer
    }

    /// The number of documents added.
    public var count: Int { documents.count }

    /// The UTF-8 bytes of the identifiers, titles and texts added.
    private var contentBytes = 0

    /// A rough estimate of the memory the builder holds and ``build()`` will need, in bytes:
    /// what a writer compares with its memory budget.
    public var estimatedMemory: Int {
        let positions = fields.reduce(0) { $0 + $1.totalPositions }
        // Calibrated on a 143 MB Arabic corpus: peak resident memory while the buffer is
        // written out is about this figure plus the process's fixed ~150 MB.
        return (7 * contentBytes + 84 * positions + 560 * terms.count + 900 * documents.count) / 2
    }

    /// Adds `document`, analyzing its title and text.
    ///
    /// Throws ``IndexingError/duplicateID(_:)`` when a document with the same identifier was
    /// added before, ``IndexingError/emptyID`` for an empty identifier, and
    /// ``IndexingError/capacityExceeded(_:)`` beyond 2³²−1 documents or positions per field.
    /// The builder is unchanged when it throws.
    public mutating func add(_ document: Document) throws(IndexingError) {
        try validate(document.id)
        try insert(document, analyzed: DocumentField.allCases.map { AnalyzedField(document[$0], analyzer: analyzer) })
    }

    /// Adds `documents` in order, analyzing several at a time on all processors.
    ///
    /// The result is the same as adding them one by one with ``add(_:)``, only faster. When a
    /// document is rejected (see ``add(_:)``), the documents before it stay added and the error
    /// is thrown.
    ///
    /// ```swift
    /// var builder = IndexBuilder()
    /// try builder.add(contentsOf: CorpusReader.paragraphs(text))
    /// ```
    public mutating func add(contentsOf documents: some Sequence<Document>) throws(IndexingError) {
        var batch: [Document] = []
        batch.reserveCapacity(Self.batchSize)
        for document in documents {
            batch.append(document)
            if batch.count == Self.batchSize {
                try addBatch(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try addBatch(batch) }
    }

    /// How many documents are analyzed concurrently before being inserted in order.
    static let batchSize = 512

    private mutating func addBatch(_ batch: [Document]) throws(IndexingError) {
        try insert(batch, analyzed: ConcurrentAnalysis.fields(of: batch, with: analyzer))
    }

    /// Adds `batch`, whose fields were analyzed into `analyzed` (by document, then field), as
    /// ``add(contentsOf:)`` does.
    mutating func insert(_ batch: [Document], analyzed: [[AnalyzedField]]) throws(IndexingError) {
        for (document, fields) in zip(batch, analyzed) {
            try validate(document.id)
            try insert(document, analyzed: fields)
        }
    }

    private func validate(_ id: String) throws(IndexingError) {
        guard !id.isEmpty else { throw IndexingError.emptyID }
        guard numbers[id] == nil else { throw IndexingError.duplicateID(id) }
        guard documents.count < Int(UInt32.max) else {
            throw IndexingError.capacityExceeded("more than \(UInt32.max) documents")
        }
    }

    /// Adds a validated document whose fields were analyzed into `analyzed` (by field index).
    private mutating func insert(_ document: Document, analyzed: [AnalyzedField]) throws(IndexingError) {
        for field in DocumentField.allCases {
            let terms = analyzed[field.index]
            let total = fields[field.index].totalPositions + terms.count
            guard total < Int(UInt32.max), terms.positions.allSatisfy({ $0 >= 0 && $0 < Int(UInt32.max) }) else {
                throw IndexingError.capacityExceeded("more than \(UInt32.max) positions in the \(field) field")
            }
        }

        let number = UInt32(documents.count)
        contentBytes += document.id.utf8.count + document.title.utf8.count + document.text.utf8.count
        numbers[document.id] = number
        documents.append(document)
        var ids: [Int] = []
        for field in DocumentField.allCases {
            let terms = analyzed[field.index]
            ids.removeAll(keepingCapacity: true)
            ids.reserveCapacity(terms.count)
            terms.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for end in terms.ends {
                    ids.append(termID(UnsafeBufferPointer(rebasing: bytes[start..<end])))
                    start = end
                }
            }
            fields[field.index].add(document: number, termIDs: ids, positions: terms.positions,
                                    ordered: terms.positionsAreOrdered)
        }
        if keepsOffsets {
            textOffsets.add(analyzed[DocumentField.text.index])
        } else {
            textOffsets.skip()
        }
    }

    /// The searchable index of the documents added so far.
    public func build() -> InMemoryIndex {
        // Term ids become ranks in UTF-8 byte order.
        let order = terms.indices.sorted { terms[$0].precedesInByteOrder(terms[$1]) }
        let dictionary = TermDictionary(sortedTerms: order.map { terms[$0] })
        let postings = fields.map { $0.build(order: order, documentCount: documents.count) }
        let stored = StoredDocuments(documents: documents, numbers: numbers)
        return InMemoryIndex(analyzer: analyzer, dictionary: dictionary, fields: postings,
                             textOffsets: textOffsets.build(documentCount: documents.count), documents: stored)
    }

    private mutating func termID(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        let (id, inserted) = termIDs.id(of: term)
        if inserted {
            terms.append(String(decoding: term, as: UTF8.self))
            for index in fields.indices { fields[index].addTerm() }
        }
        return id
    }
}

/// The postings of one field while documents are being added, per temporary term id.
struct FieldAccumulator {
    /// For each temporary term id, its postings encoded as `document, frequency, positions…`.
    var postings: [[UInt32]] = []
    /// The token count of the field in each document.
    var lengths: [UInt32] = []
    /// The number of tokens so far.
    var totalPositions = 0
    /// For each temporary term id, the last document it was seen in, and where that
    /// posting's frequency is in its `postings` array.
    private var lastDocuments: [UInt32] = []
    private var frequencySlots: [Int] = []

    /// Makes room for a new term.
    mutating func addTerm() {
        postings.append([])
        lastDocuments.append(UInt32.max)
        frequencySlots.append(0)
    }

    /// Records a document's field: the temporary id and position of each of its terms.
    mutating func add(document: UInt32, termIDs: [Int], positions: [Int], ordered: Bool) {
        guard ordered else {
            // (term id, position) pairs, grouped by term: one posting per distinct term.
            var occurrences: [(term: Int, position: UInt32)] = []
            occurrences.reserveCapacity(termIDs.count)
            for (term, position) in zip(termIDs, positions) { occurrences.append((term, UInt32(clamping: position))) }
            occurrences.sort { $0.term != $1.term ? $0.term < $1.term : $0.position < $1.position }
            add(document: document, occurrences: occurrences)
            return
        }
        // Positions in order: each term's postings grow in place, no sorting. (Through buffer
        // pointers: the outer arrays are checked for uniqueness once, not at every token.)
        lengths.append(UInt32(termIDs.count))
        totalPositions += termIDs.count
        precondition(lastDocuments.count == postings.count && frequencySlots.count == postings.count)
        postings.withUnsafeMutableBufferPointer { postings in
            lastDocuments.withUnsafeMutableBufferPointer { lastDocuments in
                frequencySlots.withUnsafeMutableBufferPointer { frequencySlots in
                    for (term, position) in zip(termIDs, positions) {
                        precondition(term >= 0 && term < postings.count, "term id out of range")
                        if lastDocuments[term] != document {
                            lastDocuments[term] = document
                            postings[term].append(document)
                            frequencySlots[term] = postings[term].count
                            postings[term].append(1)
                        } else {
                            postings[term][frequencySlots[term]] += 1
                        }
                        postings[term].append(UInt32(clamping: position))
                    }
                }
            }
        }
    }

    /// Records a document's field: `occurrences` sorted by term, then position.
    mutating func add(document: UInt32, occurrences: [(term: Int, position: UInt32)]) {
        lengths.append(UInt32(occurrences.count))
        totalPositions += occurrences.count
        var start = 0
        while start < occurrences.count {
            let term = occurrences[start].term
            var end = start + 1
            while end < occurrences.count, occurrences[end].term == term { end += 1 }
            postings[term].append(document)
            postings[term].append(UInt32(end - start))
            for index in start..<end { postings[term].append(occurrences[index].position) }
            start = end
        }
    }

    /// The flat postings, with term ids renumbered: `order[rank]` is the temporary id of the
    /// term whose final id is `rank`.
    func build(order: [Int], documentCount: Int) -> FieldPostings {
        var termStarts: [Int] = [0]
        termStarts.reserveCapacity(order.count + 1)
        var documents: [UInt32] = []
        var frequencies: [UInt32] = []
        var positionStarts: [UInt32] = [0]
        var positions: [UInt32] = []
        positions.reserveCapacity(totalPositions)
        for temporary in order {
            let encoded = postings[temporary]
            var index = 0
            while index + 1 < encoded.count {
                let frequency = Int(encoded[index + 1])
                documents.append(encoded[index])
                frequencies.append(encoded[index + 1])
                positions.append(contentsOf: encoded[(index + 2)..<(index + 2 + frequency)])
                positionStarts.append(UInt32(positions.count))
                index += 2 + frequency
            }
            termStarts.append(documents.count)
        }
        var padded = lengths
        if padded.count < documentCount {
            padded += [UInt32](repeating: 0, count: documentCount - padded.count)
        }
        return FieldPostings(
            termStarts: termStarts, documents: documents, frequencies: frequencies,
            positionStarts: positionStarts, positions: positions, lengths: padded,
            nonEmptyDocumentCount: padded.reduce(0) { $0 + ($1 > 0 ? 1 : 0) },
            totalLength: totalPositions)
    }
}
