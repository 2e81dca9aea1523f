import Testing
@testable import ArabicTokenizer

/// The light10 stemmer: one prefix (ال وال بال كال فال لل, else و when four letters or more),
/// then each suffix of ها ان ات ون ين يه ية ه ة ي once, in that order, if two letters remain.
@Suite struct LightStemmerTests {
    struct Pair: Sendable, CustomTestStringConvertible {
        let input: String
        let stem: String
        let note: String
        init(_ input: String, _ stem: String, _ note: String = "") {
            self.input = input
            self.stem = stem
            self.note = note
        }
        var testDescription: String { "\(input) → \(stem)" + (note.isEmpty ? "" : " (\(note))") }
    }

    /// Folded words and their stems.
    static let pairs: [Pair] = [
        // Prefixes.
        Pair("الكتاب", "كتاب", "ال"),
        Pair("والكتاب", "كتاب", "وال"),
        Pair("بالكتاب", "كتاب", "بال"),
        Pair("كالكتاب", "كتاب", "كال"),
        Pair("فالكتاب", "كتاب", "فال"),
        Pair("للكتاب", "كتاب", "لل"),
        Pair("وكتاب", "كتاب", "و"),
        Pair("وبالكتاب", "بالكتاب", "only one prefix is stripped"),
        Pair("العلماء", "علماء", "ال, no suffix"),
        // Suffixes.
        Pair("كتابها", "كتاب", "ها"),
        Pair("كتابان", "كتاب", "ان"),
        Pair("معلمات", "معلم", "ات"),
        Pair("معلمون", "معلم", "ون"),
        Pair("معلمين", "معلم", "ين"),
        Pair("كتابيه", "كتاب", "يه"),
        Pair("كتابه", "كتاب", "ه"),
        Pair("مدرسه", "مدرس", "ه (folded ة)"),
        Pair("كتابي", "كتاب", "ي"),
        Pair("قاضي", "قاض", "ي"),
        Pair("سيارتي", "سيارت", "ي"),
        Pair("مكتبه", "مكتب", "ه"),
        Pair("يكتبون", "يكتب", "ون"),
        Pair("تكتبين", "تكتب", "ين"),
        Pair("لاعبون", "لاعب", "ون"),
        Pair("شجرتان", "شجرت", "ان"),
        // Several suffixes, each once, in light10's order.
        Pair("مكتباتها", "مكتب", "ها then ات"),
        Pair("سياسيه", "سياس", "يه"),
        Pair("مصريين", "مصر", "ين then ي"),
        Pair("فلسطينيون", "فلسطين", "ون then ي"),
        Pair("فيه", "في", "يه needs four letters, ه three"),
        // Prefix and suffixes.
        Pair("المعلمون", "معلم"),
        Pair("والمعلمون", "معلم"),
        Pair("المدرسه", "مدرس"),
        Pair("المكتبات", "مكتب"),
        Pair("بالمدرسه", "مدرس"),
        Pair("الطالبان", "طالب"),
        Pair("الاسلاميه", "اسلام"),
        Pair("والكتابان", "كتاب"),
        // Words without affixes.
        Pair("كتب", "كتب"),
        Pair("كتاب", "كتاب"),
        Pair("كاتب", "كاتب"),
        Pair("بيوتهم", "بيوتهم", "هم is not a light10 suffix"),
        Pair("كتبوا", "كتبوا", "وا is not a light10 suffix"),
        Pair("علماء", "علماء"),
        // Not Arabic: left alone.
        Pair("books", "books"),
        Pair("2024", "2024"),
        Pair("", ""),
    ]

    @Test(arguments: pairs)
    func stem(_ pair: Pair) {
        #expect(LightStemmer().stem(pair.input) == pair.stem)
    }

    /// The guards: a prefix or suffix goes only when enough of the word remains.
    static let guards: [Pair] = [
        Pair("ولد", "ولد", "و needs four letters"),
        Pair("ورد", "ورد", "و needs four letters"),
        Pair("وزير", "زير", "four letters: light10 strips و"),
        Pair("والد", "الد", "وال needs five letters; و then applies"),
        Pair("بال", "بال", "بال needs five letters"),
        Pair("الم", "الم", "ال needs four letters"),
        Pair("ال", "ال"),
        Pair("الله", "له", "ال leaves two letters: light10 strips it"),
        Pair("لله", "لل", "لل needs four letters; ه leaves two"),
        Pair("به", "به", "ه needs three letters"),
        Pair("ها", "ها"),
        Pair("ان", "ان"),
        Pair("بيان", "بي", "ان leaves two letters"),
        Pair("بنات", "بن", "ات leaves two letters"),
        Pair("اين", "اين", "ين needs four letters"),
        Pair("و", "و"),
        Pair("في", "في"),
        Pair("ي", "ي"),
    ]

    @Test(arguments: guards)
    func guardsFromLight10(_ pair: Pair) {
        #expect(LightStemmer().stem(pair.input) == pair.stem)
    }

    /// Inflections of one word conflate.
    @Test(arguments: [
        ["الكتاب", "كتاب", "والكتاب", "بالكتاب", "كتابها", "كتابه", "كتابي", "للكتاب", "كَتَابُهُ", "ﺍﻟﻜﺘﺎﺏ"],
        ["معلم", "المعلم", "معلمون", "معلمين", "معلمات", "والمعلمون", "المعلمة", "المُعَلِّمَاتُ"],
        ["مدرسة", "المدرسة", "بالمدرسة", "للمدرسة", "والمدرسة"],
    ])
    func inflectionsConflate(_ words: [String]) {
        let stems = Set(words.flatMap { terms($0) })
        #expect(stems.count == 1, "\(stems)")
    }

    /// Different words of one root stay apart.
    @Test(arguments: [
        ("كتاب", "كاتب"), ("علم", "عالم"), ("كتب", "كتاب"), ("درس", "مدرس"), ("عمل", "عامل"),
        ("سلام", "إسلام"), ("جمال", "جميل"), ("حساب", "حاسوب"), ("مكتب", "كتاب"), ("قلب", "قالب"),
        ("الكتاب", "الكاتب"), ("العلم", "العالم"), ("علوم", "علم"),
    ])
    func differentWordsStayApart(_ a: String, _ b: String) {
        #expect(terms(a) != terms(b))
        #expect(terms(a).count == 1 && terms(b).count == 1)
    }

    /// End to end: unfolded text through the default analyzer.
    static let endToEnd: [Pair] = [
        Pair("والمعلمون", "معلم"),
        Pair("وَالكِتَابُ", "كتاب"),
        Pair("المدرسة", "مدرس"),
        Pair("الإسلامية", "اسلام"),
        Pair("بالسيارة", "سيار"),
        Pair("مسؤوليات", "مسؤول", "ات then ي"),
        Pair("ٱلْعَٰلَمِينَ", "علم"),
        Pair("للمتقين", "متق"),
        Pair("فالمؤمنون", "مؤمن"),
        Pair("كالبرق", "برق"),
    ]

    @Test(arguments: endToEnd)
    func analyzerStems(_ pair: Pair) {
        #expect(terms(pair.input) == [pair.stem])
    }

    // MARK: - Affix groups

    static func stemmer(without group: AffixGroup) -> LightStemmer {
        LightStemmer(groups: AffixGroup.defaults.subtracting([group]))
    }

    @Test func definiteArticleSwitch() {
        let s = Self.stemmer(without: .definiteArticle)
        #expect(s.stem("الكتاب") == "الكتاب")
        #expect(s.stem("بالكتاب") == "بالكتاب")
        #expect(s.stem("للكتاب") == "للكتاب")
        #expect(s.stem("والكتاب") == "الكتاب", "the conjunction is its own group")
        #expect(s.stem("الكتابها") == "الكتاب")
        #expect(LightStemmer().stem("الكتاب") == "كتاب")
    }

    @Test func conjunctionSwitch() {
        let s = Self.stemmer(without: .conjunction)
        #expect(s.stem("وكتاب") == "وكتاب")
        #expect(s.stem("وزير") == "وزير")
        #expect(s.stem("والكتاب") == "كتاب", "وال belongs to the definite article group")
        #expect(LightStemmer().stem("وكتاب") == "كتاب")
    }

    @Test func pluralSuffixesSwitch() {
        let s = Self.stemmer(without: .pluralSuffixes)
        #expect(s.stem("معلمون") == "معلمون")
        #expect(s.stem("معلمين") == "معلمين")
        #expect(s.stem("المعلمات") == "معلمات")
        #expect(s.stem("كتابان") == "كتابان")
        #expect(s.stem("كتابها") == "كتاب", "pronoun suffixes still go")
    }

    @Test func pronounSuffixesSwitch() {
        let s = Self.stemmer(without: .pronounSuffixes)
        #expect(s.stem("كتابها") == "كتابها")
        #expect(s.stem("مدرسه") == "مدرسه")
        #expect(s.stem("كتابي") == "كتابي")
        #expect(s.stem("معلمون") == "معلم", "plural suffixes still go")
        #expect(s.stem("الكتابه") == "كتابه")
    }

    @Test func noGroupsIsIdentity() {
        let s = LightStemmer(groups: [])
        for pair in Self.pairs + Self.guards {
            #expect(s.stem(pair.input) == pair.input)
        }
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(removesStopWords: false, stemming: []))
        #expect(terms("والمعلمون المدرسة", analyzer) == ["والمعلمون", "المدرسه"])
    }

    @Test func analyzerHonoursGroups() {
        var options = AnalyzerOptions()
        options.stemming = [.definiteArticle]
        #expect(terms("المعلمون وكتابها", ArabicAnalyzer(options: options)) == ["معلمون", "وكتابها"])
        options.stemming = [.conjunction, .pronounSuffixes]
        #expect(terms("المعلمون وكتابها", ArabicAnalyzer(options: options)) == ["المعلمون", "كتاب"])
        #expect(AnalyzerOptions(stemming: [.conjunction]).fingerprint.contains("stemming=conjunction;"))
    }

    @Test func defaults() {
        #expect(LightStemmer().groups == Set(AffixGroup.allCases))
        #expect(AffixGroup.defaults == Set(AffixGroup.allCases))
    }

    /// Only the prefix goes (what a prefix query looks up).
    @Test func stripPrefix() {
        let s = LightStemmer()
        #expect(s.stripPrefix("الكتابات") == "كتابات")
        #expect(s.stripPrefix("والمعلمون") == "معلمون")
        #expect(s.stripPrefix("وكتابها") == "كتابها")
        #expect(s.stripPrefix("الم") == "الم")
        #expect(s.stripPrefix("ibm") == "ibm")
    }

    @Test func prefixTerm() {
        let a = Analyzers.standard
        #expect(a.prefixTerm("الذكا") == "ذكا")
        #expect(a.prefixTerm("والمعلم") == "معلم")
        #expect(a.prefixTerm("المدرسة") == "مدرسه")
        #expect(a.prefixTerm("NASA") == "nasa")
        #expect(a.prefixTerm("وIBM") == "ibm")
        #expect(a.prefixTerm("في") == "في")
        #expect(a.prefixTerm("") == nil)
        #expect(a.prefixTerm("،") == nil)
    }
}
