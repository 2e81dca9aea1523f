import Synchronization

/// At most a fixed number of searches at once; the others wait their turn, each until its
/// deadline.
final class SearchSlots: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Bool, Never>
        /// The task that gives up the place at the deadline; cancelled when a slot comes first.
        var deadline: Task<Void, Never>?
    }

    private struct State {
        var free: Int
        var waiting: [Waiter] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(free: max(1, count)))
    }

    /// Runs `body` in a slot; `nil` when none came free within `timeout` seconds.
    func run<Value: Sendable>(timeout: Double, _ body: () async throws -> Value) async throws -> Value? {
        guard await acquire(timeout: timeout) else { return nil }
        defer { release() }
        return try await body()
    }

    private func acquire(timeout: Double) async -> Bool {
        let id: Int? = state.withLock { state in
            if state.free > 0 {
                state.free -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return true }
        return await withCheckedContinuation { continuation in
            state.withLock { $0.waiting.append(Waiter(id: id, continuation: continuation)) }
            let deadline = Task {
                try? await Task.sleep(for: .seconds(max(0, timeout)))
                guard !Task.isCancelled else { return }
                // Still waiting at the deadline: give up the place.
                let expired = self.state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiting.remove(at: index).continuation
                }
                expired?.resume(returning: false)
            }
            let granted = state.withLock { state -> Bool in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return true }
                state.waiting[index].deadline = deadline
                return false
            }
            // A slot came (or the deadline passed) before the task was kept: it has nothing to do.
            if granted { deadline.cancel() }
        }
    }

    private func release() {
        let next = state.withLock { state -> Waiter? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.deadline?.cancel()
        next?.continuation.resume(returning: true)
    }
}
