import ArabicIndex
import ArabicTokenizer
import ArgumentParser
import Foundation

/// `arabic-search index …`: build, inspect and verify an index directory.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build, inspect and verify an on-disk index.",
        subcommands: [IndexBuildCommand.self, IndexAddCommand.self, IndexDeleteCommand.self, IndexMergeCommand.self,
                      IndexStatsCommand.self,
                      IndexCheckCommand.self]
    )
}

/// `arabic-search index build --index DIR INPUT…`.
struct IndexBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Index documents into a new index directory.",
        discussion: """
            Documents are read as a stream and written in segments whenever the in-memory buffer \
            passes --memory, so corpora larger than memory can be indexed. Search the result with \
            arabic-search search --index DIR.
            """
    )

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory to create.", valueName: "dir"))
    var directory: String

    @OptionGroup var ingest: IngestFlags

    @OptionGroup var analyzerFlags: AnalyzerFlags

    func run() throws {
        let analyzer = try analyzerFlags.makeAnalyzer()
        let manifest = (directory as NSString).appendingPathComponent("MANIFEST")
        if FileManager.default.fileExists(atPath: manifest) {
            throw CLIError("\(directory) already holds an index; choose a new directory")
        }
        do {
            let writer = try IndexWriter(directory: directory, analyzer: analyzer, memoryLimit: ingest.memory << 20,
                                         mustBeEmpty: true)
            writer.mergePolicy = ingest.mergePolicy
            try Ingest.run(writer, inputs: ingest.inputs, strict: ingest.strict, quiet: ingest.quiet, verb: "indexed")
        } catch let error as IndexStoreError {
            throw CLIError(error)
        }
    }
}

/// `arabic-search index add --index DIR INPUT…`.
struct IndexAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add documents to an existing index, as new segments.",
        discussion: "Identifiers already in the index are an error, unless --replace. The index's analyzer settings are used; analyzer flags, when given, must match them. Small segments are merged as they accumulate (see --no-merge), so an index grown by many additions keeps few segments."
    )

    @Flag(help: "A document whose identifier is already in the index replaces it.")
    var replace = false

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory.", valueName: "dir"))
    var directory: String

    @OptionGroup var ingest: IngestFlags

    @OptionGroup var analyzerFlags: AnalyzerFlags

    func run() throws {
        do {
            let analyzer: any Analyzer
            if analyzerFlags.areDefaults {
                analyzer = try DiskIndex(directory: directory).analyzer
            } else {
                analyzer = try analyzerFlags.makeAnalyzer()
            }
            // The index must exist: opening it above, or the writer's analyzer check, says so.
            _ = try IndexStatistics(directory: directory)
            let writer = try IndexWriter(directory: directory, analyzer: analyzer, memoryLimit: ingest.memory << 20)
            writer.mergePolicy = ingest.mergePolicy
            try Ingest.run(writer, inputs: ingest.inputs, strict: ingest.strict, quiet: ingest.quiet, verb: "added",
                           replacing: replace)
        } catch let error as IndexStoreError {
            throw CLIError(error)
        }
    }
}

/// `arabic-search index delete --index DIR --id ID…`.
struct IndexDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete documents from an index by identifier.",
        discussion: "An identifier the index does not hold is an error, and nothing is deleted. Deleted documents stay in their segment files until index merge."
    )

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory.", valueName: "dir"))
    var directory: String

    @Option(name: .customLong("id"), help: ArgumentHelp("The identifier of a document to delete (repeatable).", valueName: "id"))
    var identifiers: [String] = []

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .customLong("no-merge"),
          help: "Leave the segments as they are. By default, once committed, ten segments of one size are merged into one.")
    var noMerge = false

    func validate() throws {
        guard !identifiers.isEmpty else { throw ValidationError("give at least one --id") }
    }

    func run() throws {
        do {
            let analyzer = try DiskIndex(directory: directory).analyzer
            let writer = try IndexWriter(directory: directory, analyzer: analyzer)
            if noMerge { writer.mergePolicy = .never }
            for id in identifiers where try !writer.delete(id: id) {
                writer.close()
                throw CLIError("index \(directory) holds no document \"\(id)\"; nothing was deleted")
            }
            try writer.commit()
            writer.close()
            if !quiet { Terminal.writeOutput("deleted \(identifiers.count) documents; \(writer.documentCount) remain\n") }
        } catch let error as IndexStoreError {
            throw CLIError(error)
        }
    }
}

/// `arabic-search index merge --index DIR`.
struct IndexMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Rewrite an index's segments as one, without deleted documents.",
        discussion: "Postings, positions and stored documents are merged as they are, without analyzing the text again. Searches rank exactly as before; the old segment files are removed."
    )

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory.", valueName: "dir"))
    var directory: String

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        do {
            let analyzer = try DiskIndex(directory: directory).analyzer
            let writer = try IndexWriter(directory: directory, analyzer: analyzer)
            let start = DispatchTime.now().uptimeNanoseconds
            let (before, after) = try writer.merge()
            writer.close()
            if !quiet {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                Terminal.writeOutput(String(format: "merged %@ into %d (%d documents) in %.1f s\n", segments(before), after,
                                            writer.documentCount, seconds))
            }
        } catch {
            throw CLIError(error)
        }
    }
}

/// "1 segment", "2 segments".
func segments(_ count: Int) -> String {
    count == 1 ? "1 segment" : "\(count) segments"
}

/// Streams documents from inputs into a writer, with warnings, progress and a summary.
enum Ingest {
    static func run(_ writer: IndexWriter, inputs: [String], strict: Bool, quiet: Bool, verb: String,
                    replacing: Bool = false) throws
    {
        let progress = !quiet && isatty(STDERR_FILENO) == 1
        let initial = writer.documentCount
        do {
            // Reading, parsing and analysis run on other threads, a batch or two ahead.
            let stream = try CorpusStream(paths: inputs, strict: strict)
            let start = DispatchTime.now().uptimeNanoseconds
            let display = BuildProgress(verb: verb, totalBytes: stream.totalBytes)
            let width = progress ? Terminal.standardErrorWidth() : 80
            var lastDrawn: UInt64 = 0
            try writer.add(from: stream, replacing: replacing, warnings: { problems in
                if progress, !problems.isEmpty { Terminal.writeError("\r\u{1B}[K") }
                Terminal.warnSkipped(problems)
            }, progress: { bytesRead in
                // Redrawn at most ten times a second, and when the input is all read.
                let now = DispatchTime.now().uptimeNanoseconds
                guard progress, now - lastDrawn >= 100_000_000 || bytesRead == stream.totalBytes else { return }
                lastDrawn = now
                let line = display.line(bytesRead: bytesRead, documents: writer.documentCount - initial,
                                        segments: writer.segmentCount, elapsed: Double(now - start) / 1e9, width: width)
                Terminal.writeError("\r\(line)\u{1B}[K")
            })
            try writer.commit()
            if progress { Terminal.writeError("\r\u{1B}[K") }
            if !quiet {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                Terminal.writeOutput(String(format: "%@ %d documents into %@ (%@) in %.1f s\n", verb,
                                            writer.documentCount - initial, writer.directory, segments(writer.segmentCount), seconds))
            }
            writer.close()
        } catch let error as CorpusError {
            throw CLIError(error)
        } catch let error as IndexStoreError {
            throw CLIError(error)
        }
    }
}

/// `arabic-search index stats --index DIR`.
struct IndexStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show an index's documents, terms, segments, file sizes and analyzer settings."
    )

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory.", valueName: "dir"))
    var directory: String

    func run() throws {
        let stats: IndexStatistics
        do { stats = try IndexStatistics(directory: directory) } catch { throw CLIError(error) }
        var lines: [String] = []
        lines.append("index: \(directory)")
        lines.append("documents: \(stats.documentCount)")
        lines.append("segments: \(stats.segments.count)")
        let deleted = stats.segments.reduce(0) { $0 + $1.deleted }
        if deleted > 0 { lines.append("deleted: \(deleted) (kept in segment files until index merge)") }
        lines.append("terms: \(stats.segments.reduce(0) { $0 + $1.terms }) (summed over segments)")
        lines.append(String(format: "average length: title %.2f, text %.2f", stats.averageLength(.title),
                            stats.averageLength(.text)))
        lines.append("analyzer: \(stats.analyzerFingerprint)")
        if let options = stats.analyzerOptionsJSON { lines.append("analyzer options: \(options)") }
        lines.append("files:")
        for file in stats.files { lines.append("  \(file.name)  \(file.bytes) bytes") }
        lines.append("total: \(stats.files.reduce(0) { $0 + $1.bytes }) bytes")
        Terminal.writeOutput(lines.joined(separator: "\n") + "\n")
    }
}

/// `arabic-search index check --index DIR`.
struct IndexCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every checksum and structural invariant of an index.",
        discussion: "Exit status: 0 when the index is sound, 2 with one line per problem otherwise."
    )

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory.", valueName: "dir"))
    var directory: String

    func run() throws {
        let problems = IndexChecker.check(directory: directory)
        guard problems.isEmpty else {
            for problem in problems { Terminal.standardError("arabic-search: \(problem)") }
            throw ExitCode(2)
        }
        let stats = try? IndexStatistics(directory: directory)
        Terminal.writeOutput("index \(directory) is sound: \(stats?.documentCount ?? 0) documents in \(segments(stats?.segments.count ?? 0)), every checksum verified\n")
    }
}

/// What `index build` and `index add` read and how: the inputs, the memory bound, output, strictness.
struct IngestFlags: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Documents: .jsonl files ({\"id\",\"title\",\"text\"} per line), .txt files (one paragraph a document), folders of them, or - for JSONL on standard input.",
        valueName: "input"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Write a segment whenever the buffer passes this many megabytes.", valueName: "MB"))
    var memory = 512

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Stop at the first malformed JSONL line instead of skipping it.")
    var strict = false

    @Flag(name: .customLong("no-merge"),
          help: "Leave the segments as written. By default, once committed, ten segments of one size (under 1,000 documents, under 10,000, …) are merged into one.")
    var noMerge = false

    /// The writer's merge policy these flags ask for.
    var mergePolicy: MergePolicy { noMerge ? .never : .logarithmic }

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input (a file, a folder, or - for standard input)") }
        guard memory >= 1 else { throw ValidationError("--memory must be at least 1 (megabyte)") }
    }
}
