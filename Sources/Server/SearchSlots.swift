import Synchronization

/// At most a fixed number of searches at once; the others wait their turn, each until its
/// deadline.
final class SearchSlots: Sendable {
    private struct State {
        var free: Int
        var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
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
            state.withLock { $0.waiting.append((id, continuation)) }
            Task {
                try? await Task.sleep(for: .seconds(max(0, timeout)))
                // Still waiting at the deadline: give up the place.
                let expired = self.state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiting.remove(at: index).continuation
                }
                expired?.resume(returning: false)
            }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
