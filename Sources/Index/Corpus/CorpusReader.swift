import Foundation

/// Reads user documents from JSON Lines files, plain text files and directories of them.
///
/// Readers report malformed records as ``CorpusProblem``s and skip them, so one bad line does
/// not lose a corpus; with `strict: true` they throw the first one as a ``CorpusError``.
/// Unreadable files and invalid UTF-8 are always errors, reported with the byte offset.
///
/// ```swift
/// let (documents, problems) = try CorpusReader.load(paths: ["Corpus/article.txt"], strict: false)
/// for problem in problems { print(problem) }        // "docs.jsonl:3: invalid JSON"
/// let index = try InMemoryIndex(documents: documents)
/// ```
public enum CorpusReader {
    /// The file extensions read as JSON Lines (compared case-insensitively).
    public static let jsonLinesExtensions: Set<String> = ["jsonl", "ndjson"]
    /// The file extensions read as plain text paragraphs (compared case-insensitively).
    public static let textExtensions: Set<String> = ["txt"]
}
