import Testing
@testable import ArabicTokenizer

@Test func smoke() {
    let a = ArabicAnalyzer()
    #expect(a.normalize("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ") == "بسم الله الرحمن الرحيم")
}
