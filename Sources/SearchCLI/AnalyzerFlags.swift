import ArabicTokenizer
import ArgumentParser
import Foundation

/// The analyzer switches shared by every command that analyzes text.
struct AnalyzerFlags: ParsableArguments {
    @Flag(name: .customLong("stem"), inversion: .prefixedNo, help: "Light stemming (on by default).")
    var stem: Bool = true

    @Flag(name: .customLong("keep-stopwords"), help: "Keep stop words instead of removing them.")
    var keepStopwords: Bool = false

    @Option(name: .customLong("stopwords"), help: "A stop list file: one word per line, # comments.")
    var stopwordsFile: String?

    @Option(name: .customLong("no-strip"), help: ArgumentHelp(
        "An affix group the stemmer leaves alone (repeatable): \(AffixGroup.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "group"))
    var keptAffixGroups: [AffixGroup] = []

    @Flag(name: .customLong("fold-hamza"), inversion: .prefixedNo, help: "Fold hamza seats ؤ ئ to ء (off by default).")
    var foldHamza: Bool = false

    @Option(name: .customLong("no-fold"), help: ArgumentHelp(
        "A folding rule to turn off (repeatable): \(FoldingRule.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "rule"))
    var disabledRules: [FoldingRule] = []

    /// Whether no switch changes the default analyzer.
    var areDefaults: Bool {
        stem && !keepStopwords && stopwordsFile == nil && keptAffixGroups.isEmpty && !foldHamza && disabledRules.isEmpty
    }

    /// The analyzer these switches describe.
    func makeAnalyzer() throws -> ArabicAnalyzer {
        var options = AnalyzerOptions()
        if foldHamza { options.folding.insert(.hamzaSeats) } else { options.folding.remove(.hamzaSeats) }
        options.folding.subtract(disabledRules)
        options.removesStopWords = !keepStopwords
        options.stemming = stem ? AffixGroup.defaults.subtracting(keptAffixGroups) : []
        if let path = stopwordsFile {
            let text = try InputText.read(path: path)
            do {
                options.stopWords = try StopWords(contents: text)
            } catch let error as StopWordsError {
                throw CLIError("\(path): \(error)")
            }
        }
        return ArabicAnalyzer(options: options)
    }
}

extension FoldingRule: ExpressibleByArgument {}
extension AffixGroup: ExpressibleByArgument {}
