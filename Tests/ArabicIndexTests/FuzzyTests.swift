import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// Fuzzy terms (`word~`, `word~N`): the dictionary search against the plain distance, the
/// query syntax, the cap, and the ranking of the exact term above its neighbours.
@Suite struct FuzzyTests {
    static let corpus = GeneratedCorpus(documentCount: 300, questionCount: 0, seed: 300).documents

    /// Words to look for: index terms, and the same with a letter changed, dropped, doubled or
    /// swapped with the next one.
    static func probes(_ terms: [String], count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(state: seed)
        let letters = Array("ابتثجحخدذرزسشصضطظعغفقكلمنهويءؤئ".unicodeScalars)
        var probes: [String] = []
        for number in 0..<count {
            var word = Array(terms[Int(generator.next() % UInt64(terms.count))].unicodeScalars)
            let at = Int(generator.next() % UInt64(max(1, word.count)))
            switch number % 5 {
            case 1 where !word.isEmpty: word[at] = letters[Int(generator.next() % UInt64(letters.count))]
            case 2 where word.count > 1: word.remove(at: at)
            case 3 where !word.isEmpty: word.insert(word[at], at: at)
            case 4 where at + 1 < word.count: word.swapAt(at, at + 1)
            default: break
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: word)
            probes.append(String(text))
        }
        return probes
    }

    @Test(arguments: [SpellingCosts.arabic, .uniform])
    func everyTermWithinTheBudgetIsFoundAndNoneBeyond(_ costs: SpellingCosts) throws {
        let index = try InMemoryIndex(documents: Self.corpus)
        var terms: [String] = []
        index.forEachTermText { terms.append($0) }
        let lexicon = index.termLexicon()
        #expect(lexicon.count == Set(terms).count)
        for word in Self.probes(terms, count: 60, seed: 7) {
            for budget in [0, 0.5, 1, 1.5, 2] {
                let found = lexicon.matches(near: word, within: budget, costs: costs)
                    .map { (term: lexicon.term($0.number), cost: $0.cost) }
                let expected = terms.compactMap { term -> (String, Double)? in
                    let cost = costs.distance(term, word)
                    return cost <= budget ? (term, cost) : nil
                }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
                #expect(found.map(\.term) == expected.map(\.0), "\(word) within \(budget)")
                #expect(found.map(\.cost) == expected.map(\.1), "\(word) within \(budget)")
            }
        }
    }

    @Test func aDiskIndexMergesItsSegmentsLexicons() throws {
        let directory = try writeDiskIndex(Self.corpus, perSegment: 60)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        #expect(disk.segmentCount == 5)
        let memory = try InMemoryIndex(documents: Self.corpus)
        let merged = try disk.termLexicon()
        let whole = memory.termLexicon()
        #expect(merged.count == whole.count)
        #expect((0..<merged.count).allSatisfy { merged.term($0) == whole.term($0) })
        // And fuzzy searches rank the same on disk and in memory.
        for query in ["زكاء~", "كتاب~2 مدرسة~", "title:عالم~1"] {
            let options = SearchOptions()
            #expect(try fingerprint(disk.search(query, options: options)) == fingerprint(memory.search(query, options: options)))
        }
    }

    @Test func theSyntax() throws {
        let parser = QueryParser(analyzer: ArabicAnalyzer())
        #expect(try parser.parse("الزكاء~") == .fuzzy("زكاء", edits: nil, field: nil))
        #expect(try parser.parse("الزكاء~2") == .fuzzy("زكاء", edits: 2, field: nil))
        #expect(try parser.parse("title:الزكاء~0").description == "title:زكاء~0")
        #expect(try parser.parse("+ميطا~1 -جوجل").description == "+ميطا~1 -جوجل")
        // A word the analyzer splits: each part fuzzy, all required.
        #expect(try parser.parse("covid-19~").description == "+covid~ +19~")
        // A stop word leaves nothing.
        #expect(try parser.parse("في~").isEmpty)
        // A tilde followed by more than digits is not a budget: the word is analyzed as written.
        #expect(try parser.parse("a~b") == parser.parse("a b").self || parser.parse("a~b") != .fuzzy("a", edits: nil, field: nil))
        for (query, column, message) in [
            ("ذكاء~3", 5, "a fuzzy term allows at most 2 edits (~0, ~1 or ~2), not ~3"),
            ("علم ~", 5, "~ needs a word before it"),
            ("علم ~~1", 5, "~ needs a word before it"),
        ] {
            #expect(throws: QuerySyntaxError(column: column, message: message), "\(query)") { try parser.parse(query) }
        }
    }

    @Test func theBudgetFollowsTheLengthUnlessWritten() {
        #expect((1...9).map(FuzzyBudget.edits(forTermLength:)) == [0, 0, 1, 1, 1, 2, 2, 2, 2])
    }

    /// d1 holds the word, d2 a one-letter slip of it (the same length, one occurrence each):
    /// the exact term ranks first, and the slip is found.
    @Test func theExactTermRanksAboveItsNeighbours() throws {
        let index = try InMemoryIndex(documents: [
            Document(id: "d1", text: "الذكاء في كل مكان"),
            Document(id: "d2", text: "الزكاء في كل مكان"),
            Document(id: "d3", text: "شيء آخر تماما"),
        ])
        for fields in FieldScoring.allCases {
            var options = SearchOptions()
            options.fieldScoring = fields
            let results = try index.search("ذكاء~", options: options)
            #expect(results.hits.map(\.id) == ["d1", "d2"], "\(fields)")
            let scores = results.hits.map(\.score)
            #expect(scores[0] > scores[1])
            // Blended idf: the slip scores the exact term's score times its similarity, 1 − 0.5/4.
            #expect(abs(scores[1] / scores[0] - 0.875) < 1e-9, "\(fields): \(scores)")
            // Without classes the slip is a whole edit: similarity 1 − 1/4.
            options.spellingCosts = .uniform
            let uniform = try index.search("ذكاء~", options: options).hits.map(\.score)
            #expect(abs(uniform[1] / uniform[0] - 0.75) < 1e-9, "\(fields): \(uniform)")
            // Explanations name the term matched and the fuzzy word it was expanded from.
            options.explain = true
            let explained = try index.search("ذكاء~", options: options).hits
            #expect(explained.map { $0.explanation?.contributions.map(\.term) ?? [] } == [["ذكاء (ذكاء~)"], ["زكاء (ذكاء~)"]],
                    "\(fields)")
        }
        // Highlights come from the term each document holds.
        let snippet = try #require(try index.search("ذكاء~").hits.last?.snippet)
        #expect(snippet.highlights.map { String(decoding: Array(snippet.text.utf8)[$0], as: UTF8.self) } == ["الزكاء"])
    }

    /// A fuzzy word is one query term to the second phase: two of its expansions side by side
    /// earn no proximity bonus, and a document holding one of them covers the word. Between
    /// the fuzzy word and another word, proximity counts as usual.
    @Test func aFuzzyWordsExpansionsAreOneTermToTheSecondPhase() throws {
        let index = try InMemoryIndex(documents: [
            Document(id: "d1", text: "كتب كاتب في الصباح الباكر"),
            Document(id: "d2", text: "كتب في الصباح ثم كاتب آخر"),
            Document(id: "d3", text: "كتب رسالة طويلة جدا ثم نام"),
        ])
        func scores(_ query: String, _ fields: FieldScoring, _ rerank: RerankParameters) throws -> [String] {
            var options = SearchOptions()
            options.fieldScoring = fields
            options.rerank = rerank
            return try index.search(query, options: options).hits.map { "\($0.id) \($0.score.bitPattern)" }
        }
        let firstPhaseOnly = RerankParameters(coverage: 0, proximity: 0)
        for fields in FieldScoring.allCases {
            let plain = try scores("كتب~", fields, firstPhaseOnly)
            #expect(plain.count == 3, "\(fields)")
            #expect(try scores("كتب~", fields, RerankParameters()) == plain, "\(fields)")
            #expect(try scores("كتب~", fields, RerankParameters(coverage: 2, proximity: 0)) == plain, "\(fields)")
            // d1 and d2 hold كتب beside الصباح (one stop word between): a bonus; d3 lacks it.
            let pair = try scores("كتب~ الصباح", fields, firstPhaseOnly)
            let withProximity = try scores("كتب~ الصباح", fields, RerankParameters())
            #expect(pair.count == 3 && withProximity.count == 3)
            #expect(Set(pair.filter { $0.hasPrefix("d3 ") }) == Set(withProximity.filter { $0.hasPrefix("d3 ") }), "\(fields)")
            #expect(Set(pair.filter { !$0.hasPrefix("d3 ") }).isDisjoint(with: withProximity), "\(fields)")
        }
    }

    @Test func theExpansionIsCappedWithANotice() throws {
        let index = try InMemoryIndex(documents: [
            Document(id: "d1", text: "كتب كتاب كاتب"),
            Document(id: "d2", text: "كتب"),
            Document(id: "d3", text: "كتيب"),
        ])
        var options = SearchOptions()
        options.fuzzyExpansionLimit = 1
        let results = try index.search("كتب~1", options: options)
        #expect(results.notices == ["fuzzy كتب~1 matches more than 1 terms; only the 1 closest were searched"])
        // The closest kept: the exact term itself.
        #expect(results.hits.map(\.id) == ["d2", "d1"])
        // All of them: d1 holds three (كتب, كتاب, كاتب), d3 one slip (كتيب, a long vowel added).
        options.fuzzyExpansionLimit = 50
        let all = try index.search("كتب~1", options: options)
        #expect(all.notices.isEmpty)
        #expect(all.hits.map(\.id) == ["d1", "d2", "d3"])
    }

    @Test func slipsInTheBundledArticleFindTheirWords() throws {
        let index = try articleIndex()
        for (query, word) in [("الزكاء~", "الذكاء"), ("ميطا~", "ميتا"), ("زوكربيرغ~", "زوكربيرج"), ("التحلف~", "التحالف")] {
            // The word alone, without its root variants, which a fuzzy term does not add.
            var options = SearchOptions()
            options.limit = 1000
            options.variantWeight = 0
            let results = try index.search(query, options: options)
            #expect(!results.hits.isEmpty, "\(query)")
            let plain = try index.search(word, options: options)
            #expect(Set(results.hits.map(\.id)).isSuperset(of: plain.hits.map(\.id)), "\(query) finds what \(word) finds")
        }
    }
}
