/// A light stemmer for Arabic in the light10 family: it strips one attached prefix and common
/// suffixes, each only when enough of the word remains, and never touches the root letters.
///
/// It works on folded terms (ة already written ه, ى as ي, alef forms as ا), so it lists the folded
/// spellings of the affixes as well as the unfolded ones. Light stemming conflates inflections
/// (الكتاب، كتابها، والكتاب → كتاب) without merging different words of one root (كتاب ≠ كاتب).
///
/// ```swift
/// let stemmer = LightStemmer()
/// stemmer.stem("والمعلمون")   // "معلم"
/// ```
public struct LightStemmer: Sendable {
    /// The affix groups this stemmer strips.
    public let groups: Set<AffixGroup>
    private let articlePrefixes: [[UInt8]]
    private let conjunction: [UInt8] = Array("و".utf8)
    private let suffixes: [[UInt8]]

    /// A stemmer that strips the affixes of `groups` (all of light10 by default).
    public init(groups: Set<AffixGroup> = AffixGroup.defaults) {
        self.groups = groups
        articlePrefixes = groups.contains(.definiteArticle)
            ? ["وال", "بال", "كال", "فال", "لل", "ال"].map { Array($0.utf8) } : []
        // light10's suffix list, in the order it is tried; each is stripped at most once.
        var suffixList: [String] = []
        for suffix in ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"] {
            let plural = ["ان", "ات", "ون", "ين"].contains(suffix)
            if plural ? groups.contains(.pluralSuffixes) : groups.contains(.pronounSuffixes) {
                suffixList.append(suffix)
            }
        }
        suffixes = suffixList.map { Array($0.utf8) }
    }

    /// The stem of a folded term.
    public func stem(_ term: String) -> String {
        var bytes = Array(term.utf8)
        let range = bytes.withUnsafeMutableBufferPointer { stem($0, 0..<$0.count) }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The stem of a folded term with only its prefix removed (what a prefix query looks up).
    public func stripPrefix(_ term: String) -> String {
        var bytes = Array(term.utf8)
        let range = bytes.withUnsafeMutableBufferPointer { stripPrefix($0, 0..<$0.count) }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The byte range of the stem of the term at `range` of `bytes`.
    func stem(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var range = stripPrefix(bytes, range)
        guard !suffixes.isEmpty, isArabic(bytes, range) else { return range }
        var length = letterCount(bytes, range)
        for suffix in suffixes where length >= 2 + suffix.count / 2 {
            if hasSuffix(bytes, range, suffix) {
                range = range.lowerBound..<(range.upperBound - suffix.count)
                length -= suffix.count / 2
            }
        }
        return range
    }

    /// The byte range of the term at `range` with one attached prefix removed.
    func stripPrefix(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        guard isArabic(bytes, range) else { return range }
        let length = letterCount(bytes, range)
        for prefix in articlePrefixes where length >= 2 + prefix.count / 2 {
            if hasPrefix(bytes, range, prefix) { return (range.lowerBound + prefix.count)..<range.upperBound }
        }
        if groups.contains(.conjunction), length >= 4, hasPrefix(bytes, range, conjunction) {
            return (range.lowerBound + conjunction.count)..<range.upperBound
        }
        return range
    }

    @inline(__always)
    private func isArabic(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let first = range.first else { return false }
        return bytes[first] >= 0xD8 && bytes[first] <= 0xDB
    }

    @inline(__always)
    private func letterCount(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for i in range where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    @inline(__always)
    private func hasPrefix(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: [UInt8]) -> Bool {
        guard range.count >= prefix.count else { return false }
        for i in 0..<prefix.count where bytes[range.lowerBound + i] != prefix[i] { return false }
        return true
    }

    @inline(__always)
    private func hasSuffix(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, _ suffix: [UInt8]) -> Bool {
        guard range.count >= suffix.count else { return false }
        let start = range.upperBound - suffix.count
        for i in 0..<suffix.count where bytes[start + i] != suffix[i] { return false }
        return true
    }
}
