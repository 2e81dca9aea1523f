import Testing
@testable import ArabicTokenizer

@Suite struct StopWordTests {
    /// A removed stop word leaves a gap in positions, so phrases never match across it.
    @Test func removalLeavesPositionGap() {
        let tokens = Analyzers.standard.analyze("ذهب الولد إلى المدرسة")
        #expect(tokens.map(\.term) == ["ذهب", "ولد", "مدرس"])
        #expect(tokens.map(\.position) == [0, 1, 3])
        let several = Analyzers.standard.analyze("كتاب في من على قلم")
        #expect(several.map(\.term) == ["كتاب", "قلم"])
        #expect(several.map(\.position) == [0, 4])
    }

    /// Stop words are matched after folding: diacritized and hamza spellings are stop words too.
    @Test(arguments: ["إلى", "إِلَى", "الى", "على", "عَلَى", "أنا", "هؤلاء", "هولاء", "فِي", "وفي", "ﻻ", "لا", "وَلَا"])
    func foldedSpellingsAreStopWords(_ word: String) {
        #expect(Analyzers.standard.analyze(word).isEmpty)
        #expect(Analyzers.keepingStopWords.analyze(word).count == 1)
    }

    /// `--keep-stopwords`: nothing is removed and positions are contiguous.
    @Test func keepingStopWords() {
        let tokens = Analyzers.keepingStopWords.analyze("ذهب الولد إلى المدرسة")
        // إلى is folded to الي and, no longer a stop word, stemmed like any word (light10 strips ي).
        #expect(tokens.map(\.term) == ["ذهب", "ولد", "ال", "مدرس"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3])
        #expect(!Analyzers.keepingStopWords.isStopWord("في"))
        #expect(Analyzers.standard.isStopWord("في"))
        #expect(!Analyzers.standard.isStopWord("كتاب"))
    }

    /// A text of nothing but stop words has no tokens.
    @Test func onlyStopWords() {
        #expect(Analyzers.standard.analyze("في من على إلى عن").isEmpty)
        #expect(Analyzers.standard.normalize("في من على إلى عن") == "في من علي الي عن")
    }

    /// A custom list replaces the built-in one; comments, blank lines and indentation are ignored.
    @Test func customList() throws {
        let contents = """
            # my stop list
            في
              من   # trailing comment

            كتاب\t
            # إلى is not on this list
            """
        let list = try StopWords(contents: contents)
        #expect(list.words == ["في", "كتاب", "من"])
        #expect(list.count == 3)
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(stopWords: list))
        let tokens = analyzer.analyze("كتاب في المكتبة الكبيرة من")
        #expect(tokens.map(\.term) == ["مكتب", "كبير"])
        #expect(tokens.map(\.position) == [2, 3])
        // The built-in list no longer applies.
        #expect(analyzer.analyze("هذا").map(\.term) == ["هذا"])
    }

    /// A custom list is folded with the analyzer's rules: a vocalized entry matches plain text.
    @Test func customListIsFolded() throws {
        let list = try StopWords(contents: "إِلَى\nﻻ\nMETA\n")
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(stopWords: list))
        #expect(analyzer.analyze("الى لا meta Meta كتاب").map(\.term) == ["كتاب"])
    }

    @Test func windowsLineEndings() throws {
        let list = try StopWords(contents: "# list\r\nفي\r\nمن\r\n\r\nعن\r\n")
        #expect(list.words == ["عن", "في", "من"])
        #expect(throws: StopWordsError.wordWithSpace(line: 3)) {
            try StopWords(contents: "في\r\nمن\r\nعلى الفور\r\n")
        }
    }

    @Test func duplicatesAndEmptyAreDropped() throws {
        let list = try StopWords(contents: "في\nفي\n\n#\n  \nمن\n")
        #expect(list.words == ["في", "من"])
        #expect(StopWords(["", "x", "x"]).words == ["x"])
        #expect(try StopWords(contents: "").count == 0)
    }

    @Test(arguments: [
        ("في\nمن\nعلى الفور\n", 3),
        ("على الفور", 1),
        ("# comment\n\nفي\nمن\tعن\n", 4),
        ("في\n\n\nكتاب قلم # two words\n", 4),
        ("في\nمن\u{00A0}عن\n", 2),
    ])
    func wordWithSpaceNamesTheLine(_ contents: String, _ line: Int) {
        #expect(throws: StopWordsError.wordWithSpace(line: line)) {
            try StopWords(contents: contents)
        }
        #expect(StopWordsError.wordWithSpace(line: line).description.contains("line \(line)"))
    }

    @Test func builtInListIsLarge() {
        #expect(StopWords.arabic.count > 200)
        #expect(StopWords.arabic.words == StopWords.arabic.words.sorted())
        #expect(Set(StopWords.arabic.words).count == StopWords.arabic.count)
        for word in ["في", "من", "علي", "الذي", "هذا", "كان", "و"] {
            #expect(StopWords.arabic.words.contains(word), "\(word)")
        }
    }

    /// Every built-in entry is one word, already in folded form: the default analyzer's
    /// normalize leaves it unchanged (entries with ؤ/ئ too, as hamza seats are not folded by default).
    @Test(arguments: StopWords.arabic.words)
    func builtInEntryIsFolded(_ word: String) {
        #expect(Analyzers.standard.normalize(word) == word)
        #expect(Analyzers.standard.analyze(word).isEmpty, "a built-in entry is removed")
        #expect(!word.contains(" "))
    }

    /// With hamza seats on, the list is folded again so هؤلاء still matches.
    @Test func builtInListFollowsHamzaSeats() {
        let analyzer = Analyzers.with(.hamzaSeats)
        #expect(analyzer.analyze("هؤلاء اللائي").isEmpty)
    }

    /// The fingerprint records the stop list.
    @Test func fingerprint() throws {
        let builtIn = AnalyzerOptions().fingerprint
        let kept = AnalyzerOptions(removesStopWords: false).fingerprint
        let custom = AnalyzerOptions(stopWords: try StopWords(contents: "في\n")).fingerprint
        #expect(builtIn.contains("stopwords=arabic:\(StopWords.arabic.count):"))
        #expect(kept.contains("stopwords=none"))
        #expect(custom.contains("stopwords=custom:1:"))
        #expect(Set([builtIn, kept, custom]).count == 3)
    }
}
