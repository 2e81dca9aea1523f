import Foundation

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()   // ArabicEvaluationTests
    .deletingLastPathComponent()   // Tests
    .deletingLastPathComponent()   // package root

/// The bundled article's text.
func articleText() throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent("Corpus/article.txt"), encoding: .utf8)
}
