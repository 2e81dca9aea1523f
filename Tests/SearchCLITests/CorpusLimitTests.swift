import Foundation
import Testing

/// `search --corpus` reads files and standard input by one rule: lines over 64 MiB skipped
/// (an error with --strict) as `index build` does, and at most 1 GiB held in memory (issue 19,
/// item 2). Before, standard input was read whole (`< /dev/zero` grew without bound) and a
/// file's 100 MiB line was accepted even with --strict.
@Suite("search --corpus: one line rule, one memory bound")
struct CorpusLimitTests {
    @Test func anEndlessStandardInputEndsInOneLine() throws {
        let result = try CLIProcess.run(["--corpus", "-", "قلم"],
                                        launcher: ["/bin/sh", "-c", "exec \"$0\" \"$@\" < /dev/zero"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "arabic-search: <stdin>: more than 1 GiB to read, the most this command holds in memory; "
            + "to search more, build an index (arabic-search index build) and search it with --index\n")
    }

    /// `-` given twice reads standard input once (it used to say "-: no such file").
    @Test func standardInputTwiceIsReadOnce() throws {
        let result = try CLIProcess.run(["--corpus", "-", "--corpus", "-", "قلم"],
                                        input: Data((#"{"id":"a","text":"قلم"}"# + "\n").utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "1. a  0.360\n   قلم\n")
        #expect(result.stderr == "")
    }

    @Test func aLineOver64MiBIsSkippedFromAFileAndFromStandardInput() throws {
        let long = #"{"id":"big","text":""# + String(repeating: "a", count: 65 << 20) + "\"}\n"
        let corpus = Data((long + #"{"id":"small","text":"قلم"}"# + "\n").utf8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arabic-search-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("long.jsonl")
        try corpus.write(to: file)
        for (arguments, input, source) in [(["--corpus", file.path], nil as Data?, file.path), (["--corpus", "-"], corpus, "<stdin>")] {
            let result = try CLIProcess.run(arguments + ["قلم"], input: input)
            #expect(result.status == 0, "\(source)")
            #expect(result.stdout.hasPrefix("1. small  "), "\(source)")
            #expect(result.stderr == "arabic-search: warning: \(source):1: line longer than 64 MiB (line skipped)\n", "\(source)")
            let strict = try CLIProcess.run(arguments + ["--strict", "قلم"], input: input)
            #expect(strict.status == 2, "\(source)")
            #expect(strict.stderr == "arabic-search: \(source):1: line longer than 64 MiB\n", "\(source)")
        }
    }
}
