import Testing
@testable import ArabicIndex

@Suite struct SnippetTests {
    let basmala = "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ"

    func snippet(_ index: InMemoryIndex, _ query: String, words: Int = 30) throws -> Snippet? {
        var options = SearchOptions()
        options.snippetWords = words
        return try index.search(query, options: options).hits.first?.snippet
    }

    @Test func highlightsTheOriginalDiacritizedWord() throws {
        let index = try makeIndex([("q1", basmala)])
        let result = try #require(try snippet(index, "الرحمن"))
        #expect(result.text == basmala)
        #expect(result.highlights.count == 1)
        #expect(slice(result.text, result.highlights[0]) == "ٱلرَّحْمَٰنِ")
        #expect(result.highlightedWords == ["ٱلرَّحْمَٰنِ"])
    }

    @Test func highlightsEveryWordOfAPhraseAndPrefixMatches() throws {
        let index = try makeIndex([("q1", basmala)])
        let phrase = try #require(try snippet(index, "\"الرحمن الرحيم\""))
        #expect(phrase.highlights.map { slice(phrase.text, $0) } == ["ٱلرَّحْمَٰنِ", "ٱلرَّحِيمِ"])
        let prefix = try #require(try snippet(index, "الرح*"))
        #expect(prefix.highlights.map { slice(prefix.text, $0) } == ["ٱلرَّحْمَٰنِ", "ٱلرَّحِيمِ"])
        // An excluded term is not highlighted.
        let excluded = try #require(try snippet(index, "الله -الشيطان"))
        #expect(excluded.highlights.map { slice(excluded.text, $0) } == ["ٱللَّهِ"])
    }

    @Test func phraseHighlightsOnlyItsOccurrences() throws {
        let index = try makeIndex([("d", "الولد في البيت ثم ذهب الولد إلى المدرسة")])
        let result = try #require(try snippet(index, "\"الولد إلى المدرسة\""))
        // Only the second الولد is part of the phrase.
        #expect(result.highlights.map { slice(result.text, $0) } == ["الولد", "المدرسة"])
        #expect(result.highlights[0].lowerBound == Array("الولد في البيت ثم ذهب ".utf8).count)
    }

    @Test func keepsTatweelAndAttachedLatin() throws {
        let index = try makeIndex([("d", "مستقبل الذكــاء الاصطناعي مع شركة وIBM اليوم")])
        let result = try #require(try snippet(index, "الذكاء ibm"))
        #expect(result.highlights.map { slice(result.text, $0) } == ["الذكــاء", "IBM"])
    }

    @Test func cutsALongTextAroundTheMatchWithEllipses() throws {
        let words = (0..<100).map { $0 == 60 ? "ٱلرَّحْمَٰنِ" : "كلمة\($0)" }
        let index = try makeIndex([("long", words.joined(separator: " "))])
        let result = try #require(try snippet(index, "الرحمن", words: 10))
        #expect(result.text.hasPrefix("…"))
        #expect(result.text.hasSuffix("…"))
        let shown = result.text.dropFirst().dropLast().split(separator: " ")
        #expect(shown.count == 10)
        #expect(shown.contains("ٱلرَّحْمَٰنِ"))
        // The match is centred: four words before it, five after.
        #expect(shown.first == "كلمة56")
        #expect(result.highlights.count == 1)
        #expect(slice(result.text, result.highlights[0]) == "ٱلرَّحْمَٰنِ")
    }

    @Test func prefersTheWindowWithMoreDistinctTerms() throws {
        // "alpha" alone twice early, "alpha" and "omega" together later.
        var words = (0..<60).map { "w\($0)" }
        words[2] = "alpha"
        words[4] = "alpha"
        words[40] = "alpha"
        words[42] = "omega"
        let index = try makeIndex([("d", words.joined(separator: " "))])
        let result = try #require(try snippet(index, "alpha omega", words: 8))
        #expect(result.highlights.map { slice(result.text, $0) } == ["alpha", "omega"])
        #expect(result.text == "…w38 w39 alpha w41 omega w43 w44 w45…")
    }

    @Test func titleOnlyMatchShowsTheStartOfTheText() throws {
        let words = (0..<50).map { "كلمة\($0)" }.joined(separator: " ")
        let index = try makeIndex([("d", "عنوان خاص", words)])
        let result = try #require(try snippet(index, "خاص", words: 5))
        #expect(result.text == "كلمة0 كلمة1 كلمة2 كلمة3 كلمة4…")
        #expect(result.highlights.isEmpty)
        // A title-restricted query highlights nothing in the text either.
        let restricted = try makeIndex([("d", "كلمة", "كلمة أخرى")])
        #expect(try snippet(restricted, "title:كلمة")?.highlights.isEmpty == true)
    }

    @Test func shortTextIsWholeAndZeroWordsIsEmpty() throws {
        let index = try makeIndex([("d", "  نص قصير جدا  ")])
        #expect(try snippet(index, "قصير")?.text == "نص قصير جدا")
        #expect(try snippet(index, "قصير", words: 0) == Snippet(text: "", highlights: []))
    }
}
