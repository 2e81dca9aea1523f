import ArabicIndex
import Foundation

/// A topics, qrels or run file that cannot be used: unreadable, not UTF-8, or a malformed line.
///
/// The description is one line, `FILE:LINE: message` (or `FILE: message` when the problem is not
/// on one line), so a command-line tool can print it as it is.
///
/// ```swift
/// do {
///     _ = try Qrels(contentsOfFile: "qrels.txt")
/// } catch {
///     print(error)   // "qrels.txt:7: expected `qid 0 docid rel` or `qid docid rel`, found 2 fields"
/// }
/// ```
public struct EvaluationFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or other named source) the problem is in.
    public let file: String
    /// The 1-based line of the problem, when it concerns one line.
    public let line: Int?
    /// What is wrong, in one line.
    public let message: String

    /// An error in `file`, at `line` when given.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, or `FILE: message` without a line; always one line.
    public var description: String {
        CorpusProblem(source: file, line: line, message: message).description
    }
}

/// Reading evaluation files as UTF-8 text, split into numbered lines.
enum EvaluationText {
    /// The contents of the file at `path` as text; a leading byte order mark is dropped.
    static func read(_ path: String) throws(EvaluationFileError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EvaluationFileError(file: path, message: "no such file")
        }
        if isDirectory.boolValue { throw EvaluationFileError(file: path, message: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationFileError(file: path, message: "cannot be read")
        }
        if let offset = CorpusReader.firstInvalidUTF8Offset(data) {
            throw EvaluationFileError(file: path, message: "invalid UTF-8 at byte offset \(offset)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The lines of `text` with their 1-based numbers; a trailing carriage return is dropped.
    ///
    /// Lines are split on U+000A scalars, not characters: `\r\n` is one `Character` in Swift.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var result: [(number: Int, text: Substring)] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var number = 0
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if scalars[index] == "\n" {
                number += 1
                result.append((number, line(scalars[start..<index])))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        if start < scalars.endIndex {
            result.append((number + 1, line(scalars[start..<scalars.endIndex])))
        }
        return result
    }

    private static func line(_ scalars: Substring.UnicodeScalarView) -> Substring {
        var view = scalars
        if view.last == "\r" { view.removeLast() }
        return Substring(view)
    }

    /// The fields of `line` separated by runs of spaces and tabs.
    static func fields(_ line: Substring) -> [Substring] {
        line.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { Substring($0) }
    }
}
