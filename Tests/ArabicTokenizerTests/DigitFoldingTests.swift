import Testing
@testable import ArabicTokenizer

/// ``FoldingRule/digits``: Arabic-Indic ٠–٩ and extended (Persian/Urdu) ۰–۹ digits become ASCII,
/// and so do the Arabic decimal and thousands separators inside a number.
@Suite struct DigitFoldingTests {
    @Test(arguments: 0..<10)
    func arabicIndicDigit(_ digit: Int) {
        let arabic = scalar(0x0660 + UInt32(digit))
        checkFolding(FoldCase(arabic, String(digit), unfolded: arabic), rule: .digits)
    }

    @Test(arguments: 0..<10)
    func extendedArabicIndicDigit(_ digit: Int) {
        let persian = scalar(0x06F0 + UInt32(digit))
        checkFolding(FoldCase(persian, String(digit), unfolded: persian), rule: .digits)
    }

    static let numbers: [FoldCase] = [
        FoldCase("٢٠٢٤", "2024", unfolded: "٢٠٢٤", "year"),
        FoldCase("۱۴۰۲", "1402", unfolded: "۱۴۰۲", "Persian year"),
        FoldCase("٠١٢٣٤٥٦٧٨٩", "0123456789", unfolded: "٠١٢٣٤٥٦٧٨٩", "all"),
        FoldCase("۰۱۲۳۴۵۶۷۸۹", "0123456789", unfolded: "۰۱۲۳۴۵۶۷۸۹", "all extended"),
        FoldCase("٣٫٥", "3.5", unfolded: "٣٫٥", "Arabic decimal separator U+066B"),
        FoldCase("٣٬٥٠٠", "3,500", unfolded: "٣٬٥٠٠", "Arabic thousands separator U+066C"),
        FoldCase("١٬٢٥٠٫٧٥", "1,250.75", unfolded: "١٬٢٥٠٫٧٥", "both separators"),
        FoldCase("2024", "2024", unfolded: "2024", "ASCII unchanged"),
        FoldCase("في عام ٢٠٢٠ م", "في عام 2020 م", unfolded: "في عام ٢٠٢٠ م", "in a sentence"),
        FoldCase("عام٢٠٢٠", "عام 2020", unfolded: "عام ٢٠٢٠", "attached to a word: split at the script change"),
    ]

    @Test(arguments: numbers)
    func number(_ row: FoldCase) { checkFolding(row, rule: .digits) }

    /// Arabic and ASCII numbers are the same term.
    @Test func arabicAndAsciiNumbersMatch() {
        #expect(terms("٥٠") == ["50"])
        #expect(terms("٣٫٥") == terms("3.5"))
        #expect(terms("٣٬٥٠٠") == terms("3,500"))
        #expect(terms("۱۲") == terms("١٢"))
    }
}
