import ArabicTokenizer
import Foundation

/// A searchable index stored in a directory: a snapshot of the segments its manifest named
/// when it was opened, memory-mapped and read in place.
///
/// Searching gives exactly the results an ``InMemoryIndex`` of the same documents gives (same
/// hits, scores, snippets), over any number of segments: BM25 statistics are summed over them.
/// Opening reads only the manifest and a few small tables; each search reads, and verifies the
/// checksums of, only the parts of files it needs. Use ``IndexChecker`` to verify everything.
///
/// ```swift
/// let index = try DiskIndex(directory: "idx")
/// let results = try index.search("الذكاء الاصطناعي")
/// ```
public final class DiskIndex: Sendable {
    /// The directory, as given.
    public let directory: String
    /// The analyzer the index was built with; queries are analyzed with it.
    public let analyzer: any Analyzer
    let manifest: Manifest
    let segments: [SegmentReader]
    private let totals: [FieldStatistics]
    /// Per field, the BM25 length norms of every document (by global number) for the last `b`
    /// and average length asked for: the segments' own, end to end.
    private let lengthNorms = LengthNormsCache()
    /// The memory searches work in, kept between them.
    let searchArenas = SearchArenaPool()
    /// The terms grouped by variant key, made on first use from the segments' own tables.
    let variantTables = MadeOnce<VariantTable>()
    /// The distinct terms in order, made on first use from the segments' own lexicons.
    let termLexicons = MadeOnce<TermLexicon>()
    /// The live documents' identifiers and places, made on first use.
    let identifierTable = MadeOnce<[String: (segment: Int, local: Int)]>()

    /// Opens the index in `directory`.
    ///
    /// With no `analyzer`, the index's own settings are used (an `ArabicAnalyzer` with the
    /// stored options). A given analyzer must have the index's fingerprint.
    ///
    /// - Throws: ``IndexStoreError``: no index there, a corrupt or newer-format file, an
    ///   analyzer mismatch, the index's stemmer unavailable on this machine.
    public convenience init(directory: String, analyzer: (any Analyzer)? = nil) throws(IndexStoreError) {
        try self.init(directory: directory, analyzer: analyzer, reusing: [])
    }

    /// Opens the index in `directory`, taking from `open` the segments the commit still holds
    /// unchanged (same record, same first document number) instead of opening them again.
    private init(directory: String, analyzer: (any Analyzer)?, reusing open: [SegmentReader]) throws(IndexStoreError) {
        self.directory = directory
        let (manifest, segments) = try Self.openSnapshot(directory: directory, reusing: open)
        if let analyzer {
            guard analyzer.fingerprint == manifest.analyzer.fingerprint else {
                throw .analyzerMismatch(directory: directory, index: manifest.analyzer.fingerprint, given: analyzer.fingerprint)
            }
            self.analyzer = analyzer
        } else if let options = manifest.analyzer.options {
            if let reason = options.stemmer.unavailableReason {
                throw .stemmerUnavailable(directory: directory, stemmer: options.stemmer.rawValue, detail: reason)
            }
            let restored = ArabicAnalyzer(options: options)
            guard restored.fingerprint == manifest.analyzer.fingerprint else {
                throw .corrupt(directory: directory, file: StoreFormat.manifestName,
                               detail: "the analyzer options do not match the fingerprint \(manifest.analyzer.fingerprint)")
            }
            self.analyzer = restored
        } else {
            throw .analyzerMismatch(directory: directory, index: manifest.analyzer.fingerprint, given: "the default analyzer")
        }
        self.manifest = manifest
        self.segments = segments
        totals = DocumentField.allCases.map { manifest.statistics(of: $0) }
    }

    /// How many times opening reads a newer manifest when a merge removed the segments of the
    /// one it read first.
    static let reopenAttempts = 8

    /// Reads the manifest and opens the segments it names.
    ///
    /// `index merge` deletes the old segments' files right after committing a manifest that no
    /// longer names them, so a reader that read the previous manifest just before may find one
    /// of its files missing. Such a reader reads the manifest again and, when a newer commit
    /// replaced it, opens that one instead: a reader never fails for a commit it raced with.
    /// A missing file named by the newest manifest is still reported as corrupt. `first`, when
    /// given, stands for the manifest read first (tests pass a stale one).
    static func openSnapshot(directory: String, first: Manifest? = nil, reusing open: [SegmentReader] = [])
        throws(IndexStoreError) -> (Manifest, [SegmentReader])
    {
        var reusable: [String: SegmentReader] = [:]
        for segment in open { reusable[segment.record.name] = segment }
        var manifest: Manifest
        if let first { manifest = first } else { manifest = try Manifest.read(directory: directory) }
        var attempt = 0
        while true {
            do throws(IndexStoreError) {
                var segments: [SegmentReader] = []
                var base = 0
                for record in manifest.segments {
                    if let known = reusable[record.name], known.record == record, Int(known.base) == base {
                        segments.append(known)
                    } else {
                        segments.append(try SegmentReader(directory: directory, record: record, base: UInt32(base)))
                    }
                    base += record.documents
                }
                return (manifest, segments)
            } catch {
                attempt += 1
                guard error.isMissingFile, attempt < reopenAttempts else { throw error }
                let newer = try Manifest.read(directory: directory)
                guard newer.generation != manifest.generation else { throw error }
                manifest = newer
            }
        }
    }

    /// The directory's last commit when it is newer than this snapshot's, else `nil`.
    ///
    /// The segments both commits hold unchanged are shared with this snapshot, with what was
    /// made from them on first use (verified checksums, their variant tables), so a commit
    /// that adds a segment costs that segment only. This snapshot stays as it was: searches
    /// running on it finish on it.
    ///
    /// - Throws: ``IndexStoreError``, as ``init(directory:analyzer:)``; the new commit is
    ///   opened with this snapshot's analyzer, which must have its fingerprint.
    public func reopenedIfChanged() throws(IndexStoreError) -> DiskIndex? {
        guard try Self.committedGeneration(directory: directory) != generation else { return nil }
        return try DiskIndex(directory: directory, analyzer: analyzer, reusing: segments)
    }

    /// Makes now what searches with `options` would otherwise make on first use and keep (the
    /// variant table, the length norms under `options`' BM25 settings), so that no search
    /// waits for it: for a server, before it puts a newly opened snapshot in service.
    ///
    /// - Throws: ``IndexStoreError`` when index data is corrupt.
    public func prepare(for options: SearchOptions = SearchOptions()) throws(IndexStoreError) {
        try searchArenas.withArena { arena throws(IndexStoreError) in
            let searcher = Searcher(index: self, options: options, arena: arena)
            _ = try searcher.lengthNorms()
            if searcher.usesVariants { _ = try variantTable() }
        }
    }

    /// The index terms within a spelling budget of the index term `term` (as the analyzer
    /// gives it), closest first, the more frequent first among equally close ones: what a fuzzy
    /// term `term~edits` expands to before its cap (see ``SearchOptions/fuzzyExpansionLimit``).
    ///
    /// - Parameters:
    ///   - term: an index term, as the analyzer gives it.
    ///   - edits: the budget in edits; `nil` for ``FuzzyBudget/edits(forTermLength:)``.
    ///   - costs: what each slip costs; `nil` for the analyzer's `Analyzer.spellingCosts`.
    ///   - limit: the most terms returned, the closest.
    /// - Returns: each term with its distance from `term` and its document frequency (the
    ///   largest over the fields, summed over the segments, deleted documents counted).
    /// - Throws: ``IndexStoreError`` when index data is corrupt.
    public func termsNear(_ term: String, edits: Int? = nil, costs: SpellingCosts? = nil, limit: Int = .max)
        throws(IndexStoreError) -> [(term: String, cost: Double, frequency: Int)]
    {
        let budget = Double(max(0, edits ?? FuzzyBudget.edits(forTermLength: term.unicodeScalars.count)))
        return try termsNear(term, within: budget, costs: costs ?? analyzer.spellingCosts, limit: limit)
    }

    /// The number of documents (deleted ones not counted).
    public var documentCount: Int { manifest.liveDocumentCount }

    /// The number of segments.
    public var segmentCount: Int { segments.count }

    /// The number of terms in each segment's dictionary, in order (a term found in several
    /// segments counts in each).
    public var segmentTermCounts: [Int] { manifest.segments.map(\.terms) }

    /// The commit this snapshot shows: its manifest's generation, which each commit increases.
    public var generation: Int { manifest.generation }

    /// The generation of the last commit in `directory` (see ``generation``), read from its
    /// manifest without opening the segments: a cheap check for a newer commit.
    ///
    /// - Throws: ``IndexStoreError`` when the directory holds no index or its manifest is
    ///   damaged.
    public static func committedGeneration(directory: String) throws(IndexStoreError) -> Int {
        try Manifest.read(directory: directory).generation
    }

    /// The analyzer settings' fingerprint.
    public var analyzerFingerprint: String { manifest.analyzer.fingerprint }

    /// The analyzer options the index was built with, when it was built with an `ArabicAnalyzer`.
    public var analyzerOptions: AnalyzerOptions? { manifest.analyzer.options }

    /// The documents matching a query string, best first (see `InMemoryIndex/search(_:options:)`).
    ///
    /// - Throws: ``SearchError``: a query syntax error, or index data that cannot be read.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws(SearchError) -> SearchResults {
        let parser = QueryParser(analyzer: analyzer)
        return try SearchRun.search(MemoizingSource(self), text: query, options: options,
                                    parse: { text throws(QuerySyntaxError) in try parser.parse(text) })
    }

    /// The documents matching a query tree, best first.
    ///
    /// - Throws: ``IndexStoreError`` when index data is corrupt.
    public func search(_ query: Query, options: SearchOptions = SearchOptions()) throws(IndexStoreError) -> SearchResults {
        try SearchRun.run(MemoizingSource(self), query: query, text: query.description, options: options)
    }

    /// The segment holding global document `document`, and the document's local number.
    func locate(_ document: UInt32) throws(IndexStoreError) -> (SegmentReader, Int) {
        var low = 0
        var high = segments.count
        while low < high {
            let middle = low + (high - low) / 2
            if segments[middle].base <= document { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { throw .corrupt(directory: directory, file: StoreFormat.manifestName, detail: "no segment holds document \(document)") }
        let segment = segments[low - 1]
        let local = Int(document - segment.base)
        guard local < segment.documentCount else {
            throw .corrupt(directory: directory, file: StoreFormat.manifestName, detail: "no segment holds document \(document)")
        }
        return (segment, local)
    }
}

extension DiskIndex: SearchSource {
    typealias Term = DiskTerm
    typealias Failure = IndexStoreError

    func statistics(of field: DocumentField) -> FieldStatistics { totals[field.index] }

    var documentNumberLimit: Int { manifest.documentCount }

    var hasDeletions: Bool { segments.contains { $0.deletedMask != nil } }

    func isDeleted(_ document: UInt32) -> Bool {
        guard let (segment, local) = try? locate(document), let mask = segment.deletedMask else { return false }
        return mask[local]
    }

    /// `term` with its live document frequencies: the dictionary's, less the deleted
    /// documents' postings in segments that have deletions.
    private func counted(_ term: DiskTerm) throws(IndexStoreError) -> DiskTerm {
        var result = term
        for field in DocumentField.allCases {
            var total = 0
            for (segment, entry) in zip(segments, term.entries) {
                guard let entry, entry.frequencies[field.index] > 0 else { continue }
                if segment.deletedMask == nil {
                    total += entry.frequencies[field.index]
                } else {
                    var list = DecodedPostings()
                    try segment.postings.decodePostings(at: entry.postingsOffsets[field.index], frequency: entry.frequencies[field.index],
                                               field: field, into: &list)
                    total += list.count
                }
            }
            result.frequencies[field.index] = total
        }
        return result
    }

    /// Calls `body` with the text of every term of every segment's dictionary (a term in
    /// several segments more than once).
    func forEachTermText(_ body: (String) -> Void) throws(IndexStoreError) {
        for segment in segments { try segment.forEachTermText(body) }
    }

    /// The segments' own tables merged: a segment's table is made once, and a snapshot reopened
    /// after a commit (``reopenedIfChanged()``) shares it, so a commit costs the new segments'
    /// terms only.
    func variantTable() throws(IndexStoreError) -> VariantTable {
        try variantTables.value { () throws(IndexStoreError) in
            var tables: [VariantTable] = []
            for segment in segments { tables.append(try segment.variantTable(analyzer: analyzer)) }
            return VariantTable(merging: tables)
        }
    }

    /// The segments' own lexicons merged (shared, like their variant tables, by a reopened
    /// snapshot).
    func termLexicon() throws(IndexStoreError) -> TermLexicon {
        try termLexicons.value { () throws(IndexStoreError) in
            var lexicons: [TermLexicon] = []
            for segment in segments { lexicons.append(try segment.termLexicon()) }
            return TermLexicon(merging: lexicons)
        }
    }

    func term(_ text: String, arena: SearchArena) throws(IndexStoreError) -> DiskTerm? {
        var text = text
        let entries = arena.uninitialized(segments.count, of: SegmentTermEntry?.self)
        var found = false
        var failure: IndexStoreError?
        text.withUTF8 { bytes in
            for (number, segment) in segments.enumerated() {
                do throws(IndexStoreError) {
                    let entry = try segment.dictionary.entry(of: bytes)
                    found = found || entry != nil
                    (entries + number).initialize(to: entry)
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        guard found else { return nil }
        return try counted(DiskTerm(text: text, entries: UnsafeBufferPointer(start: entries, count: segments.count)))
    }

    func terms(withPrefix prefix: String, after previous: DiskTerm?, limit: Int, arena: SearchArena)
        throws(IndexStoreError) -> [DiskTerm]
    {
        let key = Array(prefix.utf8)
        let after = previous.map { Array($0.text.utf8) }
        // Each segment's first `limit` matches; the first `limit` terms of their merge are then
        // complete (a term a segment left out comes after `limit` of that segment's own).
        var lists: [[(term: [UInt8], entry: SegmentTermEntry)]] = []
        for segment in segments {
            lists.append(try segment.dictionary.terms(withPrefix: key, after: after, limit: limit))
        }
        var heads = [Int](repeating: 0, count: lists.count)
        var result: [DiskTerm] = []
        while result.count < limit {
            var smallest: [UInt8]?
            for (number, list) in lists.enumerated() where heads[number] < list.count {
                let term = list[heads[number]].term
                if let current = smallest, !term.lexicographicallyPrecedes(current) { continue }
                smallest = term
            }
            guard let smallest else { break }
            let entries = arena.uninitialized(lists.count, of: SegmentTermEntry?.self)
            for (number, list) in lists.enumerated() {
                if heads[number] < list.count, list[heads[number]].term == smallest {
                    (entries + number).initialize(to: list[heads[number]].entry)
                    heads[number] += 1
                } else {
                    (entries + number).initialize(to: nil)
                }
            }
            result.append(try counted(DiskTerm(text: String(decoding: smallest, as: UTF8.self),
                                               entries: UnsafeBufferPointer(start: entries, count: lists.count))))
        }
        return result
    }

    func text(of term: DiskTerm) -> String { term.text }

    func documentFrequency(of term: DiskTerm, in field: DocumentField) -> Int {
        term.frequencies[field.index]
    }

    func postings(of term: DiskTerm, in field: DocumentField) throws(IndexStoreError) -> DiskPostings {
        var result = DecodedPostings()
        result.documents.reserveCapacity(documentFrequency(of: term, in: field))
        result.frequencies.reserveCapacity(result.documents.capacity)
        result.skips.reserveCapacity(result.documents.capacity)
        for (segment, entry) in zip(segments, term.entries) {
            guard let entry, entry.frequencies[field.index] > 0 else { continue }
            try segment.postings.decodePostings(at: entry.postingsOffsets[field.index], frequency: entry.frequencies[field.index],
                                       field: field, into: &result)
        }
        return DiskPostings(result)
    }

    func lengthNorms(of field: DocumentField, bm25: BM25) throws(IndexStoreError) -> [Double]? {
        // Segments number their documents one after another: their norms, end to end.
        var next = 0
        for segment in segments {
            guard Int(segment.base) == next else { return nil }
            next += segment.documentCount
        }
        guard next == documentNumberLimit else { return nil }
        return try lengthNorms.norms(of: field, bm25: bm25) { () throws(IndexStoreError) -> [Double] in
            var values: [Double] = []
            values.reserveCapacity(documentNumberLimit)
            for segment in segments { values += try segment.lengths.norms(of: field, bm25: bm25) }
            return values
        }
    }

    func cursor(of term: DiskTerm, in field: DocumentField, arena: SearchArena) throws(IndexStoreError)
        -> DiskPostingCursor
    {
        try DiskPostingCursor(term: term, field: field, segments: segments, arena: arena)
    }

    func length(of document: UInt32, in field: DocumentField) throws(IndexStoreError) -> Int {
        let (segment, local) = try locate(document)
        return try segment.lengths.length(of: local, in: field)
    }

    func scores(of documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, in field: DocumentField,
                weight: Double, bm25: BM25) throws(IndexStoreError) -> [Double]
    {
        var result: [Double] = []
        result.reserveCapacity(documents.count)
        var index = 0
        var start = documents.startIndex
        let offset = frequencies.startIndex - documents.startIndex
        // Documents increase: take them a segment's run at a time.
        while start < documents.endIndex {
            while index + 1 < segments.count, segments[index + 1].base <= documents[start] { index += 1 }
            let limit = index + 1 < segments.count ? Int(segments[index + 1].base) : Int.max
            var end = start
            while end < documents.endIndex, Int(documents[end]) < limit { end += 1 }
            try segments[index].lengths.appendScores(of: documents[start..<end],
                                             frequencies: frequencies[(start + offset)..<(end + offset)],
                                             in: field, weight: weight, bm25: bm25, to: &result)
            start = end
        }
        return result
    }

    /// The word ranges of a document's text. They are not stored on disk (format 2): the
    /// stored text is analyzed again, which gives exactly the ranges an in-memory index keeps
    /// (and `nil` exactly when it keeps none).
    func offsets(of document: UInt32) throws(IndexStoreError) -> DocumentOffsets? {
        let (segment, local) = try locate(document)
        var offsets = TokenOffsetsAccumulator()
        offsets.add(AnalyzedField(try segment.stored.document(local).text, analyzer: analyzer))
        guard offsets.documentStarts.count == 2, offsets.documentStarts[1] > 0 else { return nil }
        return DocumentOffsets(starts: offsets.starts[...], lengths: offsets.lengths[...])
    }

    func document(number: UInt32) throws(IndexStoreError) -> Document {
        let (segment, local) = try locate(number)
        return try segment.stored.document(local)
    }

    func identifier(number: UInt32) throws(IndexStoreError) -> String {
        let (segment, local) = try locate(number)
        return try segment.stored.identifier(of: local)
    }
}

extension DiskIndex: SearchableIndex {
    public typealias SearchFailure = IndexStoreError

    public func suggestedSpelling(for text: String, costs: SpellingCosts? = nil) throws(IndexStoreError) -> String? {
        try SpellingSuggester(index: self, costs: costs ?? analyzer.spellingCosts).suggestion(for: text)
    }
}
