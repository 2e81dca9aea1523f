import ArabicTokenizer

/// A searchable, immutable index of documents held in memory.
///
/// Build one with ``IndexBuilder`` or ``init(documents:analyzer:)``, then search it with a query
/// string (see ``QueryParser`` for the language) or a ``Query`` tree. The index never changes
/// after it is built, so it can be shared and searched from any number of threads at once.
///
/// Snippets need the original offsets of matched words. The index stores the UTF-8 range of the
/// word at every position of the text field (six bytes per position) rather than re-analyze
/// each hit's text when a snippet is made: analysis (word segmentation above all) would cost far
/// more than the search itself on long documents. Documents whose offsets could not be stored
/// compactly are re-analyzed instead; the analyzer is deterministic, so the tokens are the ones
/// that were indexed.
///
/// ```swift
/// let index = try InMemoryIndex(documents: [
///     Document(id: "d1", text: "تحالفت شركة Meta مع شركة IBM"),
///     Document(id: "d2", text: "أطلقت جوجل نظام جيمناي"),
/// ])
/// let results = try index.search("شركة +ibm")
/// results.hits.map(\.id)   // ["d1"]
/// ```
public final class InMemoryIndex: Sendable {
    /// The analyzer the documents were indexed with; queries are analyzed with it too.
    public let analyzer: any Analyzer
    let dictionary: TermDictionary
    /// The postings of each field, by ``DocumentField/index``.
    let fields: [FieldPostings]
    /// Where each word of the text field came from, for snippets.
    let textOffsets: TokenOffsets
    let stored: StoredDocuments
    /// The memory searches work in, kept between them.
    let searchArenas = SearchArenaPool()
    /// The terms grouped by variant key, made on first use.
    let variantTables = MadeOnce<VariantTable>()
    /// The distinct terms in order, made on first use.
    let termLexicons = MadeOnce<TermLexicon>()

    init(analyzer: any Analyzer, dictionary: TermDictionary, fields: [FieldPostings], textOffsets: TokenOffsets,
         documents: StoredDocuments) {
        self.analyzer = analyzer
        self.dictionary = dictionary
        self.fields = fields
        self.textOffsets = textOffsets
        self.stored = documents
    }

    /// An index of `documents`, analyzed with `analyzer` (the default Arabic analyzer when
    /// omitted).
    ///
    /// Throws ``IndexingError`` for a duplicate or empty document identifier.
    public convenience init(documents: [Document], analyzer: any Analyzer = ArabicAnalyzer()) throws(IndexingError) {
        var builder = IndexBuilder(analyzer: analyzer)
        try builder.add(contentsOf: documents)
        let built = builder.build()
        self.init(analyzer: built.analyzer, dictionary: built.dictionary, fields: built.fields,
                  textOffsets: built.textOffsets, documents: built.stored)
    }

    /// The number of documents.
    public var documentCount: Int { stored.count }

    /// The number of distinct terms over all fields.
    public var termCount: Int { dictionary.count }

    /// The document with identifier `id`, or `nil` when there is none.
    public func document(_ id: String) -> Document? {
        stored.document(id)
    }

    /// The documents in the order they were added.
    public var documents: [Document] { stored.documents }

    /// The number of documents whose `field` contains the index term `term` (already analyzed).
    public func documentFrequency(of term: String, in field: DocumentField) -> Int {
        guard let id = dictionary.id(of: term) else { return 0 }
        return postings(field).documentFrequency(of: id)
    }

    /// The postings of `field`.
    func postings(_ field: DocumentField) -> FieldPostings {
        fields[field.index]
    }
}
