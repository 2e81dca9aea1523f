/// One orthographic variation that Arabic writers make and the analyzer can fold away.
///
/// Every rule is independent and switchable through ``AnalyzerOptions/folding``. The rules that
/// map or delete characters of the Arabic block and the invisible marks are compiled into one
/// lookup table (see `FoldingTable`); ``latinCase`` and ``compatibilityForms`` are applied with
/// ICU's case folding and NFKC.
///
/// ```swift
/// var options = AnalyzerOptions()
/// options.folding.remove(.tehMarbuta)   // keep ة distinct from ه
/// options.folding.insert(.hamzaSeats)   // مسؤول = مسئول
/// ```
public enum FoldingRule: String, CaseIterable, Sendable, Codable, Comparable {
    /// Presentation forms, ligatures and other compatibility characters become the letters they
    /// stand for (ICU NFKC): ﻻ → لا, ﷲ → الله, full-width Latin → ASCII, ﷽ → four words.
    case compatibilityForms = "compatibility-forms"
    /// Latin (and every other cased script) is case-folded: NASA → nasa.
    case latinCase = "latin-case"
    /// Harakat U+064B–U+0652, superscript alef U+0670, marks U+0653–U+065F, Quranic annotation
    /// marks U+0610–U+061A and U+06D6–U+06ED, and the extended Arabic marks U+08D3–U+08FF are deleted.
    case diacritics
    /// Tatweel (kashida) U+0640 is deleted.
    case tatweel
    /// Invisible format characters are deleted: ZWNJ, ZWJ, LRM, RLM, ALM, the bidi embeddings and
    /// isolates (U+202A–U+202E, U+2066–U+2069), word joiners (U+2060–U+2064), BOM and soft hyphen.
    case invisibleMarks = "invisible-marks"
    /// Alef forms آ أ إ ٱ ٲ ٳ become bare alef ا.
    case alefForms = "alef-forms"
    /// Alef maqsura ى becomes yeh ي.
    case alefMaqsura = "alef-maqsura"
    /// Teh marbuta ة becomes heh ه.
    case tehMarbuta = "teh-marbuta"
    /// Persian and Urdu letters written in Arabic text become their Arabic twins: ک → ك, ی ے → ي, ہ ۀ → ه.
    case persianLetters = "persian-letters"
    /// Arabic-Indic digits ٠–٩ and extended digits ۰–۹ become ASCII 0–9, and the Arabic decimal
    /// and thousands separators ٫ ٬ become `.` and `,`, so ٣٫٥ = 3.5 and ٣٬٥٠٠ = 3,500.
    case digits
    /// Hamza seats ؤ ئ become bare hamza ء, so مسؤول = مسئول and شؤون = شئون. Off by default.
    case hamzaSeats = "hamza-seats"

    public static func < (lhs: FoldingRule, rhs: FoldingRule) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// The rules that are on unless the caller turns them off: every rule but ``hamzaSeats``.
    public static let defaults: Set<FoldingRule> = Set(allCases).subtracting([.hamzaSeats])

    /// The single-character mappings of a table rule: source scalar → replacement (`nil` deletes).
    ///
    /// Empty for ``latinCase`` and ``compatibilityForms``, which ICU applies.
    public var characterMappings: [(source: UInt32, replacement: UInt32?)] {
        switch self {
        case .compatibilityForms, .latinCase:
            return []
        case .diacritics:
            var scalars: [UInt32] = Array(0x064B...0x065F) + [0x0670]
            scalars += Array(0x0610...0x061A)
            // U+06D6–U+06ED less the three symbols U+06DE, U+06E9 (signs, never inside a word).
            scalars += Array(0x06D6...0x06ED).filter { $0 != 0x06DE && $0 != 0x06E9 }
            scalars += Array(0x08D3...0x08FF)
            return scalars.map { ($0, nil) }
        case .tatweel:
            return [(0x0640, nil)]
        case .invisibleMarks:
            let scalars: [UInt32] = [0x00AD, 0x061C, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF]
                + Array(0x202A...0x202E) + Array(0x2060...0x2064) + Array(0x2066...0x2069)
            return scalars.map { ($0, nil) }
        case .alefForms:
            return [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673].map { ($0, 0x0627) }
        case .alefMaqsura:
            return [(0x0649, 0x064A)]
        case .tehMarbuta:
            return [(0x0629, 0x0647)]
        case .persianLetters:
            return [(0x06A9, 0x0643), (0x06CC, 0x064A), (0x06D2, 0x064A), (0x06C1, 0x0647), (0x06C0, 0x0647)]
        case .digits:
            return (0...9).flatMap { d -> [(source: UInt32, replacement: UInt32?)] in
                [(0x0660 + UInt32(d), 0x30 + UInt32(d)), (0x06F0 + UInt32(d), 0x30 + UInt32(d))]
            } + [(0x066B, 0x2E), (0x066C, 0x2C)]
        case .hamzaSeats:
            return [(0x0624, 0x0621), (0x0626, 0x0621)]
        }
    }
}
