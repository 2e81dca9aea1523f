// Query latency of an on-disk index (`arabic-search index build`), one query set at a time.
//
//   query-latency --index DIR --queries NAME:K:FILE [--queries …] [--threads N] [--rounds R]
//                 [--exhaustive] [--prefix-limit N] [--stored-text] [--snippets]
//
// Each FILE is a TSV of `qid<TAB>query` in the engine's query language (`a b` OR, `+a +b` AND,
// `"a b"` phrase, `abc*` prefix); K is the number of hits asked for. Every query of a set runs
// once untimed (warm-up), then once more timed on its own with ContinuousClock, one at a time on
// one thread: parsing, analysis, search and each hit's identifier (`SearchOptions.loadsStoredText`
// false, as the peers fetch only a stored id); `--stored-text` fetches each hit's stored title and
// text too, and `--snippets` (which implies it) makes a snippet of each.
// With --rounds R the timed pass is repeated R times and each query's latency is the median of
// its R timings (QPS over all R passes): steadier tails on a shared machine.
// With --threads N the set is then run again as one batch spread over N threads (queries taken
// in turn), and the batch's wall time gives `batch_qps`.
//
// Prints one JSON object on stdout: {"engine", "index", "threads", "sets": {NAME: {count, k,
// p50_ms, p95_ms, p99_ms, mean_ms, qps, rounds, hits, total_hits, errors, notices, batch_qps?,
// latencies_ms}}}. query-bench.py reads it; latencies are in the order of the file.
import ArabicIndex
import Foundation

/// One `--queries NAME:K:FILE` argument.
struct QuerySet {
    let name: String
    let k: Int
    let path: String
    var queries: [String] = []
}

/// The command line, parsed.
struct Arguments {
    var index = ""
    var sets: [QuerySet] = []
    var threads = 0
    var rounds = 1
    var exhaustive = false
    var prefixLimit: Int?
    var snippets = false
    var storedText = false
}

/// Prints `message` to standard error and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("query-latency: \(message)\n".utf8))
    exit(2)
}

/// Parses the command line; exits with a message on a malformed one.
func parseArguments() -> Arguments {
    var result = Arguments()
    var rest = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let next = rest.popFirst() else { fail("missing value for \(name)") }
        return next
    }
    while let argument = rest.popFirst() {
        switch argument {
        case "--index": result.index = value(argument)
        case "--queries":
            let spec = value(argument)
            let parts = spec.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3, let k = Int(parts[1]), k > 0 else { fail("--queries wants NAME:K:FILE, got \(spec)") }
            result.sets.append(QuerySet(name: parts[0], k: k, path: parts[2]))
        case "--threads":
            guard let n = Int(value(argument)), n >= 0 else { fail("--threads wants a number ≥ 0") }
            result.threads = n
        case "--rounds":
            guard let n = Int(value(argument)), n >= 1 else { fail("--rounds wants a number ≥ 1") }
            result.rounds = n
        case "--exhaustive": result.exhaustive = true
        case "--prune": result.exhaustive = false  // the default; still accepted
        case "--prefix-limit":
            guard let n = Int(value(argument)), n > 0 else { fail("--prefix-limit wants a number > 0") }
            result.prefixLimit = n
        case "--snippets": result.snippets = true
        case "--stored-text": result.storedText = true
        default: fail("unknown argument \(argument)")
        }
    }
    if result.index.isEmpty || result.sets.isEmpty { fail("usage: query-latency --index DIR --queries NAME:K:FILE …") }
    return result
}

/// The queries of a `qid<TAB>query` file, in order.
func readQueries(_ path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    return text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        return fields.count == 2 ? String(fields[1]) : nil
    }
}

/// The search options every query of a set runs with. The one place a variant of our engine
/// (e.g. dynamic pruning) is chosen.
func searchOptions(limit: Int, arguments: Arguments) -> SearchOptions {
    var options = SearchOptions()
    options.limit = limit
    options.snippetWords = arguments.snippets ? 30 : 0
    options.loadsStoredText = arguments.storedText || arguments.snippets
    if let limit = arguments.prefixLimit { options.prefixExpansionLimit = limit }
    options.prunes = !arguments.exhaustive
    return options
}

/// A duration in milliseconds.
func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
}

/// The nearest-rank quantile of sorted values.
func quantile(_ q: Double, _ sorted: [Double]) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((q * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

/// What one query returned: hits, total hits, notices, and whether it failed.
struct Outcome {
    var hits = 0
    var totalHits = 0
    var notices = 0
    var failed = false
}

/// Runs one query: what is timed.
func run(_ query: String, on index: DiskIndex, options: SearchOptions) -> Outcome {
    do {
        let results = try index.search(query, options: options)
        return Outcome(hits: results.hits.count, totalHits: results.totalHits, notices: results.notices.count)
    } catch {
        return Outcome(failed: true)
    }
}

/// A count the batch's threads add to under a lock (Synchronization's `Mutex` would need macOS 15).
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ n: Int) {
        lock.lock()
        count += n
        lock.unlock()
    }
}

/// Runs `queries` as one batch over `threads` threads; returns the wall time in seconds.
func batchSeconds(_ queries: [String], on index: DiskIndex, options: SearchOptions, threads: Int) -> Double {
    let clock = ContinuousClock()
    let hits = Tally()
    let start = clock.now
    DispatchQueue.concurrentPerform(iterations: threads) { worker in
        var local = 0
        var i = worker
        while i < queries.count {
            local += run(queries[i], on: index, options: options).hits
            i += threads
        }
        hits.add(local)
    }
    return milliseconds(clock.now - start) / 1000
}

let arguments = parseArguments()
let index: DiskIndex
do { index = try DiskIndex(directory: arguments.index) } catch { fail("\(error)") }

var report: [String: Any] = [:]
let clock = ContinuousClock()
for var set in arguments.sets {
    set.queries = readQueries(set.path)
    let options = searchOptions(limit: set.k, arguments: arguments)
    for query in set.queries { _ = run(query, on: index, options: options) }  // warm-up
    var timings = Array(repeating: [Double](), count: set.queries.count)
    var total = Outcome()
    var errors = 0
    let setStart = clock.now
    for round in 0..<arguments.rounds {
        for (i, query) in set.queries.enumerated() {
            let start = clock.now
            let outcome = run(query, on: index, options: options)
            timings[i].append(milliseconds(clock.now - start))
            guard round == 0 else { continue }
            total.hits += outcome.hits
            total.totalHits += outcome.totalHits
            total.notices += outcome.notices
            if outcome.failed { errors += 1 }
        }
    }
    let seconds = milliseconds(clock.now - setStart) / 1000
    let latencies = timings.map { quantile(0.5, $0.sorted()) }
    let sorted = latencies.sorted()
    var entry: [String: Any] = [
        "count": set.queries.count, "k": set.k,
        "p50_ms": quantile(0.50, sorted), "p95_ms": quantile(0.95, sorted), "p99_ms": quantile(0.99, sorted),
        "mean_ms": latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count),
        "qps": seconds > 0 ? Double(set.queries.count * arguments.rounds) / seconds : 0, "rounds": arguments.rounds,
        "hits": total.hits, "total_hits": total.totalHits, "errors": errors, "notices": total.notices,
        "latencies_ms": latencies,
    ]
    if arguments.threads > 0 {
        let wall = batchSeconds(set.queries, on: index, options: options, threads: arguments.threads)
        entry["batch_qps"] = wall > 0 ? Double(set.queries.count) / wall : 0
    }
    report[set.name] = entry
}

let output: [String: Any] = [
    "engine": "arabic-search" + (arguments.exhaustive ? " (every match scored)" : ""),
    "index": arguments.index, "documents": index.documentCount, "segments": index.segmentCount,
    "threads": arguments.threads, "sets": report,
]
do {
    let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
} catch {
    fail("cannot encode the report: \(error)")
}
