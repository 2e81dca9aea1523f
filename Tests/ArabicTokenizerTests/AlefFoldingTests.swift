import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/alefForms``: آ أ إ ٱ ٲ ٳ become bare alef ا, also when the hamza or maddah is
/// written as a separate combining mark.
@Suite struct AlefFoldingTests {
    static let forms: [FoldCase] = [
        FoldCase("آمن", "امن", unfolded: "آمن", "alef with madda U+0622"),
        FoldCase("أحمد", "احمد", unfolded: "أحمد", "hamza above U+0623"),
        FoldCase("إسلام", "اسلام", unfolded: "إسلام", "hamza below U+0625"),
        FoldCase("ٱلحمد", "الحمد", unfolded: "ٱلحمد", "wasla U+0671"),
        FoldCase("ٲب", "اب", unfolded: "ٲب", "wavy hamza above U+0672"),
        FoldCase("ٳب", "اب", unfolded: "ٳب", "wavy hamza below U+0673"),
        FoldCase("سأل", "سال", unfolded: "سأل", "medial"),
        FoldCase("قرآن", "قران", unfolded: "قرآن", "medial madda"),
        FoldCase("مبدأ", "مبدا", unfolded: "مبدأ", "final"),
        FoldCase("أَإِنَّكَ", "اانك", unfolded: "أإنك", "two forms with harakat"),
        FoldCase("اكتب", "اكتب", unfolded: "اكتب", "bare alef is unchanged"),
    ]

    @Test(arguments: forms)
    func alefForm(_ row: FoldCase) { checkFolding(row, rule: .alefForms) }

    /// Decomposed alef + combining maddah/hamza composes as NFC would, then folds like the
    /// precomposed letter: with the rule off the composed letter remains.
    static let decomposed: [FoldCase] = [
        FoldCase("ا" + scalar(0x0654) + "حمد", "احمد", unfolded: "أحمد", "alef + hamza above"),
        FoldCase("ا" + scalar(0x0655) + "سلام", "اسلام", unfolded: "إسلام", "alef + hamza below"),
        FoldCase("ا" + scalar(0x0653) + "من", "امن", unfolded: "آمن", "alef + maddah"),
        FoldCase("ا" + scalar(0x064E) + scalar(0x0654) + "حمد", "احمد", unfolded: "أحمد", "fatha before the hamza mark"),
        FoldCase("مبدا" + scalar(0x0654), "مبدا", unfolded: "مبدأ", "final"),
    ]

    @Test(arguments: decomposed)
    func decomposedHamzaOnAlef(_ row: FoldCase) { checkFolding(row, rule: .alefForms) }

    /// Every spelling of أحمد is one term.
    @Test func spellingsConflate() {
        let spellings = ["أحمد", "احمد", "إحمد", "ٱحمد", "آحمد", "أَحْمَد", "ا\u{0654}حمد"]
        for spelling in spellings {
            #expect(terms(spelling) == ["احمد"], "\(spelling)")
        }
    }
}
