import ArabicTokenizer

/// The per-field statistics BM25 needs: `N` and the total length behind `avgdl`.
struct FieldStatistics: Sendable, Hashable, Codable {
    /// The number of documents whose field has at least one token.
    var nonEmptyDocumentCount: Int
    /// The sum of the field's lengths over all documents.
    var totalLength: Int

    /// BM25's `avgdl`, computed exactly as ``FieldPostings/averageLength``.
    var averageLength: Double {
        nonEmptyDocumentCount > 0 ? Double(totalLength) / Double(nonEmptyDocumentCount) : 0
    }
}

/// What the searcher, explainer and highlighter read: an index in memory or on disk.
///
/// Documents are numbered globally from 0 in the order they were added; `Term` identifies a
/// term of the dictionary. Sources on disk throw ``Failure`` when what they read is corrupt;
/// the in-memory index never throws.
protocol SearchSource {
    associatedtype Term: Hashable
    associatedtype Failure: Error
    associatedtype Postings: PostingList where Postings.Failure == Failure
    associatedtype Cursor: PostingCursor = ListCursor<Postings> where Cursor.Failure == Failure

    var analyzer: any Analyzer { get }
    /// The memory this source's searches work in (see ``SearchArena``).
    var searchArenas: SearchArenaPool { get }
    /// Document numbers are below this (deleted documents included).
    var documentNumberLimit: Int { get }
    /// Whether document `document` was deleted: it matches nothing.
    func isDeleted(_ document: UInt32) -> Bool
    /// Whether any document was deleted.
    var hasDeletions: Bool { get }
    func statistics(of field: DocumentField) -> FieldStatistics
    /// The term whose text is `text`, or `nil`; what the term refers to is kept in `arena`
    /// (use it within the search).
    func term(_ text: String, arena: SearchArena) throws(Failure) -> Term?
    /// The first `limit` terms (in UTF-8 byte order) that begin with `prefix` and come after
    /// `previous` (or the first of all when `previous` is `nil`); fewer when there are no more.
    /// What the terms refer to is kept in `arena`.
    func terms(withPrefix prefix: String, after previous: Term?, limit: Int, arena: SearchArena) throws(Failure) -> [Term]
    func text(of term: Term) -> String
    /// Calls `body` with the text of every term of the dictionary, in any order, a term
    /// possibly more than once.
    func forEachTermText(_ body: (String) -> Void) throws(Failure)
    /// Where this source keeps its ``VariantTable`` once made.
    var variantTables: VariantTableCache { get }
    func documentFrequency(of term: Term, in field: DocumentField) -> Int
    /// The postings of `term` in `field`, in increasing document order.
    func postings(of term: Term, in field: DocumentField) throws(Failure) -> Postings
    /// The postings of `term` in `field` when this source holds them decoded already (read
    /// earlier and remembered), else `nil`: a caller that would decode a few blocks through a
    /// cursor looks them up instead.
    func decodedPostings(of term: Term, in field: DocumentField) -> Postings?
    /// A cursor over the postings of `term` in `field`, standing on the first, working in
    /// `arena`'s memory (it must not outlive the search).
    func cursor(of term: Term, in field: DocumentField, arena: SearchArena) throws(Failure) -> Cursor
    /// The token count of `field` in `document`.
    func length(of document: UInt32, in field: DocumentField) throws(Failure) -> Int
    /// ``BM25/norm(length:)`` of `field` in every document, by document number, when the
    /// source keeps them for `bm25`; `nil` when scoring should read each length instead.
    func lengthNorms(of field: DocumentField, bm25: BM25) throws(Failure) -> [Double]?
    /// `weight · tf` of each posting of a list in `field` (`documents` increasing, with their
    /// `frequencies`), tf by `bm25` with each document's length in `field`, in order: what
    /// scoring a whole posting list computes, reading each length once.
    func scores(of documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, in field: DocumentField,
                weight: Double, bm25: BM25) throws(Failure) -> [Double]
    /// The stored word ranges of `document`'s text, or `nil` when they are not stored.
    func offsets(of document: UInt32) throws(Failure) -> DocumentOffsets?
    func document(number: UInt32) throws(Failure) -> Document
    /// The identifier of `document`, read without its title and text.
    func identifier(number: UInt32) throws(Failure) -> String
}

/// The postings of one term in one field, in increasing document order.
protocol PostingList {
    associatedtype Failure: Error
    var count: Int { get }
    func document(at index: Int) -> UInt32
    func frequency(at index: Int) -> UInt32
    /// The positions of posting `index`, increasing.
    func positions(at index: Int) throws(Failure) -> ArraySlice<UInt32>
    /// Appends the positions of posting `index` (increasing) to `buffer`: what
    /// ``positions(at:)`` returns, into storage the caller reuses from one posting to the next.
    func appendPositions(at index: Int, to buffer: inout [UInt32]) throws(Failure)

    /// Every posting's document (`documentSlice[documentSlice.startIndex + i]` is
    /// `document(at: i)`), for cursors that walk the list without a call per posting.
    var documentSlice: ArraySlice<UInt32> { get }
    /// Every posting's frequency, indexed like ``documentSlice``.
    var frequencySlice: ArraySlice<UInt32> { get }

    /// The number of blocks: consecutive runs of postings, each summarized by bounds on what
    /// its postings can score, so a search can pass over blocks that cannot reach the top hits.
    var blockCount: Int { get }
    /// The index one past the last posting of `block` (non-decreasing; the last is `count`).
    func blockEnd(_ block: Int) -> Int
    /// At least the largest frequency among the postings of `block`.
    func blockMaximumFrequency(_ block: Int) -> UInt32
    /// At most the smallest field length among the documents of `block`.
    func blockMinimumLength(_ block: Int) -> UInt32
}

extension SearchSource {
    /// None kept: scoring reads each length.
    func lengthNorms(of field: DocumentField, bm25: BM25) throws(Failure) -> [Double]? { nil }

    /// None remembered.
    func decodedPostings(of term: Term, in field: DocumentField) -> Postings? { nil }
}

extension SearchSource {
    /// The index's terms grouped by variant key, made on first use.
    func variantTable() throws(Failure) -> VariantTable {
        try variantTables.table { () throws(Failure) in
            try VariantTable(analyzer: analyzer) { body throws(Failure) in try forEachTermText(body) }
        }
    }
}

extension SearchSource where Cursor == ListCursor<Postings> {
    /// A cursor over the postings of `term` in `field`, decoded whole.
    func cursor(of term: Term, in field: DocumentField, arena: SearchArena) throws(Failure) -> Cursor {
        ListCursor(try postings(of: term, in: field), arena: arena)
    }
}

extension PostingList {
    func appendPositions(at index: Int, to buffer: inout [UInt32]) throws(Failure) {
        buffer.append(contentsOf: try positions(at: index))
    }

    /// The posting of `document` among postings `range` (binary search), or `nil`.
    func posting(of document: UInt32, in range: Range<Int>) -> Int? {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if self.document(at: middle) < document { low = middle + 1 } else { high = middle }
        }
        guard low < range.upperBound, self.document(at: low) == document else { return nil }
        return low
    }

    /// The posting of `document`, or `nil`.
    func posting(of document: UInt32) -> Int? { posting(of: document, in: 0..<count) }
}

/// The UTF-8 ranges of the words at the positions of one document's text (see
/// ``TokenOffsets``).
struct DocumentOffsets {
    let starts: ArraySlice<UInt32>
    let lengths: ArraySlice<UInt16>

    /// The UTF-8 range of the word at `position`, or `nil` when there is none.
    func range(at position: Int) -> Range<Int>? {
        guard position >= 0, position < starts.count else { return nil }
        let length = lengths[lengths.startIndex + position]
        guard length > 0 else { return nil }
        let start = Int(starts[starts.startIndex + position])
        return start..<(start + Int(length))
    }
}

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
    func blockEnd(_ block: Int) -> Int { min(range.count, (block + 1) * FieldPostings.blockSize) }
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

    func forEachTermText(_ body: (String) -> Void) {
        for id in 0..<dictionary.count { body(dictionary.term(id)) }
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

/// A source that remembers the postings it has decoded, for the duration of one search: the
/// evaluation, explanations and highlighting of a query read the same lists, which an on-disk
/// index would otherwise decode (and checksum) several times. Not for sharing between threads.
final class MemoizingSource<Base: SearchSource>: SearchSource {
    typealias Term = Base.Term
    typealias Failure = Base.Failure
    typealias Postings = Base.Postings
    typealias Cursor = Base.Cursor

    private struct Key: Hashable {
        let term: Base.Term
        let field: DocumentField
    }

    let base: Base
    private var postings: [Key: Base.Postings] = [:]

    init(_ base: Base) { self.base = base }

    var analyzer: any Analyzer { base.analyzer }
    var searchArenas: SearchArenaPool { base.searchArenas }
    var documentNumberLimit: Int { base.documentNumberLimit }
    func isDeleted(_ document: UInt32) -> Bool { base.isDeleted(document) }
    var hasDeletions: Bool { base.hasDeletions }
    func statistics(of field: DocumentField) -> FieldStatistics { base.statistics(of: field) }
    func term(_ text: String, arena: SearchArena) throws(Failure) -> Term? { try base.term(text, arena: arena) }
    func terms(withPrefix prefix: String, after previous: Term?, limit: Int, arena: SearchArena) throws(Failure) -> [Term] {
        try base.terms(withPrefix: prefix, after: previous, limit: limit, arena: arena)
    }
    func text(of term: Term) -> String { base.text(of: term) }
    func forEachTermText(_ body: (String) -> Void) throws(Failure) { try base.forEachTermText(body) }
    var variantTables: VariantTableCache { base.variantTables }
    func documentFrequency(of term: Term, in field: DocumentField) -> Int { base.documentFrequency(of: term, in: field) }

    func postings(of term: Term, in field: DocumentField) throws(Failure) -> Postings {
        let key = Key(term: term, field: field)
        if let known = postings[key] { return known }
        let list = try base.postings(of: term, in: field)
        postings[key] = list
        return list
    }

    func lengthNorms(of field: DocumentField, bm25: BM25) throws(Failure) -> [Double]? {
        try base.lengthNorms(of: field, bm25: bm25)
    }

    /// The postings read through this source before, or the base source's decoded ones.
    func decodedPostings(of term: Term, in field: DocumentField) -> Postings? {
        postings[Key(term: term, field: field)] ?? base.decodedPostings(of: term, in: field)
    }

    /// A cursor of the base source's: cursors move, so they are not remembered.
    func cursor(of term: Term, in field: DocumentField, arena: SearchArena) throws(Failure) -> Cursor {
        try base.cursor(of: term, in: field, arena: arena)
    }

    func length(of document: UInt32, in field: DocumentField) throws(Failure) -> Int {
        try base.length(of: document, in: field)
    }
    func scores(of documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, in field: DocumentField,
                weight: Double, bm25: BM25) throws(Failure) -> [Double]
    {
        try base.scores(of: documents, frequencies: frequencies, in: field, weight: weight, bm25: bm25)
    }
    func offsets(of document: UInt32) throws(Failure) -> DocumentOffsets? { try base.offsets(of: document) }
    func document(number: UInt32) throws(Failure) -> Document { try base.document(number: number) }
    func identifier(number: UInt32) throws(Failure) -> String { try base.identifier(number: number) }
}

extension ArraySlice<UInt32> {
    /// The offset (from `startIndex`) of `document` in these increasing documents at or after
    /// offset `start`, or `nil`; `start` moves to the offset of the first document not below
    /// `document`. Gallops from `start`, so a walk over increasing documents costs little per
    /// step when they are close.
    func offset(of document: UInt32, from start: inout Int) -> Int? {
        withUnsafeBufferPointer { documents in
            let end = documents.count
            var low = start
            var high = low
            var step = 1
            // Gallop to a window [low, high] whose last document is at least `document`.
            while high < end, documents[high] < document {
                low = high + 1
                high += step
                step &*= 2
            }
            high = Swift.min(high + 1, end)
            // The first of [low, high) at least `document` (or `high`), without branches to
            // mispredict: halve the window, keeping its lower edge where the document is above.
            var count = high - low
            while count > 1 {
                let half = count / 2
                low = documents[low + half - 1] < document ? low + half : low
                count -= half
            }
            if count == 1, documents[low] < document { low += 1 }
            start = low
            guard low < end, documents[low] == document else { return nil }
            return low
        }
    }
}
