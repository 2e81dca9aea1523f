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

    /// `FILE:LINE: message`, or `FILE: message` without a line; always one line (line breaks in
    /// the file name or message are shown as `\n` and `\r`).
    public var description: String {
        let place = line.map { "\(source):\($0)" } ?? source
        return Self.oneLine("\(place): \(message)")
    }

    /// `text` on one line, for a message that quotes what a user gave: each line break shown as
    /// an escape (`\n`, `\r`, `\u{2028}`…).
    public static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if Character(scalar).isNewline { result += "\\u{\(String(scalar.value, radix: 16))}" } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
