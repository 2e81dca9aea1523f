import ArabicIndex
import ArabicTokenizer
import ArgumentParser
import Foundation

/// The ranking switches of `arabic-search eval`: BM25 variant and constants, field boosts.
struct EvalRankingOptions: ParsableArguments {
    @Option(help: "BM25 term frequency saturation (default 0.9).")
    var k1: Double?

    @Option(help: "BM25 length normalization, 0…1 (default 0.4).")
    var b: Double?

    @Option(help: ArgumentHelp(
        "The BM25 variant: \(BM25Variant.allCases.map(\.rawValue).joined(separator: ", ")) (default lucene).",
        valueName: "name"))
    var variant: String?

    @Option(help: "The δ of bm25l and bm25plus (default 0.5).")
    var delta: Double?

    @Option(name: .customLong("title-boost"), help: "The weight of title matches (default 1).")
    var titleBoost: Double?

    @Option(name: .customLong("text-boost"), help: "The weight of text matches (default 1).")
    var textBoost: Double?

    /// The search options these switches describe.
    func searchOptions() throws -> SearchOptions {
        var options = SearchOptions()
        if let k1 { options.ranking.k1 = try Self.finite(k1, "--k1", minimum: 0) }
        if let b {
            options.ranking.b = try Self.finite(b, "--b", minimum: 0)
            guard b <= 1 else { throw CLIError("--b must be between 0 and 1, got \(b)") }
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
        return options
    }

    private static func finite(_ value: Double, _ name: String, minimum: Double) throws -> Double {
        guard value.isFinite, value >= minimum else { throw CLIError("\(name) must be a number ≥ \(minimum), got \(value)") }
        return value
    }
}

/// The analyzer `eval` indexes with: the shared analyzer switches, or the `plain` preset.
enum EvalAnalyzer {
    /// The analyzer for preset `name` (`arabic`: the analyzer switches; `plain`: Latin case
    /// folding only, no stop words, no stemming, as the peers' "plain" analyzers).
    static func make(preset name: String, flags: AnalyzerFlags) throws -> ArabicAnalyzer {
        switch name.lowercased() {
        case "arabic":
            return try flags.makeAnalyzer()
        case "plain":
            return ArabicAnalyzer(options: AnalyzerOptions(folding: [.latinCase], removesStopWords: false, stemming: []))
        default:
            throw CLIError("--analyzer: unknown analyzer \"\(name)\" (known: arabic, plain)")
        }
    }
}

/// Reading the inputs of `eval` with one-line errors.
enum EvalInputs {
    static func topics(_ path: String) throws -> Topics {
        do { return try Topics(contentsOfFile: path) } catch { throw CLIError(error.description) }
    }

    static func qrels(_ path: String) throws -> Qrels {
        do { return try Qrels(contentsOfFile: path) } catch { throw CLIError(error.description) }
    }

    static func run(_ path: String) throws -> Run {
        do { return try Run(contentsOfFile: path) } catch { throw CLIError(error.description) }
    }

    static func metrics(_ names: String) throws -> [Metric] {
        do { return try Metric.list(names) } catch { throw CLIError(error.description) }
    }

    static func metric(_ name: String) throws -> Metric {
        do { return try Metric(name: name) } catch { throw CLIError(error.description) }
    }

    /// The documents of a corpus file (strict: a malformed line is an error).
    static func documents(_ path: String) throws -> [Document] {
        do {
            return try CorpusReader.load(paths: [path], strict: true).documents
        } catch {
            throw CLIError(error.description)
        }
    }

    /// An index of `documents`, and how long building it took (reading excluded).
    static func index(_ documents: [Document], analyzer: ArabicAnalyzer) throws -> (InMemoryIndex, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let index = try InMemoryIndex(documents: documents, analyzer: analyzer)
            return (index, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        } catch {
            throw CLIError(error.description)
        }
    }

    static func queries(_ topics: Topics, analyzer: ArabicAnalyzer, syntax: Bool) throws -> [TopicQuery] {
        do {
            return try TopicSearch.queries(for: topics, analyzer: analyzer, mode: syntax ? .syntax : .bagOfWords)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Refuses identifiers that a TREC run cannot hold (they contain spaces or tabs).
    static func checkWritable(topics: Topics, documents: [Document]) throws {
        if let topic = topics.topics.first(where: { Self.hasSpace($0.id) }) {
            throw CLIError("topic id \"\(topic.id)\" contains a space or tab; a TREC run cannot hold it")
        }
        if let document = documents.first(where: { Self.hasSpace($0.id) }) {
            throw CLIError("document id \"\(document.id)\" contains a space or tab; a TREC run cannot hold it")
        }
    }

    private static func hasSpace(_ id: String) -> Bool {
        id.unicodeScalars.contains { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }

    /// Writes `text` to `path`, with a one-line error naming the file.
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("\(path): cannot be written")
        }
    }
}
