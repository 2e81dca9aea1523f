import Foundation

extension CorpusReader {
    /// The documents of a JSON Lines corpus: one object `{"id", "title", "text"}` per line.
    ///
    /// `id` and `text` must be strings; `title` is optional (a string, or `null` for none); other
    /// keys are ignored. Blank lines are skipped. A malformed line (invalid JSON, not an object, a
    /// missing or non-string `id` or `text`, an empty or duplicate `id`) is skipped and reported
    /// as a ``CorpusProblem`` with its 1-based line number, or thrown as a ``CorpusError`` when
    /// `strict` is true. Invalid UTF-8 anywhere is an error naming the byte offset. An empty file
    /// has no documents and no problems.
    ///
    /// ```swift
    /// let data = Data(#"{"id": "d1", "text": "نص"}"#.utf8)
    /// let (documents, problems) = try CorpusReader.jsonLines(data, source: "docs.jsonl", strict: false)
    /// documents[0].id   // "d1"
    /// ```
    public static func jsonLines(_ data: Data, source: String, strict: Bool) throws(CorpusError)
        -> (documents: [Document], problems: [CorpusProblem])
    {
        var seen: [String: DocumentOrigin] = [:]
        var documents: [Document] = []
        var problems: [CorpusProblem] = []
        try readJSONLines(data, source: source, strict: strict, seen: &seen,
                          documents: &documents, problems: &problems,
                          maximumLineLength: CorpusStream.defaultMaximumLineLength)
        return (documents, problems)
    }

    /// Why a JSON line's string may not have been read as one, as a clause to add to "is not a
    /// string": a raw control character, or an escaped surrogate without its pair; empty when
    /// the line has neither.
    static func stringTrouble(_ line: ArraySlice<UInt8>) -> String {
        if let control = line.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0D }) {
            return " (the line holds a raw control character U+\(hex4(UInt16(control))), which JSON strings must escape)"
        }
        let bytes = Array(line)
        var index = 0
        func escape(at position: Int) -> UInt16? {
            guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            else { return nil }
            return UInt16(String(decoding: bytes[(position + 2)..<(position + 6)], as: UTF8.self), radix: 16)
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                if let unit = escape(at: index) {
                    if (0xD800...0xDBFF).contains(unit), let next = escape(at: index + 6), (0xDC00...0xDFFF).contains(next) {
                        index += 12
                        continue
                    }
                    if (0xD800...0xDFFF).contains(unit) {
                        return " (the line holds \\u\(hex4(unit)), a surrogate without its pair, which is not a character)"
                    }
                }
                index += 2
                continue
            }
            index += 1
        }
        return ""
    }

    private static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The problem of a line longer than `limit` bytes: "line longer than 64 MiB".
    static func longLineMessage(_ limit: Int) -> String {
        limit >= 1 << 20 && limit % (1 << 20) == 0 ? "line longer than \(limit >> 20) MiB" : "line longer than \(limit) bytes"
    }

    /// Where a document identifier was first seen, to name it in a duplicate-id problem.
    struct DocumentOrigin {
        var source: String
        var line: Int?

        func describe(relativeTo source: String) -> String {
            let place = self.source == source ? "" : self.source
            switch (place.isEmpty, line) {
            case (true, let line?): return "line \(line)"
            case (false, let line?): return "\(place):\(line)"
            case (_, nil): return place.isEmpty ? source : place
            }
        }
    }

    /// Reads JSON Lines `data`; when it is a piece of a larger file, `firstLine` and
    /// `firstByte` are the line number and byte offset in the file where it starts. A line
    /// longer than `maximumLineLength` bytes is a problem (see ``longLineMessage(_:)``).
    static func readJSONLines(
        _ data: Data, source: String, strict: Bool, seen: inout [String: DocumentOrigin],
        documents: inout [Document], problems: inout [CorpusProblem], firstLine: Int = 1, firstByte: Int = 0,
        maximumLineLength: Int = .max
    ) throws(CorpusError) {
        let decoder = JSONDecoder()
        let bytes = [UInt8](data)
        var lineNumber = firstLine - 1
        var start = 0
        // A leading byte order mark is not part of the first record.
        if firstByte == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start <= bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            let line = bytes[start..<end]

            func report(_ message: String) throws(CorpusError) {
                let problem = CorpusProblem(source: source, line: lineNumber, message: message)
                if strict { throw CorpusError(problem) }
                problems.append(problem)
            }

            // The usual flat object of strings is read without JSONDecoder, its strings
            // validated as they are made; any other line is validated whole first (so invalid
            // UTF-8 stops the reading at the first line holding it, wherever it is in the line).
            let fast = line.count > maximumLineLength ? nil : bytes.withUnsafeBufferPointer {
                JSONLineParser.parse(UnsafeBufferPointer(rebasing: $0[start..<end]))
            }
            if fast == nil, let offset = bytes.withUnsafeBufferPointer({
                firstInvalidUTF8Offset(UnsafeBufferPointer(rebasing: $0[start..<end]))
            }) {
                throw CorpusError(source: source, message: "invalid UTF-8 at byte offset \(start + offset + firstByte) (line \(lineNumber))")
            }

            if line.count > maximumLineLength {
                try report(longLineMessage(maximumLineLength))
                continue
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }

            let record: JSONLineRecord
            if let fast {
                record = fast
            } else {
                do {
                    record = try decoder.decode(JSONLineRecord.self, from: Data(line))
                } catch DecodingError.typeMismatch {
                    try report("not a JSON object")
                    continue
                } catch {
                    try report("invalid JSON")
                    continue
                }
            }
            let id: String
            switch record.id {
            case .string(let value) where !value.isEmpty: id = value
            case .string: try report("empty \"id\""); continue
            case .missing: try report("missing \"id\""); continue
            case .null, .other: try report("\"id\" is not a string" + Self.stringTrouble(line)); continue
            }
            let text: String
            switch record.text {
            case .string(let value): text = value
            case .missing: try report("missing \"text\""); continue
            case .null, .other: try report("\"text\" is not a string" + Self.stringTrouble(line)); continue
            }
            let title: String
            switch record.title {
            case .string(let value): title = value
            case .missing, .null: title = ""
            case .other: try report("\"title\" is not a string" + Self.stringTrouble(line)); continue
            }
            if let first = seen[id] {
                try report("duplicate id \"\(id)\" (first at \(first.describe(relativeTo: source)))")
                continue
            }
            seen[id] = DocumentOrigin(source: source, line: lineNumber)
            documents.append(Document(id: id, title: title, text: text))
        }
    }
}

/// One line of a JSON Lines corpus, with each known key classified rather than required, so that
/// a missing key and a key of the wrong type get different messages.
struct JSONLineRecord: Decodable {
    enum Value: Decodable, Equatable {
        case string(String)
        case null
        case other
        case missing

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let string = try? container.decode(String.self) {
                self = .string(string)
            } else {
                self = .other
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, text
    }

    var id: Value
    var title: Value
    var text: Value

    init(id: Value, title: Value, text: Value) {
        self.id = id
        self.title = title
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Value {
            guard container.contains(key) else { return .missing }
            return try container.decode(Value.self, forKey: key)
        }
        id = try value(.id)
        title = try value(.title)
        text = try value(.text)
    }
}
