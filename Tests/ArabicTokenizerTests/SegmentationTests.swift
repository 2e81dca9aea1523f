import Testing
@testable import ArabicTokenizer

/// Word segmentation: ICU UAX #29 words and numbers, split again where the script changes.
@Suite struct SegmentationTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let input: String
        let words: [String]
        let note: String
        init(_ input: String, _ words: [String], _ note: String) {
            self.input = input
            self.words = words
            self.note = note
        }
        var testDescription: String { note }
    }

    /// The words of the text, folded, nothing removed or stemmed.
    static let rows: [Row] = [
        Row("كتاب،قلم", ["كتاب", "قلم"], "Arabic comma without spaces"),
        Row("كتاب، قلم", ["كتاب", "قلم"], "Arabic comma"),
        Row("كتاب؛قلم", ["كتاب", "قلم"], "Arabic semicolon"),
        Row("ماذا؟لماذا؟", ["ماذا", "لماذا"], "Arabic question mark"),
        Row("«مرحبا» (بكم)", ["مرحبا", "بكم"], "guillemets and parentheses"),
        Row("قال: نعم!", ["قال", "نعم"], "colon and exclamation mark"),
        Row("كتاب. قلم", ["كتاب", "قلم"], "full stop"),
        Row("أولاً-ثانياً", ["اولا", "ثانيا"], "hyphen"),
        Row("كتاب۔قلم", ["كتاب", "قلم"], "Urdu full stop U+06D4"),
        Row("hello, world!", ["hello", "world"], "Latin comma and exclamation mark"),
        Row("yes;no?maybe", ["yes", "no", "maybe"], "Latin semicolon and question mark"),
        Row("\"quoted\" (text) [x]", ["quoted", "text", "x"], "quotes and brackets"),
        Row("one/two\\three", ["one", "two", "three"], "slashes"),
        Row("50", ["50"], "integer"),
        Row("3.5", ["3.5"], "decimal"),
        Row("3,500", ["3,500"], "thousands"),
        Row("ارتفع 50% إلى 3.5 مليار", ["ارتفع", "50", "الي", "3.5", "مليار"], "numbers in a sentence"),
        Row("٣٫٥ مليار", ["3.5", "مليار"], "Arabic decimal number"),
        Row("عام2020", ["عام", "2020"], "word and number split at the script change"),
        Row("2020عام", ["2020", "عام"], "number and word split"),
        Row("وIBM", ["و", "ibm"], "attached conjunction before Latin"),
        Row("لـChatGPT", ["ل", "chatgpt"], "attached preposition with tatweel"),
        Row("بـ50", ["ب", "50"], "attached preposition before a number"),
        Row("iPhone١٥", ["iphone15"], "Latin and Arabic-Indic digits stay one piece"),
        Row("كتاب\tقلم\nورقة\r\nحبر", ["كتاب", "قلم", "ورقه", "حبر"], "tabs and line breaks"),
        Row("  كتاب   قلم  ", ["كتاب", "قلم"], "runs of spaces"),
        Row("كتاب\u{00A0}قلم", ["كتاب", "قلم"], "no-break space"),
        Row("كتاب\u{200B}قلم", ["كتاب", "قلم"], "zero-width space separates"),
    ]

    @Test(arguments: rows)
    func segmentation(_ row: Row) {
        #expect(terms(row.input, Analyzers.unstemmed) == row.words)
        #expect(Analyzers.standard.normalize(row.input) == row.words.joined(separator: " "))
    }

    @Test(arguments: ["", " ", "   ", "\n", "\t\r\n", "\u{3000}", "\u{00A0}\u{2003}", "،؛؟.!?", "— … «»"])
    func noWords(_ text: String) {
        #expect(Analyzers.standard.analyze(text).isEmpty)
        #expect(Analyzers.unstemmed.analyze(text).isEmpty)
        #expect(Analyzers.standard.normalize(text) == "")
        #expect(WordSegmenter().wordRanges(in: text).isEmpty)
        var count = 0
        Analyzers.standard.forEachTerm(in: text) { _ in count += 1 }
        #expect(count == 0)
    }

    @Test func wordRangesAreByteOffsets() {
        let text = "كتاب، hello 3.5؟"
        let ranges = WordSegmenter().wordRanges(in: text)
        let utf8 = Array(text.utf8)
        let words = ranges.map { String(decoding: utf8[$0], as: UTF8.self) }
        #expect(words == ["كتاب", "hello", "3.5"])
        #expect(ranges.first == 0..<8)
    }

    /// The attached prefix before Latin is dropped from the index but positions stay contiguous.
    @Test func attachedPrefixPositions() {
        let tokens = Analyzers.standard.analyze("شركة Meta وIBM وGoogle")
        #expect(tokens.map(\.term) == ["شرك", "meta", "ibm", "google"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3])
    }

    /// With stemming off nothing is known about prefixes: the و stays (and is a stop word).
    @Test func attachedPrefixWithoutStemming() {
        let keep = ArabicAnalyzer(options: AnalyzerOptions(removesStopWords: false, stemming: []))
        #expect(terms("وIBM", keep) == ["و", "ibm"])
        let stop = ArabicAnalyzer(options: AnalyzerOptions(stemming: []))
        let tokens = stop.analyze("وIBM")
        #expect(tokens.map(\.term) == ["ibm"])
        #expect(tokens.map(\.position) == [1])
    }
}

/// Where folding or the script split could make a term that would not be one word if segmented
/// again: each row's normalization is stable.
@Suite struct ResegmentationTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let input: String
        let normalized: String
        let note: String
        init(_ input: String, _ normalized: String, _ note: String) {
            self.input = input
            self.normalized = normalized
            self.note = note
        }
        var testDescription: String { note }
    }

    static let rows: [Row] = [
        Row("m'ب", "m ب", "apostrophe at a script change is dropped"),
        Row("ب.com", "ب com", "full stop at a script change is dropped"),
        Row("ب_a", "ب a", "underscore at a script change is dropped"),
        Row("ك‿ي", "ك‿ي", "undertie joins within Arabic"),
        Row("e.g.", "e.g", "full stop inside one script is kept"),
        Row("a.ـ.b", "a b", "deleted tatweel between two full stops"),
        Row("ـ\u{0301}abc", "abc", "mark left at the front by a deleted tatweel"),
        Row("ب\u{0486}", "ب\u{0486}", "a foreign mark stays with the letter before it"),
        Row("ب\u{1F3FB}", "ب\u{1F3FB}", "a skin-tone modifier stays with the letter, like a mark"),
        Row("زظ\u{200D}\u{1F642}", "زظ", "a pictograph joined by ZWJ is no word of its own"),
        Row("زظ\u{200D}\u{00A9}", "زظ", "© joined by ZWJ"),
        Row("ab_\u{200F}", "ab_", "a word ending in _ and a format character (ICU leaves it unclassified)"),
        Row("ab_\u{0301}", "ab_\u{0301}", "a word ending in _ and a mark"),
        Row("٣٫", "3", "Arabic decimal separator at the end"),
        Row("٣٫٫٥", "3 5", "two decimal separators"),
        Row("a٫5", "a 5", "decimal separator between a letter and a digit"),
        Row("\u{1EE00}\u{1EE01}IBM", "اب ibm", "Arabic mathematical letters are Arabic"),
        Row("ت\u{0345}قيط", "ت ι قيط", "a mark that case-folds to a Greek letter"),
        Row("⻌壶", "壶", "a lone CJK radical is no word"),
        Row(String(repeating: "ﷲ", count: 300), "", "expansion beyond the longest term"),
    ]

    @Test(arguments: rows)
    func stable(_ row: Row) {
        let once = Analyzers.standard.normalize(row.input)
        #expect(once == row.normalized)
        #expect(Analyzers.standard.normalize(once) == once)
        for token in Analyzers.standard.analyze(row.input) {
            #expect(token.range(in: row.input) != nil)
        }
    }
}

