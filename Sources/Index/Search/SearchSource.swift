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
    /// The index's terms grouped by variant key (see ``VariantTable``), made on first use and
    /// kept.
    func variantTable() throws(Failure) -> VariantTable
    /// The index's distinct terms in order (see ``TermLexicon``), made on first use and kept.
    func termLexicon() throws(Failure) -> TermLexicon
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

extension SearchSource {
    /// None kept: scoring reads each length.
    func lengthNorms(of field: DocumentField, bm25: BM25) throws(Failure) -> [Double]? { nil }

    /// None remembered.
    func decodedPostings(of term: Term, in field: DocumentField) -> Postings? { nil }
}

extension SearchSource where Cursor == ListCursor<Postings> {
    /// A cursor over the postings of `term` in `field`, decoded whole.
    func cursor(of term: Term, in field: DocumentField, arena: SearchArena) throws(Failure) -> Cursor {
        ListCursor(try postings(of: term, in: field), arena: arena)
    }
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
