/// Turns text into the terms an index stores and a query looks up.
///
/// This protocol is the whole contract between analysis and indexing: an index built with one
/// analyzer must be searched with an analyzer of the same ``fingerprint``.
///
/// ```swift
/// let analyzer: any Analyzer = ArabicAnalyzer()
/// for token in analyzer.analyze("وَالكِتَابُ") { print(token.term) }   // كتاب
/// ```
public protocol Analyzer: Sendable {
    /// The tokens of `text`: index terms with their positions and original ranges.
    func analyze(_ text: String) -> [Token]

    /// Calls `body` with each index term of `text`, as ``analyze(_:)`` gives them, as bytes
    /// valid during the call: the path indexing takes. The default goes through
    /// ``analyze(_:)``; an analyzer can give its terms without building them as `String`s.
    func forEachTerm(in text: String, _ body: (TermView) -> Void)

    /// The folded words of `text` joined by single spaces, without stop word removal or stemming.
    ///
    /// Used where the surface form matters, e.g. to expand a prefix query over the term dictionary.
    func normalize(_ text: String) -> String

    /// The index term that begins every term a prefix query (`الذكا*`) should match: the word
    /// folded, with attached prefixes stripped as the stemmer strips them but no suffix removed;
    /// `nil` when nothing searchable is left.
    func prefixTerm(_ word: String) -> String?

    /// A stable description of every setting that changes the terms produced.
    var fingerprint: String { get }

    /// The coarser form of the index term `term` under which the index terms that are variants
    /// of one word meet (for Arabic, an aggressive stem: مكتب، مكتبي، كتاب → كتب), so that a
    /// search can also match a query word's variants; `nil` when this analyzer groups no terms.
    /// It changes no index term, so it is not part of the ``fingerprint``.
    func variantKey(of term: String) -> String?

    /// What spelling slips cost between this analyzer's terms, when a misspelt term is looked
    /// for (fuzzy terms, "did you mean"): ``SpellingCosts/uniform`` (the default) unless the
    /// analyzer knows its language's slips. It changes no index term, so it is not part of the
    /// ``fingerprint``.
    var spellingCosts: SpellingCosts { get }

    /// The settings of the built-in Arabic chain from which an equal analyzer is made again
    /// (`ArabicAnalyzer(options:)`), which an on-disk index records so that it opens without
    /// being given its analyzer; `nil` (the default) for any other analyzer, whose index must be
    /// opened with an analyzer of the same ``fingerprint``.
    var arabicOptions: AnalyzerOptions? { get }
}

extension Analyzer {
    /// No grouping of variants.
    public func variantKey(of term: String) -> String? { nil }

    /// Every edit costs 1.
    public var spellingCosts: SpellingCosts { .uniform }

    /// Not the built-in Arabic chain.
    public var arabicOptions: AnalyzerOptions? { nil }

    /// Each token of ``analyze(_:)``, its term's bytes borrowed for the call.
    public func forEachTerm(in text: String, _ body: (TermView) -> Void) {
        for token in analyze(text) {
            var term = token.term
            term.withUTF8 { body(TermView(bytes: $0, position: token.position, utf8Range: token.utf8Range)) }
        }
    }
}
