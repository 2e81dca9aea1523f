import Foundation
import Testing
@testable import ArabicEvaluation
import ArabicIndex

@Suite("Evaluation files: topics, qrels, runs")
struct EvaluationFileTests {
    @Test func tsvTopicsKeepFileOrderAndTextAfterTheFirstTab() throws {
        let topics = try Topics(parsing: "q2\tمفتوح المصدر\r\n\nq1\tالذكاء\tالاصطناعي\n", source: "t.tsv")
        #expect(topics.topics == [Topic(id: "q2", text: "مفتوح المصدر"), Topic(id: "q1", text: "الذكاء\tالاصطناعي")])
        #expect(topics["q1"]?.text == "الذكاء\tالاصطناعي")
        #expect(topics["q9"] == nil)
        #expect(topics.restricted(to: ["q1"]).topics.map(\.id) == ["q1"])
    }

    @Test func tsvTopicErrorsNameFileAndLine() {
        #expect(throws: EvaluationFileError(file: "t.tsv", line: 2, message: "expected qid<TAB>text, found no tab")) {
            _ = try Topics(parsing: "q1\tنص\nq2 نص\n", source: "t.tsv")
        }
        #expect(throws: EvaluationFileError(file: "t.tsv", line: 3, message: "duplicate topic id q1 (first at line 1)")) {
            _ = try Topics(parsing: "q1\ta\nq2\tb\nq1\tc\n", source: "t.tsv")
        }
        #expect(throws: EvaluationFileError(file: "t.tsv", line: 1, message: "empty topic id")) {
            _ = try Topics(parsing: "\tنص\n", source: "t.tsv")
        }
        let error = EvaluationFileError(file: "t.tsv", line: 4, message: "bad")
        #expect(error.description == "t.tsv:4: bad")
        #expect(EvaluationFileError(file: "x", message: "no such file").description == "x: no such file")
    }

    @Test func trecTopicFiles() throws {
        let text = """
            <top>
            <num> Number: 301
            <title> Topic: الذكاء
            الاصطناعي
            <desc> Description:
            وصف طويل
            </top>

            <top>
            <num>302</num>
            <title>مفتوح المصدر</title>
            <narr> سرد
            </top>
            """
        let topics = try Topics(parsing: text, source: "t.trec")
        #expect(topics.topics == [Topic(id: "301", text: "الذكاء الاصطناعي"), Topic(id: "302", text: "مفتوح المصدر")])
        #expect(throws: EvaluationFileError(file: "t.trec", line: 1, message: "topic 7 has no <title>")) {
            _ = try Topics(parsing: "<top>\n<num> 7\n</top>\n", source: "t.trec")
        }
        #expect(throws: EvaluationFileError(file: "t.trec", line: 1, message: "topic has no <num>")) {
            _ = try Topics(parsing: "<top>\n<title> x\n</top>\n", source: "t.trec")
        }
        #expect(throws: EvaluationFileError(file: "t.trec", line: 4, message: "<top> inside the topic opened at line 1")) {
            _ = try Topics(parsing: "<top>\n<num> 1\n<title> x\n<top>\n", source: "t.trec")
        }
        #expect(throws: EvaluationFileError(file: "t.trec", line: 5, message: "text outside <top>…</top>")) {
            _ = try Topics(parsing: "<top>\n<num> 1\n<title> x\n</top>\nstray\n", source: "t.trec")
        }
        #expect(throws: EvaluationFileError(file: "t.trec", line: 1, message: "<top> is never closed")) {
            _ = try Topics(parsing: "<top>\n<num> 1\n", source: "t.trec")
        }
    }

    @Test func qrelsTakeFourOrThreeColumnsAndAHeader() throws {
        let qrels = try Qrels(parsing: "query-id corpus-id score\nq1 d1 1\nq1\t0\td2\t2\n\nq2 0 d3 0\nq3 0 d4 -1\n", source: "q")
        #expect(qrels.judgments == ["q1": ["d1": 1, "d2": 2], "q2": ["d3": 0], "q3": ["d4": -1]])
        #expect(qrels.topicIDs == ["q1", "q2", "q3"])
        #expect(qrels.relevantCount(for: "q1") == 2)
        #expect(qrels.relevantCount(for: "q2") == 0)
        #expect(qrels.relevance(of: "d2", for: "q1") == 2)
        #expect(try Qrels(parsing: "q 0 d 1.0\n", source: "q").judgments == ["q": ["d": 1]])
    }

    @Test func qrelsErrorsNameFileAndLine() {
        #expect(throws: EvaluationFileError(file: "q", line: 2, message: "expected `qid 0 docid rel` or `qid docid rel`, found 2 fields")) {
            _ = try Qrels(parsing: "q1 0 d1 1\nq1 d2\n", source: "q")
        }
        #expect(throws: EvaluationFileError(file: "q", line: 2, message: "relevance \"high\" is not an integer")) {
            _ = try Qrels(parsing: "q1 0 d1 1\nq1 0 d2 high\n", source: "q")
        }
        #expect(throws: EvaluationFileError(file: "q", line: 1, message: "relevance \"0.5\" is not an integer")) {
            _ = try Qrels(parsing: "q1 0 d1 0.5\n", source: "q")
        }
        #expect(throws: EvaluationFileError(file: "q", line: 3, message: "document d1 judged twice for topic q1 (first at line 1)")) {
            _ = try Qrels(parsing: "q1 0 d1 1\nq2 0 d1 1\nq1 0 d1 0\n", source: "q")
        }
    }

    @Test func runsParseAndRoundTrip() throws {
        var run = Run(tag: "bm25")
        run.append(topic: "q2", documentID: "d3", score: 12.5)
        run.append(topic: "q2", documentID: "d7", score: 0.1 + 0.2)
        run.append(topic: "q1", documentID: "d1", score: 1e-7)
        let text = run.trecText()
        #expect(text == "q2 Q0 d3 1 12.5 bm25\nq2 Q0 d7 2 0.30000000000000004 bm25\nq1 Q0 d1 1 1e-07 bm25\n")
        let parsed = try Run(parsing: text, source: "r")
        #expect(parsed == run)
        #expect(parsed.topicIDs == ["q2", "q1"])
        #expect(parsed.entryCount == 3)
        #expect(parsed.unknownDocumentIDs(["d3"]) == ["d1", "d7"])
    }

    @Test func runErrorsNameFileAndLine() {
        #expect(throws: EvaluationFileError(file: "r", line: 2, message: "expected `qid Q0 docid rank score tag`, found 5 fields")) {
            _ = try Run(parsing: "q Q0 d 1 2.0 t\nq Q0 e 2 1.0\n", source: "r")
        }
        #expect(throws: EvaluationFileError(file: "r", line: 1, message: "score \"nan\" is not a finite number")) {
            _ = try Run(parsing: "q Q0 d 1 nan t\n", source: "r")
        }
        #expect(throws: EvaluationFileError(file: "r", line: 1, message: "rank \"first\" is not an integer")) {
            _ = try Run(parsing: "q Q0 d first 1 t\n", source: "r")
        }
        #expect(throws: EvaluationFileError(file: "r", line: 3, message: "document d retrieved twice for topic q (first at line 1)")) {
            _ = try Run(parsing: "q Q0 d 1 2 t\nq2 Q0 d 1 2 t\nq Q0 d 2 1 t\n", source: "r")
        }
    }

    @Test func filesThatCannotBeRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eval-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.txt").path
        #expect(throws: EvaluationFileError(file: missing, message: "no such file")) { _ = try Qrels(contentsOfFile: missing) }
        #expect(throws: EvaluationFileError(file: directory.path, message: "is a directory")) { _ = try Run(contentsOfFile: directory.path) }
        let bad = directory.appendingPathComponent("bad.tsv")
        try Data([0x71, 0x09, 0xC3, 0x28]).write(to: bad)
        #expect(throws: EvaluationFileError(file: bad.path, message: "invalid UTF-8 at byte offset 2")) {
            _ = try Topics(contentsOfFile: bad.path)
        }
    }
}
