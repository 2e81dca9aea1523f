import ArabicTokenizer
import ArgumentParser
import Foundation

/// The analyzer switches shared by every command that analyzes text.
struct AnalyzerFlags: ParsableArguments {
    // Optional, so that a switch given explicitly (even at its default) can be told from none.
    @Flag(name: .customLong("stem"), inversion: .prefixedNo, help: "Light stemming (on by default).")
    var stem: Bool?

    @Option(help: ArgumentHelp(
        "The stemmer: light10 (light stemming, the default), snowball (Snowball's Arabic stemmer, from the system's libstemmer0d), isri (the ISRI root stemmer), none.",
        valueName: "light10|snowball|isri|none"))
    var stemmer: Stemmer?

    @Flag(name: .customLong("keep-stopwords"), help: "Keep stop words instead of removing them.")
    var keepStopwords: Bool = false

    @Option(name: .customLong("stopwords"), help: "A stop list file: one word per line, # comments.")
    var stopwordsFile: String?

    @Option(name: .customLong("no-strip"), help: ArgumentHelp(
        "An affix group the stemmer leaves alone (repeatable): \(AffixGroup.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "group"))
    var keptAffixGroups: [AffixGroup] = []

    @Flag(name: .customLong("fold-hamza"), inversion: .prefixedNo, help: "Fold hamza seats ؤ ئ to ء (off by default).")
    var foldHamza: Bool?

    @Option(name: .customLong("no-fold"), help: ArgumentHelp(
        "A folding rule to turn off (repeatable): \(FoldingRule.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "rule"))
    var disabledRules: [FoldingRule] = []

    /// Whether no analyzer switch was given at all (an index's own settings then apply).
    var areDefaults: Bool {
        stem == nil && stemmer == nil && !keepStopwords && stopwordsFile == nil && keptAffixGroups.isEmpty && foldHamza == nil
            && disabledRules.isEmpty
    }

    /// The analyzer these switches describe.
    func makeAnalyzer() throws -> ArabicAnalyzer {
        var options = AnalyzerOptions()
        if foldHamza ?? false { options.folding.insert(.hamzaSeats) } else { options.folding.remove(.hamzaSeats) }
        options.folding.subtract(disabledRules)
        options.removesStopWords = !keepStopwords
        options.stemming = stem ?? true ? AffixGroup.defaults.subtracting(keptAffixGroups) : []
        if let stemmer {
            if stem == false && stemmer != .none { throw CLIError("--no-stem and --stemmer \(stemmer.rawValue) ask for opposite things; give one") }
            if let reason = stemmer.unavailableReason { throw CLIError("--stemmer \(stemmer.rawValue): \(reason)") }
            options.stemmer = stemmer
        }
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
extension Stemmer: ExpressibleByArgument {}
