import ArabicIndex
import ArabicTokenizer
import Hummingbird
import Logging
import Synchronization

/// The server's writes to its index directory, one at a time. The directory's writer (and its
/// lock) is taken at the first write after a commit and given back by the commit, so other
/// processes (`arabic-search index add`) can write between the server's batches.
final class ServedWriter: Sendable {
    let directory: String
    private let token: [UInt8]
    private let writer = Mutex<IndexWriter?>(nil)

    init(directory: String, token: String) {
        self.directory = directory
        self.token = Array(token.utf8)
    }

    /// Throws 401 unless `request` carries `Authorization: Bearer TOKEN` with the server's token
    /// (compared in constant time: every byte, whatever differs).
    func authorize(_ request: Request) throws(RequestProblem) {
        let prefix = "Bearer "
        guard let header = request.headers[.authorization], header.hasPrefix(prefix) else {
            throw RequestProblem(status: .unauthorized, message: "this route needs Authorization: Bearer TOKEN")
        }
        let given = Array(header.utf8.dropFirst(prefix.utf8.count))
        var difference = UInt8(given.count == token.count ? 0 : 1)
        for index in 0..<max(given.count, token.count) {
            let a = index < given.count ? given[index] : 0
            let b = index < token.count ? token[index] : 0
            difference |= a ^ b
        }
        guard difference == 0 else { throw RequestProblem(status: .unauthorized, message: "the token is not the server's") }
    }

    /// Adds `documents` (not yet committed); how many.
    func add(_ documents: [Document], replacing: Bool, analyzer: any Analyzer) throws(RequestProblem) -> Int {
        try withWriter(analyzer: analyzer) { writer throws(IndexStoreError) in
            try writer.add(contentsOf: documents, replacing: replacing)
            return documents.count
        }
    }

    /// Deletes the committed document `id` (not yet committed); whether there was one.
    func delete(id: String, analyzer: any Analyzer) throws(RequestProblem) -> Bool {
        try withWriter(analyzer: analyzer) { writer throws(IndexStoreError) in try writer.delete(id: id) }
    }

    /// Commits the writes so far, if any, and gives the directory's lock back.
    func commit() throws(RequestProblem) {
        do {
            try writer.withLock { (writer: inout IndexWriter?) throws(IndexStoreError) in
                guard let open = writer else { return }
                try open.commit()
                open.close()
                writer = nil
            }
        } catch {
            throw Self.problem(error)
        }
    }

    /// Merges the committed segments into one; the segment counts before and after.
    func merge(analyzer: any Analyzer) throws(RequestProblem) -> (before: Int, after: Int) {
        try withWriter(analyzer: analyzer) { writer throws(IndexStoreError) in try writer.merge() }
    }

    /// Drops the writes not committed and gives the lock back (at shutdown).
    func rollBack(logger: Logger) {
        writer.withLock { writer in
            guard let open = writer else { return }
            logger.notice("writes not committed were rolled back")
            open.close()
            writer = nil
        }
    }

    private func withWriter<Value: Sendable>(analyzer: any Analyzer, _ body: (IndexWriter) throws(IndexStoreError) -> Value)
        throws(RequestProblem) -> Value
    {
        do {
            return try writer.withLock { (writer: inout IndexWriter?) throws(IndexStoreError) -> Value in
                let open: IndexWriter
                if let existing = writer {
                    open = existing
                } else {
                    open = try IndexWriter(directory: directory, analyzer: analyzer)
                    writer = open
                }
                return try body(open)
            }
        } catch {
            throw Self.problem(error)
        }
    }

    /// The answer for a store error: 409 for a lock held elsewhere or a document not committed,
    /// 400 for a rejected document, 500 otherwise.
    private static func problem(_ error: IndexStoreError) -> RequestProblem {
        switch error {
        case .locked, .uncommittedDocument: RequestProblem(status: .conflict, message: "\(error)")
        case .indexing: RequestProblem.badRequest("\(error)")
        default: RequestProblem(status: .internalServerError, message: "\(error)")
        }
    }
}
