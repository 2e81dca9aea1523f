// In-memory index build and query speed on a JSONL corpus, following ../shared/peers' conventions.
//
//   swift run -c release search-throughput [CORPUS.jsonl[.gz]] [--queries Q.tsv] [--n 500] [--k 100]
//
// Index time: documents already parsed in memory → index ready (analysis included, reading the
// file not). Query time: every query one at a time on one thread, OR of its analyzed terms, top k,
// snippets included, after one untimed warm-up pass. Prints docs/s, MB/s, QPS and latency quantiles.
import ArabicIndex
import ArabicTokenizer
import BenchmarkSupport
import Foundation

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, in arguments: inout [String]) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    let value = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
    return value
}
let queryPath = option("--queries", in: &arguments) ?? "../../shared/datasets/scale/queries.tsv"
let queryCount = Int(option("--n", in: &arguments) ?? "500") ?? 500
let k = Int(option("--k", in: &arguments) ?? "100") ?? 100
let corpusPath = arguments.first ?? "../../shared/datasets/scale/corpus.jsonl.gz"

var documents: [Document] = []
for line in try corpusLines(corpusPath) where !line.isEmpty {
    guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
          let id = object["id"] as? String, let text = object["text"] as? String else { continue }
    documents.append(Document(id: id, title: object["title"] as? String ?? "", text: text))
}
let megabytes = Double(documents.reduce(0) { $0 + $1.title.utf8.count + 1 + $1.text.utf8.count }) / 1_000_000

var queries: [String] = []
for line in try corpusLines(queryPath) {
    let fields = String(decoding: line, as: UTF8.self).split(separator: "\t", maxSplits: 1)
    if fields.count == 2 { queries.append(String(fields[1])) }
}
// The same sample as ../shared/peers/scale.py would take is not reproducible from Swift; take an
// evenly spaced sample instead so every run uses the same queries.
if queryCount > 0 && queries.count > queryCount {
    let step = Double(queries.count) / Double(queryCount)
    queries = (0..<queryCount).map { queries[Int(Double($0) * step)] }
}

let start = DispatchTime.now().uptimeNanoseconds
var builder = IndexBuilder()
try builder.add(contentsOf: documents)
let index = builder.build()
let indexSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

var options = SearchOptions()
options.limit = k
options.snippetWords = ProcessInfo.processInfo.environment["SNIPPETS"] == nil ? 0 : 30
func orQuery(_ text: String, _ index: InMemoryIndex) -> Query {
    let terms = index.analyzer.analyze(text).map { Query.term($0.term, field: nil) }
    return .boolean(should: terms, must: [], mustNot: [])
}
for q in queries { _ = index.search(orQuery(q, index), options: options) }  // warm-up
var latencies: [Double] = []
var hits = 0
let queryStart = DispatchTime.now().uptimeNanoseconds
for q in queries {
    let t0 = DispatchTime.now().uptimeNanoseconds
    hits += index.search(orQuery(q, index), options: options).hits.count
    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
}
let querySeconds = Double(DispatchTime.now().uptimeNanoseconds - queryStart) / 1e9
latencies.sort()
func quantile(_ q: Double, _ latencies: [Double]) -> Double {
    latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(q * Double(latencies.count)))]
}

print("corpus: \(corpusPath) (\(documents.count) documents, \(String(format: "%.1f", megabytes)) MB)")
print(String(format: "index build: %.2f s, %.0f docs/s, %.1f MB/s, %d terms", indexSeconds,
             Double(documents.count) / indexSeconds, megabytes / indexSeconds, index.termCount))
print(String(format: "queries: %d (k=%d), %.2f s, %.1f QPS, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %d hits",
             queries.count, k, querySeconds, Double(queries.count) / querySeconds, quantile(0.5, latencies), quantile(0.95, latencies), quantile(0.99, latencies), hits))
print(String(format: "peak RSS: %.0f MB", peakRSSMegabytes()))
