import ArabicIndex
import ArgumentParser

/// The ranking switches shared by `search` and `eval`: BM25 variant and constants, field boosts,
/// the second phase (coverage, proximity), dynamic pruning.
/// Each one left out keeps the library's default.
struct RankingFlags: ParsableArguments {
    @Option(help: "BM25 term frequency saturation (default \(BM25Parameters().k1)).")
    var k1: Double?

    @Option(help: "BM25 length normalization, 0…1 (default \(BM25Parameters().b)).")
    var b: Double?

    @Option(help: ArgumentHelp(
        "The BM25 variant: \(BM25Variant.allCases.map(\.rawValue).joined(separator: ", ")) (default \(BM25Parameters().variant.rawValue)).",
        valueName: "name"))
    var variant: String?

    @Option(help: "The δ of bm25l and bm25plus (default \(BM25Parameters().delta)).")
    var delta: Double?

    @Option(name: .customLong("title-boost"), help: "The weight of title matches (default \(FieldBoosts().title)).")
    var titleBoost: Double?

    @Option(name: .customLong("text-boost"), help: "The weight of text matches (default \(FieldBoosts().text)).")
    var textBoost: Double?

    @Option(help: ArgumentHelp(
        "How a term's title and text matches make its score: sum (each field saturated on its own, scores added) or bm25f (weighted frequencies added, saturated once) (default \(SearchOptions().fieldScoring.rawValue)).",
        valueName: "sum|bm25f"))
    var fields: String?

    @Option(name: .customLong("title-b"), help: "The title's length normalization, 0…1 (default \(SearchOptions().titleB ?? BM25Parameters().b)).")
    var titleB: Double?

    @Option(name: .customLong("variant-weight"), help: "The weight of a query word's variants (the index terms with its ISRI root, matched as one more term under bm25f; words combined with OR only), 0…1000, 0 off (default \(SearchOptions().variantWeight)).")
    var variantWeight: Double?

    @Flag(help: "Pseudo-relevance feedback (RM3, as Anserini runs it): the best documents of a first search expand the query with the terms of their relevance model (off by default; words combined with OR only).")
    var rm3 = false

    @Option(name: .customLong("fb-docs"), help: "With --rm3: how many first-search documents are taken as relevant (default \(FeedbackParameters().documents)).")
    var feedbackDocuments: Int?

    @Option(name: .customLong("fb-terms"), help: "With --rm3: how many expansion terms are added (default \(FeedbackParameters().terms)).")
    var feedbackTerms: Int?

    @Option(name: .customLong("original-query-weight"),
            help: "With --rm3: the weight of the query as written against the relevance model, 0…1 (default \(FeedbackParameters().originalQueryWeight)).")
    var originalQueryWeight: Double?

    @Flag(help: "Score and count every match instead of skipping the documents that cannot reach the top hits (block-max pruning, the default); the hits are the same, and total_hits is exact.")
    var exhaustive = false

    @Flag(help: .hidden)
    var prune = false

    @Option(help: "Second phase: the exponent of the query-term coverage factor, 0 off (default \(RerankParameters().coverage)).")
    var coverage: Double?

    @Option(help: "Second phase: the weight of the term proximity bonus, 0 off (default \(RerankParameters().proximity)).")
    var proximity: Double?

    @Option(name: .customLong("proximity-window"),
            help: "Second phase: how far apart, in tokens, two query terms count as near (default \(RerankParameters().window)).")
    var proximityWindow: Int?

    @Option(name: .customLong("rerank-depth"),
            help: "Second phase: how many BM25 hits it rescores, at least the hits asked for (default \(RerankParameters().depth)).")
    var rerankDepth: Int?

    /// The search options these switches describe.
    func searchOptions() throws -> SearchOptions {
        var options = SearchOptions()
        // `--prune` asks for what is now the default; it is still accepted, but not beside its opposite.
        guard !(prune && exhaustive) else { throw CLIError("--prune and --exhaustive ask for opposite things; give one") }
        options.prunes = !exhaustive
        if let k1 { options.ranking.k1 = try Self.finite(k1, "--k1", minimum: 0) }
        if let b {
            options.ranking.b = try Self.finite(b, "--b", minimum: 0, maximum: 1)
        }
        if let delta { options.ranking.delta = try Self.finite(delta, "--delta", minimum: 0) }
        if let name = variant {
            guard let value = BM25Variant(rawValue: name.lowercased()) else {
                throw CLIError("--variant: unknown variant \"\(name)\" (known: \(BM25Variant.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.ranking.variant = value
        }
        if let titleBoost { options.boosts.title = try Self.finite(titleBoost, "--title-boost", minimum: 0) }
        if let textBoost { options.boosts.text = try Self.finite(textBoost, "--text-boost", minimum: 0) }
        if let fields {
            guard let value = FieldScoring(rawValue: fields.lowercased()) else {
                throw CLIError("--fields: unknown field scoring \"\(fields)\" (known: \(FieldScoring.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.fieldScoring = value
        }
        if let titleB {
            options.titleB = try Self.finite(titleB, "--title-b", minimum: 0, maximum: 1)
        }
        if let variantWeight {
            options.variantWeight = try Self.finite(variantWeight, "--variant-weight", minimum: 0)
        }
        if rm3 {
            var feedback = FeedbackParameters()
            if let feedbackDocuments {
                guard feedbackDocuments >= 1 else { throw CLIError("--fb-docs must be at least 1, got \(feedbackDocuments)") }
                feedback.documents = feedbackDocuments
            }
            if let feedbackTerms {
                guard feedbackTerms >= 0 else { throw CLIError("--fb-terms must be 0 or more, got \(feedbackTerms)") }
                feedback.terms = feedbackTerms
            }
            if let originalQueryWeight {
                feedback.originalQueryWeight = try Self.finite(originalQueryWeight, "--original-query-weight", minimum: 0, maximum: 1)
            }
            options.feedback = feedback
        } else if feedbackDocuments != nil || feedbackTerms != nil || originalQueryWeight != nil {
            throw CLIError("--fb-docs, --fb-terms and --original-query-weight need --rm3")
        }
        if let coverage { options.rerank.coverage = try Self.finite(coverage, "--coverage", minimum: 0) }
        if let proximity { options.rerank.proximity = try Self.finite(proximity, "--proximity", minimum: 0) }
        if let proximityWindow {
            guard proximityWindow >= 1 else { throw CLIError("--proximity-window must be at least 1, got \(proximityWindow)") }
            options.rerank.window = proximityWindow
        }
        if let rerankDepth {
            guard rerankDepth >= 0 else { throw CLIError("--rerank-depth must be at least 0, got \(rerankDepth)") }
            options.rerank.depth = rerankDepth
        }
        return options
    }

    /// The largest value any weight or constant takes (k1, δ, boosts, proximity, coverage):
    /// far above any useful setting, and low enough that every score stays finite.
    static let largestWeight = 1000.0

    /// `value` when it is a number from `minimum` to `maximum`, else a one-line error naming
    /// the option and its range.
    private static func finite(_ value: Double, _ name: String, minimum: Double, maximum: Double = largestWeight) throws -> Double {
        guard value.isFinite, value >= minimum, value <= maximum else {
            throw CLIError("\(name) must be a number from \(EvalExperiments.number(minimum)) to \(EvalExperiments.number(maximum)), got \(value)")
        }
        return value
    }
}
