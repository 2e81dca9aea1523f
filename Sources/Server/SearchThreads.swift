import NIOPosix

/// The threads that searches run on: apart from the event loops and from Swift's cooperative
/// pool, so that a search's CPU work never holds up reading requests and writing answers.
///
/// As many threads as search slots: a search holds its slot while it runs here, so work never
/// queues on these threads (it waits for a slot instead, with its deadline).
final class SearchThreads: Sendable {
    private let pool: NIOThreadPool

    init(count: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, count))
        pool.start()
    }

    /// `body`'s value, computed on one of the threads.
    func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async throws -> Value {
        try await pool.runIfActive(body)
    }

    deinit {
        // The threads keep the pool alive, so it is stopped here, when the server is gone.
        pool.shutdownGracefully { _ in }
    }
}
