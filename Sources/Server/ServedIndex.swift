import ArabicIndex
import ArabicTokenizer
import Foundation
import Logging
import Synchronization

/// One commit of the served index, searched from start to end by a request.
enum IndexSnapshot: Sendable {
    case memory(InMemoryIndex)
    case disk(DiskIndex)

    var analyzer: any Analyzer {
        switch self {
        case .memory(let index): index.analyzer
        case .disk(let index): index.analyzer
        }
    }

    func search(_ query: String, options: SearchOptions) throws(SearchError) -> SearchResults {
        switch self {
        case .memory(let index): try index.search(query, options: options)
        case .disk(let index): try index.search(query, options: options)
        }
    }

    func document(id: String) throws(IndexStoreError) -> Document? {
        switch self {
        case .memory(let index): index.document(id)
        case .disk(let index): try index.document(id: id)
        }
    }

    var documentCount: Int {
        switch self {
        case .memory(let index): index.documentCount
        case .disk(let index): index.documentCount
        }
    }

    /// Distinct terms in memory; summed over the segments' dictionaries on disk.
    var termCount: Int {
        switch self {
        case .memory(let index): index.termCount
        case .disk(let index): index.segmentTermCounts.reduce(0, +)
        }
    }

    var segmentCount: Int {
        switch self {
        case .memory: 1
        case .disk(let index): index.segmentCount
        }
    }

    /// The commit's generation; 0 in memory.
    var generation: Int {
        switch self {
        case .memory: 0
        case .disk(let index): index.generation
        }
    }
}

/// The index a server answers from: a snapshot each request takes at its start, replaced when
/// the directory has a newer commit (checked every ``SearchServerConfiguration/reloadInterval``,
/// and at once after the server's own commits).
final class ServedIndex: Sendable {
    let directory: String?
    private let current: Mutex<IndexSnapshot>

    /// The index `source` describes, opened (or built in memory) now.
    init(_ source: SearchServerConfiguration.IndexSource) throws {
        switch source {
        case .directory(let directory):
            self.directory = directory
            let opened = try DiskIndex(directory: directory)
            try opened.prepare()
            current = Mutex(.disk(opened))
        case .documents(let documents):
            directory = nil
            current = Mutex(.memory(try InMemoryIndex(documents: documents)))
        }
    }

    /// The snapshot new requests read.
    var snapshot: IndexSnapshot { current.withLock { $0 } }

    /// Opens the directory's last commit when it is newer than the snapshot's, sharing the
    /// segments they both hold, and puts it in service once prepared for searches with the
    /// default options (so that none waits for what a new snapshot makes on first use);
    /// whether it did.
    @discardableResult
    func reloadIfNewer() throws(IndexStoreError) -> Bool {
        guard case .disk(let known) = snapshot, let opened = try known.reopenedIfChanged() else { return false }
        try opened.prepare()
        return current.withLock { snapshot in
            // Another reload may have come first with a newer one still.
            guard opened.generation > snapshot.generation else { return false }
            snapshot = .disk(opened)
            return true
        }
    }
}
