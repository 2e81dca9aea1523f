/// Cuts the best passage of a document's text and marks the matched words in it.
///
/// The passage is a window of about ``SearchOptions/snippetWords`` words (runs of non-space
/// characters) of the original text. The best window has the most distinct matched terms, then
/// the most matches, then comes earliest; it is then shifted, without losing or gaining a match,
/// so that its matches sit in the middle. "…" marks where the text was cut. With no match in the
/// text (only the title matched), the passage is the start of the text.
struct SnippetBuilder<Source: SearchSource> {
    static var ellipsis: String { "…" }

    let highlighter: Highlighter<Source>
    let words: Int

    /// The snippet of document number `document`, whose text is `text`.
    func snippet(of document: UInt32, text: String) throws(Source.Failure) -> Snippet {
        guard words > 0 else { return Snippet(text: "", highlights: []) }
        let bytes = Array(text.utf8)
        let spans = Self.wordSpans(of: bytes)
        guard !spans.isEmpty else { return Snippet(text: "", highlights: []) }

        let marks = try highlighter.marks(of: document, text: text)
        let matches = marks.map { (word: Self.word(containing: $0.range.lowerBound, in: spans), key: $0.termID) }
        let window = Self.bestWindow(wordCount: spans.count, size: words, matches: matches)
        let low = spans[window.lowerBound].lowerBound
        let high = spans[window.upperBound - 1].upperBound
        let lead = window.lowerBound > 0 ? Self.ellipsis : ""
        let trail = window.upperBound < spans.count ? Self.ellipsis : ""
        let shift = lead.utf8.count - low

        var highlights: [Range<Int>] = []
        for mark in marks where mark.range.lowerBound >= low && mark.range.upperBound <= high {
            let range = (mark.range.lowerBound + shift)..<(mark.range.upperBound + shift)
            if let last = highlights.last, range.lowerBound < last.upperBound {
                highlights[highlights.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                highlights.append(range)
            }
        }
        let passage = lead + String(decoding: bytes[low..<high], as: UTF8.self) + trail
        return Snippet(text: passage, highlights: highlights)
    }

    /// The UTF-8 byte ranges of the words (maximal runs of non-white-space) of the UTF-8 text
    /// `bytes`.
    static func wordSpans(of bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        var start: Int?
        while index < bytes.count {
            let space = whitespaceLength(bytes, index)
            if space > 0 {
                if let begin = start {
                    spans.append(begin..<index)
                    start = nil
                }
                index += space
            } else {
                if start == nil { start = index }
                index += 1
            }
        }
        if let begin = start { spans.append(begin..<bytes.count) }
        return spans
    }

    /// The byte length of the white space character (Unicode White_Space) at `index` of valid
    /// UTF-8 `bytes`, or 0.
    static func whitespaceLength(_ bytes: [UInt8], _ index: Int) -> Int {
        let lead = bytes[index]
        switch lead {
        case 0x09...0x0D, 0x20:
            return 1
        case 0xC2:
            // U+0085 NEXT LINE, U+00A0 NO-BREAK SPACE
            guard index + 1 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE1:
            // U+1680 OGHAM SPACE MARK
            guard index + 2 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2:
            // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
            guard index + 2 < bytes.count else { return 0 }
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if second == 0x80 && ((0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF) {
                return 3
            }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3:
            // U+3000 IDEOGRAPHIC SPACE
            guard index + 2 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The index of the last span starting at or before `offset`.
    static func word(containing offset: Int, in spans: [Range<Int>]) -> Int {
        var low = 0
        var high = spans.count
        while low < high {
            let middle = low + (high - low) / 2
            if spans[middle].lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// The words of the passage: `size` consecutive words of `wordCount` with the most distinct
    /// match keys, then the most matches, then the earliest, recentred on its matches.
    static func bestWindow<Key: Hashable>(wordCount: Int, size: Int, matches: [(word: Int, key: Key)]) -> Range<Int> {
        guard wordCount > size else { return 0..<wordCount }
        guard !matches.isEmpty else { return 0..<size }
        let sorted = matches.sorted { $0.word < $1.word }
        var counts: [Key: Int] = [:]
        var distinct = 0
        var total = 0
        var added = 0
        var removed = 0
        var best = (distinct: -1, total: -1, start: 0)
        for start in 0...(wordCount - size) {
            while added < sorted.count, sorted[added].word < start + size {
                counts[sorted[added].key, default: 0] += 1
                if counts[sorted[added].key] == 1 { distinct += 1 }
                total += 1
                added += 1
            }
            while removed < added, sorted[removed].word < start {
                counts[sorted[removed].key, default: 0] -= 1
                if counts[sorted[removed].key] == 0 { distinct -= 1 }
                total -= 1
                removed += 1
            }
            if distinct > best.distinct || (distinct == best.distinct && total > best.total) {
                best = (distinct, total, start)
            }
        }
        // Centre the window on the matches it holds.
        let inside = sorted.filter { $0.word >= best.start && $0.word < best.start + size }
        guard let first = inside.first?.word, let last = inside.last?.word else {
            return best.start..<(best.start + size)
        }
        let slack = size - (last - first + 1)
        let start = max(0, min(first - slack / 2, wordCount - size))
        return start..<(start + size)
    }
}
