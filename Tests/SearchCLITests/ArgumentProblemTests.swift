import Foundation
import Testing

/// Arguments a user can get wrong, each refused in one line with status 2 (issue 19, item 7).
@Suite("arabic-search: arguments, as a process")
struct ArgumentProblemTests {
    /// Before, argv's invalid UTF-8 became U+FFFD silently.
    @Test func anArgumentThatIsNotUTF8IsRefused() throws {
        let result = try CLIProcess.run([], launcher: ["/bin/sh", "-c", #"exec "$0" "$(printf '\377\376')""#])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "arabic-search: argument 1 is not valid UTF-8\n")
    }

    /// Before: "a query is required".
    @Test func aLoneExcludedWordSaysHowToSearchIt() throws {
        let result = try CLIProcess.run(["-جوجل"])
        #expect(result.status == 2)
        #expect(result.stderr == "arabic-search: \"-جوجل\" reads as an option; to search for it, write -- before the query: arabic-search -- \"-جوجل\"\n")
        let written = try CLIProcess.run(["--", "-جوجل"])
        #expect(written.status == 1)
        #expect(written.stderr == "arabic-search: query has only excluded terms; add a term to search for\n")
    }

    /// Before: "Missing value for '--top <top>'".
    @Test func aNegativeValueSaysToUseTheEqualsForm() throws {
        for (arguments, message) in [
            (["--top", "-1", "ibm"], "--top needs a value; one that starts with - must be written --top=-1"),
            (["--k1", "-2", "ibm"], "--k1 needs a value; one that starts with - must be written --k1=-2"),
            (["--top=-1", "ibm"], "--top must be at least 1"),
        ] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "arabic-search: \(message)\n", "\(arguments)")
        }
    }

    /// Before, both lines said only "\"text\" is not a string".
    @Test func jsonStringTroubleIsNamed() throws {
        let input = #"{"id":"a","text":"\ud800 x"}"# + "\n" + #"{"id":"b","text":"a"# + "\u{1}" + #"b"}"# + "\n"
        let result = try CLIProcess.run(["--corpus", "-", "x"], input: Data(input.utf8))
        #expect(result.status == 1)
        #expect(result.stderr == """
            arabic-search: warning: <stdin>:1: "text" is not a string (the line holds \\uD800, a surrogate without its pair, which is not a character) (line skipped)
            arabic-search: warning: <stdin>:2: "text" is not a string (the line holds a raw control character U+0001, which JSON strings must escape) (line skipped)
            arabic-search: the corpus holds no documents

            """)
    }

    /// Before: ".: cannot create the directory", with no reason.
    @Test func anIndexDirectoryThatCannotBeMadeSaysWhy() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("arabic-search-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let corpus = file.path + ".jsonl"
        try Data((#"{"id":"a","text":"x"}"# + "\n").utf8).write(to: URL(fileURLWithPath: corpus))
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let result = try CLIProcess.run(["index", "build", "--index", file.path + "/sub", corpus])
        #expect(result.status == 2)
        #expect(result.stderr == "arabic-search: index \(file.path)/sub: .: cannot create the directory: \(file.path) is a file, not a directory\n")
    }
}
