import ArabicTokenizer

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
    func variantTable() throws(Failure) -> VariantTable { try base.variantTable() }
    func termLexicon() throws(Failure) -> TermLexicon { try base.termLexicon() }
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
