import ArabicIndex
import ArabicTokenizer
import ArgumentParser
import Foundation

/// `arabic-search [search] QUERY`: ranked search over the bundled article or the user's documents.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the bundled article, or your own documents with --corpus.",
        discussion: """
            Query language: bare words are OR-ed and ranked by BM25; +word required, -word excluded; \
            AND, OR, NOT and parentheses; "a phrase", "a phrase"~N within N positions; prefix*; \
            title:word or text:word restricts to a field.

            Exit status: 0 when there are hits, 1 when there are none (an empty query, or one of stop words only, included: one line on stderr says so), 2 on an error.
            """
    )

    @Argument(help: "The query (several arguments are joined by spaces).")
    var query: [String] = []

    @Option(name: .customLong("corpus"), help: ArgumentHelp(
        "Documents to search instead of the bundled article: a .jsonl file ({\"id\",\"title\",\"text\"} per line), a .txt file (one paragraph a document), a folder of them, or - for JSONL on standard input. Repeatable.",
        valueName: "path"))
    var corpora: [String] = []

    @Option(name: .customLong("index"), help: ArgumentHelp(
        "Search an index directory built with arabic-search index build (analyzer flags, when given, must match its settings).",
        valueName: "dir"))
    var indexDirectory: String?

    @Flag(help: "Stop at the first malformed JSONL line instead of skipping it.")
    var strict = false

    @Option(name: .customLong("top"), help: "How many hits to show.")
    var top = 10

    @Flag(help: "Print one JSON object with the hits and UTF-8 highlight offsets.")
    var json = false

    @Flag(help: "Show how each query term contributed to each hit's score.")
    var explain = false

    @OptionGroup var ranking: RankingFlags

    @Flag(help: "When a query word looks misspelt, search the suggested spelling instead of the query as typed (a notice on standard error says so).")
    var autoCorrect = false

    @Flag(help: "Make no \"Did you mean\" suggestion.")
    var noSuggestion = false

    @Option(help: ArgumentHelp("Reorder and shape Arabic for terminals without bidi support: auto, visual or logical.", valueName: "mode"))
    var bidi: BidiMode = .auto

    @Option(help: ArgumentHelp("Colour highlights: auto (a terminal without NO_COLOR), always or never.", valueName: "when"))
    var color: ColorMode = .auto

    @OptionGroup var analyzerFlags: AnalyzerFlags

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        if query.isEmpty {
            // A lone query word that starts with - (an exclusion) reads as an option.
            if let dashed = CommandLine.arguments.dropFirst().first(where: { $0.hasPrefix("-") && !$0.hasPrefix("--")
                && ($0.unicodeScalars.dropFirst().first.map { !$0.isASCII } ?? false) })
            {
                throw ValidationError("\"\(dashed)\" reads as an option; to search for it, write -- before the query: arabic-search -- \"\(dashed)\"")
            }
            throw ValidationError("a query is required, e.g. arabic-search \"الذكاء الاصطناعي\"")
        }
        if indexDirectory != nil, !corpora.isEmpty { throw ValidationError("--index and --corpus cannot be combined") }
        if autoCorrect, noSuggestion { throw ValidationError("--auto-correct and --no-suggestion cannot be combined") }
    }

    func run() throws {
        var options = try ranking.searchOptions()
        options.limit = top
        options.explain = explain
        options.spelling = autoCorrect ? .autoCorrect : noSuggestion ? .off : .suggest
        let text = query.joined(separator: " ")
        if let indexDirectory {
            let given: (any Analyzer)? = analyzerFlags.areDefaults ? nil : try analyzerFlags.makeAnalyzer()
            // With an index, the time reported includes opening it.
            let start = DispatchTime.now().uptimeNanoseconds
            let results: SearchResults
            do {
                let index = try DiskIndex(directory: indexDirectory, analyzer: given)
                results = try index.search(text, options: options)
            } catch {
                throw CLIError(error)
            }
            try report(results, start: start)
            return
        }
        let analyzer = try analyzerFlags.makeAnalyzer()
        let documents = try loadDocuments()
        if documents.isEmpty { Terminal.standardError("arabic-search: the corpus holds no documents") }
        let index: InMemoryIndex
        do {
            index = try InMemoryIndex(documents: documents, analyzer: analyzer)
        } catch {
            throw CLIError(error)
        }

        let start = DispatchTime.now().uptimeNanoseconds
        let results: SearchResults
        do {
            results = try index.search(text, options: options)
        } catch {
            throw CLIError(error)
        }
        try report(results, start: start)
    }

    private func report(_ results: SearchResults, start: UInt64) throws {
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        for notice in results.notices { Terminal.standardError("arabic-search: \(notice)") }
        let output: String
        if json {
            output = SearchOutput.json(results, milliseconds: milliseconds, explain: explain)
        } else {
            let style = Terminal.style(color: color, bidi: bidi)
            output = SearchOutput.human(results, style: style, explain: explain)
        }
        Terminal.writeOutput(output)
        if results.hits.isEmpty { throw ExitCode(1) }
    }

    private func loadDocuments() throws -> [Document] {
        try Self.documents(of: corpora, strict: strict)
    }

    /// The documents of `corpora` (the bundled article's paragraphs when there are none), read
    /// as a stream: lines over 64 MiB skipped (an error with `strict`), at most
    /// ``inMemoryCorpusLimit`` bytes, malformed lines reported on standard error.
    static func documents(of corpora: [String], strict: Bool) throws -> [Document] {
        guard !corpora.isEmpty else {
            return CorpusReader.paragraphs(BundledArticle.text)
        }
        var documents: [Document] = []
        var stream: CorpusStream
        do { stream = try CorpusStream(paths: corpora, strict: strict) } catch { throw CLIError(error) }
        stream.byteLimit = inMemoryCorpusLimit
        do {
            while let batch = try stream.next() {
                documents += batch
                Terminal.warnSkipped(stream.takeProblems())
            }
            Terminal.warnSkipped(stream.takeProblems())
        } catch {
            guard stream.bytesRead > inMemoryCorpusLimit else { throw CLIError(error) }
            throw CLIError("\(error); to search more, build an index (arabic-search index build) and search it with --index")
        }
        return documents
    }

    /// The most corpus bytes `search --corpus` reads into memory: 1 GiB.
    static let inMemoryCorpusLimit = 1 << 30
}
