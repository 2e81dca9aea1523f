import ArabicIndex
import Foundation

/// One information need of a test collection: an identifier and the query text a user typed.
///
/// ```swift
/// let topic = Topic(id: "q1", text: "متى ولد جمال خاشقجي؟")
/// ```
public struct Topic: Sendable, Hashable {
    /// The topic's identifier, as used in qrels and run files.
    public let id: String
    /// The query text (for a TREC topic file, the `<title>`).
    public let text: String

    /// A topic with the given identifier and text.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// The topics of a test collection, in file order.
///
/// Two file formats are read; the format is recognized from the first non-blank line:
/// - TSV, one topic per line: `qid<TAB>text` (the text is everything after the first tab).
/// - TREC topic files: `<top>` … `</top>` blocks with a `<num>` (an optional `Number:` is
///   dropped) and a `<title>` (an optional `Topic:` is dropped; the title may continue on the
///   following lines up to the next tag). Other fields (`<desc>`, `<narr>`) are ignored.
///
/// Blank lines are skipped. A line without a tab (TSV), a block without `<num>` or `<title>`,
/// text outside a block, and a repeated identifier are errors that name the file and line.
///
/// ```swift
/// let topics = try Topics(parsing: "q1\tالذكاء الاصطناعي\nq2\tمفتوح المصدر\n", source: "topics.tsv")
/// topics.count        // 2
/// topics["q2"]?.text  // "مفتوح المصدر"
/// ```
public struct Topics: Sendable, Hashable {
    /// The topics in file order.
    public let topics: [Topic]
    private let positions: [String: Int]

    /// Topics with the given contents; a repeated identifier keeps its first topic.
    public init(_ topics: [Topic]) {
        var positions: [String: Int] = [:]
        var kept: [Topic] = []
        for topic in topics where positions[topic.id] == nil {
            positions[topic.id] = kept.count
            kept.append(topic)
        }
        self.topics = kept
        self.positions = positions
    }

    /// The topics of the file at `path` (TSV or TREC format).
    ///
    /// - Throws: ``EvaluationFileError`` for a missing or unreadable file, invalid UTF-8, or a
    ///   malformed line.
    public init(contentsOfFile path: String) throws(EvaluationFileError) {
        try self.init(parsing: try EvaluationText.read(path), source: path)
    }

    /// The topics of `text` (TSV or TREC format); `source` names the text in errors.
    ///
    /// - Throws: ``EvaluationFileError`` for a malformed line.
    public init(parsing text: String, source: String) throws(EvaluationFileError) {
        let lines = EvaluationText.lines(text)
        let firstLine = lines.first { !$0.text.allSatisfy(\.isWhitespace) }
        let isTREC = firstLine.map { $0.text.drop(while: \.isWhitespace).lowercased().hasPrefix("<top>") } ?? false
        var topics: [Topic] = []
        var firstLines: [String: Int] = [:]
        func add(_ topic: Topic, line: Int) throws(EvaluationFileError) {
            if let first = firstLines[topic.id] {
                throw EvaluationFileError(file: source, line: line,
                                          message: "duplicate topic id \(topic.id) (first at line \(first))")
            }
            firstLines[topic.id] = line
            topics.append(topic)
        }
        if isTREC {
            for (topic, line) in try Self.trecTopics(lines, source: source) { try add(topic, line: line) }
        } else {
            for (number, line) in lines where !line.allSatisfy(\.isWhitespace) {
                guard let tab = line.unicodeScalars.firstIndex(of: "\t") else {
                    throw EvaluationFileError(file: source, line: number, message: "expected qid<TAB>text, found no tab")
                }
                let id = String(line.unicodeScalars[..<tab]).trimmingCharacters(in: .whitespaces)
                guard !id.isEmpty else {
                    throw EvaluationFileError(file: source, line: number, message: "empty topic id")
                }
                let text = String(line.unicodeScalars[line.unicodeScalars.index(after: tab)...])
                try add(Topic(id: id, text: text.trimmingCharacters(in: .whitespaces)), line: number)
            }
        }
        self.init(topics)
    }

    /// The number of topics.
    public var count: Int { topics.count }

    /// The topic with identifier `id`, or `nil`.
    public subscript(id: String) -> Topic? {
        positions[id].map { topics[$0] }
    }

    /// The topics whose identifiers are in `ids`, in file order.
    public func restricted(to ids: Set<String>) -> Topics {
        Topics(topics.filter { ids.contains($0.id) })
    }

    // MARK: - TREC topic files

    private static func trecTopics(_ lines: [(number: Int, text: Substring)], source: String)
        throws(EvaluationFileError) -> [(Topic, Int)]
    {
        var result: [(Topic, Int)] = []
        var start: Int?        // the line of the open <top>
        var number: String?
        var title: String?
        var field: String?     // the tag whose text continues on the following lines
        for (lineNumber, raw) in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let lower = line.lowercased()
            if lower.hasPrefix("<top>") {
                if let open = start {
                    throw EvaluationFileError(file: source, line: lineNumber,
                                              message: "<top> inside the topic opened at line \(open)")
                }
                start = lineNumber
                number = nil
                title = nil
                field = nil
                continue
            }
            guard let open = start else {
                throw EvaluationFileError(file: source, line: lineNumber, message: "text outside <top>…</top>")
            }
            if lower.hasPrefix("</top>") {
                guard let id = number, !id.isEmpty else {
                    throw EvaluationFileError(file: source, line: open, message: "topic has no <num>")
                }
                guard let text = title else {
                    throw EvaluationFileError(file: source, line: open, message: "topic \(id) has no <title>")
                }
                result.append((Topic(id: id, text: text), open))
                start = nil
                continue
            }
            if let tag = Self.openingTag(of: lower) {
                var rest = Self.stripClosingTag(String(line.dropFirst(tag.count + 2)), tag: tag)
                field = nil
                switch tag {
                case "num":
                    rest = Self.dropLabel("number:", from: rest)
                    number = rest
                case "title":
                    title = Self.dropLabel("topic:", from: rest)
                    field = "title"
                default:
                    break
                }
                continue
            }
            if lower.hasPrefix("</") {
                field = nil
                continue
            }
            if field == "title" {
                let more = Self.stripClosingTag(line, tag: "title")
                title = title.map { $0.isEmpty ? more : $0 + " " + more } ?? more
            }
        }
        if let open = start {
            throw EvaluationFileError(file: source, line: open, message: "<top> is never closed")
        }
        return result
    }

    /// The name of the tag `line` opens (`<name>` or `<name …>` at its start), or `nil`.
    private static func openingTag(of line: String) -> String? {
        guard line.hasPrefix("<"), !line.hasPrefix("</"), let close = line.firstIndex(of: ">") else { return nil }
        let name = line[line.index(after: line.startIndex)..<close]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            return nil
        }
        return String(name)
    }

    private static func stripClosingTag(_ text: String, tag: String) -> String {
        var result = text
        if let range = result.range(of: "</\(tag)>", options: .caseInsensitive) {
            result = String(result[..<range.lowerBound])
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    private static func dropLabel(_ label: String, from text: String) -> String {
        guard text.lowercased().hasPrefix(label) else { return text }
        return String(text.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
    }
}
