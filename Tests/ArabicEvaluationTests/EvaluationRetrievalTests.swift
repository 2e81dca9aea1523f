import ArabicTokenizer
import Foundation
import Testing
@testable import ArabicEvaluation
import ArabicIndex

@Suite("Evaluation: running topics, sweeps, ablation")
struct EvaluationRetrievalTests {
    static let documents = [
        Document(id: "d1", title: "الذكاء الاصطناعي", text: "تحالفت شركة Meta مع شركة IBM في مجال الذكاء الاصطناعي"),
        Document(id: "d2", text: "أطلقت جوجل نظام جيمناي للذكاء الاصطناعي"),
        Document(id: "d3", text: "البرمجيات مفتوحة المصدر تنتشر في الجامعات"),
        Document(id: "d4", title: "المكتبات", text: "تضم المكتبات العامة كتبا كثيرة عن البرمجيات"),
        Document(id: "d5", text: "جوجل شركة كبيرة"),
    ]
    static let topics = Topics([
        Topic(id: "t1", text: "شركة الذكاء الاصطناعي"),
        Topic(id: "t2", text: "-جوجل"),
        Topic(id: "t3", text: "البرمجيات مفتوحة المصدر"),
        Topic(id: "t4", text: "في من"),
    ])
    static let qrels = Qrels(["t1": ["d1": 1], "t2": ["d5": 1, "d2": 1], "t3": ["d3": 2, "d4": 1], "t4": ["d3": 1]])

    @Test func topicsRunAsBagsOfWords() throws {
        let index = try InMemoryIndex(documents: Self.documents)
        let queries = try TopicSearch.queries(for: Self.topics, analyzer: index.analyzer)
        #expect(queries.map(\.topicID) == ["t1", "t2", "t3", "t4"])
        let run = TopicSearch.run(queries, on: index, depth: 2, threads: 1, tag: "x")
        // The minus sign is text, not an exclusion; an all-stop-word topic has no lines.
        #expect(Set(run.ranking(for: "t2")) == ["d2", "d5"])
        #expect(run.entries["t4"] == nil)
        #expect(run.topicIDs == ["t1", "t2", "t3"])
        #expect(run.entries.values.allSatisfy { $0.count <= 2 && $0.allSatisfy { $0.score > 0 } })
        #expect(run.ranking(for: "t1").first == "d1")
        #expect(run.entries["t1"]?.map(\.rank) == [1, 2])
        #expect(run.tag == "x")
    }

    @Test func syntaxModeParsesTopics() throws {
        let index = try InMemoryIndex(documents: Self.documents)
        let queries = try TopicSearch.queries(for: Topics([Topic(id: "s", text: "شركة -جوجل")]), analyzer: index.analyzer,
                                              mode: .syntax)
        #expect(TopicSearch.run(queries, on: index).ranking(for: "s") == ["d1"])
        #expect(throws: TopicQueryError.self) {
            _ = try TopicSearch.queries(for: Topics([Topic(id: "bad", text: "\"مفتوح")]), analyzer: index.analyzer, mode: .syntax)
        }
        do {
            _ = try TopicSearch.queries(for: Topics([Topic(id: "bad", text: "(a")]), analyzer: index.analyzer, mode: .syntax)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("topic bad: "))
        }
    }

    @Test func threadsDoNotChangeTheRun() throws {
        let text = try articleText()
        let documents = CorpusReader.paragraphs(text)
        let index = try InMemoryIndex(documents: documents)
        // Each paragraph's first words are a topic.
        let topics = Topics(documents.map { Topic(id: $0.id, text: $0.text.split(separator: " ").prefix(6).joined(separator: " ")) })
        let queries = try TopicSearch.queries(for: topics, analyzer: index.analyzer)
        let one = TopicSearch.run(queries, on: index, depth: 10, threads: 1)
        for threads in [2, 3, 8] {
            #expect(TopicSearch.run(queries, on: index, depth: 10, threads: threads) == one)
        }
        #expect(one.topicCount == documents.count)
    }

    @Test func gridsParse() throws {
        let grid = try ParameterGrid(parsing: "k1=0.4:2.0:0.1,b=0.1:1.0:0.1")
        #expect(grid.parameters == [.k1, .b])
        #expect(grid.values[0].count == 17)
        #expect(grid.values[0].first == 0.4 && grid.values[0].last == 2.0 && grid.values[0][3] == 0.7)
        #expect(grid.values[1] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(grid.cells.count == 170)
        let small = try ParameterGrid(parsing: "k1=0.8:1.2:0.2, b=0.75")
        #expect(small.cells == [[0.8, 0.75], [1.0, 0.75], [1.2, 0.75]])
        let options = small.apply([1.2, 0.75], to: SearchOptions())
        #expect(options.ranking.k1 == 1.2 && options.ranking.b == 0.75)
        let boosts = try ParameterGrid(parsing: "title-boost=2")
        #expect(boosts.apply([2], to: SearchOptions()).boosts.title == 2)
        let errors: [(String, String)] = [
            ("k2=1", "--sweep: unknown parameter \"k2\" (known: k1, b, delta, title-boost, text-boost, coverage, proximity, window, rerank-depth, title-b, bm25f, rm3, fb-docs, fb-terms, original-query-weight, variant-weight)"),
            ("k1=1:2", "--sweep: k1=1:2: expected k1=start:end:step or k1=value"),
            ("k1=1:2:0", "--sweep: k1=1:2:0: the step must be above 0"),
            ("k1=2:1:0.1", "--sweep: k1=2:1:0.1: the end is below the start"),
            ("k1=1,k1=2", "--sweep: k1 is given twice"),
            ("k1", "--sweep: k1: expected name=start:end:step"),
            ("", "--sweep: no parameter to sweep"),
        ]
        for (spec, message) in errors {
            #expect(throws: ParameterGridError(String(message.dropFirst("--sweep: ".count))), "\(spec)") {
                _ = try ParameterGrid(parsing: spec)
            }
        }
        #expect(throws: ParameterGridError.self) { _ = try ParameterGrid(parsing: "k1=0:1000:0.001,b=0:1:0.01") }
    }

    @Test func sweepMeasuresEveryCellOnOneIndex() throws {
        let index = try InMemoryIndex(documents: Self.documents)
        let queries = try TopicSearch.queries(for: Self.topics, analyzer: index.analyzer)
        let grid = try ParameterGrid(parsing: "k1=0.5:1.5:0.5,b=0:1:0.5")
        let result = ParameterSweep.run(grid: grid, metric: .ndcg(cutoff: 10), queries: queries, index: index, qrels: Self.qrels)
        #expect(result.cells.count == 9)
        // Each cell equals a separate run with those settings.
        for (cell, mean) in zip(result.cells, result.means) {
            let run = TopicSearch.run(queries, on: index, options: grid.apply(cell, to: SearchOptions()))
            #expect(Evaluation(run: run, qrels: Self.qrels, metrics: [.ndcg(cutoff: 10)]).means[0] == mean)
        }
        #expect(result.means[result.bestIndex] == result.means.max())
        #expect(result.means.firstIndex(of: result.means.max() ?? -1) == result.bestIndex)
    }

    @Test func ablationTurnsOffOneStepAtATime() throws {
        let names = AnalyzerAblation.variants(of: AnalyzerOptions()).map(\.name)
        #expect(names == ["full"] + FoldingRule.allCases.filter { $0 != .hamzaSeats }.map { "no folding: \($0.rawValue)" }
            + ["no stop words", "no stemming"] + AffixGroup.allCases.map { "no affix: \($0.rawValue)" })
        let variants = AnalyzerAblation.variants(of: AnalyzerOptions())
        #expect(variants[0].options == AnalyzerOptions())
        for variant in variants.dropFirst() { #expect(variant.options != AnalyzerOptions()) }
        let bare = AnalyzerAblation.variants(of: AnalyzerOptions(folding: [.diacritics], removesStopWords: false, stemming: [.conjunction]))
        #expect(bare.map(\.name) == ["full", "no folding: diacritics", "no stemming"])

        let results = try AnalyzerAblation.run(base: AnalyzerOptions(), documents: Self.documents, topics: Self.topics,
                                               qrels: Self.qrels, metric: .ndcg(cutoff: 10))
        #expect(results.count == variants.count)
        #expect(results[0].delta == 0)
        for result in results { #expect(result.delta == result.mean - results[0].mean) }
        // Without stop word removal, the all-stop-word topic t4 finds its document.
        let full = results[0].mean
        let noStops = try #require(results.first { $0.variant.name == "no stop words" })
        #expect(noStops.mean != full)
    }
}
