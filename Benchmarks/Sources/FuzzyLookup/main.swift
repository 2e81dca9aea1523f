// Fuzzy-term lookup cost over an on-disk index: the dictionary search a `word~N` query does
// before it scores anything (`DiskIndex.termsNear`).
//
//   fuzzy-lookup --index DIR --queries FILE [--edits 2] [--costs arabic|uniform] [--n 500]
//                [--lengths 4-8] [--rounds 3] [--limit 50]
//
// FILE is a TSV of `qid<TAB>query`. Its words are analyzed with the index's analyzer; the first
// --n distinct terms whose length (in characters) is within --lengths are looked up. The first
// lookup makes the index's term lexicon (timed on its own: `lexicon_ms`); then each term is
// looked up --rounds times, one at a time on one thread, and its latency is the median. A lookup
// returns the --limit closest terms (50, what a fuzzy query keeps by default); `mean_found` and
// `max_found` count those.
//
// Prints one JSON object: {"index", "terms" (the lexicon's size is not public: the count of
// lookups), "edits", "costs", "lexicon_ms", "count", "p50_ms", "p95_ms", "p99_ms", "max_ms",
// "mean_ms", "mean_found", "max_found"}.
import ArabicIndex
import ArabicTokenizer
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fuzzy-lookup: \(message)\n".utf8))
    exit(2)
}

var indexPath = ""
var queriesPath = ""
var edits = 2
var costsName = "arabic"
var count = 500
var lengths = 4...8
var rounds = 3
var limit = 50
var rest = CommandLine.arguments.dropFirst()
while let argument = rest.popFirst() {
    func value(_ name: String) -> String {
        guard let next = rest.popFirst() else { fail("missing value for \(name)") }
        return next
    }
    switch argument {
    case "--index": indexPath = value(argument)
    case "--queries": queriesPath = value(argument)
    case "--edits":
        guard let n = Int(value(argument)), (0...2).contains(n) else { fail("--edits wants 0, 1 or 2") }
        edits = n
    case "--costs":
        costsName = value(argument)
        guard ["arabic", "uniform"].contains(costsName) else { fail("--costs wants arabic or uniform") }
    case "--n":
        guard let n = Int(value(argument)), n > 0 else { fail("--n wants a number > 0") }
        count = n
    case "--lengths":
        let parts = value(argument).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1] else { fail("--lengths wants LOW-HIGH") }
        lengths = parts[0]...parts[1]
    case "--limit":
        guard let n = Int(value(argument)), n > 0 else { fail("--limit wants a number > 0") }
        limit = n
    case "--rounds":
        guard let n = Int(value(argument)), n > 0 else { fail("--rounds wants a number > 0") }
        rounds = n
    default: fail("unknown argument \(argument)")
    }
}
if indexPath.isEmpty || queriesPath.isEmpty { fail("usage: fuzzy-lookup --index DIR --queries FILE [--edits N]") }

let index: DiskIndex
do { index = try DiskIndex(directory: indexPath) } catch { fail("\(error)") }
guard let text = try? String(contentsOfFile: queriesPath, encoding: .utf8) else { fail("cannot read \(queriesPath)") }
var terms: [String] = []
var seen = Set<String>()
for line in text.split(separator: "\n") {
    guard let query = line.split(separator: "\t", maxSplits: 1).last else { continue }
    for token in index.analyzer.analyze(String(query)) where lengths.contains(token.term.unicodeScalars.count) {
        if terms.count < count, seen.insert(token.term).inserted { terms.append(token.term) }
    }
}
if terms.isEmpty { fail("no term of \(lengths) characters in \(queriesPath)") }
let costs: SpellingCosts = costsName == "arabic" ? .arabic : .uniform

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let clock = ContinuousClock()
var lexiconMilliseconds = 0.0
do {
    let start = clock.now
    _ = try index.termsNear(terms[0], edits: edits, costs: costs, limit: limit)
    lexiconMilliseconds = milliseconds(clock.now - start)
} catch { fail("\(error)") }

var latencies: [Double] = []
var found: [Int] = []
for term in terms {
    var timings: [Double] = []
    var matches = 0
    for _ in 0..<rounds {
        let start = clock.now
        do { matches = try index.termsNear(term, edits: edits, costs: costs, limit: limit).count } catch { fail("\(error)") }
        timings.append(milliseconds(clock.now - start))
    }
    timings.sort()
    latencies.append(timings[timings.count / 2])
    found.append(matches)
}
let sorted = latencies.sorted()
func quantile(_ q: Double) -> Double {
    sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
}
let output: [String: Any] = [
    "index": indexPath, "edits": edits, "costs": costsName, "lexicon_ms": lexiconMilliseconds,
    "count": terms.count, "limit": limit, "lengths": "\(lengths.lowerBound)-\(lengths.upperBound)", "rounds": rounds,
    "p50_ms": quantile(0.5), "p95_ms": quantile(0.95), "p99_ms": quantile(0.99), "max_ms": sorted.last ?? 0,
    "mean_ms": latencies.reduce(0, +) / Double(latencies.count),
    "mean_found": Double(found.reduce(0, +)) / Double(found.count), "max_found": found.max() ?? 0,
]
do {
    let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch { fail("\(error)") }
