import ArabicTokenizer
import Foundation

extension IndexWriter {
    /// Adds every document of `stream`, reading, parsing and analyzing it on other threads a
    /// batch or two ahead of the indexing, so that all processors stay busy.
    ///
    /// The result is the same as calling ``add(contentsOf:replacing:)`` with each batch of
    /// `stream` in turn. `warnings` receives the stream's problems (skipped lines) before the
    /// batch they came with is added, `progress` the bytes read so far after each batch.
    ///
    /// - Throws: the stream's ``CorpusError`` or the writer's ``IndexStoreError``; the batches
    ///   before it are added (not committed).
    public func add(from stream: CorpusStream, replacing: Bool = false, warnings: ([CorpusProblem]) -> Void,
                    progress: (Int) -> Void) throws
    {
        let reader = AnalyzingReader(stream, analyzer: analyzer)
        defer { reader.cancel() }
        while true {
            let item = try reader.next()
            warnings(item.problems)
            guard let batch = item.batch else { return }
            try add(contentsOf: batch, analyzed: item.analyzed, replacing: replacing)
            progress(item.bytesRead)
        }
    }
}

/// Reads a ``CorpusStream`` and analyzes its batches on other threads, at most two batches
/// ahead of the consumer.
final class AnalyzingReader: @unchecked Sendable {
    struct Item: Sendable {
        /// The batch, `nil` at the end of the stream.
        var batch: [Document]?
        var analyzed: [[AnalyzedField]]
        var problems: [CorpusProblem]
        var bytesRead: Int
    }

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var items: [Result<Item, CorpusError>] = []
    private var cancelled = false
    private static let depth = 2

    /// Starts reading `stream`, which only the reading thread uses from now on.
    init(_ stream: CorpusStream, analyzer: any Analyzer) {
        let box = StreamBox(stream: stream)
        let thread = Thread { [self] in
            var stream = box.stream
            while true {
                let item: Result<Item, CorpusError>
                var last = false
                do throws(CorpusError) {
                    let batch = try stream.next()
                    last = batch == nil
                    let analyzed = batch.map { ConcurrentAnalysis.fields(of: $0, with: analyzer) } ?? []
                    item = .success(Item(batch: batch, analyzed: analyzed, problems: stream.takeProblems(),
                                         bytesRead: stream.bytesRead))
                } catch {
                    last = true
                    item = .failure(error)
                }
                condition.lock()
                while items.count >= Self.depth, !cancelled { condition.wait() }
                let stop = cancelled
                if !stop { items.append(item) }
                condition.broadcast()
                condition.unlock()
                if stop || last { return }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next item; throws what reading threw.
    func next() throws(CorpusError) -> Item {
        condition.lock()
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        condition.unlock()
        return try item.get()
    }

    /// Lets the reading thread stop (after the read it may be blocked in).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands the stream over to the reading thread.
    private struct StreamBox: @unchecked Sendable {
        let stream: CorpusStream
    }
}
