import ArabicEvaluation
import ArabicIndex
import ArabicSearchServer
import Foundation

/// Text and JSON renderings of evaluation results.
enum EvalFormat {
    /// `value` with 4 decimals.
    static func fixed(_ value: Double) -> String {
        String(format: "%.4f", value)
    }

    /// `value` with 4 decimals and a sign (`+0.0123`, `-0.0040`, `+0.0000`).
    static func signed(_ value: Double) -> String {
        let text = String(format: "%+.4f", value)
        return text == "-0.0000" ? "+0.0000" : text
    }

    /// A p-value: 4 decimals, `<0.0001` below that, `-` when there is none.
    static func pValue(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return value < 0.0001 ? "<0.0001" : String(format: "%.4f", value)
    }

    /// A JSON number (`null` for NaN, infinities and `nil`).
    static func json(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A JSON array of strings.
    static func json(_ strings: [String]) -> String {
        "[" + strings.map(JSONText.string).joined(separator: ",") + "]"
    }

    /// Rows of cells as left-aligned columns two spaces apart, each line ending in a newline.
    static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var text = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        return text
    }

    /// The means (and per-topic values when `perQuery`) of `evaluation` as a table, with a
    /// closing line of topic counts.
    static func evaluationTable(_ evaluation: Evaluation, perQuery: Bool) -> String {
        var rows = [["topic"] + evaluation.metrics.map(\.name)]
        if perQuery {
            for (topic, values) in zip(evaluation.topics, evaluation.values) {
                rows.append([topic] + values.map(fixed))
            }
        }
        rows.append(["mean"] + evaluation.means.map(fixed))
        var text = table(rows)
        text += "judged topics: \(evaluation.topics.count), answered by the run: \(evaluation.answeredTopics)"
        if !evaluation.ignoredRunTopics.isEmpty {
            text += ", run topics without judgments (ignored): \(evaluation.ignoredRunTopics.count)"
        }
        return text + "\n"
    }

    /// `evaluation` as the members of a JSON object (without braces): topic counts, means, and
    /// per-topic values when `perQuery`.
    static func evaluationMembers(_ evaluation: Evaluation, perQuery: Bool) -> [(String, String)] {
        var members: [(String, String)] = [
            ("judged_topics", String(evaluation.topics.count)),
            ("answered_topics", String(evaluation.answeredTopics)),
            ("ignored_run_topics", String(evaluation.ignoredRunTopics.count)),
            ("means", JSONText.object(zip(evaluation.metrics, evaluation.means).map { ($0.name, json($1)) })),
        ]
        if perQuery {
            let topics = zip(evaluation.topics, evaluation.values).map { topic, values in
                (topic, JSONText.object(zip(evaluation.metrics, values).map { ($0.name, json($1)) }))
            }
            members.append(("per_query", JSONText.object(topics)))
        }
        return members
    }

    /// The note about run documents missing from the corpus, or `nil` when there are none.
    static func unknownDocumentsNote(_ unknown: [String]) -> String? {
        guard !unknown.isEmpty else { return nil }
        let shown = unknown.prefix(10).joined(separator: ", ")
        let more = unknown.count > 10 ? ", …" : ""
        return "documents of the run not in the corpus: \(unknown.count) (\(shown)\(more))"
    }
}
