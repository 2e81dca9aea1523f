import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()   // ArabicIndexTests
    .deletingLastPathComponent()   // Tests
    .deletingLastPathComponent()   // package root

/// The bundled article's text.
func articleText() throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent("Corpus/article.txt"), encoding: .utf8)
}

/// An index of the bundled article, one document per paragraph.
func articleIndex() throws -> InMemoryIndex {
    try InMemoryIndex(documents: CorpusReader.paragraphs(try articleText()))
}

/// An index of `(id, text)` pairs, with titles when given as `(id, title, text)`.
func makeIndex(_ documents: [(String, String)]) throws -> InMemoryIndex {
    try InMemoryIndex(documents: documents.map { Document(id: $0.0, text: $0.1) })
}

func makeIndex(_ documents: [(String, String, String)]) throws -> InMemoryIndex {
    try InMemoryIndex(documents: documents.map { Document(id: $0.0, title: $0.1, text: $0.2) })
}

/// The ids of the hits of `query`, best first (all of them, up to 1000).
func ids(_ index: InMemoryIndex, _ query: String, configure: (inout SearchOptions) -> Void = { _ in }) throws -> [String] {
    var options = SearchOptions()
    options.limit = 1000
    configure(&options)
    return try index.search(query, options: options).hits.map(\.id)
}

/// The text of `range` (UTF-8 byte offsets) of `text`.
func slice(_ text: String, _ range: Range<Int>) -> String {
    let bytes = Array(text.utf8)
    guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return "<out of range>" }
    return String(decoding: bytes[range], as: UTF8.self)
}

/// A deterministic random number generator, so fuzz failures reproduce: SplitMix64 (Steele, Lea
/// and Flood), whose output depends only on its seed, on every platform.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// The ranking before BM25F became the default: each field saturated on its own and the scores
/// added, title boost 0.5, b 1 for both fields. The pruning machinery, which bounds field-term
/// pairs one by one, serves this field scoring, and the hand computations here assume it.
func sumOptions() -> SearchOptions {
    var options = SearchOptions()
    options.fieldScoring = .sum
    options.titleB = nil
    options.boosts = FieldBoosts(title: 0.5, text: 1)
    options.ranking.b = 1
    return options
}
