import CArabicICU

/// Finds the words and numbers of a UTF-8 text with ICU's word break rules (UAX #29).
///
/// Spaces and punctuation (including the Arabic comma ، semicolon ؛ and question mark ؟) fall
/// between words and are dropped. The ranges are UTF-8 byte offsets into the text that was given,
/// so every later step can point back to the original, diacritized word.
public struct WordSegmenter: Sendable {
    /// The longest stretch handed to ICU at once; longer texts are cut at a space or line break.
    static let maximumChunk = 1 << 29

    /// Whether the UTF-8 fast path may stand in for ICU's iterator (it reports the same words).
    let usesFastPath: Bool

    /// A word segmenter over ICU's root word rules.
    public init() { usesFastPath = true }

    /// A segmenter that, with `usesFastPath` false, always runs ICU's iterator: slower, and useful
    /// to check that the fast path reports the same words.
    public init(usesFastPath: Bool) { self.usesFastPath = usesFastPath }

    /// The byte ranges of the words of `text`.
    public func wordRanges(in text: String) -> [Range<Int>] {
        var text = text
        var ranges: [Range<Int>] = []
        text.withUTF8 { bytes in
            forEachWord(in: bytes) { ranges.append($0) }
        }
        return ranges
    }

    /// Calls `body` with the byte range of each word of the UTF-8 text `bytes`, in order.
    @inline(__always)
    public func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        // The cursor's batch of spans (1 KiB) and its ICU state live on the stack.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: WordCursor.spanRoom) { spans in
            withUnsafeTemporaryAllocation(byteCount: WordCursor.stateSize, alignment: 16) { state in
                guard let spans = spans.baseAddress, let state = state.baseAddress else { return }
                var cursor = WordCursor(bytes, spans: spans, state: state, usesFastPath: usesFastPath)
                while let word = cursor.next() { body(word) }
            }
        }
    }
}

/// Walks the words of one UTF-8 text in order, in batches from ICU.
struct WordCursor: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var chunkStart = 0
    private var chunkEnd = 0
    private var cursor: OpaquePointer?
    /// Room for a batch of spans (``spanRoom`` values), the caller's.
    private let spans: UnsafeMutablePointer<Int32>
    private var spanCount = 0
    private var spanIndex = 0
    private static let batch: Int32 = 128
    /// The values a batch of spans takes (a start and an end a word).
    static let spanRoom = 2 * Int(batch)

    private let flags: Int32

    /// Room for the C cursor's state (``stateSize`` bytes), the caller's.
    private let state: UnsafeMutableRawPointer
    /// The bytes the C cursor's state takes.
    static let stateSize = cai_word_cursor_size()

    /// A cursor over `bytes`, writing its batches into `spans` (room for ``spanRoom`` values)
    /// and keeping the C cursor in `state` (``stateSize`` bytes).
    init(_ bytes: UnsafeBufferPointer<UInt8>, spans: UnsafeMutablePointer<Int32>, state: UnsafeMutableRawPointer,
         usesFastPath: Bool = true)
    {
        self.bytes = bytes
        self.spans = spans
        self.state = state
        flags = usesFastPath ? 0 : CAI_SEGMENT_ICU_ONLY
    }

    deinit { cai_word_cursor_release(cursor) }

    /// The byte range of the next word, or `nil` at the end of the text.
    @inline(__always)
    mutating func next() -> Range<Int>? {
        while spanIndex == spanCount {
            if !refill() { return nil }
        }
        let start = chunkStart + Int(spans[2 * spanIndex])
        let end = chunkStart + Int(spans[2 * spanIndex + 1])
        spanIndex += 1
        return start..<end
    }

    private mutating func refill() -> Bool {
        spanIndex = 0
        spanCount = 0
        if let cursor {
            spanCount = Int(cai_word_cursor_next(cursor, spans, Self.batch))
            if spanCount > 0 { return true }
            cai_word_cursor_release(cursor)
            self.cursor = nil
            chunkStart = chunkEnd
        }
        guard chunkStart < bytes.count, let base = bytes.baseAddress else { return false }
        // Open the next chunk, cut at a space or line break so that no word is split.
        var end = min(bytes.count, chunkStart + WordSegmenter.maximumChunk)
        if end < bytes.count {
            var cut = end
            while cut > chunkStart && bytes[cut - 1] != 0x20 && bytes[cut - 1] != 0x0A { cut -= 1 }
            if cut == chunkStart {
                cut = end
                while cut > chunkStart && (bytes[cut] & 0xC0) == 0x80 { cut -= 1 }
            }
            end = cut
        }
        chunkEnd = end
        var status: Int32 = 0
        cursor = cai_word_cursor_open_in(state, base + chunkStart, Int64(end - chunkStart), flags, &status)
        if cursor == nil {
            // ICU could not open the chunk (out of memory): skip it rather than loop.
            chunkStart = end
        }
        return true
    }
}

/// Splits one word where it changes between Arabic script and Latin letters or digits.
///
/// ICU keeps "وIBM" or "لـChatGPT" as one word; a search engine wants the Latin word on its own
/// and the attached Arabic prefix apart. Marks, tatweel and format characters belong to the piece
/// they follow (so do combining marks of any script, and a pictograph joined by ZWJ). Punctuation
/// that UAX #29 allows inside a word (the `'` of "m'ب", the `.` of "ب.com", the `_` of "ب_a")
/// joins only within a piece: at a script change it is dropped, as a piece that began or ended
/// with it would not be one word when segmented again.
enum ScriptBoundaries {
    enum Script { case arabic, other, neutral, joiner }

    @inline(__always)
    static func script(of scalar: UInt32) -> Script {
        // Fast paths: Arabic letters and ASCII letters and digits, nearly every scalar of a text.
        if scalar >= 0x0621 && scalar <= 0x064A && scalar != 0x0640 { return .arabic }
        if scalar < 0x80 {
            switch scalar {
            case 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x5F: return .joiner
            default: return .other
            }
        }
        switch scalar {
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x08D3...0x08FF, 0x0640,
             0x0300...0x036F, 0x200C...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0x00AD, 0x061C,
             0xFE00...0xFE0F:
            return .neutral
        // UAX #29 MidLetter, MidNum, MidNumLet and ExtendNumLet, and the Arabic decimal separator.
        case 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x5F, 0xB7, 0x037E, 0x0387, 0x055F, 0x05F4, 0x060C, 0x060D, 0x066B, 0x066C,
             0x07F8, 0x2018, 0x2019, 0x2024, 0x2027, 0x202F, 0x203F, 0x2040, 0x2044, 0x2054, 0xFE10, 0xFE13,
             0xFE14, 0xFE33, 0xFE34, 0xFE4D...0xFE4F, 0xFE50, 0xFE52, 0xFE54, 0xFE55, 0xFF07, 0xFF0C, 0xFF0E,
             0xFF1A, 0xFF1B, 0xFF3F:
            return .joiner
        case 0x0660...0x066A, 0x06F0...0x06F9:
            return .other
        case 0x0600...0x06FF, 0x0750...0x077F, 0x0870...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF,
             0x1EE00...0x1EEFF:
            return .arabic
        case 0xA9, 0xAE:
            return .neutral  // pictographs, inside a word only after a ZWJ
        case 0..<0x0300, 0x0370...0x0482, 0x048A...0x052F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3:
            return .other  // no marks, format characters or pictographs here (fast path)
        default:
            return UTF8Scalar.isMarkOrFormat(scalar) || UTF8Scalar.isPictograph(scalar) ? .neutral : .other
        }
    }

    /// Calls `body` with each piece of `word` and whether the piece is Arabic and followed by a
    /// non-Arabic piece of the same word (an attached prefix such as و in "وIBM").
    static func forEachPiece(
        of word: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>,
        _ body: (Range<Int>, _ attachedPrefix: Bool) -> Void
    ) {
        var pieceStart = word.lowerBound
        // The end of the piece so far, less joiners (and what follows them) since its last letter.
        var pieceEnd = word.lowerBound
        var afterJoiner = false
        var current = Script.neutral
        var i = word.lowerBound
        while i < word.upperBound {
            let (scalar, length) = UTF8Scalar.decode(bytes, at: i)
            switch script(of: scalar) {
            case .neutral:
                if !afterJoiner { pieceEnd = i + length }
            case .joiner:
                afterJoiner = true
            case let s:
                if current != .neutral && s != current {
                    if pieceEnd > pieceStart { body(pieceStart..<pieceEnd, current == .arabic) }
                    pieceStart = i
                }
                current = s
                afterJoiner = false
                pieceEnd = i + length
            }
            i += length
        }
        if pieceStart < word.upperBound { body(pieceStart..<word.upperBound, false) }
    }
}

/// Decoding and encoding of single scalars in well-formed UTF-8.
enum UTF8Scalar {
    /// Whether the scalar is an emoji-like pictograph (UAX #29 keeps one inside a word after ZWJ).
    static func isPictograph(_ scalar: UInt32) -> Bool {
        guard scalar >= 0x2000, let value = Unicode.Scalar(scalar) else { return false }
        return value.properties.isEmoji
    }

    /// Whether the scalar is a combining mark with a non-zero canonical combining class (which a
    /// hamza mark composes past, as in NFC).
    static func isNonStarter(_ scalar: UInt32) -> Bool {
        if scalar < 0x0300 || (scalar >= 0x0621 && scalar <= 0x064A) { return false }
        guard let value = Unicode.Scalar(scalar) else { return false }
        return value.properties.canonicalCombiningClass.rawValue != 0
    }

    /// Whether the scalar is a combining mark (UAX #29 Extend) or a format character: it belongs
    /// to the character before it and never begins a word.
    static func isMarkOrFormat(_ scalar: UInt32) -> Bool {
        guard let value = Unicode.Scalar(scalar) else { return false }
        let properties = value.properties
        if properties.isGraphemeExtend || (0x1F3FB...0x1F3FF).contains(scalar) { return true }  // + skin tones
        switch properties.generalCategory {
        case .spacingMark, .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    /// Writes `scalar` at `out[o...]` and returns the number of bytes written.
    @inline(__always)
    static func encode(_ scalar: UInt32, into out: UnsafeMutablePointer<UInt8>, at o: Int) -> Int {
        if scalar < 0x80 {
            out[o] = UInt8(scalar)
            return 1
        }
        if scalar < 0x800 {
            out[o] = UInt8(0xC0 | (scalar >> 6))
            out[o + 1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        }
        if scalar < 0x10000 {
            out[o] = UInt8(0xE0 | (scalar >> 12))
            out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[o + 2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        }
        out[o] = UInt8(0xF0 | (scalar >> 18))
        out[o + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
        out[o + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
        out[o + 3] = UInt8(0x80 | (scalar & 0x3F))
        return 4
    }
}
