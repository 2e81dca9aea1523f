/// One indexable term of a text, with where it came from.
///
/// `term` is the folded (and, by default, stemmed) form that the index stores; `utf8Range` is the
/// range of the word in the ORIGINAL text, diacritics and all, so a snippet can highlight it.
///
/// ```swift
/// let text = "ٱلرَّحْمَٰنِ"
/// let token = ArabicAnalyzer().analyze(text)[0]
/// token.term                   // "رحمن"
/// token.originalText(in: text) // "ٱلرَّحْمَٰنِ"
/// ```
public struct Token: Hashable, Sendable {
    /// The term as the index stores it.
    public var term: String
    /// The ordinal of the term in its text; a removed stop word leaves a gap.
    public var position: Int
    /// The UTF-8 byte offsets of the source word in the analyzed text.
    public var utf8Range: Range<Int>

    /// A token of `term` at `position`, taken from `utf8Range` of the analyzed text.
    public init(term: String, position: Int, utf8Range: Range<Int>) {
        self.term = term
        self.position = position
        self.utf8Range = utf8Range
    }

    /// The source word's range as string indices of `text`, or `nil` when `text` is not the text
    /// the token came from (the offsets fall outside it or inside a character's encoding).
    public func range(in text: String) -> Range<String.Index>? {
        let utf8 = text.utf8
        guard utf8Range.lowerBound >= 0, utf8Range.upperBound <= utf8.count else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: utf8Range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: utf8Range.upperBound)
        guard let start = lower.samePosition(in: text.unicodeScalars),
              let end = upper.samePosition(in: text.unicodeScalars)
        else { return nil }
        return start..<end
    }

    /// The source word as it is written in `text` (empty when `text` is not the token's text).
    public func originalText(in text: String) -> Substring {
        guard let range = range(in: text) else { return "" }
        return text[range]
    }
}

/// A term handed out by ``ArabicAnalyzer/forEachTerm(in:_:)`` without copying it into a `String`.
///
/// The bytes are valid only during the call that receives the view: copy what must outlive it.
public struct TermView {
    /// The UTF-8 bytes of the term.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The ordinal of the term in its text.
    public let position: Int
    /// The UTF-8 byte offsets of the source word in the analyzed text.
    public let utf8Range: Range<Int>

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int, utf8Range: Range<Int>) {
        self.bytes = bytes
        self.position = position
        self.utf8Range = utf8Range
    }

    /// The term as a `String`.
    public var term: String { String(decoding: bytes, as: UTF8.self) }
}
