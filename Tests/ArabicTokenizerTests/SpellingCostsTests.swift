import Testing
import ArabicTokenizer

/// The cost of each class of Arabic spelling slip, and the plain distance they reduce to
/// without classes.
@Suite struct SpellingCostsTests {
    let arabic = SpellingCosts.arabic
    let uniform = SpellingCosts.uniform

    @Test(arguments: ArabicSlips.confusable.map(\.letters))
    func lettersOfOneClassCostHalfAnEdit(_ letters: String) {
        let scalars = Array(letters.unicodeScalars)
        for a in scalars {
            for b in scalars where a != b {
                #expect(arabic.substitution(a, b) == 0.5, "\(a) / \(b)")
                #expect(uniform.substitution(a, b) == 1)
            }
            #expect(arabic.substitution(a, a) == 0)
        }
    }

    @Test func lettersOfNoCommonClassCostAWholeEdit() {
        for (a, b) in [("ز", "م"), ("ض", "س"), ("ب", "ل"), ("a", "b"), ("1", "2"), ("ق", "ت")] {
            #expect(arabic.substitution(Unicode.Scalar(a)!, Unicode.Scalar(b)!) == 1, "\(a) / \(b)")
        }
    }

    @Test func everyClassHasAReasonAndOnlyFoldedLetters() {
        let analyzer = ArabicAnalyzer()
        for slip in ArabicSlips.confusable {
            #expect(slip.letters.unicodeScalars.count >= 2)
            #expect(!slip.reason.isEmpty)
            // Folding leaves each letter as it is: no class names a letter no index term holds.
            for letter in slip.letters {
                #expect(analyzer.normalize("ب\(letter)ب") == "ب\(letter)ب", "\(letter)")
            }
        }
    }

    @Test func theSlipsOfTheIssueCostHalfAnEdit() {
        // A class slip, a long vowel left out or added, a doubled letter, a transposition.
        #expect(arabic.distance("ذكاء", "زكاء") == 0.5)
        #expect(arabic.distance("ميتا", "ميطا") == 0.5)
        #expect(arabic.distance("مسؤول", "مسئول") == 0.5)
        #expect(arabic.distance("كتاب", "كتب") == 0.5)
        #expect(arabic.distance("مدد", "مد") == 0.5)
        #expect(arabic.distance("مبرمج", "مبمرج") == 0.5)
        #expect(arabic.distance("ضابط", "ظابت") == 1)
        // The same slips are whole edits without classes.
        #expect(uniform.distance("ذكاء", "زكاء") == 1)
        #expect(uniform.distance("كتاب", "كتب") == 1)
        #expect(uniform.distance("مبرمج", "مبمرج") == 1)
        // Other letters stay whole edits either way.
        #expect(arabic.distance("كتاب", "كتاق") == 1)
        #expect(arabic.distance("سلام", "سلم") == 0.5)
        #expect(arabic.distance("سلام", "سلامة") == 1)
    }

    @Test func theUniformDistanceIsDamerauLevenshtein() {
        #expect(uniform.distance("", "") == 0)
        #expect(uniform.distance("", "abc") == 3)
        #expect(uniform.distance("kitten", "sitting") == 3)
        #expect(uniform.distance("ab", "ba") == 1)
        #expect(uniform.distance("ca", "abc") == 3)
    }

    @Test func costsAreSymmetric() {
        let words = ["ذكاء", "زكاء", "كتب", "كتاب", "مدد", "مد", "مسؤول", "مسئول", "abc", "acb", "ضابط", "ظابت"]
        for a in words {
            for b in words {
                #expect(arabic.distance(a, b) == arabic.distance(b, a), "\(a) / \(b)")
                #expect(uniform.distance(a, b) == uniform.distance(b, a), "\(a) / \(b)")
            }
        }
    }
}
