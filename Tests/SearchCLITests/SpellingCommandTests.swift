import Foundation
import Testing

/// "Did you mean" from the command line, over the bundled article: the line, the JSON field,
/// `--auto-correct` and `--no-suggestion`.
@Suite struct SpellingCommandTests {
    @Test func aMisspeltQueryGetsOneSuggestedQuery() throws {
        let result = try CLIProcess.run(["الزكاء", "ميطا", "--top", "1"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Did you mean: الذكاء ميتا  (16 hits)")
        // The query as typed still ran: ميطا finds nothing, الزكاء nothing either.
        #expect(lines.count == 2)
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
    }

    @Test func theJSONHasTheSuggestionAndItsHits() throws {
        let result = try CLIProcess.run(["--json", "الزكاء OR \"شركة ميطا\""])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let suggestion = try #require(object["suggestion"] as? [String: Any])
        #expect(suggestion["query"] as? String == "الذكاء OR \"شركة ميتا\"")
        #expect(suggestion["total_hits"] as? Int == 16)
        #expect(object["total_hits"] as? Int == 0)
        // Without a slip there is no field.
        let clean = try CLIProcess.run(["--json", "الذكاء"])
        let cleanObject = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(cleanObject["suggestion"] == nil)
    }

    @Test func autoCorrectSearchesTheSuggestionAndSaysSo() throws {
        let corrected = try CLIProcess.run(["--auto-correct", "--top", "3", "الزكاء", "ميطا"])
        let meant = try CLIProcess.run(["--top", "3", "الذكاء", "ميتا"])
        #expect(corrected.status == 0)
        #expect(corrected.stdout == meant.stdout)
        #expect(corrected.stderr == "arabic-search: searched for الذكاء ميتا instead of الزكاء ميطا\n")
    }

    /// `eval --auto-correct` corrects a topic as a search would: not when the correction
    /// matches nothing (ميتا is in no title).
    @Test func evalCorrectsTopicsAsSearchDoes() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let topics = folder.appendingPathComponent("topics.tsv")
        let qrels = folder.appendingPathComponent("qrels.txt")
        let corrected = folder.appendingPathComponent("corrected.tsv")
        try Data("t1\tالزكاء الاصطناعي\nt2\ttitle:ميطا\n".utf8).write(to: topics)
        try Data("t1 0 p01 1\nt2 0 p02 1\n".utf8).write(to: qrels)
        let article = CLIProcess.packageRoot.appendingPathComponent("Corpus/article.txt").path
        let result = try CLIProcess.run(["eval", "--corpus", article, "--topics", topics.path, "--qrels", qrels.path,
                                         "--syntax", "--auto-correct", "--corrected-topics", corrected.path])
        #expect(result.status == 0)
        #expect(result.stderr == "arabic-search: --auto-correct: 1 of 2 topics searched as corrected\n")
        #expect(String(decoding: try Data(contentsOf: corrected), as: UTF8.self) == "t1\tالذكاء الاصطناعي\nt2\ttitle:ميطا\n")
    }

    /// In a sweep, `--then-test`'s held-out topics are searched as corrected too.
    @Test func evalCorrectsHeldOutTopicsToo() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = ["topics.tsv": "t1\tالزكاء الاصطناعي\nt2\tشركة ميتا\n", "qrels.txt": "t1 0 p01 1\nt2 0 p02 1\n",
                     "held.tsv": "t3\tالزكاء\nt4\tالذكاء\n", "held-qrels.txt": "t3 0 p01 1\nt4 0 p02 1\n"]
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let article = CLIProcess.packageRoot.appendingPathComponent("Corpus/article.txt").path
        let result = try CLIProcess.run(["eval", "--corpus", article, "--topics", path("topics.tsv"), "--qrels", path("qrels.txt"),
                                         "--auto-correct", "--sweep", "k1=0.6:1.2:0.6",
                                         "--then-test", path("held.tsv"), path("held-qrels.txt")])
        #expect(result.status == 0)
        #expect(result.stderr == """
            arabic-search: --auto-correct: 1 of 2 topics searched as corrected
            arabic-search: --auto-correct: 1 of 2 held-out topics searched as corrected

            """)
        #expect(result.stdout.contains("held-out (2 judged topics): ndcg@10="))
    }

    @Test func noSuggestionMeansNone() throws {
        let result = try CLIProcess.run(["--no-suggestion", "الزكاء"])
        #expect(result.stdout.isEmpty)
        #expect(result.status == 1)
        let both = try CLIProcess.run(["--no-suggestion", "--auto-correct", "الزكاء"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("--auto-correct and --no-suggestion cannot be combined"))
    }

    @Test func analyzeIsUnchanged() throws {
        let result = try CLIProcess.run(["analyze", "الزكاء"])
        #expect(result.stdout == "0\tزكاء\tالزكاء\n")
    }
}
