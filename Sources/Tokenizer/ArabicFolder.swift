import CArabicICU

/// Folds one word piece: applies the enabled ``FoldingRule``s, calling ICU only for the rare
/// words that hold compatibility characters (presentation forms, ligatures, full-width Latin) or
/// non-ASCII cased letters.
struct ArabicFolder: Sendable {
    let table: FoldingTable
    private let deletesDiacritics: Bool

    init(rules: Set<FoldingRule>) {
        table = FoldingTable(rules: rules)
        deletesDiacritics = rules.contains(.diacritics)
    }

    /// The outcome of the table pass over one piece.
    enum Outcome {
        /// The folded term is `out[0..<length]`; `source` is the part of the piece the term covers.
        /// `resegment` is true in the rare case where folding may have changed where the word
        /// breaks, e.g. a tatweel deleted between two apostrophes, or ٫ written `.` after a digit:
        /// the term must then be segmented again, so that analyzing it once more gives itself.
        /// `mixedScripts` is true when the text holds both Arabic and other letters or digits, so
        /// that it is more than one piece (see ``ScriptBoundaries``).
        case folded(length: Int, source: Range<Int>, resegment: Bool, mixedScripts: Bool)
        /// A scalar of the piece needs ICU; nothing useful was written.
        case needsICU
    }

    /// Folds `src[range]` into `out`, which must have room for `range.count` bytes (folding never
    /// lengthens a piece). With `allowICU` false, scalars that would need ICU are kept as they are.
    @inline(__always)
    func fold(
        _ src: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        into out: UnsafeMutablePointer<UInt8>, allowICU: Bool
    ) -> Outcome {
        var i = range.lowerBound
        var o = 0
        var sourceStart = -1
        var sourceEnd = -1
        // Whether a scalar that matters to word breaks was deleted or changed class, and whether
        // the word holds punctuation or a pictograph whose joining could depend on that.
        var changedBreakClass = false
        var breakSensitive = false
        // Which scripts the text holds, as ScriptBoundaries classes them.
        var sawArabic = false
        var sawOther = false
        while i < range.upperBound {
            // Most scalars are Arabic letters that no rule changes (U+0621–U+064A less tatweel,
            // lead bytes D8–D9): copy them straight through.
            let lead = src[i]
            if (lead == 0xD8 || lead == 0xD9) && i + 1 < range.upperBound {
                let letter = UInt32(lead & 0x1F) << 6 | UInt32(src[i + 1] & 0x3F)
                if letter >= 0x0621 && letter <= 0x064A && letter != 0x0640 && table.keeps(letter) {
                    sawArabic = true
                    out[o] = lead
                    out[o + 1] = src[i + 1]
                    o += 2
                    if sourceStart < 0 { sourceStart = i }
                    sourceEnd = i + 2
                    i += 2
                    continue
                }
            } else if (lead >= 0x61 && lead <= 0x7A) || (lead >= 0x30 && lead <= 0x39) {
                // ASCII small letters and digits, which no rule changes either.
                sawOther = true
                out[o] = lead
                o += 1
                if sourceStart < 0 { sourceStart = i }
                sourceEnd = i + 1
                i += 1
                continue
            }
            let (scalar, length) = UTF8Scalar.decode(src, at: i)
            switch ScriptBoundaries.script(of: scalar) {
            case .arabic: sawArabic = true
            case .other: sawOther = true
            case .neutral, .joiner: break
            }
            var decision = table.decision(for: scalar)
            if case .composingMark = decision {
                // Compose with the last letter of the OUTPUT, past any marks: deleted tatweel and
                // format characters do not separate them, a folded letter composes as folded
                // (ی + ٔ = ي + ٔ = ئ), so the folded term folds to itself.
                if let (base, at) = Self.lastStarter(out, o),
                   let composed = FoldingTable.composition(of: base, with: scalar) {
                    var folded = composed
                    if case .map(let m) = table.decision(for: composed) { folded = m }
                    _ = UTF8Scalar.encode(folded, into: out, at: at)  // as long as the base
                    sourceEnd = i + length
                    i += length
                    continue
                }
                decision = deletesDiacritics ? .deleteMark : .keep
            }
            switch decision {
            case .keep, .needsICU, .composingMark:
                if case .needsICU = decision, allowICU { return .needsICU }
                if o == 0 && Self.cannotStartWord(scalar) {
                    // A mark or format character left at the front, e.g. by a deleted tatweel,
                    // would not begin a word when segmented again.
                    if sourceStart >= 0 { sourceEnd = i + length }
                    i += length
                    continue
                }
                if Self.isBreakSensitive(scalar) { breakSensitive = true }
                for k in 0..<length { out[o + k] = src[i + k] }
                o += length
                if sourceStart < 0 { sourceStart = i }
                sourceEnd = i + length
            case .map(let mapped):
                if Self.isBreakSensitive(mapped) { breakSensitive = true }
                if scalar == 0x066B { changedBreakClass = true }  // ٫ is numeric, `.` is not
                o += UTF8Scalar.encode(mapped, into: out, at: o)
                if sourceStart < 0 { sourceStart = i }
                sourceEnd = i + length
            case .deleteMark:
                if sourceStart >= 0 { sourceEnd = i + length }
                if Self.isWordBreakLetter(scalar) { changedBreakClass = true }
            case .deleteOther:
                if Self.isWordBreakLetter(scalar) { changedBreakClass = true }
            }
            i += length
        }
        if sourceStart < 0 {
            return .folded(length: 0, source: range.lowerBound..<range.lowerBound, resegment: false,
                           mixedScripts: sawArabic && sawOther)
        }
        return .folded(length: o, source: sourceStart..<sourceEnd, resegment: changedBreakClass && breakSensitive,
                       mixedScripts: sawArabic && sawOther)
    }

    /// Whether the scalar is a combining mark or a format character, which never begins a word.
    @inline(__always)
    private static func cannotStartWord(_ scalar: UInt32) -> Bool {
        if scalar < 0x0300 { return scalar == 0x00AD }
        if scalar >= 0x0621 && scalar <= 0x064A { return false }  // Arabic letters
        return UTF8Scalar.isMarkOrFormat(scalar)
    }

    /// Deletable scalars that UAX #29 does not ignore inside a word: tatweel, small waw and yeh
    /// (letters), the end-of-ayah signs (numbers) and ZWJ (which joins a pictograph).
    @inline(__always)
    private static func isWordBreakLetter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x0640, 0x06DD, 0x06E5, 0x06E6, 0x08E2, 0x200D: return true
        default: return false
        }
    }

    /// Scalars whose joining with their neighbours UAX #29 decides by context: ASCII punctuation,
    /// the other in-word punctuation, and everything from U+2000 on (pictographs, CJK, ...).
    @inline(__always)
    private static func isBreakSensitive(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return false
        case 0...0x7F, 0xA9, 0xAE, 0xB7, 0x0387, 0x055F, 0x05F4, 0x060C, 0x060D, 0x066B, 0x066C, 0x07F8: return true
        default: return scalar >= 0x2000
        }
    }

    /// The last scalar of `out[0..<count]` that is not a combining mark, and where it starts.
    private static func lastStarter(_ out: UnsafeMutablePointer<UInt8>, _ count: Int) -> (UInt32, Int)? {
        let bytes = UnsafeBufferPointer(start: out, count: count)
        var end = count
        while end > 0 {
            var start = end - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let (scalar, _) = UTF8Scalar.decode(bytes, at: start)
            if !UTF8Scalar.isNonStarter(scalar) { return (scalar, start) }
            end = start
        }
        return nil
    }

    /// Folds a piece that needs ICU: NFKC and/or case folding, then the table pass. The result may
    /// hold several words (ﷺ is four, an isolated mark form is a space and a mark), so the caller
    /// segments it again; every word covers the piece's source range, handed to `body` as well.
    func foldWithICU(
        _ src: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        _ body: (UnsafeMutableBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        var piece = String(decoding: UnsafeBufferPointer(rebasing: src[range]), as: UTF8.self)
        if table.rules.contains(.compatibilityForms) && piece.unicodeScalars.contains("\u{FDFD}") {
            // ﷽ has no decomposition in Unicode; spell out the four words it stands for.
            piece = piece.replacingScalar("\u{FDFD}", with: " بسم الله الرحمن الرحيم ")
        }
        let utf16 = Array(piece.utf16)
        var folded = utf16
        var capacity = utf16.count * 3 + 16
        while true {
            var output = [UInt16](repeating: 0, count: capacity)
            let n = utf16.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { buffer in
                    Int(cai_compatibility_fold(input.baseAddress, Int32(input.count), buffer.baseAddress,
                                               Int32(buffer.count), table.icuFlags))
                }
            }
            if n < 0 { break }  // ICU failed: fold the piece as written.
            if n <= capacity {
                folded = Array(output[0..<n])
                break
            }
            capacity = n
        }
        let source = trimmedSource(src, range)
        var bytes = Array(String(decoding: folded, as: UTF16.self).utf8)
        let count = bytes.count
        var outBuffer = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBufferPointer { wordBytes in
            outBuffer.withUnsafeMutableBufferPointer { out in
                guard let outBase = out.baseAddress else { return }
                let result = fold(UnsafeBufferPointer(wordBytes), 0..<count, into: outBase, allowICU: false)
                if case .folded(let length, _, _, _) = result, length > 0 {
                    body(UnsafeMutableBufferPointer(rebasing: out[0..<length]), source)
                }
            }
        }
    }

    /// The piece's range less leading and trailing characters that are invisible or tatweel.
    private func trimmedSource(_ src: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var scalars: [(Int, Int, UInt32)] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let (scalar, length) = UTF8Scalar.decode(src, at: i)
            scalars.append((i, length, scalar))
            i += length
        }
        let visible = scalars.filter { !FoldingTable.isInvisibleMark($0.2) && $0.2 != 0x0640 }
        guard let first = visible.first, let last = visible.last else { return range }
        return first.0..<(last.0 + last.1)
    }
}

extension String {
    fileprivate func replacingScalar(_ scalar: Unicode.Scalar, with replacement: String) -> String {
        var result = ""
        for s in unicodeScalars {
            if s == scalar { result += replacement } else { result.unicodeScalars.append(s) }
        }
        return result
    }
}
