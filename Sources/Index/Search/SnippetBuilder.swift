import ArabicTokenizer

/// Cuts the best passage of a document's text and marks the matched words in it.
///
/// The passage is a window of about ``SearchOptions/snippetWords`` words (runs of non-space
/// characters) of the original text. The best window has the most distinct matched terms, then
/// the most matches, then comes earliest; it is then shifted, without losing or gaining a match,
/// so that its matches sit in the middle. "…" marks where the text was cut. With no match in the
/// text (only the title matched), the passage is the start of the text.
struct SnippetBuilder {
    static let ellipsis = "…"

    let analyzer: any Analyzer
    let highlighter: Highlighter
    let words: Int

    func snippet(of text: String) -> Snippet {
        guard words > 0 else { return Snippet(text: "", highlights: []) }
        let bytes = Array(text.utf8)
        let spans = Self.wordSpans(of: text)
        guard !spans.isEmpty else { return Snippet(text: "", highlights: []) }

        // The matched tokens, their byte ranges and the word each falls in.
        let tokens = highlighter.isEmpty ? [] : analyzer.analyze(text)
        var matched: [(range: Range<Int>, word: Int, key: String)] = []
        for (index, key) in highlighter.marks(in: tokens) {
            let range = tokens[index].utf8Range
            guard range.lowerBound >= 0, range.upperBound <= bytes.count, !range.isEmpty else { continue }
            matched.append((range, Self.word(containing: range.lowerBound, in: spans), key))
        }
        matched.sort { $0.range.lowerBound < $1.range.lowerBound }

        let window = Self.bestWindow(wordCount: spans.count, size: words, matches: matched.map { ($0.word, $0.key) })
        let low = spans[window.lowerBound].lowerBound
        let high = spans[window.upperBound - 1].upperBound
        let lead = window.lowerBound > 0 ? Self.ellipsis : ""
        let trail = window.upperBound < spans.count ? Self.ellipsis : ""
        let shift = lead.utf8.count - low

        var highlights: [Range<Int>] = []
        for match in matched where match.range.lowerBound >= low && match.range.upperBound <= high {
            let range = (match.range.lowerBound + shift)..<(match.range.upperBound + shift)
            if let last = highlights.last, range.lowerBound < last.upperBound {
                highlights[highlights.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                highlights.append(range)
            }
        }
        let passage = lead + String(decoding: bytes[low..<high], as: UTF8.self) + trail
        return Snippet(text: passage, highlights: highlights)
    }

    /// The UTF-8 byte ranges of the words (maximal runs of non-white-space) of `text`.
    static func wordSpans(of text: String) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var offset = 0
        var start: Int?
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if let begin = start {
                    spans.append(begin..<offset)
                    start = nil
                }
            } else if start == nil {
                start = offset
            }
            offset += UTF8.width(scalar)
        }
        if let begin = start { spans.append(begin..<offset) }
        return spans
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
    static func bestWindow(wordCount: Int, size: Int, matches: [(word: Int, key: String)]) -> Range<Int> {
        guard wordCount > size else { return 0..<wordCount }
        guard !matches.isEmpty else { return 0..<size }
        let sorted = matches.sorted { $0.word < $1.word }
        var counts: [String: Int] = [:]
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
