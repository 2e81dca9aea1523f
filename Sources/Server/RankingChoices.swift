import ArabicIndex

/// The ranking settings a search can be given by name — `arabic-search`'s switches and the
/// HTTP service's query parameters — checked and turned into `SearchOptions` in one place.
///
/// Each setting left `nil` (or `false`) keeps the library's default. Names are the switches'
/// without their dashes: `k1`, `b`, `variant`, `delta`, `title-boost`, `text-boost`, `fields`,
/// `title-b`, `variant-weight`, `rm3`, `fb-docs`, `fb-terms`, `original-query-weight`,
/// `exhaustive`, `prune`, `coverage`, `proximity`, `proximity-window`, `rerank-depth`.
///
/// ```swift
/// var choices = RankingChoices()
/// choices.k1 = 1.2
/// let options = try choices.searchOptions { "--" + $0 }
/// ```
public struct RankingChoices: Sendable, Equatable {
    public var k1: Double?
    public var b: Double?
    /// A `BM25Variant` by its raw value, in any case.
    public var variant: String?
    public var delta: Double?
    public var titleBoost: Double?
    public var textBoost: Double?
    /// A `FieldScoring` by its raw value, in any case.
    public var fields: String?
    public var titleB: Double?
    public var variantWeight: Double?
    public var rm3 = false
    public var feedbackDocuments: Int?
    public var feedbackTerms: Int?
    public var originalQueryWeight: Double?
    /// Score every match (no pruning).
    public var exhaustive = false
    /// Prune (the default; accepted, but not beside `exhaustive`).
    public var prune = false
    public var coverage: Double?
    public var proximity: Double?
    public var proximityWindow: Int?
    public var rerankDepth: Int?

    /// No setting: every default.
    public init() {}

    /// The names of the settings, as ``RankingChoices`` documents them.
    public static let names = [
        "k1", "b", "variant", "delta", "title-boost", "text-boost", "fields", "title-b", "variant-weight", "rm3",
        "fb-docs", "fb-terms", "original-query-weight", "exhaustive", "prune", "coverage", "proximity",
        "proximity-window", "rerank-depth",
    ]

    /// The largest value any weight or constant takes (k1, δ, boosts, proximity, coverage): far
    /// above any useful setting, and low enough that every score stays finite.
    public static let largestWeight = 1000.0

    /// The search options these settings describe.
    ///
    /// - Parameter naming: how a setting is spelled in messages (`{ "--" + $0 }` on the
    ///   command line).
    /// - Throws: ``RankingChoiceError`` naming the first setting out of its range, or two that
    ///   do not go together.
    public func searchOptions(naming: (String) -> String) throws(RankingChoiceError) -> SearchOptions {
        var options = SearchOptions()
        // `prune` asks for what is now the default; it is still accepted, but not beside its opposite.
        guard !(prune && exhaustive) else {
            throw RankingChoiceError("\(naming("prune")) and \(naming("exhaustive")) ask for opposite things; give one")
        }
        options.prunes = !exhaustive
        if let k1 { options.ranking.k1 = try Self.finite(k1, naming("k1"), minimum: 0) }
        if let b { options.ranking.b = try Self.finite(b, naming("b"), minimum: 0, maximum: 1) }
        if let delta { options.ranking.delta = try Self.finite(delta, naming("delta"), minimum: 0) }
        if let name = variant {
            guard let value = BM25Variant(rawValue: name.lowercased()) else {
                throw RankingChoiceError("\(naming("variant")): unknown variant \"\(name)\" (known: \(BM25Variant.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.ranking.variant = value
        }
        if let titleBoost { options.boosts.title = try Self.finite(titleBoost, naming("title-boost"), minimum: 0) }
        if let textBoost { options.boosts.text = try Self.finite(textBoost, naming("text-boost"), minimum: 0) }
        if let fields {
            guard let value = FieldScoring(rawValue: fields.lowercased()) else {
                throw RankingChoiceError("\(naming("fields")): unknown field scoring \"\(fields)\" (known: \(FieldScoring.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.fieldScoring = value
        }
        if let titleB { options.titleB = try Self.finite(titleB, naming("title-b"), minimum: 0, maximum: 1) }
        if let variantWeight { options.variantWeight = try Self.finite(variantWeight, naming("variant-weight"), minimum: 0) }
        if rm3 {
            var feedback = FeedbackParameters()
            if let feedbackDocuments {
                guard feedbackDocuments >= 1 else {
                    throw RankingChoiceError("\(naming("fb-docs")) must be at least 1, got \(feedbackDocuments)")
                }
                feedback.documents = feedbackDocuments
            }
            if let feedbackTerms {
                guard feedbackTerms >= 0 else {
                    throw RankingChoiceError("\(naming("fb-terms")) must be 0 or more, got \(feedbackTerms)")
                }
                feedback.terms = feedbackTerms
            }
            if let originalQueryWeight {
                feedback.originalQueryWeight = try Self.finite(originalQueryWeight, naming("original-query-weight"),
                                                               minimum: 0, maximum: 1)
            }
            options.feedback = feedback
        } else if feedbackDocuments != nil || feedbackTerms != nil || originalQueryWeight != nil {
            throw RankingChoiceError("\(naming("fb-docs")), \(naming("fb-terms")) and \(naming("original-query-weight")) need \(naming("rm3"))")
        }
        if let coverage { options.rerank.coverage = try Self.finite(coverage, naming("coverage"), minimum: 0) }
        if let proximity { options.rerank.proximity = try Self.finite(proximity, naming("proximity"), minimum: 0) }
        if let proximityWindow {
            guard proximityWindow >= 1 else {
                throw RankingChoiceError("\(naming("proximity-window")) must be at least 1, got \(proximityWindow)")
            }
            options.rerank.window = proximityWindow
        }
        if let rerankDepth {
            guard rerankDepth >= 0 else {
                throw RankingChoiceError("\(naming("rerank-depth")) must be at least 0, got \(rerankDepth)")
            }
            options.rerank.depth = rerankDepth
        }
        return options
    }

    /// `value` when it is a number from `minimum` to `maximum`, else a one-line error naming
    /// the setting and its range.
    private static func finite(_ value: Double, _ name: String, minimum: Double, maximum: Double = largestWeight)
        throws(RankingChoiceError) -> Double
    {
        guard value.isFinite, value >= minimum, value <= maximum else {
            throw RankingChoiceError("\(name) must be a number from \(written(minimum)) to \(written(maximum)), got \(value)")
        }
        return value
    }

    /// A setting's value as a person writes it, without needless digits: 0.4, 1, 1.25.
    public static func written(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

/// A ranking setting out of its range, or two that do not go together; the description is one
/// line naming them.
public struct RankingChoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
