import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/compatibilityForms``: presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF),
/// ligatures and full-width Latin become the letters they stand for (NFKC), then fold further.
@Suite struct CompatibilityFormsTests {
    static let presentationForms: [FoldCase] = [
        FoldCase("ﺍﻟﻜﺘﺎﺏ", "الكتاب", unfolded: "ﺍﻟﻜﺘﺎﺏ", "isolated/initial/medial/final forms"),
        FoldCase("ﻣﺤﻤﺪ", "محمد", unfolded: "ﻣﺤﻤﺪ", "initial, medial, final"),
        FoldCase("ﺁﻣﻦ", "امن", unfolded: "ﺁﻣﻦ", "alef madda isolated, then alef folding"),
        FoldCase("ﻻ", "لا", unfolded: "ﻻ", "lam-alef ligature U+FEFB"),
        FoldCase("ﻼ", "لا", unfolded: "ﻼ", "lam-alef final U+FEFC"),
        FoldCase("ﻷن", "لان", unfolded: "ﻷن", "lam-alef with hamza above U+FEF7"),
        FoldCase("ﻹسلام", "لاسلام", unfolded: "ﻹسلام", "lam-alef with hamza below U+FEF9"),
        FoldCase("ﻵ", "لا", unfolded: "ﻵ", "lam-alef with madda U+FEF5"),
        FoldCase("ﭖﺎﺭﺱ", "پارس", unfolded: "ﭖﺎﺭﺱ", "peh U+FB56 stays peh"),
        FoldCase("ﮐﺘﺎﺏ", "كتاب", unfolded: "ﮐﺘﺎﺏ", "keheh initial U+FB90, then Persian folding"),
        FoldCase("ﺓ", "ه", unfolded: "ﺓ", "teh marbuta isolated"),
        FoldCase("ﳲ", "", unfolded: "ﳲ", "shadda-with-fatha medial U+FCF2 is tatweel + marks"),
    ]

    @Test(arguments: presentationForms)
    func presentationForm(_ row: FoldCase) { checkFolding(row, rule: .compatibilityForms) }

    static let ligatures: [FoldCase] = [
        FoldCase("ﷲ", "الله", unfolded: "ﷲ", "Allah U+FDF2"),
        FoldCase("﷽", "بسم الله الرحمن الرحيم", unfolded: "﷽", "basmala U+FDFD: four words"),
        FoldCase("ﷺ", "صلي الله عليه وسلم", unfolded: "ﷺ", "salla U+FDFA: four words"),
        FoldCase("ﷻ", "جل جلاله", unfolded: "ﷻ", "jalla jalaluhu U+FDFB"),
        FoldCase("ﷴ", "محمد", unfolded: "ﷴ", "Muhammad U+FDF4"),
        FoldCase("ﷰ", "صلي", unfolded: "ﷰ", "salla with yeh barree U+FDF0"),
        FoldCase("ﷳ", "اكبر", unfolded: "ﷳ", "akbar U+FDF3"),
        FoldCase("ﲊ", "نر", unfolded: "ﲊ", "noon-reh final ligature U+FC8A"),
        FoldCase("قال ﷺ اليوم", "قال صلي الله عليه وسلم اليوم", "ligature between words"),
        FoldCase("﷽ الحمد", "بسم الله الرحمن الرحيم الحمد", "basmala before a word"),
    ]

    @Test(arguments: ligatures)
    func ligature(_ row: FoldCase) { checkFolding(row, rule: .compatibilityForms) }

    /// Isolated forms of marks (U+FE70–U+FE7F) are a space and a mark: nothing to index.
    /// (U+FE73 is the tail fragment, a letter without decomposition; U+FE75 is unassigned.)
    @Test(arguments: Array(UInt32(0xFE70)...0xFE7F).filter { $0 != 0xFE73 && $0 != 0xFE75 })
    func isolatedMarkForms(_ form: UInt32) {
        #expect(Analyzers.standard.normalize("كتب " + scalar(form) + " قلم") == "كتب قلم")
        #expect(Analyzers.standard.analyze(scalar(form)).isEmpty)
    }

    static let fullWidth: [FoldCase] = [
        FoldCase("ＡＢＣ", "abc", unfolded: "ａｂｃ", "full-width capitals (case folding still applies)"),
        FoldCase("ｓｅａｒｃｈ", "search", unfolded: "ｓｅａｒｃｈ", "full-width small letters"),
        FoldCase("１２３", "123", unfolded: "１２３", "full-width digits"),
        FoldCase("ｉＰｈｏｎｅ　１５", "iphone 15", unfolded: "ｉｐｈｏｎｅ １５", "ideographic space separates"),
        FoldCase("ﬁle", "file", unfolded: "file", "fi ligature (full case folding alone expands it too)"),
        FoldCase("Ⅻ", "xii", unfolded: "ⅻ", "roman numeral"),
    ]

    @Test(arguments: fullWidth)
    func fullWidthLatin(_ row: FoldCase) { checkFolding(row, rule: .compatibilityForms) }

    /// Presentation-form text and its plain spelling give the same index terms.
    @Test func presentationFormsMatchPlainText() {
        #expect(terms("ﺍﻟﻜﺘﺎﺏ") == terms("الكتاب"))
        #expect(terms("ﻣﺪﺭﺳﺔ") == terms("مدرسة"))
        #expect(terms("ﷲ") == terms("الله"))
        #expect(terms("﷽") == terms("بسم الله الرحمن الرحيم"))
    }

    /// Each word of an expanded ligature has its own position; stop words leave their gap.
    @Test func expandedLigaturePositions() {
        let tokens = Analyzers.standard.analyze("قال ﷺ")
        #expect(tokens.map(\.term) == ["قال", "صل", "له", "سلم"])
        #expect(tokens.map(\.position) == [0, 1, 2, 4])
    }
}

/// The code points the analyzer sends to ICU's foldings, as read from ICU's property ranges at
/// start-up, are exactly those ICU reports changing when asked about each one.
@Suite("Characters ICU folding can change")
struct CharacterChangesTests {
    @Test func propertyRangesEqualAskingEachCharacter() {
        let fast = CharacterChanges.sets
        let slow = CharacterChanges.askingEachCharacter()
        #expect(fast.compatibility == slow.compatibility)
        #expect(fast.caseFolding == slow.caseFolding)
        // A few known members: ﻻ (a presentation form), ½, Latin capitals, and not Arabic letters.
        func has(_ bits: [UInt64], _ scalar: UInt32) -> Bool { bits[Int(scalar >> 6)] & (1 << UInt64(scalar & 63)) != 0 }
        #expect(has(fast.compatibility, 0xFEFB) && has(fast.compatibility, 0x00BD))
        #expect(has(fast.caseFolding, 0x0041) && !has(fast.caseFolding, 0x0061))
        #expect(!has(fast.compatibility, 0x0628) && !has(fast.caseFolding, 0x0628))
    }
}
