/// What each spelling slip costs when a misspelt index term is looked for (fuzzy terms, `word~`,
/// and "did you mean"): an edit distance in which slips writers really make cost less.
///
/// Costs are compared with a budget (`~1`, `~2`): a slip that costs 1 is a whole edit, one
/// that costs ``SpellingCosts/cheap`` is half of one. ``uniform`` is the plain Damerau–Levenshtein
/// distance (every edit 1; see ``distance(_:_:)``); ``arabic`` is Arabic-aware, from the
/// classes of ``ArabicSlips``.
///
/// Costs are between index terms (folded forms): letters that folding already makes one (alef
/// forms, ى and ي, ة and ه) never differ, so they need no class.
///
/// ```swift
/// let costs = SpellingCosts.arabic
/// costs.substitution("ز", "ذ")   // 0.5: ذ is said z in many dialects
/// costs.substitution("ز", "م")   // 1
/// ```
public struct SpellingCosts: Sendable, Equatable, CustomStringConvertible {
    /// The cost of a slip in a class: half an edit.
    public static let cheap = 0.5

    /// Letters any two of which are cheap to confuse, by scalar value: each letter's class
    /// numbers as bits.
    private let classes: [UInt32: UInt64]
    /// Letters cheap to leave out or add (long vowels).
    private let cheapGaps: Set<UInt32>
    /// ``classes`` and ``cheapGaps`` for the scalars below ``denseLimit`` (Latin, Arabic), by
    /// scalar value: looked up without hashing, since a dictionary search asks for them for
    /// every letter it visits.
    private let denseClasses: [UInt64]
    private let denseCheapGaps: [Bool]
    private static let denseLimit: UInt32 = 0x0700
    /// Whether leaving out or adding a letter next to the same letter is cheap (a doubled
    /// letter written once, or a single one twice).
    private let cheapDoubling: Bool
    /// The cost of two neighbouring letters written the other way round: ``cheap`` or 1.
    public let transposition: Double
    /// A name for reports: `uniform` or `arabic`.
    public let name: String

    /// The name.
    public var description: String { name }

    /// Costs with the given classes of letters cheap to confuse, letters cheap to leave out or
    /// add, cheap doubled letters, and cheap transpositions. Every cost is then 0, ``cheap`` or
    /// 1, and every distance a multiple of ``cheap``.
    public init(name: String, confusable classes: [String], cheapGaps: String = "", cheapDoubling: Bool = false,
                cheapTransposition: Bool = false)
    {
        var table: [UInt32: UInt64] = [:]
        for (number, letters) in classes.prefix(64).enumerated() {
            for scalar in letters.unicodeScalars { table[scalar.value, default: 0] |= 1 << UInt64(number) }
        }
        self.classes = table
        let gaps = Set(cheapGaps.unicodeScalars.map(\.value))
        self.cheapGaps = gaps
        denseClasses = (0..<Self.denseLimit).map { table[$0] ?? 0 }
        denseCheapGaps = (0..<Self.denseLimit).map { gaps.contains($0) }
        self.cheapDoubling = cheapDoubling
        transposition = cheapTransposition ? Self.cheap : 1
        self.name = name
    }

    /// Every edit costs 1: the Damerau–Levenshtein distance in its restricted form, optimal
    /// string alignment (a transposition is one edit; a transposed pair is not edited again).
    public static let uniform = SpellingCosts(name: "uniform", confusable: [])

    /// Arabic-aware costs: the slips of ``ArabicSlips`` cost ``cheap``.
    public static let arabic = SpellingCosts(
        name: "arabic", confusable: ArabicSlips.confusable.map(\.letters), cheapGaps: ArabicSlips.longVowels,
        cheapDoubling: true, cheapTransposition: true)

    /// The cost of writing `written` where `intended` belongs: 0 for the same letter, ``cheap``
    /// for two letters of one class, else 1.
    public func substitution(_ intended: Unicode.Scalar, _ written: Unicode.Scalar) -> Double {
        substitution(intended.value, written.value)
    }

    /// ``substitution(_:_:)`` by scalar values.
    @inline(__always)
    public func substitution(_ intended: UInt32, _ written: UInt32) -> Double {
        if intended == written { return 0 }
        return classes(of: intended) & classes(of: written) != 0 ? Self.cheap : 1
    }

    /// The classes of the letter of scalar value `scalar`, one bit each (0 for none): two
    /// different letters are cheap to confuse when their classes share a bit. For callers that
    /// compare one letter with many.
    @inline(__always)
    public func classes(of scalar: UInt32) -> UInt64 {
        scalar < Self.denseLimit ? denseClasses[Int(scalar)] : classes[scalar] ?? 0
    }

    /// The cost of leaving out or adding `letter` right after `previous` (`nil` at the start of
    /// the word): ``cheap`` for a long vowel, or (with doubling) for the letter beside itself.
    @inline(__always)
    public func gap(_ letter: UInt32, after previous: UInt32?) -> Double {
        if letter < Self.denseLimit ? denseCheapGaps[Int(letter)] : cheapGaps.contains(letter) { return Self.cheap }
        if cheapDoubling, previous == letter { return Self.cheap }
        return 1
    }

    /// The cost of turning `intended` into `written` by the cheapest slips (substitutions,
    /// gaps, transpositions of neighbours): the reference the dictionary search is tested
    /// against.
    public func distance(_ intended: String, _ written: String) -> Double {
        let a = intended.unicodeScalars.map(\.value)
        let b = written.unicodeScalars.map(\.value)
        // rows[i][j]: the cost of turning a[..<i] into b[..<j].
        var rows = [[Double]](repeating: [Double](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count {
            for j in 0...b.count {
                if i == 0 && j == 0 { continue }
                var best = Double.infinity
                if i > 0 { best = min(best, rows[i - 1][j] + gap(a[i - 1], after: i > 1 ? a[i - 2] : nil)) }
                if j > 0 { best = min(best, rows[i][j - 1] + gap(b[j - 1], after: j > 1 ? b[j - 2] : nil)) }
                if i > 0 && j > 0 { best = min(best, rows[i - 1][j - 1] + substitution(a[i - 1], b[j - 1])) }
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2] {
                    best = min(best, rows[i - 2][j - 2] + transposition)
                }
                rows[i][j] = best
            }
        }
        return rows[a.count][b.count]
    }
}

/// The spelling slips Arabic writers really make, each with its reason: the table behind
/// ``SpellingCosts/arabic``.
public enum ArabicSlips {
    /// A class of letters writers confuse, and why.
    public struct ConfusableLetters: Sendable {
        /// The letters; any two of them are cheap to confuse.
        public let letters: String
        /// Why writers confuse them.
        public let reason: String
    }

    /// The classes of letters cheap to confuse. Letters that folding makes one (أ إ آ ٱ and ا,
    /// ى and ي, ة and ه, Persian forms) are listed under their folded form.
    public static let confusable: [ConfusableLetters] = [
        ConfusableLetters(letters: "ءؤئا", reason: "hamza on the wrong seat, or on none: its seat follows rules of the "
                          + "neighbouring vowels that writers often get wrong (أ إ آ fold to ا already)"),
        ConfusableLetters(letters: "ضظد", reason: "ḍād and ẓāʾ merged in most spoken Arabic; ض is said d in many dialects"),
        ConfusableLetters(letters: "ذزد", reason: "the interdental ذ is said z or d in most dialects"),
        ConfusableLetters(letters: "ثست", reason: "the interdental ث is said s or t in most dialects"),
        ConfusableLetters(letters: "صس", reason: "emphatic and plain s, told apart by ear only"),
        ConfusableLetters(letters: "طت", reason: "emphatic and plain t, told apart by ear only"),
        ConfusableLetters(letters: "قكغ", reason: "q is said k, g or a glottal stop across dialects; غ and ق are both "
                          + "written for a foreign g"),
        ConfusableLetters(letters: "حهخ", reason: "pharyngeal and glottal h sound alike to many; ح and خ differ by a dot"),
        ConfusableLetters(letters: "بتثني", reason: "one skeleton (rasm), told apart by dots only: a dot slip, or a "
                          + "letter read from an undotted or poorly printed source"),
        ConfusableLetters(letters: "فق", reason: "one skeleton in the middle of a word, told apart by dots only"),
        ConfusableLetters(letters: "رز", reason: "one skeleton, told apart by a dot only"),
        ConfusableLetters(letters: "عغ", reason: "one skeleton, told apart by a dot only"),
        ConfusableLetters(letters: "سش", reason: "one skeleton, told apart by dots only"),
        ConfusableLetters(letters: "جحخ", reason: "one skeleton, told apart by dots only"),
    ]

    /// The long vowels, cheap to leave out or add: short vowels are not written, and whether a
    /// vowel is long is often misheard (كتاب / كتب, مسؤول / مسئول / مسول).
    public static let longVowels = "اوي"
}
