// Measures the Arabic analyzer's throughput (MB/s of UTF-8 input, tokens/s) on a JSONL corpus.
//
//   swift run -c release analysis-throughput [CORPUS.jsonl[.gz]] [--repeat N]
//
// The corpus is decompressed and parsed before timing starts; only analysis is timed. Each pass
// analyzes every document's title and text; the best and median pass are reported, beside the
// throughput of ICU's word break iterator alone over the same texts (the floor analysis builds on).
import ArabicTokenizer
import BenchmarkSupport
import Foundation

func loadTexts(_ path: String) throws -> [String] {
    var texts: [String] = []
    for line in try corpusLines(path) where !line.isEmpty {
        guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
        if let title = object["title"] as? String, !title.isEmpty { texts.append(title) }
        if let text = object["text"] as? String { texts.append(text) }
    }
    return texts
}

var arguments = Array(CommandLine.arguments.dropFirst())
var passes = 3
if let i = arguments.firstIndex(of: "--repeat"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    passes = max(1, n)
    arguments.removeSubrange(i...(i + 1))
}
let path = arguments.first ?? "../../shared/datasets/scale/corpus.jsonl.gz"
let texts = try loadTexts(path)
let bytes = texts.reduce(0) { $0 + $1.utf8.count }
let megabytes = Double(bytes) / 1_000_000
print("corpus: \(path)")
print(String(format: "texts: %d, UTF-8 input: %.1f MB, passes: %d", texts.count, megabytes, passes))

func measure(_ name: String, passes: Int, megabytes: Double, _ body: () -> Int) {
    var seconds: [Double] = []
    var count = 0
    for _ in 0..<passes {
        let start = DispatchTime.now().uptimeNanoseconds
        count = body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    seconds.sort()
    let best = seconds[0]
    let median = seconds[seconds.count / 2]
    print(String(format: "%-28@ best %6.1f MB/s  median %6.1f MB/s  %6.2f M tokens/s  (%d tokens)",
                 name as NSString, megabytes / best, megabytes / median, Double(count) / best / 1e6, count))
}

let onlyAnalyzer = ProcessInfo.processInfo.environment["ANALYSIS_ONLY"] != nil
// The fast path must report exactly ICU's words: compare them over the whole corpus first.
let segmenter = WordSegmenter()
let icuSegmenter = WordSegmenter(usesFastPath: false)
var mismatches = 0
for text in texts where !onlyAnalyzer {
    let fast = segmenter.wordRanges(in: text)
    let icu = icuSegmenter.wordRanges(in: text)
    guard fast != icu else { continue }
    mismatches += 1
    if mismatches <= 5, let i = Optional(zip(fast, icu).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? min(fast.count, icu.count)) {
        let bytes = Array(text.utf8)
        func show(_ ranges: [Range<Int>]) -> String {
            ranges[max(0, i - 1)..<min(ranges.count, i + 2)].map {
                "[" + String(decoding: bytes[$0], as: UTF8.self).unicodeScalars.map { $0.value < 0x80 ? String($0) : String(format: "%04X", $0.value) }.joined(separator: " ") + "]"
            }.joined(separator: " ")
        }
        print("fast path: \(show(fast))\nICU:       \(show(icu))")
    }
}
print("texts whose words differ between the fast path and ICU's iterator: \(mismatches)")
if !onlyAnalyzer {
    measure("ICU word break iterator", passes: passes, megabytes: megabytes) {
        var count = 0
        for var text in texts {
            text.withUTF8 { icuSegmenter.forEachWord(in: $0) { _ in count += 1 } }
        }
        return count
    }
}
measure("word segmentation", passes: passes, megabytes: megabytes) {
    var count = 0
    for var text in texts {
        text.withUTF8 { segmenter.forEachWord(in: $0) { _ in count += 1 } }
    }
    return count
}
let analyzer = ArabicAnalyzer()
measure("ArabicAnalyzer.forEachTerm", passes: passes, megabytes: megabytes) {
    var count = 0
    for text in texts { analyzer.forEachTerm(in: text) { _ in count += 1 } }
    return count
}
measure("ArabicAnalyzer.analyze", passes: passes, megabytes: megabytes) {
    var count = 0
    for text in texts { count += analyzer.analyze(text).count }
    return count
}
