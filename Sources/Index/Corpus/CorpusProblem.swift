/// Something wrong with one part of a corpus file that was skipped while reading the rest.
///
/// Problems are collected rather than thrown so that one bad line does not lose a whole corpus;
/// a reader in strict mode throws the first one as a ``CorpusError`` instead.
///
/// ```swift
/// let problem = CorpusProblem(source: "docs.jsonl", line: 3, message: "missing \"text\"")
/// problem.description   // "docs.jsonl:3: missing \"text\""
/// ```
public struct CorpusProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file (or other named source) the problem is in.
    public let source: String
    /// The 1-based line of the problem, when it concerns one line.
    public let line: Int?
    /// What is wrong, in one line.
    public let message: String

    /// A problem in `source`, at `line` when given.
    public init(source: String, line: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, or `FILE: message` without a line.
    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}
