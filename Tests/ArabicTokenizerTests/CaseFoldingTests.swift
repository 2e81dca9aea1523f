import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/latinCase``: Latin and every other cased script are case-folded.
@Suite struct CaseFoldingTests {
    static let rows: [FoldCase] = [
        FoldCase("NASA", "nasa", unfolded: "NASA", "ASCII capitals"),
        FoldCase("Meta", "meta", unfolded: "Meta", "title case"),
        FoldCase("iPhone", "iphone", unfolded: "iPhone", "inner capital"),
        FoldCase("ÉCOLE", "école", unfolded: "ÉCOLE", "Latin-1 capital"),
        FoldCase("E\u{0301}COLE", "école", unfolded: "ÉCOLE", "decomposed capital: composed as NFC"),
        FoldCase("Straße", "strasse", unfolded: "Straße", "sharp s folds to ss"),
        FoldCase("ΣΟΦΙΑ", "σοφια", unfolded: "ΣΟΦΙΑ", "Greek"),
        FoldCase("МОСКВА", "москва", unfolded: "МОСКВА", "Cyrillic"),
        FoldCase("already lower", "already lower", unfolded: "already lower", "unchanged"),
        FoldCase("كتاب", "كتاب", unfolded: "كتاب", "Arabic has no case"),
    ]

    @Test(arguments: rows)
    func caseFolding(_ row: FoldCase) { checkFolding(row, rule: .latinCase) }

    /// Mixed Arabic, Latin and numbers: the script change splits, the attached و is dropped.
    @Test func mixedScripts() {
        #expect(terms("Meta وIBM") == ["meta", "ibm"])
        #expect(terms("تحالفت شركة Meta وIBM") == ["تحالفت", "شرك", "meta", "ibm"])
        #expect(Analyzers.standard.normalize("Meta وIBM") == "meta و ibm")
        #expect(terms("Meta وIBM", Analyzers.without(.latinCase)) == ["Meta", "IBM"])
        #expect(terms("iOS 17 وAndroid 14") == ["ios", "17", "android", "14"])
    }

    @Test func caseVariantsConflate() {
        #expect(terms("NASA") == terms("nasa"))
        #expect(terms("NASA") == terms("Nasa"))
        #expect(terms("ＮＡＳＡ") == terms("nasa"))
    }
}
