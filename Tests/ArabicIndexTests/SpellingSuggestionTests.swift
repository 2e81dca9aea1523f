import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// "Did you mean" over the bundled article: hand-made slips of the kinds Arabic writers make,
/// the corrected query keeping the user's other words and operators, and auto-correction.
@Suite struct SpellingSuggestionTests {
    func suggest(_ index: InMemoryIndex, _ query: String, _ spelling: SpellingCorrection = .suggest) throws -> SearchResults {
        var options = SearchOptions()
        options.spelling = spelling
        options.limit = 1000
        return try index.search(query, options: options)
    }

    @Test func handMadeSlipsAreCorrected() throws {
        let index = try articleIndex()
        for (typed, meant) in [
            ("الزكاء", "الذكاء"),             // ذ written ز (said z)
            ("ميطا", "ميتا"),                 // ت written ط (emphatic t)
            ("الزكاء الاصطناعى", "الذكاء الاصطناعى"),   // ى is folded already: only ز is a slip
            ("التحلف", "التحالف"),            // a long vowel left out
            ("زوكربيرغ", "زوكربيرج"),         // غ for a foreign g, written ج in the article
            ("مفتوحه المصضر", "مفتوحه المصدر"),
        ] {
            let results = try suggest(index, typed)
            let suggestion = try #require(results.suggestion, "\(typed)")
            #expect(suggestion.query == meant, "\(typed)")
            #expect(!suggestion.wasSearched)
            let plain = try index.search(meant, options: { var o = SearchOptions(); o.limit = 1000; return o }())
            #expect(suggestion.totalHits == plain.totalHits, "\(typed)")
        }
    }

    @Test func wordsOfTheIndexAreLeftAlone() throws {
        let index = try articleIndex()
        for query in ["الذكاء الاصطناعي", "ميتا", "تحالف", "\"مفتوح المصدر\"", "IBM", "١٨", "ذكا*", "ميطا~"] {
            #expect(try suggest(index, query).suggestion == nil, "\(query)")
        }
    }

    @Test func theCorrectedQueryKeepsWordsOperatorsAndQuotes() throws {
        let index = try articleIndex()
        let cases = [
            ("الزكاء OR \"شركة ميطا\"", "الذكاء OR \"شركة ميتا\""),
            ("+ميطا -جوجل", "+ميتا -جوجل"),
            ("title:(التحلف) AND ميطا", "title:(التحالف) AND ميتا"),
            ("ميطا*  الزكاء", "ميطا*  الذكاء"),
        ]
        for (typed, meant) in cases {
            #expect(try suggest(index, typed).suggestion?.query == meant, "\(typed)")
        }
    }

    @Test func autoCorrectionSearchesTheSuggestionAndSaysSo() throws {
        let index = try articleIndex()
        let typed = try suggest(index, "الزكاء ميطا")
        #expect(typed.totalHits == 0)
        let corrected = try suggest(index, "الزكاء ميطا", .autoCorrect)
        let meant = try index.search("الذكاء ميتا", options: { var o = SearchOptions(); o.limit = 1000; return o }())
        #expect(corrected.query == "الزكاء ميطا")
        #expect(corrected.parsed == meant.parsed)
        #expect(corrected.hits.map(\.id) == meant.hits.map(\.id))
        #expect(corrected.hits.map(\.score) == meant.hits.map(\.score))
        #expect(corrected.notices == ["searched for الذكاء ميتا instead of الزكاء ميطا"])
        #expect(corrected.suggestion == SpellingSuggestion(query: "الذكاء ميتا", totalHits: meant.totalHits, wasSearched: true))
    }

    @Test func aCorrectionThatFindsNothingIsNotSuggested() throws {
        let index = try articleIndex()
        // ميتا is in no title: title:ميطا corrected would match nothing.
        #expect(try index.search("title:ميتا").totalHits == 0)
        #expect(try suggest(index, "title:ميطا").suggestion == nil)
        let corrected = try suggest(index, "title:ميطا", .autoCorrect)
        #expect(corrected.suggestion == nil)
        #expect(corrected.notices.isEmpty)
        #expect(corrected.parsed == "title:ميطا")
    }

    @Test func offMeansNoSuggestion() throws {
        let index = try articleIndex()
        #expect(try index.search("الزكاء").suggestion == nil)
    }

    /// On disk as in memory, segments and all.
    @Test func aDiskIndexSuggestsTheSame() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        let directory = try writeDiskIndex(documents, perSegment: 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = try DiskIndex(directory: directory)
        let memory = try articleIndex()
        var options = SearchOptions()
        options.spelling = .suggest
        for query in ["الزكاء", "ميطا OR التحلف", "\"مفتوحه المصضر\""] {
            #expect(try disk.search(query, options: options).suggestion == memory.search(query, options: options).suggestion,
                    "\(query)")
        }
    }
}
