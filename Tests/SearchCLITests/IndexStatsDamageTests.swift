import Foundation
import Testing

/// `index stats` checks what opening the index checks (each file's header, segment identity and
/// size), so a damaged index is one line and exit 2 instead of figures and 0 (issue 19, item 7).
@Suite("index stats on a damaged index, as a process")
struct IndexStatsDamageTests {
    @Test func aTruncatedFileIsReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arabic-search-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("corpus.jsonl")
        try Data(#"{"id":"a","text":"كتاب قلم"}"#.utf8 + [0x0A] + #"{"id":"b","text":"بيت"}"#.utf8 + [0x0A]).write(to: corpus)
        let index = directory.appendingPathComponent("idx").path
        #expect(try CLIProcess.run(["index", "build", "--quiet", "--index", index, corpus.path]).status == 0)
        #expect(try CLIProcess.run(["index", "stats", "--index", index]).status == 0)
        let post = URL(fileURLWithPath: index + "/s00000001.post")
        let bytes = try Data(contentsOf: post)
        try bytes.dropLast(1).write(to: post)
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        #expect(stats.status == 2)
        #expect(stats.stdout == "")
        #expect(stats.stderr == "arabic-search: index \(index) is corrupt: s00000001.post: size \(bytes.count - 1) bytes, the manifest says \(bytes.count)\n")
    }
}
