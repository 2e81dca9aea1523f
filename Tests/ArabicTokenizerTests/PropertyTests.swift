import Testing
@testable import ArabicTokenizer

/// SplitMix64: a small, seedable generator so that every run sees the same strings.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random text mixing everything the analyzer meets in the wild, and much it should never meet.
struct TextGenerator {
    var rng: SplitMix64

    static let arabicLetters: [UInt32] = Array(0x0621...0x063A) + Array(0x0641...0x064A)
        + [0x0671, 0x0672, 0x0673, 0x067E, 0x0686, 0x06A9, 0x06AF, 0x06CC, 0x06D2, 0x06C1, 0x06C0, 0x06D5, 0x0698]
    static let marks: [UInt32] = Array(0x064B...0x065F) + [0x0670] + Array(0x0610...0x061A) + Array(0x06D6...0x06ED)
        + Array(0x08D3...0x08FF)
    static let formats: [UInt32] = [0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x00AD, 0xFEFF, 0x2060, 0x200B, 0x034F]
        + Array(0x202A...0x202E) + Array(0x2066...0x2069)
    static let digits: [UInt32] = Array(0x30...0x39) + Array(0x0660...0x0669) + Array(0x06F0...0x06F9) + [0x066B, 0x066C]
    static let latin: [UInt32] = Array(0x41...0x5A) + Array(0x61...0x7A) + [0xC9, 0xE9, 0xDF, 0x130, 0x131, 0x3A3, 0x3C2, 0x1E9E, 0x301]
    static let punctuation: [UInt32] = [0x20, 0x20, 0x20, 0x0A, 0x09, 0x060C, 0x061B, 0x061F, 0x2E, 0x2C, 0x21, 0x3F, 0x2D,
                                        0x28, 0x29, 0xAB, 0xBB, 0x27, 0x22, 0x3A, 0x06D4, 0xA0, 0x3000, 0x066A, 0x06DE, 0x06E9]
    static let odd: [UInt32] = [0xFFFD, 0xFDFD, 0xFDFA, 0xFDF2, 0xFDFB, 0xFEFB, 0x1F642, 0x1F468, 0x4E2D, 0x0E01,
                                0x1EE00, 0x1EE01, 0x1D400, 0xFF21, 0xFF41, 0xFF11, 0x2160, 0xFB01, 0x00BD, 0x2460, 0x0345,
                                0x5F, 0x203F, 0x202F, 0x2ECC, 0x2F92, 0x0301, 0x0902, 0x1F3FB, 0x00A9]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func pick(_ pool: [UInt32]) -> UInt32 { pool[Int(rng.next() % UInt64(pool.count))] }

    mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

    mutating func presentationForm() -> UInt32 {
        chance(60) ? UInt32(0xFB50 + rng.next() % (0xFE00 - 0xFB50)) : UInt32(0xFE70 + rng.next() % (0xFEFD - 0xFE70))
    }

    mutating func anyBMP() -> UInt32 {
        while true {
            let v = UInt32(rng.next() % 0x10000)
            if !(0xD800...0xDFFF).contains(v) { return v }
        }
    }

    /// One scalar of the mix.
    mutating func scalarValue() -> UInt32 {
        switch rng.next() % 100 {
        case 0..<40: return pick(Self.arabicLetters)
        case 40..<52: return pick(Self.marks)
        case 52..<57: return pick(Self.formats)
        case 57..<60: return 0x0640
        case 60..<63: return [0x0653, 0x0654, 0x0655][Int(rng.next() % 3)]
        case 63..<68: return presentationForm()
        case 68..<76: return pick(Self.latin)
        case 76..<82: return pick(Self.digits)
        case 82..<94: return pick(Self.punctuation)
        case 94..<97: return pick(Self.odd)
        default: return anyBMP()
        }
    }

    mutating func text() -> String {
        var s = ""
        if chance(10) { s.unicodeScalars.append(Unicode.Scalar(pick(Self.marks)) ?? "x") }  // lone mark first
        let length = Int(rng.next() % 60)
        for _ in 0..<length {
            if let scalar = Unicode.Scalar(scalarValue()) { s.unicodeScalars.append(scalar) }
        }
        if chance(2) {
            // A very long word of 2,000+ letters with marks.
            s += " "
            for i in 0..<(2000 + Int(rng.next() % 500)) {
                s.unicodeScalars.append(Unicode.Scalar(pick(Self.arabicLetters)) ?? "x")
                if i % 7 == 0 { s.unicodeScalars.append(Unicode.Scalar(pick(Self.marks)) ?? "x") }
            }
            s += " "
        }
        return s
    }
}

@Suite struct PropertyTests {
    static let count = 3000

    static let analyzers: [(String, ArabicAnalyzer)] = {
        var all = AnalyzerOptions()
        all.folding = Set(FoldingRule.allCases)
        var none = AnalyzerOptions()
        none.folding = []
        none.stemming = []
        none.removesStopWords = false
        var long = AnalyzerOptions()
        long.maximumTokenBytes = 100_000
        var small = AnalyzerOptions()
        small.maximumTokenBytes = 8
        return [
            ("default", ArabicAnalyzer()),
            ("all rules", ArabicAnalyzer(options: all)),
            ("no folding, stemming or stop words", ArabicAnalyzer(options: none)),
            ("long tokens", ArabicAnalyzer(options: long)),
            ("8-byte tokens", ArabicAnalyzer(options: small)),
            ("diacritics kept", Analyzers.without(.diacritics)),
        ]
    }()

    static func texts(seed: UInt64) -> [String] {
        var generator = TextGenerator(seed: seed)
        return (0..<count).map { _ in generator.text() }
    }

    static func escaped(_ s: String) -> String {
        s.unicodeScalars.prefix(80).map { String($0.value, radix: 16) }.joined(separator: " ")
    }

    @Test(arguments: [UInt64(1), 0xA5A5_2024, 0xDEAD_BEEF])
    func normalizeIsIdempotent(seed: UInt64) {
        for (name, analyzer) in Self.analyzers {
            for text in Self.texts(seed: seed) {
                let once = analyzer.normalize(text)
                let twice = analyzer.normalize(once)
                #expect(twice == once, "\(name): \(Self.escaped(text))")
                if twice != once { return }
            }
        }
    }

    @Test(arguments: [UInt64(2), 0x5151_7777])
    func tokensAreWellFormed(seed: UInt64) {
        for (name, analyzer) in Self.analyzers {
            for text in Self.texts(seed: seed) {
                let tokens = analyzer.analyze(text)
                let failures = Self.problems(tokens, in: text, analyzer: analyzer)
                #expect(failures.isEmpty, "\(name): \(failures) in \(Self.escaped(text))")
                if !failures.isEmpty { return }
            }
        }
    }

    /// What is wrong with `tokens` as the analysis of `text`.
    static func problems(_ tokens: [Token], in text: String, analyzer: ArabicAnalyzer) -> [String] {
        var problems: [String] = []
        let utf8 = Array(text.utf8)
        var previous = -1
        for token in tokens {
            let r = token.utf8Range
            if r.lowerBound < 0 || r.upperBound > utf8.count || r.isEmpty {
                problems.append("range \(r) outside the text")
                continue
            }
            if utf8[r.lowerBound] & 0xC0 == 0x80 || (r.upperBound < utf8.count && utf8[r.upperBound] & 0xC0 == 0x80) {
                problems.append("range \(r) not on scalar boundaries")
            }
            if token.range(in: text) == nil { problems.append("no range for \(r)") }
            if token.position <= previous { problems.append("position \(token.position) after \(previous)") }
            previous = token.position
            if token.term.isEmpty { problems.append("empty term") }
            // (U+202F, a no-break space that joins Mongolian words, may stay inside a term when
            // compatibility folding, which makes it a space, is off.)
            if token.term.unicodeScalars.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{3000}" }) {
                problems.append("term with a space")
            }
        }
        // Deterministic: the same text again, and through a fresh analyzer.
        if analyzer.analyze(text) != tokens { problems.append("second analysis differs") }
        if text.utf8.count % 16 == 0 && ArabicAnalyzer(options: analyzer.options).analyze(text) != tokens {
            problems.append("fresh analyzer differs")
        }
        var viewed: [Token] = []
        analyzer.forEachTerm(in: text) { viewed.append(Token(term: $0.term, position: $0.position, utf8Range: $0.utf8Range)) }
        if viewed != tokens { problems.append("forEachTerm differs") }
        return problems
    }

    /// Each token's original text, normalized, holds the token's (unstemmed) term.
    @Test func originalTextHoldsTheTerm() {
        var options = AnalyzerOptions()
        options.stemming = []
        options.removesStopWords = false
        let analyzer = ArabicAnalyzer(options: options)
        for text in Self.texts(seed: 3) {
            for token in analyzer.analyze(text) {
                let original = String(token.originalText(in: text))
                // A word begins with a mark only where a tatweel before it was deleted; segmented
                // on its own, the original would lose that mark (U+0345 folds to the letter ι).
                if let first = original.unicodeScalars.first, UTF8Scalar.isMarkOrFormat(first.value) { continue }
                let words = analyzer.normalize(original).split(separator: " ").map(String.init)
                #expect(words.contains(token.term), "\(token.term) from \(Self.escaped(original)) in \(Self.escaped(text))")
                if !words.contains(token.term) { return }
            }
        }
    }

    /// Normalizing the terms of a text gives back the terms (folding is closed).
    @Test func termsAreFolded() {
        let analyzer = Analyzers.unstemmed
        for text in Self.texts(seed: 4) {
            for token in analyzer.analyze(text) {
                #expect(analyzer.normalize(token.term) == token.term, "\(Self.escaped(token.term))")
            }
        }
    }

    /// Very long words: dropped by default, one token when the limit allows.
    @Test func veryLongWords() {
        let word = String(repeating: "كَتـَب", count: 500)   // 1,500 letters with marks and tatweel
        #expect(Analyzers.standard.analyze(word).isEmpty)
        #expect(Analyzers.standard.analyze("قلم " + word + " حبر").map(\.term) == ["قلم", "حبر"])
        let long = ArabicAnalyzer(options: AnalyzerOptions(maximumTokenBytes: 1 << 20))
        let tokens = long.analyze(word)
        #expect(tokens.count == 1)
        #expect(tokens.first?.term == String(repeating: "كتب", count: 500))
        #expect(tokens.first.map { String($0.originalText(in: word)) } == word)
        let ligatures = String(repeating: "ﷲ", count: 3000)
        #expect(long.normalize(ligatures) == String(repeating: "الله", count: 3000))
        #expect(long.normalize(long.normalize(ligatures)) == long.normalize(ligatures))
    }

    /// No term is longer than the limit, even when a ligature expands.
    @Test func termsRespectTheLimit() {
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(maximumTokenBytes: 64))
        let text = String(repeating: "ﷲ", count: 20) + " " + String(repeating: "ب", count: 40) + " كتاب"
        for token in analyzer.analyze(text) {
            #expect(token.term.utf8.count <= 64)
        }
        #expect(analyzer.normalize(analyzer.normalize(text)) == analyzer.normalize(text))
    }
}
