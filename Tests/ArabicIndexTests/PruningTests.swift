import Foundation
import Testing
@testable import ArabicIndex
import ArabicEvaluation
import ArabicTokenizer

/// Pruned top-k search (block-max MaxScore, led conjunctions) must return exactly what scoring
/// every match returns: the same documents in the same order, with scores equal to the bit.
@Suite struct PruningTests {
    /// `(id, score bits)` of each hit.
    static func ranking(_ results: SearchResults) -> [String] {
        results.hits.map { "\($0.id) \($0.score.bitPattern)" }
    }

    /// Compares pruned with exhaustive search for every query and limit; returns how many
    /// searches skipped something (so the caller can check pruning really happened).
    static func compare(_ queries: [String], limits: [Int], scoring: FieldScoring = .sum,
                        search: (String, SearchOptions) throws -> SearchResults) throws -> Int
    {
        var inexact = 0
        for query in queries {
            for limit in limits {
                var exhaustive = options(scoring)
                exhaustive.limit = limit
                exhaustive.snippetWords = 0
                exhaustive.scoresEveryPosting = true
                let expected = try search(query, exhaustive)
                #expect(expected.totalHitsIsExact)
                // The default evaluation (conjunctions led by their rarest clause) scores and
                // counts every match.
                var standard = exhaustive
                standard.scoresEveryPosting = false
                standard.prunes = false
                let unpruned = try search(query, standard)
                #expect(ranking(unpruned) == ranking(expected), "\(query) limit \(limit) default")
                #expect(unpruned.totalHitsIsExact && unpruned.totalHits == expected.totalHits, "\(query) limit \(limit) default")
                for threshold in [0, 1000] {
                    var pruned = standard
                    pruned.prunes = true
                    pruned.totalHitsThreshold = threshold
                    let actual = try search(query, pruned)
                    #expect(ranking(actual) == ranking(expected), "\(query) limit \(limit) threshold \(threshold)")
                    if actual.totalHitsIsExact {
                        #expect(actual.totalHits == expected.totalHits, "\(query) limit \(limit)")
                    } else {
                        inexact += 1
                        #expect(actual.totalHits <= expected.totalHits && actual.totalHits >= actual.hits.count,
                                "\(query) limit \(limit)")
                    }
                }
            }
        }
        return inexact
    }

    /// The options the equality tests search with: BM25 summed over fields (with a length
    /// normalization that makes title matches rare at the top), or the default BM25F ranking
    /// (variants of words included).
    static func options(_ scoring: FieldScoring) -> SearchOptions {
        switch scoring {
        case .sum: return sumOptions()
        case .bm25f: return SearchOptions()
        }
    }

    @Test(arguments: TestCollection.combinedSized, FieldScoring.allCases)
    func prunedTopHitsEqualExhaustiveInMemory(collection: TestCollection, scoring: FieldScoring) throws {
        let documents = try collection.documents()
        let questions = try collection.questions()
        let index = try InMemoryIndex(documents: documents)
        // Real questions as OR queries, and random queries of every kind.
        let queries = Array(questions.prefix(300)) + sampleQueries(documents, count: 320, seed: 41)
        let inexact = try Self.compare(queries, limits: [1, 10, 100], scoring: scoring) { try index.search($0, options: $1) }
        // Under BM25F, bags of words are summed whole (dense arrays): only the other shapes prune.
        #expect(inexact > (scoring == .sum ? 300 : 30))
    }

    /// The combined corpus on disk in segments of 400 documents, every seventh deleted (the
    /// caller removes `directory`).
    static func combinedOnDiskWithDeletions(_ collection: TestCollection) throws
        -> (documents: [Document], questions: [String], directory: String, index: DiskIndex)
    {
        let documents = try collection.documents()
        let questions = try collection.questions()
        let directory = try writeDiskIndex(documents, perSegment: 400)
        do {
            try deleteEverySeventh(of: documents, in: directory)
            return (documents, questions, directory, try DiskIndex(directory: directory))
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    @Test(arguments: TestCollection.combinedSized, FieldScoring.allCases)
    func prunedTopHitsEqualExhaustiveOnDiskWithSegmentsAndDeletions(collection: TestCollection, scoring: FieldScoring) throws {
        let (documents, questions, directory, index) = try Self.combinedOnDiskWithDeletions(collection)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let queries = Array(questions.suffix(150)) + sampleQueries(documents, count: 160, seed: 43)
        let inexact = try Self.compare(queries, limits: [1, 10], scoring: scoring) { try index.search($0, options: $1) }
        #expect(inexact > (scoring == .sum ? 100 : 3))
    }

    /// Terms and prefixes summed a window at a time give exhaustive evaluation's top documents,
    /// scores to the bit, and count every match, whatever the window's span: across windows,
    /// segments and deleted documents.
    @Test(arguments: TestCollection.combinedSized)
    func termsSummedByWindowsEqualExhaustive(collection: TestCollection) throws {
        let (documents, _, directory, index) = try Self.combinedOnDiskWithDeletions(collection)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = sumOptions()
        options.scoresEveryPosting = true
        var checked = 0
        var expansions = 0
        try index.searchArenas.withArena { arena in
            let source = MemoizingSource(index)
            let searcher = Searcher(index: source, options: options, arena: arena)
            let words = sampleQueries(documents, count: 200, seed: 29).filter { !$0.contains(" ") && !$0.contains("\"") }
            for word in words.prefix(60) {
                for text in [word, String(word.prefix(2)) + "*", String(word.prefix(3)) + "*"] {
                    let parsed = try QueryParser(analyzer: index.analyzer).parse(text)
                    var notices: [String] = []
                    let weight = try searcher.weight(for: parsed, notices: &notices)
                    guard case .terms(let terms) = weight else { continue }
                    if terms.fieldTerms.count > 2 { expansions += 1 }
                    let expected = try searcher.evaluate(weight)
                    let best = TopHits.best(expected, limit: 10).map { "\($0.document) \($0.score.bitPattern)" }
                    for span in [64, 128, 4096] {
                        let actual = try searcher.topDocuments(ofTerms: terms, limit: 10, span: span)
                        #expect(actual.hits.map { "\($0.document) \($0.score.bitPattern)" } == best, "\(text), span \(span)")
                        #expect(actual.totalHits == expected.count, "\(text), span \(span)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 300)
        #expect(expansions > 30)
    }

    /// Every shape a pruned search takes, including those the searcher scores match by match
    /// even when pruning (nested booleans, phrases alone, broad prefixes): its top documents
    /// are exhaustive evaluation's, scores to the bit.
    @Test(arguments: TestCollection.combinedSized, FieldScoring.allCases)
    func everyShapeSearchedPrunedEqualsExhaustive(collection: TestCollection, scoring: FieldScoring) throws {
        let documents = try collection.documents()
        let index = try InMemoryIndex(documents: Array(documents.prefix(600)))
        var options = Self.options(scoring)
        options.scoresEveryPosting = true
        let arena = SearchArena()
        let searcher = Searcher(index: index, options: options, arena: arena)
        var searched = 0
        var otherShapes = 0
        for query in sampleQueries(documents, count: 300, seed: 47) {
            let parsed = try QueryParser(analyzer: index.analyzer).parse(query)
            guard !parsed.isEmpty, !parsed.isPurelyNegative else { continue }
            var notices: [String] = []
            let weight = searcher.weight(for: parsed, notices: &notices)
            let expected = searcher.topDocuments(weight, limit: 10).hits.map { "\($0.document) \($0.score.bitPattern)" }
            for threshold in [0, Int.max] {
                guard let tree = searcher.scoreTree(for: weight), let search = PrunedSearch(tree: tree, index: index, arena: arena)
                else { continue }
                let actual = search.run(limit: 10, totalHitsThreshold: threshold).hits
                #expect(actual.map { "\($0.document) \($0.score.bitPattern)" } == expected, "\(query), threshold \(threshold)")
                searched += 1
                if threshold == 0, !Searcher<InMemoryIndex>.prunesWell(weight) { otherShapes += 1 }
            }
        }
        #expect(searched > 400)
        #expect(otherShapes > 50)
    }

    @Test(arguments: TestCollection.combinedSized)
    func bagOfWordsTopicsRankTheSameWhetherPrunedOrNot(collection: TestCollection) throws {
        let documents = try collection.documents()
        let questions = try collection.questions()
        let index = try InMemoryIndex(documents: documents)
        let topics = Topics(questions.prefix(200).enumerated().map { Topic(id: "q\($0.offset)", text: $0.element) })
        let queries = try TopicSearch.queries(for: topics, analyzer: index.analyzer)
        var exhaustive = sumOptions()
        exhaustive.prunes = false
        var pruned = sumOptions()
        #expect(pruned.prunes)
        pruned.totalHitsThreshold = 0
        let expected = TopicSearch.run(queries, on: index, options: exhaustive, depth: 20)
        let actual = TopicSearch.run(queries, on: index, options: pruned, depth: 20)
        #expect(actual == expected)
    }

    @Test func smallResultCountsStayExact() throws {
        let index = try InMemoryIndex(documents: [
            Document(id: "a", title: "", text: "الذكاء الاصطناعي يتعلم"),
            Document(id: "b", title: "", text: "الذكاء البشري"),
            Document(id: "c", title: "", text: "تعلم الآلة"),
        ])
        var options = sumOptions()
        options.limit = 1
        let results = try index.search("الذكاء الآلة", options: options)
        #expect(results.totalHits == 3)
        #expect(results.totalHitsIsExact)
        #expect(results.hits.map(\.id) == ["c"])
    }
}
