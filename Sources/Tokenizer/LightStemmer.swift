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
    private let articlePrefixes: AffixList
    private let stripsConjunction: Bool
    private let suffixes: AffixList

    /// An affix of up to four Arabic letters, its UTF-8 bytes packed little-endian into an integer.
    struct Affix: Sendable {
        let packed: UInt64
        let byteCount: Int
        let letterCount: Int

        init(_ text: String) {
            var packed: UInt64 = 0
            for (k, byte) in text.utf8.prefix(8).enumerated() { packed |= UInt64(byte) << UInt64(8 * k) }
            self.packed = packed
            byteCount = min(8, text.utf8.count)
            letterCount = text.unicodeScalars.count
        }

        /// Whether the bytes at `start..<start + byteCount` spell this affix.
        @inline(__always)
        func matches(_ bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Bool {
            guard let base = bytes.baseAddress else { return false }
            let p = UnsafeRawPointer(base + start)
            switch byteCount {
            case 2: return UInt64(p.loadUnaligned(as: UInt16.self)) == packed
            case 4: return UInt64(p.loadUnaligned(as: UInt32.self)) == packed
            case 6:
                return UInt64(p.loadUnaligned(as: UInt32.self))
                    | UInt64(p.loadUnaligned(fromByteOffset: 4, as: UInt16.self)) &<< 32 == packed
            default:
                var value: UInt64 = 0
                for k in 0..<byteCount { value |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) &<< UInt64(8 &* k) }
                return value == packed
            }
        }
    }

    private static let conjunction = Affix("و")

    /// A fixed list of affixes in memory it owns (no reference counting in the stemming loop).
    final class AffixList: @unchecked Sendable {
        let affixes: UnsafeMutableBufferPointer<Affix>
        var count: Int { affixes.count }

        init(_ list: [Affix]) {
            affixes = .allocate(capacity: list.count)
            _ = affixes.initialize(from: list)
        }

        deinit { affixes.deallocate() }
    }

    /// A stemmer that strips the affixes of `groups` (all of light10 by default).
    public init(groups: Set<AffixGroup> = AffixGroup.defaults) {
        self.groups = groups
        articlePrefixes = groups.contains(.definiteArticle)
            ? AffixList(["وال", "بال", "كال", "فال", "لل", "ال"].map(Affix.init)) : AffixList([])
        stripsConjunction = groups.contains(.conjunction)
        // light10's suffix list, in the order it is tried; each is stripped at most once.
        var suffixList: [String] = []
        for suffix in ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"] {
            let plural = ["ان", "ات", "ون", "ين"].contains(suffix)
            if plural ? groups.contains(.pluralSuffixes) : groups.contains(.pronounSuffixes) {
                suffixList.append(suffix)
            }
        }
        suffixes = AffixList(suffixList.map(Affix.init))
    }

    /// The stem of a folded term.
    public func stem(_ term: String) -> String {
        var bytes = Array(term.utf8)
        let range = bytes.withUnsafeMutableBufferPointer { stem($0, 0..<$0.count) }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// A folded term with only its attached prefix removed (what a prefix query looks up).
    public func stripPrefix(_ term: String) -> String {
        var bytes = Array(term.utf8)
        let range = bytes.withUnsafeMutableBufferPointer { stripPrefix($0, 0..<$0.count) }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The byte range of the stem of the term at `range` of `bytes`.
    @inline(__always)
    func stem(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        guard isArabic(bytes, range) else { return range }
        var lower = range.lowerBound
        var upper = range.upperBound
        var letters = letterCount(bytes, range)
        if let prefix = strippablePrefix(bytes, lower, upper, letters) {
            lower += prefix.byteCount
            letters -= prefix.letterCount
        }
        for k in 0..<suffixes.count {
            let suffix = suffixes.affixes[k]
            guard letters >= 2 + suffix.letterCount && upper - lower >= suffix.byteCount else { continue }
            if suffix.matches(bytes, at: upper - suffix.byteCount) {
                upper -= suffix.byteCount
                letters -= suffix.letterCount
            }
        }
        return lower..<upper
    }

    /// The byte range of the term at `range` with one attached prefix removed.
    func stripPrefix(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        guard isArabic(bytes, range) else { return range }
        let letters = letterCount(bytes, range)
        guard let prefix = strippablePrefix(bytes, range.lowerBound, range.upperBound, letters) else { return range }
        return (range.lowerBound + prefix.byteCount)..<range.upperBound
    }

    /// The prefix light10 strips from the term at `lower..<upper`: an article form when at least
    /// two letters remain, else the conjunction و when at least three remain.
    @inline(__always)
    private func strippablePrefix(
        _ bytes: UnsafeMutableBufferPointer<UInt8>, _ lower: Int, _ upper: Int, _ letters: Int
    ) -> Affix? {
        for k in 0..<articlePrefixes.count {
            let prefix = articlePrefixes.affixes[k]
            if letters >= 2 + prefix.letterCount && upper - lower >= prefix.byteCount && prefix.matches(bytes, at: lower) {
                return prefix
            }
        }
        let conjunction = Self.conjunction
        if stripsConjunction, letters >= 4, conjunction.matches(bytes, at: lower) { return conjunction }
        return nil
    }

    @inline(__always)
    private func isArabic(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2 else { return false }
        let first = bytes[range.lowerBound]
        return first >= 0xD8 && first <= 0xDB
    }

    /// The number of scalars in `bytes[range]`: bytes that are not UTF-8 continuation bytes,
    /// counted eight at a time.
    @inline(__always)
    private func letterCount(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var continuation = 0
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // A continuation byte is 10xxxxxx: top bit set, next bit clear.
            let marks = word & ~(word &<< 1) & 0x8080_8080_8080_8080
            continuation += marks.nonzeroBitCount
            i += 8
        }
        while i < range.upperBound {
            if base[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return range.count - continuation
    }
}
