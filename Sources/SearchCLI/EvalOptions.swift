import ArabicEvaluation
import ArabicIndex
import ArabicTokenizer
import ArgumentParser
import Foundation

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
        do { return try Topics(contentsOfFile: path) } catch { throw CLIError(error) }
    }

    static func qrels(_ path: String) throws -> Qrels {
        do { return try Qrels(contentsOfFile: path) } catch { throw CLIError(error) }
    }

    static func run(_ path: String) throws -> Run {
        do { return try Run(contentsOfFile: path) } catch { throw CLIError(error) }
    }

    static func metrics(_ names: String) throws -> [Metric] {
        do { return try Metric.list(names) } catch { throw CLIError(error) }
    }

    static func metric(_ name: String) throws -> Metric {
        do { return try Metric(name: name) } catch { throw CLIError(error) }
    }

    /// The documents of a corpus file (strict: a malformed line is an error).
    static func documents(_ path: String) throws -> [Document] {
        do {
            return try CorpusReader.load(paths: [path], strict: true).documents
        } catch {
            throw CLIError(error)
        }
    }

    /// An index of `documents`, and how long building it took (reading excluded).
    static func index(_ documents: [Document], analyzer: ArabicAnalyzer) throws -> (InMemoryIndex, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let index = try InMemoryIndex(documents: documents, analyzer: analyzer)
            return (index, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        } catch {
            throw CLIError(error)
        }
    }

    /// `topics` with each text replaced by its spelling suggestion on `index` (with `costs`;
    /// `nil`: the analyzer's), where there is one and it matches a document (as a search's
    /// suggestion must), and how many were replaced. `syntax`: the topics are searched as query
    /// syntax, not bags of words.
    static func correctingSpelling<Index: SearchableIndex>(_ topics: Topics, on index: Index, costs: SpellingCosts?,
                                                           syntax: Bool) throws -> (topics: Topics, corrected: Int)
    {
        var corrected = 0
        var result: [Topic] = []
        result.reserveCapacity(topics.count)
        var probe = SearchOptions()
        probe.limit = 1
        probe.loadsStoredText = false
        for topic in topics.topics {
            var text = topic.text
            do {
                if let suggestion = try index.suggestedSpelling(for: topic.text, costs: costs),
                   let query = try? TopicSearch.query(for: Topic(id: topic.id, text: suggestion), analyzer: index.analyzer,
                                                      mode: syntax ? .syntax : .bagOfWords),
                   try index.search(query, options: probe).totalHits > 0
                {
                    text = suggestion
                    corrected += 1
                }
            } catch {
                throw CLIError(error)
            }
            result.append(Topic(id: topic.id, text: text))
        }
        return (Topics(result), corrected)
    }

    /// The topics' queries. With `syntax`, a topic that is not a valid query is left out with a
    /// warning naming it (it then counts 0, as a topic without hits does), and the rest run.
    static func queries(_ topics: Topics, analyzer: any Analyzer, syntax: Bool) throws -> [TopicQuery] {
        var queries: [TopicQuery] = []
        queries.reserveCapacity(topics.count)
        var skipped = 0
        for topic in topics.topics {
            do {
                let query = try TopicSearch.query(for: topic, analyzer: analyzer, mode: syntax ? .syntax : .bagOfWords)
                queries.append(TopicQuery(topicID: topic.id, query: query))
            } catch {
                skipped += 1
                Terminal.standardError("arabic-search: warning: \(error.description) (topic skipped)")
            }
        }
        if skipped > 0 {
            Terminal.standardError("arabic-search: warning: \(skipped) of \(topics.count) topics skipped: not valid queries")
        }
        return queries
    }

    /// The on-disk index in `directory`, with its own analyzer, or with `analyzer` (which must
    /// be the one it was built with) when given.
    static func diskIndex(_ directory: String, analyzer: ArabicAnalyzer?) throws -> DiskIndex {
        do { return try DiskIndex(directory: directory, analyzer: analyzer) } catch { throw CLIError(error) }
    }

    /// `body`'s result, with an index's failure as a one-line error.
    static func searching<Result>(_ body: () throws -> Result) throws -> Result {
        do { return try body() } catch let error as IndexStoreError { throw CLIError(error) }
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
