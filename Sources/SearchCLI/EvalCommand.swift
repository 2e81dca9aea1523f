import ArabicEvaluation
import ArabicIndex
import ArabicSearchServer
import ArabicTokenizer
import ArgumentParser
import Foundation

/// `arabic-search eval`: the evaluation commands; `eval` alone is `eval measure`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure ranking quality on a test collection (a trec_eval replacement).",
        discussion: """
            `arabic-search eval [options]` is `arabic-search eval measure [options]`: see \
            `arabic-search eval measure --help`. `arabic-search eval compare A.run B.run --qrels Q` \
            compares two runs with significance tests.
            """,
        subcommands: [EvalMeasureCommand.self, EvalCompareCommand.self],
        defaultSubcommand: EvalMeasureCommand.self
    )
}

/// `arabic-search eval [measure]`: runs a test collection's topics and measures the ranking, or
/// evaluates any TREC run file.
struct EvalMeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Run topics and measure the ranking, or evaluate a run file (the default eval command).",
        discussion: """
            With --corpus and --topics, indexes the corpus in memory (with --index DIR instead, uses an \
            index built by arabic-search index build, ranked exactly the same), runs every topic as an OR of its \
            analyzed terms (query syntax only with --syntax), writes the top --k hits as a TREC run \
            (--run), and with --qrels prints the metrics' means over all judged topics (a judged topic \
            missing from the run counts 0, like trec_eval -c). With --run and --qrels alone, evaluates \
            that run file (with --corpus too, names the run's documents missing from the corpus). \
            Metrics follow trec_eval: ndcg@k, map, mrr@k, recall@k, p@k.

            --sweep k1=0.4:2.0:0.1,b=0.1:1.0:0.1 measures --metric for every cell of a grid of ranking \
            settings (--then-test TOPICS QRELS reports the best cell on held-out topics); --ablate \
            measures the analyzer with each step turned off in turn. --peer-stats prints the JSON line \
            of the peers' benchmark harness (../shared/peers) last.
            """
    )

    @Option(help: "The corpus to index: JSON Lines {id, title, text} (or .txt). With --run alone, checks the run's documents against it.")
    var corpus: String?

    @Option(name: .customLong("index"), help: ArgumentHelp(
        "An on-disk index (arabic-search index build) to run the topics against instead of --corpus: built once, evaluated many times. Its own analyzer applies; analyzer switches, when given, must match it.",
        valueName: "dir"))
    var indexDirectory: String?

    @Option(help: "The topics: qid<TAB>text lines, or a TREC topic file.")
    var topics: String?

    @Option(name: .customLong("collection"), help: ArgumentHelp(
        "A test collection to measure (repeatable): a folder with topics-SPLIT.tsv, qrels-SPLIT.txt, corpus.jsonl or an index in index/, and optionally reference-SPLIT.run (e.g. the best peer's run); DIR or NAME=DIR. With several, --sweep prints every collection's figure per cell, the mean, the worst difference to the references, and the leave-one-collection-out choices.",
        valueName: "dir"))
    var collections: [String] = []

    @Option(help: "With --collection: the split whose topics and qrels are read (topics-SPLIT.tsv, qrels-SPLIT.txt).")
    var split: String = "dev"

    @Option(help: "The relevance judgments: qid 0 docid rel (or qid docid rel) lines.")
    var qrels: String?

    @Option(name: .customLong("run"), help: "The run file to write (with --corpus and --topics) or to evaluate (without them).")
    var runFile: String?

    @Option(help: "The metrics to report, comma-separated.")
    var metrics: String = "ndcg@10,mrr@10,recall@100,map,p@10"

    @Option(help: "How many hits per topic the run keeps.")
    var k: Int = 100

    @Flag(name: .customLong("per-query"), help: "Also print every judged topic's values.")
    var perQuery = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "Parse topic text as query syntax (quotes, +, -, OR …) instead of a bag of words.")
    var syntax = false

    @Option(help: "Threads that run queries (default: the number of processors); results do not depend on it.")
    var threads: Int?

    @Option(help: "The run's tag (its last column).")
    var tag: String = "arabic-search"

    @Option(help: ArgumentHelp("The analyzer: arabic (the analyzer switches below) or plain (no folding but case, no stop words, no stemming).", valueName: "name"))
    var analyzer: String = "arabic"

    @OptionGroup var ranking: RankingFlags

    @Option(help: ArgumentHelp("A grid of ranking settings to sweep: name=start:end:step or name=value, comma-separated; names k1, b, delta, title-boost, text-boost, coverage, proximity, window, rerank-depth, title-b, bm25f (0 sum, 1 bm25f), rm3 (0 off, 1 on), fb-docs, fb-terms, original-query-weight, variant-weight.", valueName: "grid"))
    var sweep: String?

    @Option(help: "The metric that --sweep and --ablate measure.")
    var metric: String = "ndcg@10"

    @Option(name: .customLong("then-test"), parsing: .upToNextOption,
            help: ArgumentHelp("With --sweep: held-out topics and qrels to measure the best cell on.", valueName: "topics qrels"))
    var thenTest: [String] = []

    @Flag(help: "Measure the full analyzer, then each folding rule, the stop list, the stemmer and each affix group turned off.")
    var ablate = false

    @Option(help: "With --sweep: write a heat map of the grid (SVG) to this file.")
    var plot: String?

    @Flag(name: .customLong("peer-stats"), help: "Print the peers' harness JSON line (docs, index_seconds, qps …) last.")
    var peerStats = false

    @Option(help: "With --peer-stats: untimed passes over the topics before the timed one.")
    var warmup: Int = 0

    @OptionGroup var analyzerFlags: AnalyzerFlags

    @Flag(help: "Search each topic's spelling suggestion instead of its text where a word looks misspelt (as search --auto-correct does).")
    var autoCorrect = false

    @Option(help: ArgumentHelp("With --auto-correct: the costs of spelling slips, arabic (Arabic-aware) or uniform (every edit 1). Default: the analyzer's.", valueName: "costs"))
    var spellingCosts: String?

    @Option(help: ArgumentHelp("With --auto-correct and --topics: write the topics as searched (qid<TAB>text) to this file.", valueName: "file"))
    var correctedTopics: String?

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more") }
        if !thenTest.isEmpty && thenTest.count != 2 {
            throw ValidationError("--then-test takes two files: topics and qrels")
        }
        if !autoCorrect, spellingCosts != nil || correctedTopics != nil {
            throw ValidationError("\(spellingCosts != nil ? "--spelling-costs" : "--corrected-topics") needs --auto-correct")
        }
        if let spellingCosts, !["arabic", "uniform"].contains(spellingCosts) {
            throw ValidationError("--spelling-costs must be arabic or uniform, not \(spellingCosts)")
        }
        if correctedTopics != nil, !collections.isEmpty {
            throw ValidationError("--corrected-topics writes one topics file: give it with --topics, not --collection")
        }
    }

    /// The costs --spelling-costs names; `nil` for the analyzer's.
    var chosenSpellingCosts: SpellingCosts? {
        spellingCosts.map { $0 == "uniform" ? SpellingCosts.uniform : .arabic }
    }

    /// `topics` as searched: with --auto-correct, each replaced by its spelling suggestion on
    /// `index` (a count on standard error; unless `heldOut`, the topics written to
    /// --corrected-topics).
    func searched<Index: SearchableIndex>(_ topics: Topics, on index: Index, heldOut: Bool = false) throws -> Topics {
        guard autoCorrect else { return topics }
        let (corrected, count) = try EvalInputs.correctingSpelling(topics, on: index, costs: chosenSpellingCosts,
                                                                   syntax: syntax)
        Terminal.standardError("arabic-search: --auto-correct: \(count) of \(topics.count) \(heldOut ? "held-out " : "")topics searched as corrected")
        if !heldOut, let path = correctedTopics {
            try EvalInputs.write(corrected.topics.map { "\($0.id)\t\($0.text)\n" }.joined(), to: path)
        }
        return corrected
    }

    func run() throws {
        if corpus != nil && indexDirectory != nil { throw CLIError("--corpus and --index name two sources of documents; give one") }
        if !collections.isEmpty {
            guard corpus == nil, indexDirectory == nil, topics == nil, qrels == nil, runFile == nil else {
                throw CLIError("--collection brings its own documents, topics and qrels: give it without --corpus, --index, --topics, --qrels or --run")
            }
            if ablate || peerStats || !thenTest.isEmpty || plot != nil {
                throw CLIError("--collection measures and sweeps only: \(ablate ? "--ablate" : peerStats ? "--peer-stats" : plot != nil ? "--plot" : "--then-test") cannot go with it")
            }
            try evaluateCollections()
            return
        }
        if topics == nil && indexDirectory == nil && (corpus == nil || runFile != nil) {
            try evaluateRunFile()
            return
        }
        if let indexDirectory {
            guard let topicsPath = topics else { throw CLIError("--index needs --topics") }
            try evaluate(index: indexDirectory, topicsPath: topicsPath)
            return
        }
        guard let corpusPath = corpus, let topicsPath = topics else {
            throw CLIError(corpus == nil ? "--topics needs --corpus or --index" : "--corpus needs --topics (or --run and --qrels to evaluate a run)")
        }
        let (options, metrics, focus, grid) = try settings()
        let analyzer = try EvalAnalyzer.make(preset: self.analyzer, flags: analyzerFlags)
        let givenTopics = try EvalInputs.topics(topicsPath)
        let qrels = try qrels.map(EvalInputs.qrels)
        let documents = try EvalInputs.documents(corpusPath)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount

        if ablate, let qrels {
            try EvalExperiments.ablate(base: analyzer.options, documents: documents, topics: givenTopics, qrels: qrels,
                                       metric: focus, options: options, depth: k, threads: threadCount, json: json)
            return
        }
        try EvalInputs.checkWritable(topics: givenTopics, documents: documents)
        let (index, indexSeconds) = try EvalInputs.index(documents, analyzer: analyzer)
        let topics = try searched(givenTopics, on: index)
        if let grid, let qrels {
            try sweep(grid, index: index, topics: topics, qrels: qrels, options: options, metric: focus, threads: threadCount)
            return
        }

        var result: Run
        var queryCount = topics.count
        var querySeconds = 0.0
        if peerStats {
            // The peers' convention: one thread, one query at a time, query analysis included.
            for _ in 0..<warmup {
                _ = TopicSearch.run(try EvalInputs.queries(topics, analyzer: analyzer, syntax: syntax), on: index,
                                    options: options, depth: k, threads: 1, tag: tag)
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let queries = try EvalInputs.queries(topics, analyzer: analyzer, syntax: syntax)
            result = TopicSearch.run(queries, on: index, options: options, depth: k, threads: 1, tag: tag)
            querySeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            queryCount = queries.count
        } else {
            let queries = try EvalInputs.queries(topics, analyzer: analyzer, syntax: syntax)
            result = TopicSearch.run(queries, on: index, options: options, depth: k, threads: threadCount, tag: tag)
        }
        if let path = runFile { try EvalInputs.write(result.trecText(), to: path) }

        var output = qrels.map { report(result, topics: topics, qrels: $0, metrics: metrics) } ?? ""
        if peerStats {
            let bytes = documents.reduce(0) { total, document in
                total + (document.title.isEmpty ? document.text.utf8.count : document.title.utf8.count + 1 + document.text.utf8.count)
            }
            output += peerStatsLine(documentCount: documents.count, megabytes: Double(bytes) / 1e6,
                                    analyzer: analyzer, options: options, indexSeconds: indexSeconds,
                                    querySeconds: querySeconds, queries: queryCount) + "\n"
        }
        Terminal.writeOutput(output)
    }

    /// The metrics of `run` over `qrels`: a table, or the JSON object with --json.
    private func report(_ run: Run, topics: Topics, qrels: Qrels, metrics: [Metric]) -> String {
        let evaluation = Evaluation(run: run, qrels: qrels, metrics: metrics)
        guard json else { return EvalFormat.evaluationTable(evaluation, perQuery: perQuery) }
        var members: [(String, String)] = [("run", runFile.map(JSONText.string) ?? "null"), ("topics", String(topics.count))]
        members += EvalFormat.evaluationMembers(evaluation, perQuery: perQuery)
        return JSONText.object(members) + "\n"
    }

    /// `eval --collection DIR …`: the options, or every cell of --sweep, on each collection.
    private func evaluateCollections() throws {
        let options = try ranking.searchOptions()
        let focus = try EvalInputs.metric(self.metric)
        var grid = ParameterGrid(parameters: [.k1], values: [[options.ranking.k1]])   // no sweep: the settings as given
        if let spec = sweep {
            do { grid = try ParameterGrid(parsing: spec) } catch { throw CLIError(error) }
        }
        let given = analyzerFlags.areDefaults && self.analyzer.lowercased() == "arabic"
            ? nil : try EvalAnalyzer.make(preset: self.analyzer, flags: analyzerFlags)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        // Every collection is read first, so that a mistake in the last one shows at once.
        let loaded = try collections.map { try EvalCollection($0, split: split, metric: focus) }
        var figures: [[Double]] = []
        for collection in loaded {
            figures.append(try collection.figures(grid: grid, options: options, metric: focus, analyzer: given,
                                                  syntax: syntax, depth: k, threads: threadCount,
                                                  spelling: autoCorrect ? .some(chosenSpellingCosts) : nil))
        }
        let result = CrossCollectionSweep(grid: grid, collections: loaded.map(\.name), figures: figures,
                                          references: loaded.map(\.reference), startingCell: grid.cellIndex(of: options))
        let output = json ? EvalCollectionReport.json(result, metric: focus) : EvalCollectionReport.text(result, metric: focus)
        Terminal.writeOutput(output)
    }

    /// The checks that a corpus and an index share, then the settings: the search options, the
    /// metrics, the metric of --sweep and --ablate, and the grid.
    private func settings() throws -> (options: SearchOptions, metrics: [Metric], focus: Metric, grid: ParameterGrid?) {
        if sweep != nil && ablate { throw CLIError("--sweep and --ablate cannot be combined") }
        if (sweep != nil || ablate) && qrels == nil { throw CLIError("\(ablate ? "--ablate" : "--sweep") needs --qrels") }
        if !thenTest.isEmpty && sweep == nil { throw CLIError("--then-test needs --sweep") }
        if plot != nil && sweep == nil { throw CLIError("--plot needs --sweep (or use eval compare --plot)") }
        if sweep == nil && !ablate && qrels == nil && runFile == nil && !peerStats {
            throw CLIError("nothing to do: give --qrels to evaluate, --run to write the run, or --peer-stats")
        }
        var grid: ParameterGrid?
        if let spec = sweep {
            do { grid = try ParameterGrid(parsing: spec) } catch { throw CLIError(error) }
        }
        return (try ranking.searchOptions(), try EvalInputs.metrics(self.metrics), try EvalInputs.metric(self.metric), grid)
    }

    /// `--sweep` over `index`, with `--then-test`'s held-out topics when given.
    private func sweep<Index: SearchableIndex>(_ grid: ParameterGrid, index: Index, topics: Topics, qrels: Qrels,
                                               options: SearchOptions, metric: Metric, threads: Int) throws
    {
        let queries = try EvalInputs.queries(topics, analyzer: index.analyzer, syntax: syntax)
        // With --auto-correct, the held-out topics are searched as corrected too.
        let heldOut = try thenTest.isEmpty ? nil
            : (topics: searched(EvalInputs.topics(thenTest[0]), on: index, heldOut: true),
               qrels: EvalInputs.qrels(thenTest[1]))
        try EvalExperiments.sweep(grid: grid, metric: metric, queries: queries, index: index, qrels: qrels,
                                  options: options, depth: k, threads: threads, heldOut: heldOut,
                                  syntax: syntax, plot: plot, json: json)
    }

    /// `eval --index DIR --topics T …`: the topics against an on-disk index, with the same run
    /// file, metrics and sweeps as over `--corpus`.
    private func evaluate(index directory: String, topicsPath: String) throws {
        if ablate { throw CLIError("--ablate needs --corpus: it indexes the corpus again for each analyzer") }
        let (options, metrics, focus, grid) = try settings()
        // The index's own analyzer, unless switches (or the plain preset) name one it must match.
        let given = analyzerFlags.areDefaults && self.analyzer.lowercased() == "arabic"
            ? nil : try EvalAnalyzer.make(preset: self.analyzer, flags: analyzerFlags)
        let givenTopics = try EvalInputs.topics(topicsPath)
        let qrels = try qrels.map(EvalInputs.qrels)
        try EvalInputs.checkWritable(topics: givenTopics, documents: [])
        let index = try EvalInputs.diskIndex(directory, analyzer: given)
        let topics = try searched(givenTopics, on: index)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if let grid, let qrels {
            try sweep(grid, index: index, topics: topics, qrels: qrels, options: options, metric: focus, threads: threadCount)
            return
        }
        // With --peer-stats, the peers' convention: one thread, one query at a time, query
        // analysis included, after --warmup untimed passes.
        let lanes = peerStats ? 1 : threadCount
        for _ in 0..<(peerStats ? warmup : 0) {
            let queries = try EvalInputs.queries(topics, analyzer: index.analyzer, syntax: syntax)
            _ = try EvalInputs.searching { try TopicSearch.run(queries, on: index, options: options, depth: k, threads: 1) }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let queries = try EvalInputs.queries(topics, analyzer: index.analyzer, syntax: syntax)
        let result = try EvalInputs.searching {
            try TopicSearch.run(queries, on: index, options: options, depth: k, threads: lanes, tag: tag)
        }
        let querySeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if let path = runFile { try EvalInputs.write(result.trecText(), to: path) }
        var output = qrels.map { report(result, topics: topics, qrels: $0, metrics: metrics) } ?? ""
        if peerStats {
            // The index was built before: no indexing time or corpus size to report.
            output += peerStatsLine(documentCount: index.documentCount, megabytes: nil, analyzer: index.analyzer,
                                    options: options, indexSeconds: nil, querySeconds: querySeconds,
                                    queries: queries.count) + "\n"
        }
        Terminal.writeOutput(output)
    }

    /// `eval --run R --qrels Q [--corpus C]`: evaluates a run file.
    private func evaluateRunFile() throws {
        guard let runPath = runFile, let qrelsPath = qrels else {
            throw CLIError("give --corpus and --topics to run topics, or --run and --qrels to evaluate a run file")
        }
        if sweep != nil || ablate || peerStats {
            throw CLIError("\(sweep != nil ? "--sweep" : ablate ? "--ablate" : "--peer-stats") needs --corpus and --topics")
        }
        let metrics = try EvalInputs.metrics(self.metrics)
        let qrels = try EvalInputs.qrels(qrelsPath)
        let run = try EvalInputs.run(runPath)
        let evaluation = Evaluation(run: run, qrels: qrels, metrics: metrics)
        var unknown: [String]?
        if let corpusPath = corpus {
            let known = Set(try EvalInputs.documents(corpusPath).map(\.id))
            unknown = run.unknownDocumentIDs(known)
        }
        var output: String
        if json {
            var members: [(String, String)] = [("run", JSONText.string(runPath))]
            members += EvalFormat.evaluationMembers(evaluation, perQuery: perQuery)
            if let unknown {
                members.append(("unknown_documents", JSONText.object([
                    ("count", String(unknown.count)), ("ids", EvalFormat.json(unknown)),
                ])))
            }
            output = JSONText.object(members) + "\n"
        } else {
            output = EvalFormat.evaluationTable(evaluation, perQuery: perQuery)
            if let unknown, let note = EvalFormat.unknownDocumentsNote(unknown) { output += note + "\n" }
        }
        Terminal.writeOutput(output)
    }

    /// The JSON line the peers' harness reads (see ../shared/peers/README.md, "Conventions").
    private func peerStatsLine(documentCount: Int, megabytes: Double?, analyzer: any Analyzer, options: SearchOptions,
                               indexSeconds: Double?, querySeconds: Double, queries: Int) -> String
    {
        let ranking = options.ranking
        var bm25 = "\(ranking.variant.rawValue) k1=\(ranking.k1) b=\(ranking.b)"
        if ranking.variant == .bm25l || ranking.variant == .bm25plus { bm25 += " delta=\(ranking.delta)" }
        if options.fieldScoring != .sum { bm25 += " fields=\(options.fieldScoring.rawValue)" }
        if let titleB = options.titleB { bm25 += " title-b=\(titleB)" }
        if options.boosts.title != 1 || options.boosts.text != 1 {
            bm25 += " title-boost=\(options.boosts.title) text-boost=\(options.boosts.text)"
        }
        if options.fieldScoring == .bm25f && options.variantWeight > 0 { bm25 += " variant-weight=\(options.variantWeight)" }
        if options.rerank.isActive {
            bm25 += " rerank: coverage=\(options.rerank.coverage) proximity=\(options.rerank.proximity)"
                + " window=\(options.rerank.window) depth=\(options.rerank.depth)"
        }
        return JSONText.object([
            ("engine", JSONText.string("arabic-search")),
            ("analyzer", JSONText.string(self.analyzer.lowercased())),
            ("docs", String(documentCount)),
            ("corpus_mb", megabytes.map { EvalFormat.json(Self.rounded($0, 3)) } ?? "null"),
            ("index_seconds", indexSeconds.map { EvalFormat.json(Self.rounded($0, 4)) } ?? "null"),
            ("index_mb_per_s", megabytes.flatMap { megabytes in indexSeconds.flatMap { $0 > 0 ? megabytes / $0 : nil } }
                .map { EvalFormat.json(Self.rounded($0, 3)) } ?? "null"),
            ("query_seconds_total", EvalFormat.json(Self.rounded(querySeconds, 4))),
            ("queries", String(queries)),
            ("qps", querySeconds > 0 ? EvalFormat.json(Self.rounded(Double(queries) / querySeconds, 2)) : "null"),
            ("k", String(k)),
            ("run", runFile.map(JSONText.string) ?? "null"),
            ("bm25", JSONText.string(bm25)),
            ("version", JSONText.string(RootCommand.configuration.version)),
            ("analyzer_fingerprint", JSONText.string(analyzer.fingerprint)),
        ])
    }

    private static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }
}
