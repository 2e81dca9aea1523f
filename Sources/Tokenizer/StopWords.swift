/// A stop list: function words that carry no meaning of their own and are not indexed.
///
/// The words are stored folded the way the default analyzer folds them (no hamza on alef,
/// ى as ي, ة as ه); an analyzer folds them once more with its own rules when it is created, so a
/// list always matches the terms it is compared against. Removing a stop word leaves a gap in
/// token positions, so a phrase query never matches across a removed word.
///
/// ```swift
/// let custom = try StopWords(contents: "# my list\nفي\nمن\n")
/// var options = AnalyzerOptions(stopWords: custom)
/// ```
public struct StopWords: Sendable, Hashable, Codable {
    /// The words of the list, sorted and without duplicates.
    public let words: [String]

    /// A stop list of the given words (duplicates and empty strings are dropped).
    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.words = Array(Set(words.filter { !$0.isEmpty })).sorted()
    }

    /// Reads a stop list from text: one word per line, `#` starts a comment, blank lines ignored.
    ///
    /// - Throws: ``StopWordsError/wordWithSpace(line:)`` when a line holds more than one word.
    public init(contents: String) throws {
        var words: [String] = []
        // `isNewline` takes "\r\n" (one Character) as one line break, so CRLF files read line by line.
        let lines = contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (number, rawLine) in lines.enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let word = line.trimmingWhitespace()
            if word.isEmpty { continue }
            if word.contains(where: \.isWhitespace) {
                throw StopWordsError.wordWithSpace(line: number + 1)
            }
            words.append(String(word))
        }
        self.init(words)
    }

    /// How many words the list holds.
    public var count: Int { words.count }

    /// A short hexadecimal checksum of the list's words (FNV-1a, 64 bits).
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for word in words {
            for byte in word.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            hash = (hash ^ 0x0A) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Why a stop list could not be read.
public enum StopWordsError: Error, Equatable, CustomStringConvertible {
    /// A line held more than one word.
    case wordWithSpace(line: Int)

    public var description: String {
        switch self {
        case .wordWithSpace(let line):
            return "line \(line): a stop list holds one word per line"
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
