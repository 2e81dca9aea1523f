import ArabicTokenizer

/// A term's postings in an ``InMemoryIndex``: a range of its flat arrays.
struct InMemoryPostings: PostingList {
    typealias Failure = Never
    let field: FieldPostings
    let range: Range<Int>
    /// The term's block summaries in `field`.
    let blocks: Range<Int>

    var count: Int { range.count }
    func document(at index: Int) -> UInt32 { field.documents[range.lowerBound + index] }
    func frequency(at index: Int) -> UInt32 { field.frequencies[range.lowerBound + index] }
    func positions(at index: Int) -> ArraySlice<UInt32> { field.positions(ofPosting: range.lowerBound + index) }

    var documentSlice: ArraySlice<UInt32> { field.documents[range] }
    var frequencySlice: ArraySlice<UInt32> { field.frequencies[range] }
    var blockCount: Int { blocks.count }
    func blockEnd(_ block: Int) -> Int { min(range.count, (block + 1) * PostingBlock.size) }
    func blockMaximumFrequency(_ block: Int) -> UInt32 { field.blockMaximumFrequencies[blocks.lowerBound + block] }
    func blockMinimumLength(_ block: Int) -> UInt32 { field.blockMinimumLengths[blocks.lowerBound + block] }
}

extension InMemoryIndex: SearchSource {
    typealias Term = Int
    typealias Failure = Never

    var documentNumberLimit: Int { documentCount }
    func isDeleted(_ document: UInt32) -> Bool { false }
    var hasDeletions: Bool { false }

    func statistics(of field: DocumentField) -> FieldStatistics {
        let postings = self.postings(field)
        return FieldStatistics(nonEmptyDocumentCount: postings.nonEmptyDocumentCount,
                               totalLength: postings.totalLength)
    }

    func term(_ text: String, arena: SearchArena) -> Int? { dictionary.id(of: text) }

    func terms(withPrefix prefix: String, after previous: Int?, limit: Int, arena: SearchArena) -> [Int] {
        let ids = dictionary.ids(withPrefix: prefix)
        let next = previous.map { max($0 + 1, ids.lowerBound) } ?? ids.lowerBound
        guard next < ids.upperBound, limit > 0 else { return [] }
        return Array(next..<(ids.upperBound - next <= limit ? ids.upperBound : next + limit))
    }

    func text(of term: Int) -> String { dictionary.term(term) }

    /// Calls `body` with the text of every term of the dictionary.
    func forEachTermText(_ body: (String) -> Void) {
        for id in 0..<dictionary.count { body(dictionary.term(id)) }
    }

    func variantTable() -> VariantTable {
        variantTables.value { VariantTable(analyzer: analyzer) { body in forEachTermText(body) } }
    }

    func termLexicon() -> TermLexicon {
        termLexicons.value {
            TermLexicon(terms: (0..<dictionary.count).lazy.map { id in
                (self.dictionary.term(id), DocumentField.allCases.map { self.documentFrequency(of: id, in: $0) }.max() ?? 0)
            })
        }
    }

    func documentFrequency(of term: Int, in field: DocumentField) -> Int {
        postings(field).documentFrequency(of: term)
    }

    func postings(of term: Int, in field: DocumentField) -> InMemoryPostings {
        let field = postings(field)
        return InMemoryPostings(field: field, range: field.postings(of: term),
                                blocks: field.blockStarts[term]..<field.blockStarts[term + 1])
    }

    func length(of document: UInt32, in field: DocumentField) -> Int {
        Int(fields[field.index].lengths[Int(document)])
    }

    func scores(of documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, in field: DocumentField,
                weight: Double, bm25: BM25) -> [Double]
    {
        let lengths = fields[field.index].lengths
        return zip(documents, frequencies).map { document, frequency in
            weight * bm25.tf(frequency: Int(frequency), length: Int(lengths[Int(document)]))
        }
    }

    func offsets(of document: UInt32) -> DocumentOffsets? {
        guard textOffsets.hasOffsets(document) else { return nil }
        let range = textOffsets.documentStarts[Int(document)]..<textOffsets.documentStarts[Int(document) + 1]
        return DocumentOffsets(starts: textOffsets.starts[range], lengths: textOffsets.lengths[range])
    }

    func document(number: UInt32) -> Document { stored[number] }
    func identifier(number: UInt32) -> String { stored[number].id }
}
