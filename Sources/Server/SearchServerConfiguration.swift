import ArabicIndex
import Foundation

/// What `arabic-search serve` serves, where, and within which limits.
///
/// ```swift
/// var configuration = SearchServerConfiguration(index: .directory("idx"))
/// configuration.port = 8080
/// configuration.limits.maximumTop = 100
/// ```
public struct SearchServerConfiguration: Sendable {
    /// The index a server answers from.
    public enum IndexSource: Sendable {
        /// An index directory: its new commits (the server's own, or another process's
        /// `index add`) are picked up without a restart.
        case directory(String)
        /// Documents indexed in memory when the server starts (never changing).
        case documents([Document])
    }

    /// The limits a server keeps to; each request beyond one gets a 4xx or 503 answer naming it.
    public struct Limits: Sendable, Equatable {
        /// The longest query, in characters: Unicode code points, as JSON Schema's `maxLength`
        /// counts them (`q` and `/analyze`'s `text`).
        public var maximumQueryLength = 1_000
        /// The most hits one search returns (`top`).
        public var maximumTop = 1_000
        /// The deepest page: `offset + top` at most this.
        public var maximumDepth = 10_000
        /// The largest request body, in bytes (`POST /documents`).
        public var maximumBodyBytes = 64 << 20
        /// How long a search waits for a free search slot, in seconds, before the answer is 503.
        public var requestTimeout = 10.0
        /// How many searches run at once, each on a thread of the server's own (not on the
        /// threads that read requests and write answers), the others waiting their turn in
        /// order (see ``requestTimeout``): by default one per processor, since a search keeps
        /// one busy.
        public var concurrentSearches = max(1, ProcessInfo.processInfo.activeProcessorCount)

        /// The default limits.
        public init() {}
    }

    /// The index to serve.
    public var index: IndexSource
    /// The address to listen on (`127.0.0.1` by default: this machine only).
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one.
    public var port = 8080
    /// Whether the write routes exist (`POST /documents`, `DELETE /documents/{id}`,
    /// `POST /commit`, `POST /merge`); they need an index directory and a ``token``.
    public var writable = false
    /// The secret a write request must send as `Authorization: Bearer TOKEN`.
    public var token: String?
    /// How often the index directory is checked for a newer commit, in seconds.
    public var reloadInterval = 0.25
    public var limits = Limits()

    /// A read-only server of `index` on 127.0.0.1:8080 with the default limits.
    public init(index: IndexSource) {
        self.index = index
    }
}
