import Foundation
import Testing
@testable import SearchCLI

@Test("The article compiled into the binary is Corpus/article.txt, byte for byte")
func bundledArticleMatchesCorpus() throws {
    let url = CLIProcess.packageRoot.appendingPathComponent("Corpus/article.txt")
    let data = try Data(contentsOf: url)
    #expect(Array(BundledArticle.text.utf8) == Array(data), "run scripts/embed-corpus.py to regenerate")
}
