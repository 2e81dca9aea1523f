import Foundation
import Testing

@Suite("arabic-search eval, as a process")
struct EvalCommandTests {
    /// A small test collection written to a fresh folder: corpus, topics, qrels.
    struct Collection {
        let directory: URL
        var corpus: String { directory.appendingPathComponent("corpus.jsonl").path }
        var topics: String { directory.appendingPathComponent("topics.tsv").path }
        var qrels: String { directory.appendingPathComponent("qrels.txt").path }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        /// Deletes the folder and everything the test wrote into it.
        func remove() { try? FileManager.default.removeItem(at: directory) }

        static let documents = [
            ("d1", "الذكاء الاصطناعي", "تحالفت شركة Meta مع شركة IBM في مجال الذكاء الاصطناعي"),
            ("d2", "", "أطلقت جوجل نظام جيمناي للذكاء الاصطناعي"),
            ("d3", "", "البرمجيات مفتوحة المصدر تنتشر في الجامعات"),
            ("d4", "المكتبات", "تضم المكتبات العامة كتبا كثيرة عن البرمجيات"),
            ("d5", "", "جوجل شركة كبيرة"),
        ]

        static func make() throws -> Collection {
            let directory = try CLIProcess.temporaryDirectory()
            let corpus = Self.documents.map { #"{"id": "\#($0.0)", "title": "\#($0.1)", "text": "\#($0.2)"}"# }.joined(separator: "\n")
            try Data((corpus + "\n").utf8).write(to: directory.appendingPathComponent("corpus.jsonl"))
            let topics = "t1\tشركة الذكاء الاصطناعي\nt2\t-جوجل\nt3\tالبرمجيات مفتوحة المصدر\nt4\tفي من\n"
            try Data(topics.utf8).write(to: directory.appendingPathComponent("topics.tsv"))
            let qrels = "t1 0 d1 1\nt2 0 d5 1\nt3 0 d3 2\nt3 0 d4 1\nt4 0 d3 1\nt5 0 d2 1\n"
            try Data(qrels.utf8).write(to: directory.appendingPathComponent("qrels.txt"))
            return Collection(directory: directory)
        }
    }

    static let fixtures = CLIProcess.packageRoot.appendingPathComponent("Tests/Fixtures/eval")

    /// expected-means.tsv of the fixture: metric → ir-measures' mean.
    func referenceMeans() throws -> [String: Double] {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("expected-means.tsv"), encoding: .utf8)
        var means: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            means[String(fields[0])] = Double(fields[1])
        }
        return means
    }

    @Test func evaluatesARunFileAsIrMeasuresDoes() throws {
        let run = Self.fixtures.appendingPathComponent("run.txt").path
        let qrels = Self.fixtures.appendingPathComponent("qrels.txt").path
        let result = try CLIProcess.run(["eval", "--run", run, "--qrels", qrels, "--metrics", "ndcg@10,mrr@10,recall@100,map,p@10"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let means = try referenceMeans()
        let row = ["ndcg@10", "mrr@10", "recall@100", "map", "p@10"].map { String(format: "%.4f", means[$0] ?? -1) }
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "topic  ndcg@10  mrr@10  recall@100  map     p@10")
        #expect(lines.dropFirst().first?.split(separator: " ").map(String.init) == ["mean"] + row)
        #expect(lines.last == "judged topics: 258, answered by the run: 253, run topics without judgments (ignored): 1")

        let json = try CLIProcess.run(["eval", "--run", run, "--qrels", qrels, "--json", "--per-query",
                                       "--metrics", "ndcg@10,mrr@10,mrr,map@10,p@5"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["judged_topics"] as? Int == 258)
        #expect(object["answered_topics"] as? Int == 253)
        let ours = try #require(object["means"] as? [String: Double])
        for name in ["ndcg@10", "mrr@10", "mrr", "map@10", "p@5"] {
            let value = try #require(ours[name])
            #expect(abs(value - (means[name] ?? -1)) < 1e-9, "\(name)")
        }
        let perQuery = try #require(object["per_query"] as? [String: [String: Double]])
        #expect(perQuery.count == 258)
        #expect(perQuery["zz-nonrelevant-0"] == ["ndcg@10": 0, "mrr@10": 0, "mrr": 0, "map@10": 0, "p@5": 0])
    }

    @Test func runsTopicsWritesTheRunAndEvaluatesIt() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let out = c.path("out.run")
        let result = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                         "--run", out, "--k", "3", "--per-query", "--metrics", "mrr@10,recall@3"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let run = try String(contentsOfFile: out, encoding: .utf8)
        let lines = run.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.allSatisfy { $0.count == 6 && $0[1] == "Q0" && $0[5] == "arabic-search" && (Double($0[4]) ?? 0) > 0 })
        // The minus of t2 is text, so جوجل is searched; the all-stop-word t4 has no line.
        #expect(Set(lines.filter { $0[0] == "t2" }.map { $0[2] }) == ["d2", "d5"])
        #expect(lines.filter { $0[0] == "t1" }.map { $0[3] } == ["1", "2", "3"])
        #expect(!lines.contains { $0[0] == "t4" })
        #expect(lines.first?[0] == "t1" && lines.first?[2] == "d1")
        let output = result.stdout.split(separator: "\n").map(String.init)
        #expect(output.first == "topic  mrr@10  recall@3")
        #expect(output.contains("t1     1.0000  1.0000"))
        #expect(output.contains("t4     0.0000  0.0000"))
        #expect(output.contains("t5     0.0000  0.0000"))
        #expect(output.last == "judged topics: 5, answered by the run: 3")

        // With --syntax, "-جوجل" excludes instead: nothing to search for.
        let syntax = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--run", c.path("syntax.run"), "--syntax"])
        #expect(syntax.status == 0)
        let syntaxRun = try String(contentsOfFile: c.path("syntax.run"), encoding: .utf8)
        #expect(!syntaxRun.contains("t2 Q0"))
        #expect(syntaxRun.contains("t1 Q0 d1 1 "))
    }

    /// `eval --index` over an index of the corpus (two segments, built then added to) writes
    /// the run `eval --corpus` writes, prints the same metrics and sweeps the same; with its
    /// own analyzer, or with switches that must match it.
    @Test func anIndexOnDiskRanksExactlyAsTheCorpus() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let lines = try String(contentsOfFile: c.corpus, encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(3).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: c.path("first.jsonl")))
        try Data((lines.dropFirst(3).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: c.path("rest.jsonl")))
        let index = c.path("idx")
        #expect(try CLIProcess.run(["index", "build", "--quiet", "--index", index, c.path("first.jsonl")]).status == 0)
        #expect(try CLIProcess.run(["index", "add", "--quiet", "--index", index, c.path("rest.jsonl")]).status == 0)
        for extra in [[], ["--fields", "bm25f", "--k1", "1.2"], ["--syntax", "--proximity", "0"]] {
            let corpus = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                             "--run", c.path("corpus.run"), "--per-query"] + extra)
            let disk = try CLIProcess.run(["eval", "--index", index, "--topics", c.topics, "--qrels", c.qrels,
                                           "--run", c.path("index.run"), "--per-query"] + extra)
            #expect(corpus.status == 0 && disk.status == 0, "\(disk.stderr)")
            #expect(disk.stdout == corpus.stdout, "\(extra)")
            let expected = try String(contentsOfFile: c.path("corpus.run"), encoding: .utf8)
            #expect(try String(contentsOfFile: c.path("index.run"), encoding: .utf8) == expected, "\(extra)")
            #expect(!expected.isEmpty)
        }
        let sweep = ["--qrels", c.qrels, "--sweep", "k1=0.6:1.2:0.6,bm25f=0:1:1", "--json"]
        let corpusSweep = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics] + sweep)
        let diskSweep = try CLIProcess.run(["eval", "--index", index, "--topics", c.topics] + sweep)
        #expect(diskSweep.status == 0 && diskSweep.stdout == corpusSweep.stdout)
        // Switches that match the index are accepted; others are refused, in one line.
        #expect(try CLIProcess.run(["eval", "--index", index, "--topics", c.topics, "--qrels", c.qrels, "--stem"]).stdout
            == CLIProcess.run(["eval", "--index", index, "--topics", c.topics, "--qrels", c.qrels]).stdout)
        let mismatch = try CLIProcess.run(["eval", "--index", index, "--topics", c.topics, "--qrels", c.qrels, "--no-stem"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.hasPrefix("arabic-search: index \(index) was built with analyzer settings "))
        #expect(mismatch.stderr.filter { $0 == "\n" }.count == 1)
        for (arguments, message) in [
            (["--corpus", c.corpus, "--index", index, "--topics", c.topics, "--qrels", c.qrels], "--corpus and --index name two sources of documents; give one"),
            (["--index", index, "--qrels", c.qrels], "--index needs --topics"),
            (["--index", index, "--topics", c.topics, "--qrels", c.qrels, "--ablate"], "--ablate needs --corpus: it indexes the corpus again for each analyzer"),
            (["--index", c.path("nowhere"), "--topics", c.topics, "--qrels", c.qrels], "\(c.path("nowhere")) is not an index: no such directory"),
        ] {
            let result = try CLIProcess.run(["eval"] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr == "arabic-search: \(message)\n")
        }
    }

    /// `eval --collection` over two collections (one with its corpus and a reference run, one
    /// with an index): each one's figure per cell, as `eval --corpus` measures it, the mean,
    /// the worst difference to the reference, and the leave-one-out choices.
    @Test func collectionsAreMeasuredSideBySide() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let first = c.directory.appendingPathComponent("first")
        let second = c.directory.appendingPathComponent("second")
        for folder in [first, second] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: c.topics, toPath: folder.appendingPathComponent("topics-dev.tsv").path)
            try FileManager.default.copyItem(atPath: c.qrels, toPath: folder.appendingPathComponent("qrels-dev.txt").path)
        }
        try FileManager.default.copyItem(atPath: c.corpus, toPath: first.appendingPathComponent("corpus.jsonl").path)
        try Data("t1 Q0 d2 1 1.0 peer\nt3 Q0 d3 1 1.0 peer\n".utf8).write(to: first.appendingPathComponent("reference-dev.run"))
        #expect(try CLIProcess.run(["index", "build", "--quiet", "--index", second.appendingPathComponent("index").path, c.corpus]).status == 0)
        let result = try CLIProcess.run(["eval", "--collection", first.path, "--collection", "other=\(second.path)",
                                         "--sweep", "k1=0.6:1.2:0.6", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["collections"] as? [String] == ["first", "other"])
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(cells.count == 2)
        #expect(object["start"] as? Int == 0)
        // Each figure is what eval --corpus measures with that k1.
        for cell in cells {
            let k1 = try #require(cell["k1"] as? Double)
            let single = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                             "--metrics", "ndcg@10", "--k1", "\(k1)", "--json"])
            let means = try #require((try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])?["means"] as? [String: Double])
            let figures = try #require(cell["figures"] as? [String: Double])
            #expect(figures["first"] == means["ndcg@10"] && figures["other"] == means["ndcg@10"])
            #expect(cell["mean"] as? Double == means["ndcg@10"])
            // The reference run (d2 for t1, d3 for t3) is worse than ours on "first".
            let worst = try #require(cell["worst_difference"] as? [String: Any])
            #expect(worst["collection"] as? String == "first")
            #expect((worst["difference"] as? Double ?? 0) > 0)
        }
        #expect((object["leave_one_out"] as? [Any])?.count == 2)
        let text = try CLIProcess.run(["eval", "--collection", first.path, "--collection", "other=\(second.path)"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("ndcg@10 on 2 collections; * marks the best mean\n"))
        #expect(text.stdout.contains("leave one collection out"))
        for (arguments, message) in [
            (["--collection", c.directory.appendingPathComponent("none").path], "--collection \(c.directory.appendingPathComponent("none").path): \(c.directory.appendingPathComponent("none").path) is not a folder"),
            (["--collection", first.path, "--corpus", c.corpus], "--collection brings its own documents, topics and qrels: give it without --corpus, --index, --topics, --qrels or --run"),
            (["--collection", c.directory.path], "\(c.directory.appendingPathComponent("topics-dev.tsv").path): no such file"),
        ] {
            let failed = try CLIProcess.run(["eval"] + arguments)
            #expect(failed.status == 2, "\(arguments)")
            #expect(failed.stderr.hasPrefix("arabic-search: "), "\(arguments)")
            #expect(failed.stderr == "arabic-search: \(message)\n", "\(arguments)")
        }
    }

    @Test func threadsDoNotChangeTheRun() throws {
        let c = try Collection.make()
        defer { c.remove() }
        for threads in ["1", "3"] {
            let result = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--run", c.path("t\(threads).run"),
                                             "--threads", threads])
            #expect(result.status == 0)
        }
        let one = try String(contentsOfFile: c.path("t1.run"), encoding: .utf8)
        #expect(!one.isEmpty)
        #expect(try String(contentsOfFile: c.path("t3.run"), encoding: .utf8) == one)
    }

    @Test func rankingAndAnalyzerSwitchesChangeTheRun() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let plain = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                        "--analyzer", "plain", "--metrics", "recall@3", "--json"])
        let arabic = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                         "--metrics", "recall@3", "--json"])
        // t4 is all stop words: only the plain analyzer (no stop list) answers it.
        #expect(arabic.stdout.contains(#""answered_topics":3"#))
        #expect(plain.stdout.contains(#""answered_topics":4"#))
        let base = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--run", c.path("a.run")])
        let tuned = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--run", c.path("b.run"),
                                        "--k1", "2", "--b", "1", "--variant", "bm25plus", "--title-boost", "3"])
        #expect(base.status == 0 && tuned.status == 0)
        #expect(try String(contentsOfFile: c.path("a.run"), encoding: .utf8) != String(contentsOfFile: c.path("b.run"), encoding: .utf8))
    }

    @Test func peerStatsPrintsTheHarnessLineLast() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let result = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--run", c.path("p.run"),
                                         "--k", "100", "--peer-stats", "--warmup", "1"])
        #expect(result.status == 0)
        let last = try #require(result.stdout.split(separator: "\n").last)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        for key in ["docs", "index_seconds", "query_seconds_total", "queries", "qps", "corpus_mb", "index_mb_per_s", "bm25",
                    "version", "analyzer"] {
            #expect(stats[key] != nil, "\(key)")
        }
        #expect(stats["docs"] as? Int == 5)
        #expect(stats["queries"] as? Int == 4)
        #expect(stats["analyzer"] as? String == "arabic")
        #expect(stats["bm25"] as? String
                == "lucene k1=0.6 b=0.8 fields=bm25f title-b=1.0 title-boost=2.0 text-boost=1.0 variant-weight=1.0 rerank: coverage=0.0 proximity=0.4 window=3 depth=30")
        #expect(stats["version"] as? String == "0.1.0")
        #expect(stats["k"] as? Int == 100)
        // title + "\n" + text (text alone without a title) in UTF-8 bytes, in MB with 3 decimals.
        let bytes = Collection.documents.reduce(0) { $0 + ($1.1.isEmpty ? 0 : $1.1.utf8.count + 1) + $1.2.utf8.count }
        #expect(stats["corpus_mb"] as? Double == (Double(bytes) / 1e3).rounded() / 1e3)
        #expect(FileManager.default.fileExists(atPath: c.path("p.run")))
    }

    @Test func malformedFilesExitTwoNamingFileAndLine() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let badRun = c.path("bad.run")
        try Data("t1 Q0 d1 1 2.5 x\nt1 Q0 d2 2 x\n".utf8).write(to: URL(fileURLWithPath: badRun))
        let run = try CLIProcess.run(["eval", "--run", badRun, "--qrels", c.qrels])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "arabic-search: \(badRun):2: expected `qid Q0 docid rank score tag`, found 5 fields\n")

        let badQrels = c.path("bad.qrels")
        try Data("t1 0 d1 1\nt1 0 d2 yes\n".utf8).write(to: URL(fileURLWithPath: badQrels))
        let qrels = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", badQrels])
        #expect(qrels.status == 2)
        #expect(qrels.stderr == "arabic-search: \(badQrels):2: relevance \"yes\" is not an integer\n")

        let badTopics = c.path("bad.tsv")
        try Data("t1\tنص\nt2 بلا تاب\n".utf8).write(to: URL(fileURLWithPath: badTopics))
        let topics = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", badTopics, "--qrels", c.qrels])
        #expect(topics.status == 2)
        #expect(topics.stderr == "arabic-search: \(badTopics):2: expected qid<TAB>text, found no tab\n")

        let syntax = c.path("syntax.tsv")
        // A topic that is not a valid query is skipped with a warning (it counts 0); the rest run.
        try Data("t1\t\"مفتوح\nt3\tالبرمجيات مفتوحة المصدر\n".utf8).write(to: URL(fileURLWithPath: syntax))
        let parsed = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", syntax, "--qrels", c.qrels, "--syntax",
                                         "--run", c.path("skipped.run"), "--metrics", "recall@100"])
        #expect(parsed.status == 0)
        #expect(parsed.stderr == "arabic-search: warning: topic t1: column 1: unbalanced quote (topic skipped)\n"
            + "arabic-search: warning: 1 of 2 topics skipped: not valid queries\n")
        let skippedRun = try String(contentsOfFile: c.path("skipped.run"), encoding: .utf8)
        #expect(!skippedRun.contains("t1 Q0") && skippedRun.contains("t3 Q0 d3 "))

        for arguments in [["eval", "--run", badRun], ["eval", "--corpus", c.corpus], ["eval", "--metrics", "bleu", "--run", badRun, "--qrels", c.qrels],
                          ["eval", "--corpus", c.corpus, "--topics", c.topics, "--sweep", "k1=1", "--ablate", "--qrels", c.qrels],
                          ["eval", "--corpus", c.corpus, "--topics", c.topics], ["eval", "compare", badRun]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("arabic-search: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        // A bad grid: the library says what is wrong, the command line names the option.
        let grid = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                       "--sweep", "k1=1:2:0"])
        #expect(grid.status == 2)
        #expect(grid.stderr == "arabic-search: --sweep: k1=1:2:0: the step must be above 0\n")
    }

    @Test func runDocumentsMissingFromTheCorpusAreCountedAndNamed() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let path = c.path("unknown.run")
        try Data("t1 Q0 d1 1 3 x\nt1 Q0 ghost 2 2 x\nt2 Q0 phantom 1 1 x\nt3 Q0 ghost 1 1 x\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CLIProcess.run(["eval", "--run", path, "--qrels", c.qrels, "--corpus", c.corpus, "--metrics", "p@1"])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("documents of the run not in the corpus: 2 (ghost, phantom)\n"))
        let json = try CLIProcess.run(["eval", "--run", path, "--qrels", c.qrels, "--corpus", c.corpus, "--json"])
        #expect(json.stdout.contains(#""unknown_documents":{"count":2,"ids":["ghost","phantom"]}"#))
    }

    @Test func compareReportsMeansDifferencesAndPValues() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let a = c.path("a.run")
        let b = c.path("b.run")
        try Data("t1 Q0 d1 1 2 a\nt1 Q0 x 2 1 a\nt2 Q0 x 1 2 a\nt2 Q0 d5 2 1 a\nt3 Q0 d3 1 1 a\n".utf8).write(to: URL(fileURLWithPath: a))
        try Data("t1 Q0 x 1 2 b\nt1 Q0 d1 2 1 b\nt2 Q0 d5 1 2 b\nt3 Q0 d3 1 1 b\nt5 Q0 d2 1 1 b\n".utf8).write(to: URL(fileURLWithPath: b))
        let result = try CLIProcess.run(["eval", "compare", a, b, "--qrels", c.qrels, "--metrics", "mrr@10",
                                         "--permutations", "2000", "--seed", "5", "--plot", c.path("diff.svg")])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A: t1 1, t2 0.5, t3 1, t4 0, t5 0 → 0.5; B: t1 0.5, t2 1, t3 1, t4 0, t5 1 → 0.7.
        // Differences -0.5, 0.5, 0, 0, 1: t = 0.2 / sqrt(0.325 / 5) = 0.78446, df 4, p = 0.47662 (scipy).
        #expect(lines[2] == "5 judged topics; A answers 3, B answers 4; 2000 permutations, seed 5")
        #expect(lines[3] == "metric  A       B       B-A      p(randomization)  p(t-test)")
        let row = lines[4].split(separator: " ").map(String.init)
        #expect(row[0...3] == ["mrr@10", "0.5000", "0.7000", "+0.2000"])
        #expect(row[5] == "0.4766")
        #expect(lines[5] == "gained most on mrr@10 (2):")
        #expect(lines[6] == "  t5  0.0000  ->  1.0000  +1.0000")
        #expect(lines[7] == "  t2  0.5000  ->  1.0000  +0.5000")
        #expect(lines[8] == "lost most on mrr@10 (1):")
        #expect(lines[9] == "  t1  1.0000  ->  0.5000  -0.5000")
        // The randomization p-value: 24 of the 32 sign patterns are as extreme, so about 0.75.
        let p = try #require(Double(row[4]))
        #expect(abs(p - 0.75) < 0.04)
        let svg = try String(contentsOfFile: c.path("diff.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.components(separatedBy: "<title>").count - 1 == 3)

        let json = try CLIProcess.run(["eval", "compare", a, b, "--qrels", c.qrels, "--metrics", "mrr@10", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [[String: Any]])
        #expect(abs((metrics.first?["difference"] as? Double ?? 0) - 0.2) < 1e-12)
        #expect((object["gains"] as? [[String: Any]])?.count == 2)
    }

    @Test func sweepMarksTheBestCellAndTestsItOnHeldOutTopics() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let result = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                         "--sweep", "k1=0.5:1.5:0.5,b=0.25:0.75:0.25", "--metric", "mrr@10",
                                         "--then-test", c.topics, c.qrels, "--plot", c.path("sweep.svg")])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines[0] == "mrr@10 over k1 × b (5 judged topics); * marks the best cell")
        #expect(lines[1] == "k1 \\ b  0.25     0.5     0.75")
        #expect(lines[2].hasPrefix("0.5  ") && lines[3].hasPrefix("1  ") && lines[4].hasPrefix("1.5  "))
        #expect(lines[2...4].joined().filter { $0 == "*" }.count == 1)
        #expect(lines[5].hasPrefix("best: k1="))
        #expect(lines[6].hasPrefix("held-out (5 judged topics): mrr@10="))
        let svg = try String(contentsOfFile: c.path("sweep.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 9)
        #expect(svg.components(separatedBy: "stroke=\"#d00\"").count - 1 == 1)

        let json = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels,
                                       "--sweep", "k1=1,b=0:1:0.5", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["cells"] as? [[String: Double]])?.map { $0["b"] ?? -1 } == [0, 0.5, 1])
        #expect(object["parameters"] as? [String] == ["k1", "b"])
    }

    @Test func ablationPrintsEveryVariantWithItsDelta() throws {
        let c = try Collection.make()
        defer { c.remove() }
        let result = try CLIProcess.run(["eval", "--corpus", c.corpus, "--topics", c.topics, "--qrels", c.qrels, "--ablate",
                                         "--metric", "recall@3", "--no-fold", "digits", "--no-strip", "conjunction"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let names = lines.dropFirst().map { $0.components(separatedBy: "  ").first ?? "" }
        #expect(lines.first == "variant                          recall@3  delta")
        #expect(names == ["full", "no folding: compatibility-forms", "no folding: latin-case", "no folding: diacritics",
                          "no folding: tatweel", "no folding: invisible-marks", "no folding: alef-forms",
                          "no folding: alef-maqsura", "no folding: teh-marbuta", "no folding: persian-letters",
                          "no stop words", "no stemming", "no affix: definite-article", "no affix: plural-suffixes",
                          "no affix: pronoun-suffixes"])
        // The full analyzer finds t1's, t2's and t3's documents (recall 1, 1, 1) of five judged topics;
        // keeping stop words answers t4 too.
        #expect(lines[1].hasSuffix("0.6000") && lines[1].hasPrefix("full "))
        #expect(lines.first { $0.hasPrefix("no stop words ") }?.hasSuffix("+0.2000") == true)
    }
}
