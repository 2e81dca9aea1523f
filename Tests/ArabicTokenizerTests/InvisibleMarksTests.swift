import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/invisibleMarks``: bidi controls, zero-width (non-)joiners, word joiners, BOM and
/// soft hyphen are deleted inside words and never become words of their own.
@Suite struct InvisibleMarksTests {
    static let marks: [(UInt32, String)] = [
        (0x200E, "LRM"), (0x200F, "RLM"), (0x061C, "ALM"),
        (0x202A, "LRE"), (0x202B, "RLE"), (0x202C, "PDF"), (0x202D, "LRO"), (0x202E, "RLO"),
        (0x2066, "LRI"), (0x2067, "RLI"), (0x2068, "FSI"), (0x2069, "PDI"),
        (0x200C, "ZWNJ"), (0x200D, "ZWJ"), (0xFEFF, "BOM"), (0x00AD, "soft hyphen"),
        (0x2060, "word joiner"), (0x2061, "function application"), (0x2062, "invisible times"),
        (0x2063, "invisible separator"), (0x2064, "invisible plus"),
    ]

    static let codes: [UInt32] = marks.map(\.0)

    /// Inside an Arabic word: deleted; with the rule off, kept.
    @Test(arguments: codes)
    func insideArabicWord(_ mark: UInt32) {
        let word = "كت" + scalar(mark) + "اب"
        checkFolding(FoldCase(word, "كتاب", unfolded: word), rule: .invisibleMarks)
    }

    /// Inside a Latin word.
    @Test(arguments: codes)
    func insideLatinWord(_ mark: UInt32) {
        let word = "sea" + scalar(mark) + "rch"
        checkFolding(FoldCase(word, "search", unfolded: word), rule: .invisibleMarks)
    }

    /// Around words, alone and in pairs: they never reach a term.
    @Test(arguments: codes)
    func aroundWords(_ mark: UInt32) {
        let m = scalar(mark)
        let text = m + "كتاب" + m + " " + m + m + "قلم" + m + m + " " + m + " " + m
        #expect(Analyzers.standard.normalize(text) == "كتاب قلم")
        #expect(terms(text) == ["كتاب", "قلم"])
    }

    /// A Persian word written with ZWNJ (می‌خواهم) is one word; the join is removed.
    @Test func zwnjInPersianWord() {
        #expect(Analyzers.standard.normalize("می\u{200C}خواهم") == "ميخواهم")
        #expect(terms("می\u{200C}خواهم", Analyzers.unstemmed) == ["ميخواهم"])
        #expect(Analyzers.without(.invisibleMarks).normalize("می\u{200C}خواهم") == "مي\u{200C}خواهم")
    }

    /// Typical bidi-wrapped runs from word processors and chat apps.
    static let wrapped: [FoldCase] = [
        FoldCase("\u{202B}مرحبا\u{202C} بكم", "مرحبا بكم", "RLE … PDF"),
        FoldCase("\u{2067}الشركة\u{2069} Apple", "الشركه apple", "RLI … PDI"),
        FoldCase("\u{200F}السلام\u{200F} عليكم\u{200F}", "السلام عليكم", "RLM after each word"),
        FoldCase("\u{FEFF}بسم الله", "بسم الله", "BOM at the start"),
        FoldCase("Meta\u{200E} و\u{200F}IBM", "meta و ibm", "marks at a script change"),
        FoldCase("\u{202E}ABC\u{202C}", "abc", "RLO override"),
    ]

    @Test(arguments: wrapped)
    func wrappedText(_ row: FoldCase) { checkFolding(row, rule: .invisibleMarks) }

    /// A text of nothing but invisible marks has no words.
    @Test func onlyInvisibleMarks() {
        let text = Self.codes.map { scalar($0) }.joined()
        #expect(Analyzers.standard.analyze(text).isEmpty)
        #expect(Analyzers.standard.normalize(text) == "")
        #expect(Analyzers.standard.normalize(text + " " + text) == "")
    }
}
