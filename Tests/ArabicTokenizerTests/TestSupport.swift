import Testing
@testable import ArabicTokenizer

/// One row of a folding table: `input` normalized with the default options gives `folded`; with
/// the rule under test switched off (or, for ``FoldingRule/hamzaSeats``, switched on) it gives
/// `unfolded` when that is given.
struct FoldCase: Sendable, CustomTestStringConvertible {
    let input: String
    let folded: String
    let unfolded: String?
    let note: String

    init(_ input: String, _ folded: String, unfolded: String? = nil, _ note: String = "") {
        self.input = input
        self.folded = folded
        self.unfolded = unfolded
        self.note = note
    }

    var testDescription: String {
        let codes = input.unicodeScalars.prefix(12).map { String($0.value, radix: 16, uppercase: true) }
        return (note.isEmpty ? "" : note + " ") + "[" + codes.joined(separator: " ") + "]"
    }
}

/// The analyzers the tests compare, built once.
enum Analyzers {
    static let standard = ArabicAnalyzer()
    static let keepingStopWords = ArabicAnalyzer(options: AnalyzerOptions(removesStopWords: false))
    static let unstemmed = ArabicAnalyzer(options: AnalyzerOptions(removesStopWords: false, stemming: []))

    /// The default analyzer less one folding rule.
    static func without(_ rule: FoldingRule) -> ArabicAnalyzer {
        var options = AnalyzerOptions()
        options.folding.remove(rule)
        return ArabicAnalyzer(options: options)
    }

    /// The default analyzer plus one folding rule.
    static func with(_ rule: FoldingRule) -> ArabicAnalyzer {
        var options = AnalyzerOptions()
        options.folding.insert(rule)
        return ArabicAnalyzer(options: options)
    }
}

/// The string of the given scalars.
func scalars(_ values: UInt32...) -> String {
    var s = ""
    for v in values {
        if let scalar = Unicode.Scalar(v) { s.unicodeScalars.append(scalar) }
    }
    return s
}

/// The string of one scalar.
func scalar(_ value: UInt32) -> String { scalars(value) }

/// Hex code of a scalar, for messages.
func hex(_ value: UInt32) -> String { "U+" + String(value, radix: 16, uppercase: true) }

/// Checks one folding row: default normalize, and normalize with `rule` toggled.
func checkFolding(_ row: FoldCase, rule: FoldingRule, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Analyzers.standard.normalize(row.input) == row.folded, "default", sourceLocation: sourceLocation)
    if let unfolded = row.unfolded {
        let toggled = rule == .hamzaSeats ? Analyzers.with(rule) : Analyzers.without(rule)
        #expect(toggled.normalize(row.input) == unfolded, "rule \(rule) toggled", sourceLocation: sourceLocation)
    }
}

/// Every token's original text in `input`.
func originals(_ input: String, _ analyzer: ArabicAnalyzer = Analyzers.unstemmed) -> [String] {
    analyzer.analyze(input).map { String($0.originalText(in: input)) }
}

/// The terms of `input`.
func terms(_ input: String, _ analyzer: ArabicAnalyzer = Analyzers.standard) -> [String] {
    analyzer.analyze(input).map(\.term)
}
