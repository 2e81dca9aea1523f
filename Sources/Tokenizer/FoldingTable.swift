import CArabicICU

/// The enabled folding rules compiled into one lookup: what happens to each scalar of a word.
///
/// Scalars below U+0900 (ASCII, Latin, Arabic and its supplements) are decided by a flat table;
/// above it, the invisible marks by a switch and everything else by two bitsets over the BMP that
/// say whether ICU's NFKC or case folding could change the scalar.
///
/// The tables live in memory this object owns and never changes after `init`, so it is safe to
/// share between threads; plain pointers keep reference counting out of the per-character loop.
final class FoldingTable: @unchecked Sendable {
    /// What the folder does with one scalar.
    enum Decision: Equatable {
        /// The scalar stays as it is.
        case keep
        /// The scalar becomes another one.
        case map(UInt32)
        /// The scalar is a mark that is deleted (it still belongs to the word's original range).
        case deleteMark
        /// The scalar is deleted and does not widen the word's original range (tatweel, format characters).
        case deleteOther
        /// The scalar may compose with the preceding letter (U+0653–U+0655).
        case composingMark
        /// ICU must fold the word (NFKC or case folding can change this scalar).
        case needsICU
    }

    // Packed decisions for the table: 0 keep, values below 0x110000 map, sentinels above.
    private static let keepCode: UInt32 = 0
    private static let deleteMarkCode: UInt32 = 0xFFFF_FFFC
    private static let deleteOtherCode: UInt32 = 0xFFFF_FFFD
    private static let composingCode: UInt32 = 0xFFFF_FFFE
    private static let icuCode: UInt32 = 0xFFFF_FFFF
    static let tableLimit: UInt32 = 0x0900

    private let low: UnsafeMutablePointer<UInt32>
    private let icuBits: UnsafeMutablePointer<UInt64>
    private let invisibleDeleted: Bool
    /// The ICU foldings (CAI_FOLD_* flags) that apply.
    let icuFlags: Int32
    /// The decisions of the table rules, for the hamza compositions.
    let rules: Set<FoldingRule>

    init(rules: Set<FoldingRule>) {
        self.rules = rules
        var flags: Int32 = 0
        if rules.contains(.compatibilityForms) { flags |= CAI_FOLD_COMPATIBILITY }
        if rules.contains(.latinCase) { flags |= CAI_FOLD_CASE }
        icuFlags = flags
        let bits = flags == 0 ? [UInt64](repeating: 0, count: 1024) : CharacterChanges.bits(for: flags)
        icuBits = .allocate(capacity: 1024)
        icuBits.initialize(from: bits, count: 1024)
        invisibleDeleted = rules.contains(.invisibleMarks)

        var table = [UInt32](repeating: Self.keepCode, count: Int(Self.tableLimit))
        // Scalars ICU would change, e.g. Latin capitals, ª, ½, NBSP, ٵ (U+0675).
        if flags != 0 {
            for scalar in 0x80..<Self.tableLimit where bits[Int(scalar >> 6)] & (1 << UInt64(scalar & 63)) != 0 {
                table[Int(scalar)] = Self.icuCode
            }
        }
        if rules.contains(.latinCase) {
            for scalar in UInt32(0x41)...0x5A { table[Int(scalar)] = scalar + 0x20 }
        }
        for rule in FoldingRule.allCases where rules.contains(rule) {
            for (source, replacement) in rule.characterMappings where source < Self.tableLimit {
                if let replacement {
                    table[Int(source)] = replacement
                } else {
                    table[Int(source)] = rule == .diacritics ? Self.deleteMarkCode : Self.deleteOtherCode
                }
            }
        }
        for mark in UInt32(0x0653)...0x0655 { table[Int(mark)] = Self.composingCode }
        low = .allocate(capacity: table.count)
        low.initialize(from: table, count: table.count)
    }

    deinit {
        low.deallocate()
        icuBits.deallocate()
    }

    @inline(__always)
    private func testBit(_ scalar: UInt32) -> Bool {
        icuBits[Int(scalar &>> 6)] & (1 &<< UInt64(scalar & 63)) != 0
    }

    /// Whether no rule changes the scalar, which must be below ``tableLimit``.
    @inline(__always)
    func keeps(_ scalar: UInt32) -> Bool {
        low[Int(scalar)] == Self.keepCode
    }

    /// The decision for one scalar.
    @inline(__always)
    func decision(for scalar: UInt32) -> Decision {
        if scalar < Self.tableLimit {
            let code = low[Int(scalar)]
            switch code {
            case Self.keepCode: return .keep
            case Self.deleteMarkCode: return .deleteMark
            case Self.deleteOtherCode: return .deleteOther
            case Self.composingCode: return .composingMark
            case Self.icuCode: return .needsICU
            default: return .map(code)
            }
        }
        if invisibleDeleted && Self.isInvisibleMark(scalar) { return .deleteOther }
        if icuFlags & CAI_FOLD_COMPATIBILITY != 0 && scalar == 0xFDFD { return .needsICU }  // ﷽
        if icuFlags == 0 { return .keep }
        if scalar > 0xFFFF { return .needsICU }
        return testBit(scalar) ? .needsICU : .keep
    }

    /// Whether the scalar is one of the invisible format characters of ``FoldingRule/invisibleMarks``.
    @inline(__always)
    static func isInvisibleMark(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x00AD, 0x061C, 0x200C...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// The letter that `base` and the combining `mark` (U+0653–U+0655) compose to, as NFC does.
    static func composition(of base: UInt32, with mark: UInt32) -> UInt32? {
        switch (base, mark) {
        case (0x0627, 0x0653): return 0x0622  // آ
        case (0x0627, 0x0654): return 0x0623  // أ
        case (0x0627, 0x0655): return 0x0625  // إ
        case (0x0648, 0x0654): return 0x0624  // ؤ
        case (0x064A, 0x0654): return 0x0626  // ئ
        case (0x06D5, 0x0654): return 0x06C0  // ۀ
        case (0x06C1, 0x0654): return 0x06C2  // ۂ
        case (0x06D2, 0x0654): return 0x06D3  // ۓ
        default: return nil
        }
    }
}

/// Which BMP scalars ICU's NFKC and case folding can change, computed once per process.
enum CharacterChanges {
    private static let compatibilityAndCase: (compatibility: [UInt64], caseFolding: [UInt64]) = {
        var compatibility = [UInt64](repeating: 0, count: 1024)
        var caseFolding = [UInt64](repeating: 0, count: 1024)
        let status = compatibility.withUnsafeMutableBufferPointer { compatibility in
            caseFolding.withUnsafeMutableBufferPointer { caseFolding in
                cai_character_changes_bmp(compatibility.baseAddress, caseFolding.baseAddress)
            }
        }
        return status == 0 ? (compatibility, caseFolding) : askingEachCharacter()
    }()

    /// The two bitsets from ``cai_character_changes(_:)`` asked of every BMP code point: what
    /// the property ranges give, found slowly.
    static func askingEachCharacter() -> (compatibility: [UInt64], caseFolding: [UInt64]) {
        var compatibility = [UInt64](repeating: 0, count: 1024)
        var caseFolding = [UInt64](repeating: 0, count: 1024)
        for scalar in UInt32(0)...0xFFFF {
            let changes = cai_character_changes(scalar)
            if changes & CAI_FOLD_COMPATIBILITY != 0 {
                compatibility[Int(scalar >> 6)] |= 1 << UInt64(scalar & 63)
            }
            if changes & CAI_FOLD_CASE != 0 {
                caseFolding[Int(scalar >> 6)] |= 1 << UInt64(scalar & 63)
            }
        }
        return (compatibility, caseFolding)
    }

    /// The BMP code points the ICU foldings in `flags` can change, as 1024 words of bits.
    static var sets: (compatibility: [UInt64], caseFolding: [UInt64]) { compatibilityAndCase }

    static func bits(for flags: Int32) -> [UInt64] {
        let sets = compatibilityAndCase
        var result = [UInt64](repeating: 0, count: 1024)
        for i in 0..<1024 {
            if flags & CAI_FOLD_COMPATIBILITY != 0 { result[i] |= sets.compatibility[i] }
            if flags & CAI_FOLD_CASE != 0 { result[i] |= sets.caseFolding[i] }
        }
        return result
    }
}
