import Testing
@testable import ArabicIndex

/// Queries over the bundled article (18 paragraphs, p01…p18) with the paragraph that must rank
/// first, found by reading the article. Each spells its words differently from the article, to
/// exercise one folding rule from the query side.
@Suite struct ArticleQueryTests {
    static let cases: [(query: String, top: String, rule: String)] = [
        // Hamza on alef dropped (أ إ → ا).
        ("اوائل", "p03", "hamza: أوائل"),
        // إنشاء is in p04, p06 and p07 once each (p01's لإنشاء is another term): p06 is the
        // shortest (42 tokens against 52 and 57), so ranks first.
        ("انشاء", "p06", "hamza: إنشاء"),
        ("انثروبيك", "p16", "hamza: أنثروبيك"),
        ("ايلون ماسك", "p14", "hamza: إيلون"),
        ("الانترنت", "p17", "hamza: الإنترنت"),
        ("اوبنهايمر", "p17", "hamza: أوبنهايمر"),
        ("\"انشاء تحالف\"", "p04", "hamza in a phrase: إنشاء تحالف"),
        // Diacritics in the query, none in the article.
        ("زُوكَرْبِيرْج", "p05", "diacritics"),
        ("الذَّعْرِ", "p10", "diacritics"),
        ("الإِمَارَاتِيَّة", "p11", "diacritics"),
        // Diacritics in the article, none in the query (ضجةً، حافلًا، مُبررة).
        ("ضجة", "p02", "tanween in the article"),
        ("حافلا", "p01", "tanween in the article"),
        // Tatweel.
        ("لينكـــس", "p03", "tatweel"),
        ("الخـــارق", "p02", "tatweel"),
        ("\"زايد للذكــاء\"", "p11", "tatweel in a phrase: جامعة محمد بن زايد للذكاء"),
        // Presentation forms: ﻟﻴﻨﻜﺲ, and the lam-alef ligature ﻹ in الإبداعية.
        ("\u{FEDF}\u{FEF4}\u{FEE8}\u{FEDC}\u{FEB2}", "p03", "presentation forms"),
        // (ابداع is also in p15's للإبداع, so a phrase pins p12's الأفكار الإبداعية.)
        ("\"الافكار \u{0627}\u{FEF9}\u{0628}\u{062F}\u{0627}\u{0639}\u{064A}\u{0629}\"", "p12", "lam-alef ligature"),
        // Arabic-Indic digits.
        ("٥٠", "p01", "digits: 50 in p01 (shorter) and p04"),
        ("\"بمشاركة ٥٠\"", "p01", "digits in a phrase"),
        // Latin case.
        ("ibm", "p03", "case: IBM three times in p03"),
        ("meta", "p01", "case: Meta"),
        ("oppenheimer", "p17", "case"),
        ("GITHUB", "p13", "case: Github"),
        ("nasa cern", "p12", "case"),
        ("\u{FF29}\u{FF22}\u{FF2D}", "p03", "full-width Latin ＩＢＭ"),
        // Alef maqsura and yeh.
        ("مستوي", "p07", "yeh for alef maqsura: مستوى"),
        ("منتدي", "p16", "yeh for alef maqsura: منتدى"),
        // Teh marbuta and heh.
        ("مشكله", "p08", "heh for teh marbuta: مشكلة"),
        ("مبرره", "p15", "heh for teh marbuta: مُبررة"),
        ("القنبله النوويه", "p17", "heh for teh marbuta"),
        // Persian letters (Farsi yeh ی, keheh ک).
        ("لینکس", "p03", "persian letters"),
        // Invisible marks inside a word (ZWNJ, RLM).
        ("الخا\u{200C}رق", "p02", "zero width non-joiner"),
        ("جيمن\u{200F}اي الخارق", "p02", "right-to-left mark"),
        // Fields and prefixes.
        ("title:المنافسة", "p16", "title restriction; ties break by document order"),
        ("الديمقراط*", "p17", "prefix"),
        ("هاريس", "p17", "plain"),
    ]

    @Test(arguments: 0..<cases.count)
    func topParagraph(_ number: Int) throws {
        let (query, top, rule) = Self.cases[number]
        let index = try articleIndex()
        let hits = try index.search(query).hits
        #expect(hits.first?.id == top, "\(query) [\(rule)]")
    }

    @Test func exactHitLists() throws {
        let index = try articleIndex()
        #expect(try ids(index, "\"زايد للذكــاء\"") == ["p11"])
        #expect(try ids(index, "\"انشاء تحالف\"") == ["p04"])
        #expect(try ids(index, "انشاء") == ["p06", "p04", "p07", "p01"])   // p01's لإنشاء only as a variant
        #expect(try ids(index, "انشاء") { $0.variantWeight = 0 } == ["p06", "p04", "p07"])
        #expect(try ids(index, "\"بمشاركة ٥٠\"") == ["p01"])
        #expect(try ids(index, "meta") == ["p01", "p04"])
        #expect(try ids(index, "٥٠") == ["p01", "p04"])
        #expect(try ids(index, "title:أهداف") == ["p07", "p08", "p09", "p10"])
        #expect(try ids(index, "title:اهداف") == ["p07", "p08", "p09", "p10"])
        #expect(Set(try ids(index, "ميتا")) == ["p11", "p16"])
        #expect(Set(try ids(index, "\"جامعة محمد بن زايد\"")) == ["p11", "p12"])
        #expect(Set(try ids(index, "جيمناي")) == ["p02", "p14"])
        #expect(try ids(index, "جيمناي -الخارق") == ["p14"])
        #expect(Set(try ids(index, "+ibm +meta -لينكس")) == ["p01", "p04"])
    }

    @Test func articleSnippetHighlightsTheArticleSpelling() throws {
        let index = try articleIndex()
        let hit = try #require(try index.search("مبرره").hits.first)
        #expect(hit.snippet.highlights.map { slice(hit.snippet.text, $0) } == ["مُبررة"])
        let digits = try #require(try index.search("\"بمشاركة ٥٠\"").hits.first)
        #expect(digits.snippet.highlights.map { slice(digits.snippet.text, $0) } == ["بمشاركة", "50"])
        let tatweel = try #require(try index.search("\"زايد للذكــاء\"").hits.first)
        #expect(tatweel.snippet.highlights.map { slice(tatweel.snippet.text, $0) } == ["زايد", "للذكاء"])
    }
}
