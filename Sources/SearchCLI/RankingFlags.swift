import ArabicIndex
import ArabicSearchServer
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

    /// The search options these switches describe (checked by ``RankingChoices``, the service's
    /// parameters' checks too).
    func searchOptions() throws -> SearchOptions {
        var choices = RankingChoices()
        choices.k1 = k1
        choices.b = b
        choices.variant = variant
        choices.delta = delta
        choices.titleBoost = titleBoost
        choices.textBoost = textBoost
        choices.fields = fields
        choices.titleB = titleB
        choices.variantWeight = variantWeight
        choices.rm3 = rm3
        choices.feedbackDocuments = feedbackDocuments
        choices.feedbackTerms = feedbackTerms
        choices.originalQueryWeight = originalQueryWeight
        choices.exhaustive = exhaustive
        choices.prune = prune
        choices.coverage = coverage
        choices.proximity = proximity
        choices.proximityWindow = proximityWindow
        choices.rerankDepth = rerankDepth
        do {
            return try choices.searchOptions { "--" + $0 }
        } catch {
            throw CLIError(error.description)
        }
    }
}
