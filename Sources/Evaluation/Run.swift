import ArabicIndex
import Foundation

/// One retrieved document of a run: its identifier, score and the rank the system gave it.
public struct RunEntry: Sendable, Hashable {
    /// The retrieved document's identifier.
    public let documentID: String
    /// The system's score; higher is better. Metrics rank by score, not by ``rank``.
    public let score: Double
    /// The rank written in the run file (informative only, as in trec_eval).
    public let rank: Int

    /// An entry with the given contents.
    public init(documentID: String, score: Double, rank: Int) {
        self.documentID = documentID
        self.score = score
        self.rank = rank
    }
}

/// How documents with equal scores are ordered when a run is ranked for evaluation.
///
/// trec_eval (and so pytrec_eval, and ir-measures for every measure it hands to pytrec_eval)
/// sorts by score, higher first, and equal scores by document identifier in *descending* byte
/// order, whatever ranks the file gives. ir-measures computes `RR@k` with the MS MARCO evaluator
/// instead, which sorts equal scores by identifier in *ascending* order.
public enum TieBreaking: Sendable, Hashable {
    /// Equal scores by document identifier, descending (trec_eval).
    case descendingDocumentID
    /// Equal scores by document identifier, ascending (the MS MARCO evaluator).
    case ascendingDocumentID
}

/// A run: the documents a system retrieved for each topic, with scores, in TREC run format.
///
/// The file format is `qid Q0 docid rank score tag` per line, fields separated by spaces or
/// tabs. Lines of a topic need not be sorted or contiguous. Blank lines are skipped. A line with
/// another number of fields, a rank that is not an integer, a score that is not a finite number,
/// or a document listed twice for one topic (which trec_eval refuses) is an error naming the
/// file and line.
///
/// ```swift
/// var run = Run(tag: "bm25")
/// run.append(topic: "q1", documentID: "d3", score: 12.5)
/// run.append(topic: "q1", documentID: "d7", score: 9.25)
/// run.trecText()   // "q1 Q0 d3 1 12.5 bm25\nq1 Q0 d7 2 9.25 bm25\n"
/// ```
public struct Run: Sendable, Hashable {
    /// The tag written in the last column (for a parsed run, that of its first line).
    public var tag: String
    /// The entries of each topic, in the order they were added or read.
    public private(set) var entries: [String: [RunEntry]] = [:]
    /// The topics in the order they first appeared.
    public private(set) var topicIDs: [String] = []

    /// An empty run whose lines will carry `tag`.
    public init(tag: String = "arabic-search") {
        self.tag = tag
    }

    /// The run in the file at `path`.
    ///
    /// - Throws: ``EvaluationFileError`` for a missing or unreadable file, invalid UTF-8, or a
    ///   malformed line.
    public init(contentsOfFile path: String) throws(EvaluationFileError) {
        try self.init(parsing: try EvaluationText.read(path), source: path)
    }

    /// The run in `text`; `source` names the text in errors.
    ///
    /// - Throws: ``EvaluationFileError`` for a malformed line.
    public init(parsing text: String, source: String) throws(EvaluationFileError) {
        self.init(tag: "")
        var seen: [String: [String: Int]] = [:]
        var sawLine = false
        for (number, line) in EvaluationText.lines(text) {
            let fields = EvaluationText.fields(line)
            if fields.isEmpty { continue }
            guard fields.count == 6 else {
                throw EvaluationFileError(
                    file: source, line: number,
                    message: "expected `qid Q0 docid rank score tag`, found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            guard let rank = Int(fields[3]) else {
                throw EvaluationFileError(file: source, line: number, message: "rank \"\(fields[3])\" is not an integer")
            }
            guard let score = Double(fields[4]), score.isFinite else {
                throw EvaluationFileError(file: source, line: number, message: "score \"\(fields[4])\" is not a finite number")
            }
            let topic = String(fields[0])
            let document = String(fields[2])
            if let first = seen[topic]?[document] {
                throw EvaluationFileError(
                    file: source, line: number,
                    message: "document \(document) retrieved twice for topic \(topic) (first at line \(first))")
            }
            seen[topic, default: [:]][document] = number
            if !sawLine {
                tag = String(fields[5])
                sawLine = true
            }
            append(RunEntry(documentID: document, score: score, rank: rank), topic: topic)
        }
    }

    /// Adds a retrieved document to `topic`; its rank is the topic's entry count so far plus one.
    public mutating func append(topic: String, documentID: String, score: Double) {
        append(RunEntry(documentID: documentID, score: score, rank: (entries[topic]?.count ?? 0) + 1), topic: topic)
    }

    /// Adds `entry` to `topic`.
    public mutating func append(_ entry: RunEntry, topic: String) {
        if entries[topic] == nil {
            topicIDs.append(topic)
            entries[topic] = []
        }
        entries[topic, default: []].append(entry)
    }

    /// The number of topics with at least one entry.
    public var topicCount: Int { topicIDs.count }

    /// The number of entries over all topics.
    public var entryCount: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// The documents retrieved for `topic`, ranked as the metrics see them: by score, higher
    /// first, equal scores ordered by `ties`.
    public func ranking(for topic: String, ties: TieBreaking = .descendingDocumentID) -> [String] {
        Self.rank(entries[topic] ?? [], ties: ties)
    }

    /// `entries` ranked by score, higher first, equal scores ordered by `ties`.
    static func rank(_ entries: [RunEntry], ties: TieBreaking) -> [String] {
        entries.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            switch ties {
            case .descendingDocumentID: return b.documentID.utf8.lexicographicallyPrecedes(a.documentID.utf8)
            case .ascendingDocumentID: return a.documentID.utf8.lexicographicallyPrecedes(b.documentID.utf8)
            }
        }.map(\.documentID)
    }

    /// The document identifiers of the run that are not in `known`, sorted, without repeats.
    public func unknownDocumentIDs(_ known: Set<String>) -> [String] {
        var unknown = Set<String>()
        for list in entries.values {
            for entry in list where !known.contains(entry.documentID) { unknown.insert(entry.documentID) }
        }
        return unknown.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The run in TREC format: `qid Q0 docid rank score tag` lines, topics in the order they
    /// were added, entries in their order. Scores are written with the fewest digits that read
    /// back as the same `Double`, so evaluating the text gives what evaluating the run gives.
    public func trecText() -> String {
        var text = ""
        for topic in topicIDs {
            for entry in entries[topic] ?? [] {
                text += "\(topic) Q0 \(entry.documentID) \(entry.rank) \(entry.score) \(tag)\n"
            }
        }
        return text
    }
}
