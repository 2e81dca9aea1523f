import Foundation
import Synchronization

/// The server's counters, read as Prometheus text at `GET /metrics`: requests by route and
/// status, a latency histogram, errors, commits.
final class ServerMetrics: Sendable {
    /// The latency histogram's upper bounds, in seconds.
    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct State {
        var requests: [RouteStatus: Int] = [:]
        var buckets = [Int](repeating: 0, count: ServerMetrics.bounds.count)
        var latencyCount = 0
        var latencySum = 0.0
        var errors = 0
        var commits = 0
    }

    /// A route (its pattern) and an answer's status.
    private struct RouteStatus: Hashable, Comparable {
        let route: String
        let status: Int

        static func < (a: RouteStatus, b: RouteStatus) -> Bool { (a.route, a.status) < (b.route, b.status) }
    }

    private let state = Mutex(State())

    init() {}

    /// Counts one answered request of `route` (its pattern, e.g. `/documents/{id}`) with
    /// `status`, which took `seconds`.
    func record(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RouteStatus(route: route, status: status), default: 0] += 1
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { state.buckets[index] += 1 }
            state.latencyCount += 1
            state.latencySum += seconds
            if status >= 500 { state.errors += 1 }
        }
    }

    /// Counts a commit made visible (the server's own, or one found in the directory).
    func recordCommit() {
        state.withLock { $0.commits += 1 }
    }

    /// The Prometheus text exposition, with `documents` and `generation` as gauges.
    func exposition(documents: Int, generation: Int) -> String {
        let state = state.withLock { $0 }
        var out = "# HELP arabic_search_requests_total Requests answered, by route and status.\n"
        out += "# TYPE arabic_search_requests_total counter\n"
        for key in state.requests.keys.sorted() {
            let route = key.route.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            out += "arabic_search_requests_total{route=\"\(route)\",status=\"\(key.status)\"} \(state.requests[key] ?? 0)\n"
        }
        out += "# HELP arabic_search_request_duration_seconds Time to answer a request.\n"
        out += "# TYPE arabic_search_request_duration_seconds histogram\n"
        for (index, bound) in Self.bounds.enumerated() {
            out += "arabic_search_request_duration_seconds_bucket{le=\"\(bound)\"} \(state.buckets[index])\n"
        }
        out += "arabic_search_request_duration_seconds_bucket{le=\"+Inf\"} \(state.latencyCount)\n"
        out += "arabic_search_request_duration_seconds_sum \(state.latencySum)\n"
        out += "arabic_search_request_duration_seconds_count \(state.latencyCount)\n"
        out += "# HELP arabic_search_errors_total Requests answered with a 5xx status.\n"
        out += "# TYPE arabic_search_errors_total counter\n"
        out += "arabic_search_errors_total \(state.errors)\n"
        out += "# HELP arabic_search_commits_total Commits made visible to searches since the server started.\n"
        out += "# TYPE arabic_search_commits_total counter\n"
        out += "arabic_search_commits_total \(state.commits)\n"
        out += "# HELP arabic_search_documents Documents in the snapshot searches read.\n"
        out += "# TYPE arabic_search_documents gauge\n"
        out += "arabic_search_documents \(documents)\n"
        out += "# HELP arabic_search_commit_generation The generation of the snapshot searches read.\n"
        out += "# TYPE arabic_search_commit_generation gauge\n"
        out += "arabic_search_commit_generation \(generation)\n"
        return out
    }
}
