import Testing
@testable import ArabicIndex
import ArabicEvaluation
import ArabicTokenizer

/// Phrases (with stop-word gaps), slop, prefixes and boolean operators on small corpora.
@Suite struct PhraseTests {
    // Analyzed: s1 ولد(1) _(2: إلى) مدرس(3); s2 ولد(0) مدرس(1); s3 ولد(1) صديق(2) _(3: في) مدرس(4);
    // s4 مدرس(0) … ولد(2).
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([
            ("s1", "ذهب الولد إلى المدرسة صباحا"),
            ("s2", "الولد المدرسة الكبيرة"),
            ("s3", "رأى الولد صديقه في المدرسة"),
            ("s4", "المدرسة جميلة والولد سعيد"),
        ])
    }

    @Test func stopWordGapInQueryAndDocument() throws {
        // The query's stop word leaves a one-word gap, which the document's stop word fills.
        #expect(try index.search("\"الولد إلى المدرسة\"").parsed == "\"ولد ? مدرس\"")
        #expect(try ids(index, "\"الولد إلى المدرسة\"") == ["s1"])
        // Any one word fills the gap, as the query's stop word is not indexed.
        #expect(try ids(index, "\"الولد في المدرسة\"") == ["s1"])
    }

    @Test func adjacentPhrase() throws {
        #expect(try ids(index, "\"الولد المدرسة\"") == ["s2"])
        // A phrase never matches across the document's gap without slop.
        #expect(try ids(index, "\"المدرسة الولد\"").isEmpty)
    }

    @Test func slop() throws {
        #expect(Set(try ids(index, "\"الولد المدرسة\"~1")) == ["s1", "s2"])
        #expect(Set(try ids(index, "\"الولد المدرسة\"~2")) == ["s1", "s2", "s3"])
        // Order-preserving: the reversed phrase only matches s4, where it is in that order.
        #expect(try ids(index, "\"المدرسة الولد\"~1") == ["s4"])
        #expect(try ids(index, "\"المدرسة الولد\"~5") == ["s4"])
        // A query gap can close up with slop.
        #expect(Set(try ids(index, "\"الولد إلى المدرسة\"~1")) == ["s1", "s2", "s3"])
    }

    @Test func phraseScoreCountsOccurrences() throws {
        let index = try makeIndex([("one", "alpha beta gamma delta"), ("two", "alpha beta alpha beta")])
        var options = SearchOptions()
        options.explain = true
        let hits = try index.search("\"alpha beta\"", options: options).hits
        #expect(hits.map(\.id) == ["two", "one"])
        let contribution = hits[0].explanation?.contributions.first
        #expect(contribution?.term == "\"alpha beta\"")
        #expect(contribution?.termFrequency == 2)
    }
}

@Suite struct PrefixTests {
    // برمج (البرمجة), برنامج, بريد sort in that order (م < ن < ي).
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([
            ("p1", "المبرمج يبرمج"),
            ("p2", "البرمجة ممتعة"),
            ("p3", "برنامج جديد"),
            ("p4", "بريد"),
        ])
    }

    @Test func expandsOverTheDictionary() throws {
        #expect(try ids(index, "برمج*") == ["p2"])
        #expect(Set(try ids(index, "بر*")) == ["p2", "p3", "p4"])
        // The definite article is stripped from the prefix as from the indexed words.
        #expect(try ids(index, "البرم*") == ["p2"])
        #expect(try index.search("بر*").notices.isEmpty)
    }

    @Test func capsTheExpansionWithANotice() throws {
        var options = SearchOptions()
        options.limit = 100
        options.prefixExpansionLimit = 2
        let results = try index.search("بر*", options: options)
        #expect(Set(results.hits.map(\.id)) == ["p2", "p3"])
        #expect(results.notices == ["prefix بر* matches more than 2 terms; only the first 2 were searched"])
    }

    @Test func fieldRestrictedPrefix() throws {
        let index = try makeIndex([("a", "برنامج", "نص"), ("b", "عنوان", "برنامج")])
        #expect(try ids(index, "title:برن*") == ["a"])
        #expect(try ids(index, "text:برن*") == ["b"])
    }
}

@Suite struct BooleanTests {
    let index: InMemoryIndex

    init() throws {
        index = try makeIndex([
            ("b1", "حيوانات", "قطة كلب"),
            ("b2", "", "قطة حصان"),
            ("b3", "كلب", "حصان طائر"),
            ("b4", "", "طائر سمكة"),
            ("b5", "قطة", "سمكة"),
        ])
    }

    func matching(_ query: String) throws -> Set<String> { Set(try ids(index, query)) }

    @Test func bareTermsAreAlternatives() throws {
        #expect(try matching("قطة") == ["b1", "b2", "b5"])
        #expect(try matching("قطة سمكة") == ["b1", "b2", "b4", "b5"])
        #expect(try matching("قطة OR سمكة") == ["b1", "b2", "b4", "b5"])
    }

    @Test func requiredAndExcluded() throws {
        #expect(try ids(index, "+قطة +كلب") == ["b1"])
        #expect(try ids(index, "قطة AND كلب") == ["b1"])
        #expect(try matching("قطة -كلب") == ["b2", "b5"])
        #expect(try matching("قطة NOT كلب") == ["b2", "b5"])
        #expect(try ids(index, "كلب AND NOT حصان") == ["b1"])
        // An optional term only ranks within the required ones.
        #expect(try ids(index, "+حصان قطة") == ["b2", "b3"])
    }

    @Test func precedenceAndParentheses() throws {
        #expect(try matching("(قطة OR طائر) AND حصان") == ["b2", "b3"])
        // AND binds tighter than OR.
        #expect(try matching("قطة OR طائر AND سمكة") == ["b1", "b2", "b4", "b5"])
        #expect(try matching("طائر AND سمكة OR كلب") == ["b1", "b3", "b4"])
        // NOT binds tighter than AND; a group of only exclusions is everything else.
        #expect(try ids(index, "حصان AND (NOT طائر)") == ["b2"])
        #expect(try matching("NOT قطة AND حصان") == ["b3"])
    }

    @Test func fieldRestriction() throws {
        #expect(try ids(index, "title:كلب") == ["b3"])
        #expect(try ids(index, "text:كلب") == ["b1"])
        #expect(try ids(index, "title:قطة") == ["b5"])
        #expect(try matching("title:(قطة OR كلب)") == ["b3", "b5"])
        #expect(try matching("كلب -title:كلب") == ["b1"])
    }

    @Test func pureNegativeQueries() throws {
        for query in ["-قطة", "NOT قطة", "-قطة -كلب", "NOT قطة AND NOT كلب", "(-قطة)"] {
            let results = try index.search(query)
            #expect(results.hits.isEmpty, "\(query)")
            #expect(results.totalHits == 0)
            #expect(results.notices == ["query has only excluded terms; add a term to search for"], "\(query)")
        }
    }

    @Test func nothingSearchable() throws {
        for query in ["", "   ", "\t\n", "في", "في على", "\"في\"", "-في", "ـــ", "\u{064E}\u{0651}", "؟!"] {
            let results = try index.search(query)
            #expect(results.hits.isEmpty, "\(query)")
            let expected = query.allSatisfy(\.isWhitespace) ? "the query is empty"
                : "query has no searchable terms (only stop words, punctuation or marks)"
            #expect(results.notices == [expected], "\(query)")
        }
        // A stop word next to a real term is dropped.
        #expect(try matching("قطة في") == ["b1", "b2", "b5"])
        #expect(try index.search("قطة في").parsed == "قط")
    }

    @Test func totalHitsCountsBeyondTheLimit() throws {
        var options = SearchOptions()
        options.limit = 1
        let results = try index.search("قطة", options: options)
        #expect(results.totalHits == 3)
        #expect(results.hits.count == 1)
        #expect(results.hits[0].rank == 1)
    }

    @Test func queryTreesSearchDirectly() throws {
        let query = Query.boolean(should: [], must: [.term("قط", field: .text)], mustNot: [.term("كلب", field: nil)])
        let results = index.search(query)
        #expect(results.hits.map(\.id) == ["b2"])
        #expect(results.parsed == "+text:قط -كلب")
    }
}

/// An in-memory index whose prefix expansion ignores where the previous batch ended (a broken
/// source): it returns the first terms of the prefix every time.
final class ForgetfulPrefixSource: SearchSource {
    typealias Term = Int
    typealias Failure = Never
    typealias Postings = InMemoryPostings
    let base: InMemoryIndex
    private(set) var batches = 0

    init(_ base: InMemoryIndex) { self.base = base }

    var analyzer: any Analyzer { base.analyzer }
    var searchArenas: SearchArenaPool { base.searchArenas }
    var documentNumberLimit: Int { base.documentNumberLimit }
    func isDeleted(_ document: UInt32) -> Bool { false }
    var hasDeletions: Bool { false }
    func statistics(of field: DocumentField) -> FieldStatistics { base.statistics(of: field) }
    func term(_ text: String, arena: SearchArena) -> Int? { base.term(text, arena: arena) }
    func terms(withPrefix prefix: String, after previous: Int?, limit: Int, arena: SearchArena) -> [Int] {
        batches += 1
        return base.terms(withPrefix: prefix, after: nil, limit: limit, arena: arena)
    }
    func text(of term: Int) -> String { base.text(of: term) }
    func variantTable() -> VariantTable { base.variantTable() }
    func termLexicon() -> TermLexicon { base.termLexicon() }
    func documentFrequency(of term: Int, in field: DocumentField) -> Int { base.documentFrequency(of: term, in: field) }
    func postings(of term: Int, in field: DocumentField) -> InMemoryPostings { base.postings(of: term, in: field) }
    func length(of document: UInt32, in field: DocumentField) -> Int { base.length(of: document, in: field) }
    func scores(of documents: ArraySlice<UInt32>, frequencies: ArraySlice<UInt32>, in field: DocumentField,
                weight: Double, bm25: BM25) -> [Double]
    {
        base.scores(of: documents, frequencies: frequencies, in: field, weight: weight, bm25: bm25)
    }
    func offsets(of document: UInt32) -> DocumentOffsets? { base.offsets(of: document) }
    func document(number: UInt32) -> Document { base.document(number: number) }
    func identifier(number: UInt32) -> String { base.identifier(number: number) }
}

@Suite("Prefix expansion against a source that does not move on")
struct StalledPrefixExpansionTests {
    /// A source that hands back the same batch forever cannot hang a prefix query: expansion
    /// stops once a batch brings nothing past the last term seen.
    @Test func aBatchThatDoesNotAdvanceEndsTheExpansion() throws {
        let words = ["سمكد", "سمكذ", "سمكز", "سمكس", "سمكش", "سمكص", "سمكض", "سمكط", "سمكظ", "سمكع", "سمكغ", "سمكف"]
        let documents = words.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) }
        let memory = try InMemoryIndex(documents: documents)
        #expect(memory.terms(withPrefix: "سمك", after: nil, limit: 100, arena: SearchArena()).count == words.count)
        let source = ForgetfulPrefixSource(memory)
        // Only title terms count toward the limit; these terms are all in the text, so no
        // batch adds an expansion and only the guard ends the loop.
        var options = SearchOptions()
        options.prefixExpansionLimit = 5
        let results = SearchRun.run(source, query: .prefix("سمك", field: .title), text: "title:سمك*", options: options)
        #expect(results.hits.isEmpty)
        #expect(source.batches == 2)
    }
}
