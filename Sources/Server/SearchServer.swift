import ArabicIndex
import ArabicTokenizer
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `arabic-search serve`: an index behind HTTP, JSON in and out (the shapes of the CLI's
/// `--json`), with a search page at `/`.
///
/// Routes: `GET /search`, `GET /analyze`, `GET /documents/{id}`, `GET /stats`, `GET /health`,
/// `GET /metrics` (Prometheus), `GET /openapi.json`, `GET /`; with
/// ``SearchServerConfiguration/writable`` also `POST /documents` (JSON Lines), `DELETE
/// /documents/{id}`, `POST /commit` and `POST /merge`, which need the token.
///
/// ```swift
/// let server = try SearchServer(configuration: SearchServerConfiguration(index: .directory("idx")))
/// try await server.run()   // until SIGINT or SIGTERM
/// ```
public struct SearchServer: Sendable {
    public let configuration: SearchServerConfiguration
    let index: ServedIndex
    let metrics = ServerMetrics()
    let slots: SearchSlots
    let threads: SearchThreads
    let writer: ServedWriter?
    let logger: Logger

    /// A server of `configuration`, its index opened (or built in memory) now.
    ///
    /// - Throws: ``SearchServerError`` for a configuration that cannot work (write routes
    ///   without a directory or a token), or the index's error when it cannot be opened.
    public init(configuration: SearchServerConfiguration, logger: Logger = Logger(label: "arabic-search")) throws {
        if configuration.writable {
            guard case .directory(let directory) = configuration.index else {
                throw SearchServerError("the write routes need an index directory (--index DIR)")
            }
            guard let token = configuration.token, !token.isEmpty else {
                throw SearchServerError("the write routes need a token (--token-file FILE)")
            }
            writer = ServedWriter(directory: directory, token: token)
        } else {
            writer = nil
        }
        self.configuration = configuration
        self.logger = logger
        index = try ServedIndex(configuration.index)
        slots = SearchSlots(count: configuration.limits.concurrentSearches)
        threads = SearchThreads(count: configuration.limits.concurrentSearches)
    }

    /// The application: the routes, and the service that picks up new commits. Tests drive it
    /// with HummingbirdTesting; ``run(onServerRunning:)`` serves it.
    public func application(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = Router()
        router.add(middleware: AnsweringMiddleware(metrics: metrics, logger: logger, writable: writer != nil))
        addRoutes(to: router)
        var application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "arabic-search"),
            onServerRunning: onServerRunning,
            logger: logger)
        if index.directory != nil {
            application.addServices(CommitWatcher(server: self))
        }
        if let writer {
            application.addServices(WriterShutdown(writer: writer, logger: logger))
        }
        return application
    }

    /// Serves until SIGINT or SIGTERM; then requests in flight finish, and writes not
    /// committed are rolled back.
    public func run(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws {
        try await application(onServerRunning: onServerRunning).runService()
    }

    /// Picks up a newer commit in the directory, if any (counted in the metrics).
    func reload() {
        do {
            if try index.reloadIfNewer() { metrics.recordCommit() }
        } catch {
            logger.warning("cannot open the index's newest commit: \(error)")
        }
    }
}

/// A server configuration that cannot work; the description is one line.
public struct SearchServerError: Error, Sendable, CustomStringConvertible {
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// Checks the index directory for a newer commit every ``SearchServerConfiguration/reloadInterval``.
struct CommitWatcher: Service {
    let server: SearchServer

    func run() async throws {
        let interval = max(0.01, server.configuration.reloadInterval)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                server.reload()
            }
        }
    }
}

/// At shutdown, rolls back the writes not committed and gives the directory's lock back.
struct WriterShutdown: Service {
    let writer: ServedWriter
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        writer.rollBack(logger: logger)
    }
}

/// Turns every error into a JSON answer (a route that does not exist, a method it does not
/// take, a problem with the request), and counts and logs every request.
struct AnsweringMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let logger: Logger
    /// Whether the write routes exist.
    let writable: Bool

    /// The methods the route of `path` takes (none: no such route).
    func allowedMethods(_ path: String) -> [HTTPRequest.Method] {
        switch path {
        case "/search", "/analyze", "/stats", "/health", "/metrics", "/openapi.json", "/": return [.get]
        case "/documents", "/commit", "/merge": return writable ? [.post] : []
        default:
            let rest = path.dropFirst("/documents/".count)
            guard path.hasPrefix("/documents/"), !rest.isEmpty, !rest.contains("/") else { return [] }
            return writable ? [.get, .delete] : [.get]
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as RequestProblem {
            response = SearchServer.json(ResponseJSON.error(problem.message, column: problem.column), status: problem.status)
        } catch let error as any HTTPResponseError {
            let allowed = allowedMethods(request.uri.path)
            if error.status == .notFound, !allowed.isEmpty {
                response = SearchServer.json(
                    ResponseJSON.error("\(request.uri.path) takes \(allowed.map(\.rawValue).joined(separator: ", ")), not \(request.method)"),
                    status: .methodNotAllowed)
                response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            } else {
                let message = error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)"
                    : error.status.reasonPhrase
                response = SearchServer.json(ResponseJSON.error(message), status: error.status)
            }
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(error)")
            response = SearchServer.json(ResponseJSON.error("internal error: \(error)"), status: .internalServerError)
        }
        metrics.record(route: context.endpointPath ?? "(none)", status: response.status.code,
                       seconds: (ContinuousClock.now - start).seconds)
        // The query string is not logged: it may hold what users searched for.
        logger.debug("\(request.method) \(request.uri.path) \(response.status.code)")
        return response
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
