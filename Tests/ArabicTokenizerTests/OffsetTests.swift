import Testing
@testable import ArabicTokenizer

/// Every token points back at its source word: diacritics and inner tatweel included, leading and
/// trailing invisible format characters (and an edge tatweel) excluded.
@Suite struct OffsetTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let input: String
        /// The source word of each token, in order (stop words kept, no stemming).
        let originals: [String]
        let note: String
        init(_ input: String, _ originals: [String], _ note: String) {
            self.input = input
            self.originals = originals
            self.note = note
        }
        var testDescription: String { note }
    }

    static let rows: [Row] = [
        Row("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ", ["بِسْمِ", "ٱللَّهِ", "ٱلرَّحْمَٰنِ", "ٱلرَّحِيمِ"], "basmala, trailing kasra included"),
        Row("مُعَلِّمُونَ", ["مُعَلِّمُونَ"], "trailing fatha included"),
        Row("كِتَابٌ جَدِيدٌ", ["كِتَابٌ", "جَدِيدٌ"], "trailing tanween included"),
        Row("إِنَّهُۥ", ["إِنَّهُۥ"], "trailing small waw included"),
        Row("ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَ ۛ فِيهِ", ["ذَٰلِكَ", "ٱلْكِتَٰبُ", "لَا", "رَيْبَ", "فِيهِ"], "pause mark between words is no word"),
        Row("كتـــاب", ["كتـــاب"], "inner tatweel included"),
        Row("ـكتاب", ["كتاب"], "leading tatweel excluded"),
        Row("كتابـ", ["كتاب"], "trailing tatweel excluded"),
        Row("كتابـَ", ["كتابـَ"], "tatweel carrying a mark included"),
        Row("جميـــل جدا", ["جميـــل", "جدا"], "tatweel then another word"),
        Row("\u{200F}كتاب\u{200F}", ["كتاب"], "RLM around"),
        Row("\u{200E}كتاب\u{200E} \u{200E}قلم", ["كتاب", "قلم"], "LRM around"),
        Row("\u{061C}كتاب\u{061C}", ["كتاب"], "ALM around"),
        Row("\u{202B}مرحبا\u{202C} بكم", ["مرحبا", "بكم"], "RLE … PDF"),
        Row("\u{2067}الشركة\u{2069}", ["الشركة"], "RLI … PDI"),
        Row("\u{2068}Apple\u{2069} و\u{2066}Google\u{2069}", ["Apple", "و", "Google"], "FSI, LRI at a script change"),
        Row("\u{FEFF}النص", ["النص"], "BOM"),
        Row("كت\u{200C}اب", ["كت\u{200C}اب"], "inner ZWNJ included"),
        Row("كت\u{200F}اب\u{200F}", ["كت\u{200F}اب"], "inner RLM included, trailing excluded"),
        Row("ab\u{00AD}cd\u{00AD}", ["ab\u{00AD}cd"], "soft hyphen"),
        Row("كِتَابٌ\u{200F}", ["كِتَابٌ"], "trailing diacritic kept, trailing RLM dropped"),
        Row("Meta وIBM", ["Meta", "و", "IBM"], "script change"),
        Row("عام٢٠٢٠م", ["عام", "٢٠٢٠", "م"], "Arabic-Indic digits between letters"),
        Row("٣٫٥", ["٣٫٥"], "Arabic decimal"),
        Row("ﻻ", ["ﻻ"], "ligature"),
        Row("\u{200F}ﻻ\u{200F}", ["ﻻ"], "ligature wrapped in RLM"),
        Row("ﻻَ", ["ﻻَ"], "ligature with trailing fatha"),
        Row("ـﷲـ", ["ﷲ"], "ligature between tatweels"),
        Row("﷽", ["﷽", "﷽", "﷽", "﷽"], "four words from one character"),
        Row("قال ﷺ", ["قال", "ﷺ", "ﷺ", "ﷺ", "ﷺ"], "four words from one character"),
        Row("ＩＢＭ ＡＰＩ", ["ＩＢＭ", "ＡＰＩ"], "full-width"),
        Row("É\u{200F}cole", ["É\u{200F}cole"], "ICU path with inner mark"),
        Row("ÉCOLE\u{200F}", ["ÉCOLE"], "ICU path with trailing mark"),
        Row("مسو\u{0654}ول", ["مسو\u{0654}ول"], "decomposed hamza"),
        Row("بو\u{0654}", ["بو\u{0654}"], "decomposed hamza at the end"),
        Row("🙂 كتاب 🙂", ["كتاب"], "emoji are not words"),
    ]

    @Test(arguments: rows)
    func originalText(_ row: Row) {
        #expect(originals(row.input) == row.originals)
        // The default analyzer (stop words removed, stemming) points at the same words.
        let expected = Set(Analyzers.unstemmed.analyze(row.input).map(\.utf8Range))
        for token in Analyzers.standard.analyze(row.input) {
            #expect(expected.contains(token.utf8Range))
        }
    }

    /// `forEachTerm` hands out exactly what `analyze` returns.
    @Test(arguments: rows)
    func forEachTermMatchesAnalyze(_ row: Row) {
        var viewed: [Token] = []
        Analyzers.standard.forEachTerm(in: row.input) { view in
            viewed.append(Token(term: view.term, position: view.position, utf8Range: view.utf8Range))
        }
        #expect(viewed == Analyzers.standard.analyze(row.input))
    }

    @Test func utf8RangeValues() {
        let text = "\u{200F}كتاب\u{200F}"
        let tokens = Analyzers.standard.analyze(text)
        #expect(tokens.map(\.utf8Range) == [3..<11])
        #expect(tokens.first?.range(in: text) != nil)
    }

    /// A token applied to another text gives no range rather than garbage.
    @Test func foreignText() {
        let token = Token(term: "كتاب", position: 0, utf8Range: 1..<7)
        #expect(token.range(in: "كتاب") == nil)          // inside the first letter's encoding
        #expect(token.originalText(in: "كتاب") == "")
        #expect(token.range(in: "abc") == nil)           // past the end
        #expect(Token(term: "b", position: 0, utf8Range: 1..<2).originalText(in: "abc") == "b")
        let negative = Token(term: "x", position: 0, utf8Range: -1..<2)
        #expect(negative.range(in: "abc") == nil)
    }
}
