import Foundation
import ArabicTokenizer

/// What a search does about words that look misspelt ("did you mean").
///
/// A query word looks misspelt when its term is not in the index, or when a term within its
/// fuzzy budget (``FuzzyBudget``, under ``SearchOptions/spellingCosts``) is far more frequent
/// (``moreFrequentFactor`` times, the word itself in at most ``rareWord`` documents). Its
/// correction is the term within the budget that is most likely meant: the largest
/// `ln(1 + document frequency) − costWeight × distance`, a noisy-channel choice in which each
/// whole edit makes a term `e^costWeight` times less likely. Words of fewer than
/// ``shortestWord`` characters, prefixes (`word*`) and fuzzy terms (`word~`) are left as typed.
/// A corrected query that matches nothing is not suggested.
public enum SpellingCorrection: String, Sendable, CaseIterable {
    /// No suggestion.
    case off
    /// A suggestion beside the results of the query as typed.
    case suggest
    /// The suggestion searched instead of the query as typed (a notice says so).
    case autoCorrect = "auto-correct"

    /// The weight of a whole edit against the log of document frequencies: a half edit more
    /// must be met by a term e⁴ ≈ 55 times more frequent. Chosen on spelling-bench (dev
    /// questions of three collections, each left out in turn: 8 was the choice in every fold
    /// among 3, 4, 6 and 8; docs/SPELLING.md).
    public static let costWeight = 8.0
    /// How many times more frequent a close term must be for a word found in the index to
    /// look misspelt. Lower factors (50, 200) corrected rare but right words of clean
    /// questions and cost up to 0.012 nDCG@10 on spelling-bench.
    public static let moreFrequentFactor = 1000
    /// The most documents a word found in the index may have and still look misspelt.
    public static let rareWord = 2
    /// The fewest characters (of the index term) a word must have to be corrected.
    public static let shortestWord = 3
}

/// Finds misspelt words in query text and writes the corrected query.
struct SpellingSuggester<Source: SearchSource> {
    let index: Source
    let costs: SpellingCosts

    /// `text` with its misspelt words corrected; `nil` when none looks misspelt.
    func suggestion(for text: String) throws(Source.Failure) -> String? {
        guard let tokens = try? QueryLexer.tokens(of: text) else { return nil }
        // Each piece of `text` to replace, by character offsets.
        var replacements: [(range: Range<Int>, with: String)] = []
        for token in tokens {
            let inner: String
            let offset: Int
            switch token.kind {
            case .word(let word):
                // Prefixes and fuzzy terms are the user's own expansions.
                guard !word.hasSuffix("*"), !word.contains("~") else { continue }
                (inner, offset) = (word, token.column - 1)
            case .phrase(let phrase, _):
                (inner, offset) = (phrase, token.column)
            default:
                continue
            }
            guard let corrected = try corrected(inner) else { continue }
            replacements.append((offset..<(offset + inner.count), corrected))
        }
        guard !replacements.isEmpty else { return nil }
        var characters = Array(text)
        for replacement in replacements.reversed() {
            guard replacement.range.upperBound <= characters.count else { return nil }
            characters.replaceSubrange(replacement.range, with: Array(replacement.with))
        }
        let suggested = String(characters)
        return suggested == text ? nil : suggested
    }

    /// `words` (one query word, or a phrase's text) with each misspelt word corrected; `nil`
    /// when none is.
    private func corrected(_ words: String) throws(Source.Failure) -> String? {
        var replacements: [(range: Range<Int>, with: String)] = []
        for token in index.analyzer.analyze(words) {
            guard let term = try correction(of: token.term) else { continue }
            let original = String(token.originalText(in: words))
            // The word as typed, folded, with its term replaced: prefixes the analyzer strips
            // (ال، و) stay as typed.
            let folded = index.analyzer.normalize(original)
            var surface = term
            if let range = folded.range(of: token.term) { surface = folded.replacingCharacters(in: range, with: term) }
            replacements.append((token.utf8Range, surface))
        }
        guard !replacements.isEmpty else { return nil }
        var bytes = Array(words.utf8)
        for replacement in replacements.reversed() where replacement.range.upperBound <= bytes.count {
            bytes.replaceSubrange(replacement.range, with: Array(replacement.with.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The term most likely meant by `term`, when `term` looks misspelt.
    func correction(of term: String) throws(Source.Failure) -> String? {
        let length = term.unicodeScalars.count
        guard length >= SpellingCorrection.shortestWord else { return nil }
        let frequency = try documentFrequency(of: term)
        guard frequency <= SpellingCorrection.rareWord else { return nil }
        let budget = Double(Swift.max(1, FuzzyBudget.edits(forTermLength: length)))
        let (lexicon, matches) = try index.closestTerms(to: term, within: budget, costs: costs)
        var best: (number: Int, score: Double)?
        for (number, cost) in matches where cost > 0 {
            let score = log(1 + Double(lexicon.frequency(number))) - SpellingCorrection.costWeight * cost
            if best.map({ score > $0.score }) ?? true { best = (number, score) }
        }
        guard let best else { return nil }
        let found = lexicon.frequency(best.number)
        guard frequency == 0 || found >= SpellingCorrection.moreFrequentFactor * frequency else { return nil }
        return lexicon.term(best.number)
    }

    /// The largest document frequency of `term` over the fields; 0 when it is not indexed.
    private func documentFrequency(of term: String) throws(Source.Failure) -> Int {
        try index.searchArenas.withArena { arena throws(Source.Failure) in
            guard let found = try index.term(term, arena: arena) else { return 0 }
            return DocumentField.allCases.map { index.documentFrequency(of: found, in: $0) }.max() ?? 0
        }
    }
}

extension SearchRun {
    /// The results of query text `text` (parsed with `parse`), with ``SearchOptions/spelling``
    /// applied: a suggestion beside them, or the suggestion's results instead.
    static func search<Source: SearchSource>(
        _ index: Source, text: String, options: SearchOptions, parse: (String) throws(QuerySyntaxError) -> Query
    ) throws(SearchError) -> SearchResults where Source.Failure: SearchFailure {
        func failure(_ error: Source.Failure) -> SearchError { error.searchError }
        let tree: Query
        do { tree = try parse(text) } catch { throw .syntax(error) }
        func run(_ tree: Query, _ text: String, _ options: SearchOptions) throws(SearchError) -> SearchResults {
            do { return try SearchRun.run(index, query: tree, text: text, options: options) } catch { throw failure(error) }
        }
        guard options.spelling != .off else { return try run(tree, text, options) }
        let suggester = SpellingSuggester(index: index, costs: options.spellingCosts ?? index.analyzer.spellingCosts)
        let suggested: String?
        do { suggested = try suggester.suggestion(for: text) } catch { throw failure(error) }
        guard let suggested, let corrected = try? parse(suggested) else { return try run(tree, text, options) }
        // A suggestion that finds nothing is none.
        if options.spelling == .autoCorrect {
            let found = try run(corrected, suggested, options)
            guard found.totalHits > 0 else { return try run(tree, text, options) }
            var results = SearchResults(query: text, parsed: found.parsed, totalHits: found.totalHits,
                                        totalHitsIsExact: found.totalHitsIsExact, hits: found.hits,
                                        notices: ["searched for \(suggested) instead of \(text)"] + found.notices)
            results.suggestion = SpellingSuggestion(query: suggested, totalHits: found.totalHits, wasSearched: true)
            return results
        }
        var results = try run(tree, text, options)
        // The suggestion's count: the same search, without its texts.
        var counting = options
        counting.limit = 1
        counting.loadsStoredText = false
        counting.explain = false
        let count = try run(corrected, suggested, counting)
        guard count.totalHits > 0 else { return results }
        results.suggestion = SpellingSuggestion(query: suggested, totalHits: count.totalHits, wasSearched: false)
        return results
    }
}

/// A source's error as a ``SearchError``.
protocol SearchFailure: Error {
    var searchError: SearchError { get }
}

extension IndexStoreError: SearchFailure {
    var searchError: SearchError { .index(self) }
}

extension Never: SearchFailure {
    var searchError: SearchError {
        switch self {}
    }
}
