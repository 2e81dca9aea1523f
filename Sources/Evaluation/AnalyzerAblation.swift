import ArabicIndex
import ArabicTokenizer

/// One analyzer configuration of an ablation study: a name and its settings.
public struct AnalyzerVariant: Sendable, Hashable {
    /// What was turned off (`full` for the base configuration), e.g. `no folding: diacritics`.
    public let name: String
    /// The analyzer settings.
    public let options: AnalyzerOptions

    /// A variant with the given name and settings.
    public init(name: String, options: AnalyzerOptions) {
        self.name = name
        self.options = options
    }
}

/// One variant's figure in an ablation study.
public struct AblationResult: Sendable, Hashable {
    /// The variant.
    public let variant: AnalyzerVariant
    /// The metric's mean over the judged topics.
    public let mean: Double
    /// `mean` minus the full analyzer's mean (0 for the full analyzer).
    public let delta: Double
}

/// Measures what each step of the analysis chain is worth: the full analyzer, then the same
/// analyzer with one step turned off at a time.
///
/// ```swift
/// let variants = AnalyzerAblation.variants(of: AnalyzerOptions())
/// variants.map(\.name)   // ["full", "no folding: compatibility-forms", …, "no stop words", "no stemming", "no affix: definite-article", …]
/// ```
public enum AnalyzerAblation {
    /// The full configuration `base`, then one variant per folding rule it applies, one
    /// without stop word removal, one without stemming and one per affix group it strips.
    public static func variants(of base: AnalyzerOptions) -> [AnalyzerVariant] {
        var result = [AnalyzerVariant(name: "full", options: base)]
        for rule in FoldingRule.allCases where base.folding.contains(rule) {
            var options = base
            options.folding.remove(rule)
            result.append(AnalyzerVariant(name: "no folding: \(rule.rawValue)", options: options))
        }
        if base.removesStopWords {
            var options = base
            options.removesStopWords = false
            result.append(AnalyzerVariant(name: "no stop words", options: options))
        }
        if !base.stemming.isEmpty {
            var options = base
            options.stemming = []
            result.append(AnalyzerVariant(name: "no stemming", options: options))
            if base.stemming.count > 1 {
                for group in AffixGroup.allCases where base.stemming.contains(group) {
                    var options = base
                    options.stemming.remove(group)
                    result.append(AnalyzerVariant(name: "no affix: \(group.rawValue)", options: options))
                }
            }
        }
        return result
    }

    /// The mean of `metric` for each variant of ``variants(of:)``: for each, `documents` are
    /// indexed with that analyzer and `topics` run as bag-of-words queries.
    ///
    /// - Throws: `IndexingError` when the documents cannot be indexed.
    public static func run(base: AnalyzerOptions, documents: [Document], topics: Topics, qrels: Qrels,
                           metric: Metric, options: SearchOptions = SearchOptions(), depth: Int = 100,
                           threads: Int = 1) throws(IndexingError) -> [AblationResult]
    {
        var results: [AblationResult] = []
        var fullMean = 0.0
        for variant in variants(of: base) {
            let analyzer = ArabicAnalyzer(options: variant.options)
            let index = try InMemoryIndex(documents: documents, analyzer: analyzer)
            let queries = topics.topics.map { topic in
                TopicQuery(topicID: topic.id, query: .boolean(
                    should: analyzer.analyze(topic.text).map { .term($0.term, field: nil) }, must: [], mustNot: []))
            }
            let run = TopicSearch.run(queries, on: index, options: options, depth: depth, threads: threads)
            let mean = Evaluation(run: run, qrels: qrels, metrics: [metric]).means[0]
            if results.isEmpty { fullMean = mean }
            results.append(AblationResult(variant: variant, mean: mean, delta: mean - fullMean))
        }
        return results
    }
}
