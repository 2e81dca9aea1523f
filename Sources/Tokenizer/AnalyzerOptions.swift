import CSnowball

/// The settings of an ``ArabicAnalyzer``: which folding rules, stop words and affixes apply.
///
/// Every step of the analysis chain can be switched off, so that evaluation can measure what
/// each one is worth. The defaults are the analyzer a search engine should use for Arabic.
///
/// ```swift
/// var options = AnalyzerOptions()
/// options.stemming = []            // no light stemming
/// options.removesStopWords = false // keep من، في، على ...
/// let analyzer = ArabicAnalyzer(options: options)
/// ```
public struct AnalyzerOptions: Sendable, Hashable, Codable {
    /// The folding rules that apply. Defaults to ``FoldingRule/defaults`` (all but hamza seats).
    public var folding: Set<FoldingRule>
    /// Whether stop words are removed (each removal leaves a gap in positions).
    public var removesStopWords: Bool
    /// The stop list; `nil` means the built-in Arabic list ``StopWords/arabic``.
    public var stopWords: StopWords?
    /// The affix groups the light stemmer strips; empty turns light stemming off.
    public var stemming: Set<AffixGroup>
    /// The stemmer: ``Stemmer/light10`` (the default, stripping the affix groups of
    /// ``stemming``), Snowball's Arabic stemmer, the ISRI root stemmer, or none.
    public var stemmer: Stemmer
    /// Word pieces longer than this many UTF-8 bytes are not indexed (they are not words).
    public var maximumTokenBytes: Int

    /// The default analyzer: every folding rule but hamza seats, stop words removed, light stemming.
    public init(
        folding: Set<FoldingRule> = FoldingRule.defaults,
        removesStopWords: Bool = true,
        stopWords: StopWords? = nil,
        stemming: Set<AffixGroup> = AffixGroup.defaults,
        stemmer: Stemmer = .light10,
        maximumTokenBytes: Int = 1024
    ) {
        self.folding = folding
        self.removesStopWords = removesStopWords
        self.stopWords = stopWords
        self.stemming = stemming
        self.stemmer = stemmer
        self.maximumTokenBytes = maximumTokenBytes
    }

    private enum CodingKeys: String, CodingKey {
        case folding, removesStopWords, stopWords, stemming, stemmer, maximumTokenBytes
    }

    /// Settings read back; those written before ``stemmer`` existed are ``Stemmer/light10``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        folding = try container.decode(Set<FoldingRule>.self, forKey: .folding)
        removesStopWords = try container.decode(Bool.self, forKey: .removesStopWords)
        stopWords = try container.decodeIfPresent(StopWords.self, forKey: .stopWords)
        stemming = try container.decode(Set<AffixGroup>.self, forKey: .stemming)
        stemmer = try container.decodeIfPresent(Stemmer.self, forKey: .stemmer) ?? .light10
        maximumTokenBytes = try container.decode(Int.self, forKey: .maximumTokenBytes)
    }

    /// A stable, human-readable description of these settings, e.g. for storing beside an index
    /// so that a search with different settings can be refused.
    public var fingerprint: String {
        let rules = folding.sorted().map(\.rawValue).joined(separator: ",")
        let affixes = stemming.sorted().map(\.rawValue).joined(separator: ",")
        let stops: String
        if !removesStopWords {
            stops = "none"
        } else if let list = stopWords {
            stops = "custom:\(list.count):\(list.checksum)"
        } else {
            stops = "arabic:\(StopWords.arabic.count):\(StopWords.arabic.checksum)"
        }
        // The light10 stemmer's fingerprint is the one indexes were built with before there
        // was a choice; another stemmer is named.
        let stemmerName = stemmer == .light10 ? "" : ";stemmer=\(stemmer.rawValue)"
        return "folding=\(rules);stopwords=\(stops);stemming=\(affixes)\(stemmerName);maxbytes=\(maximumTokenBytes)"
    }
}

/// The stemmer an ``ArabicAnalyzer`` applies to each term after folding and stop words.
public enum Stemmer: String, CaseIterable, Sendable, Codable {
    /// Light stemming in the style of Larkey et al.'s light10: the affix groups of
    /// ``AnalyzerOptions/stemming`` stripped. The default.
    case light10
    /// Snowball's Arabic stemmer (the one of Lucene's, tantivy's, Xapian's and bm25s's Snowball
    /// filters), from the system's libstemmer runtime library (see ``unavailableReason``).
    case snowball
    /// The ISRI root-oriented stemmer (Taghva, Elkhoury & Coombs 2005; ``ISRIStemmer``): most
    /// words reduced to their three-letter root.
    case isri
    /// No stemming: terms are folded words.
    case none

    /// Why this stemmer cannot be used on this machine, as one line (Snowball's library is
    /// missing); `nil` when it can. An analyzer whose stemmer cannot be used leaves terms
    /// unstemmed, so check this before indexing or searching with it.
    public var unavailableReason: String? {
        guard self == .snowball else { return nil }
        return csnowball_unavailable_reason().map { String(cString: $0) }
    }
}

/// A group of affixes that the light stemmer can strip, each switchable for ablation.
public enum AffixGroup: String, CaseIterable, Sendable, Codable, Comparable {
    /// The definite article and its attached forms: ال وال بال كال فال لل.
    case definiteArticle = "definite-article"
    /// The conjunction و at the start of a word (when at least three letters remain).
    case conjunction
    /// Dual and plural endings: ان ات ون ين.
    case pluralSuffixes = "plural-suffixes"
    /// Pronoun and feminine endings: ها ه ي يه ية ة.
    case pronounSuffixes = "pronoun-suffixes"

    public static func < (lhs: AffixGroup, rhs: AffixGroup) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// Every group: the light10 stemmer.
    public static let defaults: Set<AffixGroup> = Set(allCases)
}
