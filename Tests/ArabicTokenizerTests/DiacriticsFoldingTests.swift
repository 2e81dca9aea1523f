import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/diacritics``: harakat, superscript alef, the marks U+0653–U+065F, the Quranic
/// annotation marks and the extended Arabic marks are deleted; with the rule off they survive.
@Suite struct DiacriticsFoldingTests {
    /// A mark between the first two letters of كتب.
    static func inside(_ mark: UInt32, _ note: String) -> FoldCase {
        let word = "ك" + scalar(mark) + "تب"
        return FoldCase(word, "كتب", unfolded: word, "\(hex(mark)) \(note)")
    }

    static let harakat: [FoldCase] = [
        inside(0x064B, "fathatan"), inside(0x064C, "dammatan"), inside(0x064D, "kasratan"),
        inside(0x064E, "fatha"), inside(0x064F, "damma"), inside(0x0650, "kasra"),
        inside(0x0651, "shadda"), inside(0x0652, "sukun"),
    ]

    @Test(arguments: harakat)
    func harakah(_ row: FoldCase) { checkFolding(row, rule: .diacritics) }

    /// Every harakah at the end of a word, and stacked (shadda + fatha).
    @Test(arguments: Array(UInt32(0x064B)...0x0652))
    func harakahAtWordEnd(_ mark: UInt32) {
        let word = "كتب" + scalar(mark)
        checkFolding(FoldCase(word, "كتب", unfolded: word), rule: .diacritics)
        checkFolding(FoldCase("م" + scalar(0x0651) + scalar(mark) + "د", "مد"), rule: .diacritics)
    }

    static let superscriptAlef: [FoldCase] = [
        FoldCase("هٰذا", "هذا", unfolded: "هٰذا", "haadha"),
        FoldCase("ذَٰلِكَ", "ذلك", unfolded: "ذَٰلِكَ", "dhaalika"),
        // Uthmani spelling: the superscript alef is deleted, not written as a full alef.
        FoldCase("ٱلصِّرَٰطَ", "الصرط", unfolded: "الصِّرَٰطَ", "siraat"),
        FoldCase("ٱلرَّحْمَٰنِ", "الرحمن", unfolded: "الرَّحْمَٰنِ", "rahmaan"),
    ]

    @Test(arguments: superscriptAlef)
    func superscriptAlefIsDeleted(_ row: FoldCase) { checkFolding(row, rule: .diacritics) }

    /// U+0653–U+065F: maddah, hamza above and below (which compose only with ا و ي ە ہ ے), and
    /// the rarer marks. After ك none composes, so each is deleted.
    @Test(arguments: Array(UInt32(0x0653)...0x065F))
    func marks0653To065F(_ mark: UInt32) {
        checkFolding(Self.inside(mark, "mark"), rule: .diacritics)
    }

    /// Quranic annotation marks U+0610–U+061A (small high ligatures, small fatha/damma/kasra).
    @Test(arguments: Array(UInt32(0x0610)...0x061A))
    func quranicMarks0610To061A(_ mark: UInt32) {
        checkFolding(Self.inside(mark, "Quranic mark"), rule: .diacritics)
    }

    /// Quranic marks U+06D6–U+06ED, less the two symbols ۞ U+06DE and ۩ U+06E9.
    static let quranicMarks06D6: [UInt32] = Array(UInt32(0x06D6)...0x06ED).filter { $0 != 0x06DE && $0 != 0x06E9 }

    @Test(arguments: quranicMarks06D6)
    func quranicMarks06D6To06ED(_ mark: UInt32) {
        checkFolding(Self.inside(mark, "Quranic mark"), rule: .diacritics)
        let end = "كتب" + scalar(mark)
        checkFolding(FoldCase(end, "كتب"), rule: .diacritics)
    }

    /// ۞ and ۩ are symbols between words, never part of one.
    @Test func quranicSymbolsSeparateWords() {
        #expect(Analyzers.standard.normalize("كتب ۞ قلم") == "كتب قلم")
        #expect(Analyzers.standard.normalize("يسجدون ۩") == "يسجدون")
        #expect(Analyzers.without(.diacritics).normalize("كتب ۞ قلم") == "كتب قلم")
    }

    @Test(arguments: [UInt32(0x08D3), 0x08E4, 0x08F0, 0x08F1, 0x08F2, 0x08FE, 0x08FF])
    func extendedArabicMarks(_ mark: UInt32) {
        checkFolding(Self.inside(mark, "extended mark"), rule: .diacritics)
    }

    /// Quranic text in the Uthmani script, with ٱ, superscript alef, small waw and pause marks.
    static let quranicText: [FoldCase] = [
        FoldCase("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ", "بسم الله الرحمن الرحيم",
                 unfolded: "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ", "basmala"),
        FoldCase("ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ", "الحمد لله رب العلمين", "Fatiha 2"),
        FoldCase("ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَ ۛ فِيهِ ۛ هُدًى لِّلْمُتَّقِينَ",
                 "ذلك الكتب لا ريب فيه هدي للمتقين", "Baqara 2, pause marks between words"),
        FoldCase("إِنَّهُۥ هُوَ ٱلسَّمِيعُ ٱلْعَلِيمُ", "انه هو السميع العليم", "small waw"),
        FoldCase("قُلْ هُوَ ٱللَّهُ أَحَدٌ", "قل هو الله احد", "Ikhlas 1"),
        FoldCase("وَٱلضُّحَىٰ", "والضحي", "alef maqsura with superscript alef"),
    ]

    @Test(arguments: quranicText)
    func quranicVerses(_ row: FoldCase) { checkFolding(row, rule: .diacritics) }

    /// Modern Standard Arabic with full vocalization.
    static let vocalized: [FoldCase] = [
        FoldCase("مُعَلِّمُونَ", "معلمون"),
        FoldCase("الْمَدْرَسَةُ", "المدرسه"),
        FoldCase("كِتَابٌ جَدِيدٌ", "كتاب جديد"),
        FoldCase("مُسْتَشْفًى", "مستشفي"),
        FoldCase("شَيْءٌ", "شيء"),
    ]

    @Test(arguments: vocalized)
    func vocalizedText(_ row: FoldCase) { checkFolding(row, rule: .diacritics) }

    /// The terms, not only the normalized text, lose their diacritics.
    @Test func termsLoseDiacritics() {
        #expect(terms("وَالْكِتَابُ") == ["كتاب"])
        #expect(terms("كَتَبَ") == terms("كتب"))
    }
}

/// ``FoldingRule/tatweel``: the kashida U+0640 is deleted wherever it stands.
@Suite struct TatweelFoldingTests {
    static let rows: [FoldCase] = [
        FoldCase("كتـــاب", "كتاب", unfolded: "كتـــاب", "inside"),
        FoldCase("ـكتاب", "كتاب", "leading"),
        FoldCase("كتابـ", "كتاب", "trailing"),
        FoldCase("مـُـحـمـد", "محمد", unfolded: "مــحـمـد", "around a damma"),
        FoldCase("الـلـه", "الله", unfolded: "الـلـه", "several"),
        FoldCase("جميـــــــــــــــــل", "جميل", unfolded: "جميـــــــــــــــــل", "long"),
    ]

    @Test(arguments: rows)
    func tatweel(_ row: FoldCase) { checkFolding(row, rule: .tatweel) }
}
