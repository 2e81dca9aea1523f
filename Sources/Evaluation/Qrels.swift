import ArabicIndex

/// Relevance judgments: for each topic, the graded relevance of the documents assessors judged.
///
/// A judgment of 1 or more is relevant; 0 or less is judged non-relevant (as in trec_eval, a
/// negative value is neither relevant nor counted in the ideal ranking). Documents without a
/// judgment are non-relevant. A topic counts as judged as soon as it has one judgment, relevant
/// or not; metrics are averaged over judged topics.
///
/// The file format is trec_eval's, `qid 0 docid rel` per line, or `qid docid rel`; fields are
/// separated by spaces or tabs and `rel` is an integer. A header line (a first line whose
/// relevance is not a number, e.g. `query-id corpus-id score`) is skipped, as are blank lines.
///
/// ```swift
/// let qrels = try Qrels(parsing: "q1 0 d3 2\nq1 0 d7 0\n", source: "qrels.txt")
/// qrels.relevance(of: "d3", for: "q1")   // 2
/// qrels.relevantCount(for: "q1")          // 1
/// ```
public struct Qrels: Sendable, Hashable {
    /// The judgments: topic identifier → document identifier → relevance.
    public let judgments: [String: [String: Int]]

    /// Judgments with the given contents.
    public init(_ judgments: [String: [String: Int]]) {
        self.judgments = judgments
    }

    /// The judgments of the file at `path`.
    ///
    /// - Throws: ``EvaluationFileError`` for a missing or unreadable file, invalid UTF-8, a line
    ///   with the wrong number of fields, a relevance that is not an integer, or a document
    ///   judged twice for one topic.
    public init(contentsOfFile path: String) throws(EvaluationFileError) {
        try self.init(parsing: try EvaluationText.read(path), source: path)
    }

    /// The judgments in `text`; `source` names the text in errors.
    ///
    /// - Throws: ``EvaluationFileError`` for a malformed line (see ``init(contentsOfFile:)``).
    public init(parsing text: String, source: String) throws(EvaluationFileError) {
        var judgments: [String: [String: Int]] = [:]
        var lines: [String: [String: Int]] = [:]
        var sawContent = false
        for (number, line) in EvaluationText.lines(text) {
            let fields = EvaluationText.fields(line)
            if fields.isEmpty { continue }
            let isFirst = !sawContent
            sawContent = true
            guard fields.count == 3 || fields.count == 4 else {
                throw EvaluationFileError(
                    file: source, line: number,
                    message: "expected `qid 0 docid rel` or `qid docid rel`, found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            let topic = String(fields[0])
            let document = String(fields[fields.count - 2])
            let relevanceText = fields[fields.count - 1]
            guard let relevance = Self.integer(relevanceText) else {
                if isFirst && Double(relevanceText) == nil { continue }   // a header line
                throw EvaluationFileError(file: source, line: number,
                                          message: "relevance \"\(relevanceText)\" is not an integer")
            }
            if let first = lines[topic]?[document] {
                throw EvaluationFileError(
                    file: source, line: number,
                    message: "document \(document) judged twice for topic \(topic) (first at line \(first))")
            }
            lines[topic, default: [:]][document] = number
            judgments[topic, default: [:]][document] = relevance
        }
        self.init(judgments)
    }

    /// An integer, also written as a float with no fraction (`1.0`), as trec_eval's readers accept.
    private static func integer(_ text: Substring) -> Int? {
        if let value = Int(text) { return value }
        if let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        return nil
    }

    /// The identifiers of the judged topics, sorted by their UTF-8 bytes.
    public var topicIDs: [String] {
        judgments.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The number of judged topics.
    public var topicCount: Int { judgments.count }

    /// The relevance of `document` for `topic`, or `nil` when it was not judged.
    public func relevance(of document: String, for topic: String) -> Int? {
        judgments[topic]?[document]
    }

    /// The number of relevant documents (relevance 1 or more) of `topic`.
    public func relevantCount(for topic: String) -> Int {
        judgments[topic]?.values.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } ?? 0
    }

    /// The judgments of the topics in `ids` only.
    public func restricted(to ids: Set<String>) -> Qrels {
        Qrels(judgments.filter { ids.contains($0.key) })
    }
}
