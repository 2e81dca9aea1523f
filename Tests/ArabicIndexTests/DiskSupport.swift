import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

/// A fresh temporary directory path (not created).
func temporaryIndexPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("arabic-index-\(UUID().uuidString)").path
}

/// Writes `documents` to a new index in a temporary directory, `perSegment` documents per
/// segment (all in one when nil), merging none of them. Returns the directory.
func writeDiskIndex(_ documents: [Document], perSegment: Int? = nil, analyzer: any Analyzer = ArabicAnalyzer())
    throws -> String
{
    let directory = temporaryIndexPath()
    let writer = try IndexWriter(directory: directory, analyzer: analyzer, memoryLimit: perSegment == nil ? Int.max : 1)
    writer.mergePolicy = .never
    if let perSegment {
        var start = 0
        while start < documents.count {
            try writer.add(contentsOf: Array(documents[start..<min(start + perSegment, documents.count)]))
            start += perSegment
        }
    } else {
        try writer.add(contentsOf: documents)
    }
    try writer.commit()
    writer.close()
    return directory
}

/// Deletes every seventh of `documents` (the fourth, the eleventh, …) from the index in
/// `directory`, in one commit: deletions spread over every segment, which stay as they are.
func deleteEverySeventh(of documents: [Document], in directory: String) throws {
    let writer = try IndexWriter(directory: directory)
    writer.mergePolicy = .never
    for document in documents.enumerated() where document.offset % 7 == 3 {
        _ = try writer.delete(id: document.element.id)
    }
    try writer.commit()
    writer.close()
}

/// Everything a search returns, as one comparable string: ids, scores to the bit, snippets,
/// highlights, explanations, notices.
func fingerprint(_ results: SearchResults) -> String {
    var lines = ["\(results.totalHits) \(results.parsed) \(results.notices)"]
    for hit in results.hits {
        lines.append("\(hit.rank) \(hit.id) \(hit.score.bitPattern) \(hit.title) | \(hit.snippet.text) \(hit.snippet.highlights)")
        for part in hit.explanation?.contributions ?? [] {
            lines.append("  \(part.term) \(part.field) \(part.idf.bitPattern) \(part.termFrequency) \(part.documentLength) \(part.averageDocumentLength.bitPattern) \(part.score.bitPattern)")
        }
        for part in hit.explanation?.secondPhase ?? [] { lines.append("  \(part.kind) \(part.score.bitPattern)") }
    }
    return lines.joined(separator: "\n")
}

/// Queries of every kind over the words of `documents`: terms, prefixes, phrases, fields,
/// boolean operators.
func sampleQueries(_ documents: [Document], count: Int, seed: UInt64) -> [String] {
    var generator = SplitMix64(state: seed)
    var words: [String] = []
    for document in documents {
        for piece in (document.title + " " + document.text).split(whereSeparator: \.isWhitespace) {
            let word = String(piece)
            guard word.count >= 2, !word.contains(where: { "\"():*~+-".contains($0) }) else { continue }
            words.append(word)
        }
    }
    guard !words.isEmpty else { return [] }
    func word() -> String { words[Int(generator.next() % UInt64(words.count))] }
    var queries: [String] = []
    for number in 0..<count {
        switch number % 10 {
        case 0: queries.append(word())
        case 1: queries.append("\(word()) \(word()) \(word())")
        case 2: queries.append("\(String(word().prefix(2)))*")
        case 3:
            let index = Int(generator.next() % UInt64(max(1, words.count - 2)))
            queries.append("\"\(words[index]) \(words[index + 1])\"")
        case 4: queries.append("+\(word()) \(word()) -\(word())")
        case 5: queries.append("title:\(word()) OR text:\(word())")
        case 6:
            let index = Int(generator.next() % UInt64(max(1, words.count - 3)))
            queries.append("\"\(words[index]) \(words[index + 2])\"~2")
        case 7: queries.append("(\(word()) AND \(word())) OR \(String(word().prefix(3)))*")
        case 8: queries.append("\(word()) AND \(word())")
        default: queries.append("+\(word()) +\(word()) \(word()) -\(word())")
        }
    }
    return queries
}
