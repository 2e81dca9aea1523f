import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/alefMaqsura``: ى becomes ي.
@Suite struct AlefMaqsuraTests {
    static let rows: [FoldCase] = [
        FoldCase("على", "علي", unfolded: "على", "preposition"),
        FoldCase("مستشفى", "مستشفي", unfolded: "مستشفى", "noun"),
        FoldCase("مصطفى", "مصطفي", unfolded: "مصطفى", "name"),
        FoldCase("هدًى", "هدي", unfolded: "هدى", "with tanween"),
        FoldCase("يحيى", "يحيي", unfolded: "يحيى", "after yeh"),
        FoldCase("ﻯ", "ي", unfolded: "ى", "isolated presentation form"),
    ]

    @Test(arguments: rows)
    func alefMaqsura(_ row: FoldCase) { checkFolding(row, rule: .alefMaqsura) }
}

/// ``FoldingRule/tehMarbuta``: ة becomes ه.
@Suite struct TehMarbutaTests {
    static let rows: [FoldCase] = [
        FoldCase("مدرسة", "مدرسه", unfolded: "مدرسة", "noun"),
        FoldCase("المدرسةُ", "المدرسه", unfolded: "المدرسة", "with damma"),
        FoldCase("فاطمة", "فاطمه", unfolded: "فاطمة", "name"),
        FoldCase("ﺓ", "ه", unfolded: "ة", "isolated presentation form"),
        FoldCase("ﺔ", "ه", unfolded: "ة", "final presentation form"),
    ]

    @Test(arguments: rows)
    func tehMarbuta(_ row: FoldCase) { checkFolding(row, rule: .tehMarbuta) }

    @Test func spellingsConflate() {
        #expect(terms("مدرسة") == terms("مدرسه"))
        #expect(Analyzers.without(.tehMarbuta).normalize("مدرسة مدرسه") == "مدرسة مدرسه")
    }
}

/// ``FoldingRule/persianLetters``: ک → ك, ی ے → ي, ہ ۀ → ه.
@Suite struct PersianLetterTests {
    static let rows: [FoldCase] = [
        FoldCase("کتاب", "كتاب", unfolded: "کتاب", "keheh U+06A9"),
        FoldCase("یک", "يك", unfolded: "یک", "farsi yeh U+06CC and keheh"),
        FoldCase("علی", "علي", unfolded: "علی", "final farsi yeh"),
        FoldCase("ے", "ي", unfolded: "ے", "yeh barree U+06D2"),
        FoldCase("کرے", "كري", unfolded: "کرے", "final yeh barree"),
        FoldCase("ہم", "هم", unfolded: "ہم", "heh goal U+06C1"),
        FoldCase("خانۀ", "خانه", unfolded: "خانۀ", "heh with yeh above U+06C0"),
        FoldCase("خانه" + scalar(0x0654), "خانه", unfolded: "خانه", "heh + hamza mark (ه does not compose)"),
        FoldCase("خان" + scalar(0x06D5) + scalar(0x0654), "خانه", unfolded: "خانۀ", "ae + hamza mark composes to ۀ"),
        FoldCase("ﮎ", "ك", unfolded: "ک", "keheh isolated presentation form"),
        FoldCase("ﯼ", "ي", unfolded: "ی", "farsi yeh isolated presentation form"),
    ]

    @Test(arguments: rows)
    func persianLetter(_ row: FoldCase) { checkFolding(row, rule: .persianLetters) }

    @Test func persianAndArabicSpellingsMatch() {
        #expect(terms("کتاب") == terms("كتاب"))
        #expect(terms("علی") == terms("علي"))
    }
}

/// Decomposed hamza: و ي + U+0654 compose as NFC would (ؤ ئ); ا + U+0654 is in AlefFoldingTests.
@Suite struct DecomposedHamzaTests {
    static let rows: [FoldCase] = [
        FoldCase("مسو" + scalar(0x0654) + "ول", "مسؤول", unfolded: "مسءول", "waw + hamza above"),
        FoldCase("مسي" + scalar(0x0654) + "ول", "مسئول", unfolded: "مسءول", "yeh + hamza above"),
        FoldCase("و" + scalar(0x0654), "ؤ", unfolded: "ء", "lone waw"),
        FoldCase("ي" + scalar(0x0654), "ئ", unfolded: "ء", "lone yeh"),
        FoldCase("مسو" + scalar(0x064F) + scalar(0x0654) + "ول", "مسؤول", unfolded: "مسءول", "canonical order: damma first"),
        FoldCase("شي" + scalar(0x0651) + scalar(0x064E) + scalar(0x0654), "شئ", unfolded: "شء", "two harakat first"),
        // Deleted characters are deleted first: the hamza mark then meets the letter before them.
        FoldCase("بو" + scalar(0x0640) + scalar(0x0654), "بؤ", unfolded: "بء", "deleted tatweel in between"),
        FoldCase("بو" + scalar(0x200D) + scalar(0x0654), "بؤ", unfolded: "بء", "deleted ZWJ in between"),
        FoldCase("ك" + scalar(0x0640) + scalar(0x0654), "ك", unfolded: "ك", "nothing to compose with"),
    ]

    /// `unfolded` here is the text with ``FoldingRule/hamzaSeats`` switched ON.
    @Test(arguments: rows)
    func decomposedHamza(_ row: FoldCase) { checkFolding(row, rule: .hamzaSeats) }

    /// With diacritics off the hamza mark still composes, and the harakat stay.
    @Test func composesWithDiacriticsOff() {
        let analyzer = Analyzers.without(.diacritics)
        #expect(analyzer.normalize("مسو" + scalar(0x0654) + "ول") == "مسؤول")
        #expect(analyzer.normalize("مسو" + scalar(0x064F) + scalar(0x0654) + "ول") == "مسؤُول")
        #expect(analyzer.normalize("ك" + scalar(0x0654)) == "ك" + scalar(0x0654))
        // Kept tatweel does separate them, in the output too.
        let keepsTatweel = ArabicAnalyzer(options: AnalyzerOptions(folding: FoldingRule.defaults.subtracting([.diacritics, .tatweel])))
        #expect(keepsTatweel.normalize("بو" + scalar(0x0640) + scalar(0x0654)) == "بو" + scalar(0x0640) + scalar(0x0654))
        // A second hamza mark meets the folded letter: أ + ٔ is ا + ٔ + ٔ.
        #expect(analyzer.normalize("ا" + scalar(0x0654) + scalar(0x0654)) == "ا")
        #expect(analyzer.normalize("إ" + scalar(0x0655)) == "ا")
    }

    /// Persian yeh and alef maqsura are folded to ي before the hamza mark composes.
    @Test func composesWithFoldedLetter() {
        #expect(Analyzers.standard.normalize("ی" + scalar(0x0654)) == "ئ")
        #expect(Analyzers.standard.normalize("شى" + scalar(0x0654)) == "شئ")
        #expect(Analyzers.without(.persianLetters).normalize("ی" + scalar(0x0654)) == "ی")
    }
}

/// ``FoldingRule/hamzaSeats``: off by default; on, ؤ ئ become ء so مسؤول = مسئول.
@Suite struct HamzaSeatTests {
    static let rows: [FoldCase] = [
        FoldCase("مسؤول", "مسؤول", unfolded: "مسءول", "waw seat"),
        FoldCase("مسئول", "مسئول", unfolded: "مسءول", "yeh seat"),
        FoldCase("شؤون", "شؤون", unfolded: "شءون", "waw seat"),
        FoldCase("شئون", "شئون", unfolded: "شءون", "yeh seat"),
        FoldCase("رئيس", "رئيس", unfolded: "رءيس", "medial"),
        FoldCase("سماء", "سماء", unfolded: "سماء", "bare hamza unchanged"),
        FoldCase("أسئلة", "اسئله", unfolded: "اسءله", "with other foldings"),
    ]

    /// `folded` is the default (rule off); `unfolded` is with ``FoldingRule/hamzaSeats`` on.
    @Test(arguments: rows)
    func hamzaSeat(_ row: FoldCase) { checkFolding(row, rule: .hamzaSeats) }

    @Test func offByDefault() {
        #expect(!FoldingRule.defaults.contains(.hamzaSeats))
        #expect(!AnalyzerOptions().folding.contains(.hamzaSeats))
        #expect(terms("مسؤول") != terms("مسئول"))
    }

    @Test func onConflatesSeats() {
        let analyzer = Analyzers.with(.hamzaSeats)
        #expect(terms("مسؤول", analyzer) == terms("مسئول", analyzer))
        #expect(terms("شؤون", analyzer) == terms("شئون", analyzer))
        #expect(terms("المسؤولون", analyzer) == ["مسءول"])
    }
}
