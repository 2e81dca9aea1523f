import Foundation
import Testing
import ArabicTokenizer

/// The stemmer choice: Snowball's Arabic stemmer through the system's libstemmer, checked
/// against the library's own outputs; the choice in the fingerprint and in stored settings.
@Suite("Stemmer choice")
struct StemmerChoiceTests {
    static let snowballAvailable = Stemmer.snowball.unavailableReason == nil

    /// 3,000 ARCD words that folding leaves unchanged, each with the stem Debian's
    /// `stemwords -l arabic` (libstemmer 2.2.0) gives: the analyzer's term is that stem.
    @Test(.enabled(if: snowballAvailable, "libstemmer0d is not installed"))
    func snowballStemsAsTheLibraryDoes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let fixture = try String(contentsOf: root.appendingPathComponent("Fixtures/snowball-arabic.tsv"), encoding: .utf8)
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(removesStopWords: false, stemmer: .snowball))
        var compared = 0
        var changed = 0
        for line in fixture.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let (word, stem) = (String(parts[0]), String(parts[1]))
            #expect(analyzer.analyze(word).map(\.term) == [stem], "\(word)")
            compared += 1
            if word != stem { changed += 1 }
        }
        #expect(compared == 3_000)
        #expect(changed > 1_500)
    }

    /// Snowball's stems from several threads at once are each thread's own stemmer's.
    @Test(.enabled(if: snowballAvailable, "libstemmer0d is not installed"))
    func snowballStemsOnManyThreads() async throws {
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(stemmer: .snowball))
        let text = "المكتبات العامة والجامعات يتعلمون كتابهم في المدارس الحكومية"
        let expected = analyzer.analyze(text).map(\.term)
        // As `stemwords -l arabic` gives them (teh marbuta is stripped by Snowball, not folded first).
        #expect(expected == ["مكتب", "عام", "والجامعا", "يتعلم", "كتاب", "مدارس", "حكوم"])
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<200).map { _ in analyzer.analyze(text).map(\.term) }.last ?? [] } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    /// Under Snowball, teh marbuta is folded to heh after stemming: Snowball strips it as a
    /// suffix, and what it leaves is folded as under light10.
    @Test(.enabled(if: snowballAvailable, "libstemmer0d is not installed"))
    func tehMarbutaIsFoldedAfterSnowball() {
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(stemmer: .snowball))
        #expect(analyzer.analyze("مدرسة مدرسه ذرة ذره").map(\.term) == ["مدرس", "مدرس", "ذره", "ذره"])
    }

    @Test func noneLeavesFoldedWords() {
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(stemmer: .none))
        #expect(analyzer.analyze("المكتبات وكتابهم").map(\.term) == ["المكتبات", "وكتابهم"])
        #expect(analyzer.prefixTerm("المكت") == "المكت")
    }

    @Test func isriIndexesRoots() {
        let analyzer = ArabicAnalyzer(options: AnalyzerOptions(stemmer: .isri))
        #expect(analyzer.analyze("المكتبات وكتابهم والمعلمون يكتبون").map(\.term) == ["كتب", "كتب", "علم", "كتب"])
        #expect(analyzer.analyze("المكتبات").map(\.utf8Range) == [0..<16])
        #expect(AnalyzerOptions(stemmer: .isri).fingerprint.contains(";stemmer=isri;"))
    }

    /// Variant keys are ISRI roots of index terms, whatever the stemmer.
    @Test func variantKeysAreRoots() {
        let analyzer = ArabicAnalyzer()
        #expect(["كتاب", "مكتب", "كاتب", "مكتوب"].map { analyzer.variantKey(of: $0) } == ["كتب", "كتب", "كتب", "كتب"])
        #expect(analyzer.variantKey(of: "ibm") == "ibm")
        #expect(analyzer.variantKey(of: "") == nil)
    }

    @Test func theStemmerIsInTheFingerprintUnlessItIsLight10() {
        #expect(!AnalyzerOptions().fingerprint.contains("stemmer"))
        #expect(AnalyzerOptions(stemmer: .snowball).fingerprint.contains(";stemmer=snowball;"))
        #expect(AnalyzerOptions(stemmer: .none).fingerprint != AnalyzerOptions(stemming: []).fingerprint)
    }

    /// Settings stored before there was a stemmer choice read back as light10.
    @Test func settingsWithoutAStemmerReadAsLight10() throws {
        let stored = try JSONEncoder().encode(AnalyzerOptions())
        var object = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
        object.removeValue(forKey: "stemmer")
        let old = try JSONSerialization.data(withJSONObject: object)
        let read = try JSONDecoder().decode(AnalyzerOptions.self, from: old)
        #expect(read == AnalyzerOptions())
        let snowball = try JSONDecoder().decode(AnalyzerOptions.self, from: JSONEncoder().encode(AnalyzerOptions(stemmer: .snowball)))
        #expect(snowball.stemmer == .snowball)
    }
}
