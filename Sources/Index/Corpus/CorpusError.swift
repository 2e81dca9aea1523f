/// A corpus that cannot be read: a missing or unreadable file, invalid UTF-8, or, in strict
/// mode, the first malformed record.
///
/// ```swift
/// do {
///     _ = try CorpusReader.load(paths: ["docs.jsonl"], strict: true)
/// } catch {
///     print(error)   // "docs.jsonl:3: invalid JSON"
/// }
/// ```
public struct CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or other named source) that could not be read.
    public let source: String
    /// The 1-based line of the error, when it concerns one line.
    public let line: Int?
    /// What is wrong, in one line.
    public let message: String

    /// An error in `source`, at `line` when given.
    public init(source: String, line: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// The error that a strict reader throws for `problem`.
    public init(_ problem: CorpusProblem) {
        self.init(source: problem.source, line: problem.line, message: problem.message)
    }

    /// `FILE:LINE: message`, or `FILE: message` without a line; always one line.
    public var description: String {
        CorpusProblem(source: source, line: line, message: message).description
    }
}
