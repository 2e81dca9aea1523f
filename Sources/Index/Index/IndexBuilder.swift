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
    /// Terms in order of first appearance, and the temporary id of each.
    private var terms: [String] = []
    private var termIDs: [String: Int] = [:]
    private var fields: [FieldAccumulator] = DocumentField.allCases.map { _ in FieldAccumulator() }
    private var textOffsets = TokenOffsetsAccumulator()

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
        try insert(document, analyzed: DocumentField.allCases.map { analyzer.analyze(document[$0]) })
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
        let analyzed = ConcurrentAnalysis.fields(of: batch, with: analyzer)
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
    private mutating func insert(_ document: Document, analyzed: [[Token]]) throws(IndexingError) {
        for field in DocumentField.allCases {
            let tokens = analyzed[field.index]
            let total = fields[field.index].totalPositions + tokens.count
            guard total < Int(UInt32.max), tokens.allSatisfy({ $0.position < Int(UInt32.max) }) else {
                throw IndexingError.capacityExceeded("more than \(UInt32.max) positions in the \(field) field")
            }
        }

        let number = UInt32(documents.count)
        contentBytes += document.id.utf8.count + document.title.utf8.count + document.text.utf8.count
        numbers[document.id] = number
        documents.append(document)
        for field in DocumentField.allCases {
            let tokens = analyzed[field.index]
            // (term id, position) pairs, grouped by term: one posting per distinct term.
            var occurrences: [(term: Int, position: UInt32)] = []
            occurrences.reserveCapacity(tokens.count)
            for token in tokens {
                occurrences.append((termID(token.term), UInt32(clamping: token.position)))
            }
            occurrences.sort { $0.term != $1.term ? $0.term < $1.term : $0.position < $1.position }
            fields[field.index].add(document: number, occurrences: occurrences)
        }
        textOffsets.add(analyzed[DocumentField.text.index])
    }

    /// The searchable index of the documents added so far.
    public func build() -> InMemoryIndex {
        // Term ids become ranks in UTF-8 byte order.
        let order = terms.indices.sorted { terms[$0].utf8.lexicographicallyPrecedes(terms[$1].utf8) }
        let dictionary = TermDictionary(sortedTerms: order.map { terms[$0] })
        let postings = fields.map { $0.build(order: order, documentCount: documents.count) }
        let stored = StoredDocuments(documents: documents, numbers: numbers)
        return InMemoryIndex(analyzer: analyzer, dictionary: dictionary, fields: postings,
                             textOffsets: textOffsets.build(documentCount: documents.count), documents: stored)
    }

    private mutating func termID(_ term: String) -> Int {
        if let id = termIDs[term] { return id }
        let id = terms.count
        terms.append(term)
        termIDs[term] = id
        for index in fields.indices { fields[index].postings.append([]) }
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
