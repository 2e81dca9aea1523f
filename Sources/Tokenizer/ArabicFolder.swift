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

    /// The outcome of the table pass over one piece of a word.
    struct Outcome {
        /// The folded term is `out[0..<length]`.
        var length = 0
        /// The part of the source the term covers (its first to last visible character).
        var source: Range<Int> = 0..<0
        /// Where the piece ends: the end of the word, or where its script changes.
        var pieceEnd = 0
        /// Whether the piece is Arabic and the word goes on in Latin letters or digits (و in "وIBM").
        var attachedPrefix = false
        /// A scalar of the piece needs ICU; nothing useful was written and `pieceEnd` is not set.
        var needsICU = false
    }

    /// Folds the piece of `src[range]` that starts at `range.lowerBound` into `out`, which must have
    /// room for `range.count` bytes (folding never lengthens text). With `splitsScripts` the piece
    /// ends where the word changes between Arabic and Latin letters or digits, otherwise at
    /// `range.upperBound`. With `allowICU` false, scalars that would need ICU are kept as they are.
    @inline(__always)
    func fold(
        _ src: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        into out: UnsafeMutablePointer<UInt8>, allowICU: Bool, splitsScripts: Bool = false
    ) -> Outcome {
        var result = Outcome()
        var i = range.lowerBound
        var o = 0
        var sourceStart = -1
        var sourceEnd = -1
        var lastBase: UInt32 = 0
        var lastBaseOut = -1
        var script = ScriptBoundaries.Script.neutral
        while i < range.upperBound {
            let (scalar, length) = UTF8Scalar.decode(src, at: i)
            if splitsScripts {
                let s = table.script(of: scalar)
                if s != .neutral {
                    if script != .neutral && s != script {
                        result.attachedPrefix = script == .arabic
                        break
                    }
                    script = s
                }
            }
            var decision = table.decision(for: scalar)
            if case .composingMark = decision {
                if lastBaseOut >= 0, let composed = FoldingTable.composition(of: lastBase, with: scalar) {
                    var folded = composed
                    if case .map(let m) = table.decision(for: composed) { folded = m }
                    _ = UTF8Scalar.encode(folded, into: out, at: lastBaseOut)
                    lastBase = 0
                    lastBaseOut = -1
                    sourceEnd = i + length
                    i += length
                    continue
                }
                decision = deletesDiacritics ? .deleteMark : .keep
            }
            switch decision {
            case .keep, .needsICU, .composingMark:
                if case .needsICU = decision, allowICU {
                    result.needsICU = true
                    return result
                }
                if !Self.isHarakah(scalar) {
                    lastBase = scalar
                    lastBaseOut = o
                }
                for k in 0..<length { out[o + k] = src[i + k] }
                o += length
                if sourceStart < 0 { sourceStart = i }
                sourceEnd = i + length
            case .map(let mapped):
                if !Self.isHarakah(scalar) {
                    lastBase = scalar
                    lastBaseOut = o
                }
                o += UTF8Scalar.encode(mapped, into: out, at: o)
                if sourceStart < 0 { sourceStart = i }
                sourceEnd = i + length
            case .deleteMark:
                if sourceStart >= 0 { sourceEnd = i + length }
            case .deleteOther:
                lastBase = 0
                lastBaseOut = -1
            }
            i += length
        }
        result.pieceEnd = i
        if sourceStart >= 0 {
            result.length = o
            result.source = sourceStart..<sourceEnd
        } else {
            result.source = range.lowerBound..<range.lowerBound
        }
        return result
    }

    /// Harakat U+064B–U+0652 do not block a hamza mark from composing with the letter before them.
    @inline(__always)
    private static func isHarakah(_ scalar: UInt32) -> Bool {
        scalar >= 0x064B && scalar <= 0x0652
    }

    /// Folds a piece that needs ICU: NFKC and/or case folding, then the table pass. The result may
    /// be several words (ﷺ is four), each handed to `body`; all cover the piece's source range.
    func foldWithICU(
        _ src: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
        _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
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
        let text = String(decoding: folded, as: UTF16.self)
        // NFKC can yield spaces: ﷺ is four words, and an isolated mark form is space + mark.
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            var bytes = Array(word.utf8)
            let count = bytes.count
            var outBuffer = [UInt8](repeating: 0, count: count)
            bytes.withUnsafeMutableBufferPointer { wordBytes in
                outBuffer.withUnsafeMutableBufferPointer { out in
                    guard let outBase = out.baseAddress else { return }
                    let result = fold(UnsafeBufferPointer(wordBytes), 0..<count, into: outBase, allowICU: false)
                    if result.length > 0 {
                        body(UnsafeBufferPointer(rebasing: out[0..<result.length]), source)
                    }
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
