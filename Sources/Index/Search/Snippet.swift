/// A passage of a document's text around the words a query matched, with those words marked.
///
/// `text` is about ``SearchOptions/snippetWords`` words cut from the original text (diacritics,
/// tatweel and all) at word boundaries, with "…" where it was cut. Of all such windows it is the
/// one with the most distinct matched terms, then the most matches, then the earliest, shifted
/// to centre its matches. When only the title matched, it is the start of the text. `highlights` are the UTF-8 byte ranges of the matched words in `text`,
/// in order and not overlapping.
///
/// ```swift
/// let snippet = hit.snippet
/// let bytes = Array(snippet.text.utf8)
/// for range in snippet.highlights {
///     print(String(decoding: bytes[range], as: UTF8.self))   // "ٱلرَّحْمَٰنِ"
/// }
/// ```
public struct Snippet: Sendable, Hashable {
    /// The passage.
    public let text: String
    /// The UTF-8 byte ranges of the matched words within ``text``.
    public let highlights: [Range<Int>]

    /// A snippet of `text` with `highlights` (UTF-8 byte ranges into `text`).
    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    /// The highlighted words, as they are written in ``text``.
    public var highlightedWords: [String] {
        let bytes = Array(text.utf8)
        return highlights.compactMap { range in
            guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
            return String(decoding: bytes[range], as: UTF8.self)
        }
    }
}
