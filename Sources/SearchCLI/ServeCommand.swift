import ArabicIndex
import ArabicSearchServer
import ArgumentParser
import Foundation
import Logging

/// `arabic-search serve`: the index behind HTTP (``SearchServer``).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve an index over HTTP: JSON search, analysis and documents, and a search page at /.",
        discussion: """
            Routes: GET /search?q=… (search --json's object, plus offset; every ranking option as a \
            parameter, e.g. k1=1.2&fields=sum), GET /analyze?text=…, GET /documents/ID, GET /stats, \
            GET /health, GET /metrics (Prometheus), GET /openapi.json, and the page at /. With \
            --writable and --token-file: POST /documents (JSON Lines; ?replace=true), \
            DELETE /documents/ID, POST /commit, POST /merge, each with Authorization: Bearer TOKEN. \
            New commits in the index directory (the server's own, or another process's index add) \
            are searched within a second, without a restart.

            Stops on SIGINT or SIGTERM: requests in flight finish; writes not committed are rolled back.
            Exit status: 0 after a clean stop, 2 on an error (the index cannot be opened, the port is taken).
            """
    )

    @Option(name: .customLong("index"), help: ArgumentHelp("The index directory to serve.", valueName: "dir"))
    var indexDirectory: String?

    @Option(name: .customLong("corpus"), help: ArgumentHelp(
        "Documents to serve from memory instead (as for search --corpus); the bundled article when neither is given. Repeatable.",
        valueName: "path"))
    var corpora: [String] = []

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free one, printed at start).")
    var port = 8080

    @Flag(help: "Add the write routes (they need --index and --token-file).")
    var writable = false

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "A file holding the token the write routes require (surrounding whitespace ignored).", valueName: "file"))
    var tokenFile: String?

    @Option(name: .customLong("max-query-length"), help: "The longest query, in characters (Unicode code points).")
    var maximumQueryLength = SearchServerConfiguration.Limits().maximumQueryLength

    @Option(name: .customLong("max-top"), help: "The most hits one search returns.")
    var maximumTop = SearchServerConfiguration.Limits().maximumTop

    @Option(name: .customLong("max-depth"), help: "The deepest page: offset + top at most this.")
    var maximumDepth = SearchServerConfiguration.Limits().maximumDepth

    @Option(name: .customLong("max-body-bytes"), help: "The largest request body, in bytes.")
    var maximumBodyBytes = SearchServerConfiguration.Limits().maximumBodyBytes

    @Option(name: .customLong("request-timeout"), help: "How long a search waits for a free slot, in seconds, before a 503.")
    var requestTimeout = SearchServerConfiguration.Limits().requestTimeout

    @Option(name: .customLong("concurrent-searches"), help: "How many searches run at once (default: one per processor); the others wait in order.")
    var concurrentSearches = SearchServerConfiguration.Limits().concurrentSearches

    @Flag(help: "Log nothing but errors.")
    var quiet = false

    func validate() throws {
        if indexDirectory != nil, !corpora.isEmpty { throw ValidationError("--index and --corpus cannot be combined") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maximumQueryLength >= 1, maximumTop >= 1, maximumDepth >= maximumTop, maximumBodyBytes >= 1,
              concurrentSearches >= 1, requestTimeout.isFinite, requestTimeout > 0
        else {
            throw ValidationError("limits must be positive, and --max-depth at least --max-top")
        }
        if tokenFile != nil, !writable { throw ValidationError("--token-file goes with --writable") }
    }

    func run() async throws {
        var configuration: SearchServerConfiguration
        if let indexDirectory {
            configuration = SearchServerConfiguration(index: .directory(indexDirectory))
        } else {
            configuration = SearchServerConfiguration(index: .documents(try SearchCommand.documents(of: corpora, strict: false)))
        }
        configuration.host = host
        configuration.port = port
        configuration.writable = writable
        if let tokenFile {
            let token = try InputText.read(path: tokenFile).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CLIError("\(tokenFile): the token file is empty") }
            configuration.token = token
        }
        configuration.limits.maximumQueryLength = maximumQueryLength
        configuration.limits.maximumTop = maximumTop
        configuration.limits.maximumDepth = maximumDepth
        configuration.limits.maximumBodyBytes = maximumBodyBytes
        configuration.limits.requestTimeout = requestTimeout
        configuration.limits.concurrentSearches = concurrentSearches
        var logger = Logger(label: "arabic-search")
        logger.logLevel = quiet ? .error : .info
        let server: SearchServer
        do {
            server = try SearchServer(configuration: configuration, logger: logger)
        } catch {
            throw CLIError(error)
        }
        let what = indexDirectory.map { "index \($0)" } ?? (corpora.isEmpty ? "the bundled article" : corpora.joined(separator: ", "))
        let (quiet, host, port) = (self.quiet, configuration.host, configuration.port)
        do {
            try await server.run { channel in
                guard !quiet else { return }
                let bound = channel.localAddress?.port ?? port
                Terminal.standardError("arabic-search: serving \(what) on http://\(host):\(bound)/")
            }
        } catch {
            throw CLIError("cannot serve on \(host):\(port): \(error)")
        }
    }
}
