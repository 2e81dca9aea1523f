import Testing
@testable import ArabicTokenizer

/// Each ``FoldingRule`` on its own: what it folds with the default options, and that switching it
/// off (hamza seats: on) changes exactly that.
@Suite struct FoldingRuleTests {
    /// One sample per rule: the input, its default normalization, and its normalization with the
    /// rule toggled.
    static let samples: [FoldingRule: (input: String, folded: String, toggled: String)] = [
        .compatibilityForms: ("ﻻ ﷲ ＡＢＣ", "لا الله abc", "ﻻ ﷲ ａｂｃ"),
        .latinCase: ("NASA Straße", "nasa strasse", "NASA Straße"),
        .diacritics: ("كَتَبَ هٰذا", "كتب هذا", "كَتَبَ هٰذا"),
        .tatweel: ("كتـــاب", "كتاب", "كتـــاب"),
        .invisibleMarks: ("كت\u{200C}اب", "كتاب", "كت\u{200C}اب"),
        .alefForms: ("أحمد إسلام آمن ٱلحمد", "احمد اسلام امن الحمد", "أحمد إسلام آمن ٱلحمد"),
        .alefMaqsura: ("على", "علي", "على"),
        .tehMarbuta: ("مدرسة", "مدرسه", "مدرسة"),
        .persianLetters: ("کتاب یک", "كتاب يك", "کتاب یک"),
        .digits: ("٢٠٢٤ ۱۴۰۲", "2024 1402", "٢٠٢٤ ۱۴۰۲"),
        .hamzaSeats: ("مسؤول مسئول", "مسؤول مسئول", "مسءول مسءول"),
    ]

    @Test(arguments: FoldingRule.allCases)
    func ruleSample(_ rule: FoldingRule) throws {
        let sample = try #require(Self.samples[rule], "every rule has a sample")
        checkFolding(FoldCase(sample.input, sample.folded, unfolded: sample.toggled), rule: rule)
    }

    /// Switching one rule off leaves every other rule's sample as it was.
    @Test(arguments: FoldingRule.allCases)
    func ruleIsIndependent(_ rule: FoldingRule) {
        let toggled = rule == .hamzaSeats ? Analyzers.with(rule) : Analyzers.without(rule)
        for (other, sample) in Self.samples where other != rule && other != .hamzaSeats {
            // Full-width capitals need both rules to become ASCII lowercase.
            if rule == .latinCase && other == .compatibilityForms { continue }
            #expect(toggled.normalize(sample.input) == sample.folded, "\(other) with \(rule) toggled")
        }
    }

    /// With every rule off the analyzer only segments.
    @Test func noRules() {
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(folding: [], removesStopWords: false, stemming: []))
        let text = "أَحْمَدُ ﻻ NASA ٣٫٥ کتـاب مسؤول على"
        #expect(analyzer.normalize(text) == "أَحْمَدُ ﻻ NASA ٣٫٥ کتـاب مسؤول على")
        #expect(analyzer.analyze(text).map(\.term) == ["أَحْمَدُ", "ﻻ", "NASA", "٣٫٥", "کتـاب", "مسؤول", "على"])
    }

    /// The table is closed: no rule maps a character to one that another rule maps again, so
    /// folding is idempotent character by character.
    @Test func mappingsAreClosed() {
        var mapped: Set<UInt32> = []
        for rule in FoldingRule.allCases {
            for mapping in rule.characterMappings { mapped.insert(mapping.source) }
        }
        for rule in FoldingRule.allCases {
            for mapping in rule.characterMappings {
                if let target = mapping.replacement {
                    #expect(!mapped.contains(target), "\(rule): \(hex(mapping.source)) → \(hex(target))")
                }
            }
        }
    }

    @Test func defaultsAndFingerprint() {
        #expect(FoldingRule.defaults == Set(FoldingRule.allCases).subtracting([.hamzaSeats]))
        let fingerprints = Set(FoldingRule.allCases.map { rule in
            (rule == .hamzaSeats ? Analyzers.with(rule) : Analyzers.without(rule)).fingerprint
        })
        #expect(fingerprints.count == FoldingRule.allCases.count)
        #expect(!fingerprints.contains(Analyzers.standard.fingerprint))
        #expect(Analyzers.standard.fingerprint == ArabicAnalyzer().fingerprint)
    }

    /// ``FoldingRule/characterMappings`` covers what each rule's documentation names.
    @Test func documentedCharacters() {
        func sources(_ rule: FoldingRule) -> Set<UInt32> { Set(rule.characterMappings.map(\.source)) }
        #expect(sources(.diacritics).isSuperset(of: Array(0x064B...0x065F) + [0x0670] + Array(0x0610...0x061A)))
        #expect(sources(.diacritics).isSuperset(of: Array(0x06D6...0x06ED).filter { $0 != 0x06DE && $0 != 0x06E9 }))
        #expect(!sources(.diacritics).contains(0x06DE) && !sources(.diacritics).contains(0x06E9))
        #expect(sources(.invisibleMarks).isSuperset(of: [0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD]))
        #expect(sources(.alefForms) == [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673])
        #expect(sources(.persianLetters) == [0x06A9, 0x06CC, 0x06D2, 0x06C1, 0x06C0])
        #expect(sources(.digits).count == 22)
        #expect(FoldingRule.compatibilityForms.characterMappings.isEmpty)
        #expect(FoldingRule.latinCase.characterMappings.isEmpty)
    }
}
