extension CorpusReader {
    /// The sentence punctuation whose presence makes a short line a paragraph, not a heading.
    static let sentencePunctuation: Set<Character> = [".", "!", "?", "،", "؛", "؟", ":"]
    /// The most words a section heading has.
    static let maximumHeadingWords = 8

    /// The paragraphs of a plain text as documents, each titled by the section heading above it.
    ///
    /// Paragraphs are separated by blank lines and become documents `"\(idPrefix)01"`,
    /// `"\(idPrefix)02"`, … (numbered with two digits, or as many as the count needs, so that ids
    /// sort in text order). A section heading is a single line of at most eight words without
    /// sentence punctuation (`. ! ? ، ؛ ؟ :`): it is not a document itself but the `title` of the
    /// paragraphs after it, up to the next heading. A heading-like line with no paragraph after it
    /// (the end of the text or another heading follows) is kept as a document, so no text is
    /// lost. Paragraph text is trimmed of surrounding whitespace; its inner line breaks are kept.
    ///
    /// ```swift
    /// let documents = CorpusReader.paragraphs("مقدمة قصيرة، ثم نص.\n\nأهداف التحالف\n\nنص الفقرة.")
    /// documents.map(\.id)      // ["p01", "p02"]
    /// documents[1].title       // "أهداف التحالف"
    /// ```
    public static func paragraphs(_ text: String, idPrefix: String = "p") -> [Document] {
        var blocks: [String] = []
        var lines: [Substring] = []
        func closeBlock() {
            if !lines.isEmpty {
                blocks.append(trimmed(lines.joined(separator: "\n")))
                lines.removeAll()
            }
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.allSatisfy(\.isWhitespace) {
                closeBlock()
            } else {
                lines.append(line)
            }
        }
        closeBlock()

        var paragraphs: [(title: String, text: String)] = []
        var title = ""
        for (index, block) in blocks.enumerated() {
            let nextIsParagraph = index + 1 < blocks.count && !isHeading(blocks[index + 1])
            if isHeading(block) && nextIsParagraph {
                title = block
            } else {
                paragraphs.append((title, block))
            }
        }
        let width = max(2, String(paragraphs.count).count)
        return paragraphs.enumerated().map { offset, paragraph in
            let number = String(offset + 1)
            let padded = String(repeating: "0", count: max(0, width - number.count)) + number
            return Document(id: idPrefix + padded, title: paragraph.title, text: paragraph.text)
        }
    }

    /// Whether a trimmed block is a section heading: one line of at most eight words, without
    /// sentence punctuation.
    static func isHeading(_ block: String) -> Bool {
        guard !block.contains(where: \.isNewline) else { return false }
        guard !block.contains(where: { sentencePunctuation.contains($0) }) else { return false }
        return block.split(whereSeparator: \.isWhitespace).count <= maximumHeadingWords
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }
}
