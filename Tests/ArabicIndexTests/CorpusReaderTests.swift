import Foundation
import Testing
@testable import ArabicIndex

@Suite struct CorpusReaderTests {
    @Test func articleParagraphsAndHeadings() throws {
        let documents = CorpusReader.paragraphs(try articleText())
        // The article has 23 blocks: 5 section headings and 18 paragraphs.
        #expect(documents.count == 18)
        #expect(documents.map(\.id) == (1...18).map { String(format: "p%02d", $0) })
        let titles = documents.map(\.title)
        let expected = ["", ""]
            + Array(repeating: "تحالف الذكاء الاصطناعي", count: 4)
            + Array(repeating: "أهداف التحالف", count: 4)
            + Array(repeating: "أبرز المشاركين في التحالف", count: 3)
            + Array(repeating: "أثر التحالف على مجال الذكاء الاصطناعي", count: 2)
            + Array(repeating: "الشركات المنافسة", count: 3)
        #expect(titles == expected)
        // The image caption (11 words, no punctuation) is a paragraph, not a heading.
        #expect(documents[4].text == "مارك زوكربيرج أثناء الإعلان عن نموذج الذكاء الاصطناعي مُتعدد الوسائط الجديد")
        #expect(documents[0].text.hasPrefix("تحالفت شركة Meta مع شركة IBM،"))
        #expect(documents[17].text.hasSuffix("لن تستمر سياسة الإغلاق والاحتكار في هذا المجال."))
        // No heading is left as a document, and text is trimmed.
        let headings = Set(expected.filter { !$0.isEmpty })
        #expect(documents.allSatisfy { !headings.contains($0.text) })
        #expect(documents.allSatisfy { $0.text == $0.text.trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    @Test func paragraphRules() {
        let text = "\r\n  أول فقرة، فيها فاصلة.  \r\n\r\nعنوان قصير\n\nسطر أول\nسطر ثان\n\n\n   \nعنوان: بنقطتين\n\nخاتمة"
        let documents = CorpusReader.paragraphs(text, idPrefix: "x")
        #expect(documents.map(\.id) == ["x01", "x02", "x03", "x04"])
        #expect(documents.map(\.title) == ["", "عنوان قصير", "عنوان قصير", "عنوان قصير"])
        #expect(documents.map(\.text) == ["أول فقرة، فيها فاصلة.", "سطر أول\nسطر ثان", "عنوان: بنقطتين", "خاتمة"])
        // A heading-like last line, with nothing after it to title, stays a document.
        #expect(CorpusReader.paragraphs("مرحبا بالعالم").map(\.text) == ["مرحبا بالعالم"])
        #expect(CorpusReader.paragraphs("").isEmpty)
        #expect(CorpusReader.paragraphs(" \n\n ").isEmpty)
        // More than 99 paragraphs: three digits throughout.
        let many = CorpusReader.paragraphs((1...120).map { "فقرة رقم \($0)." }.joined(separator: "\n\n"))
        #expect(many.first?.id == "p001")
        #expect(many.last?.id == "p120")
    }

    @Test func jsonLinesProblemsWithLineNumbers() throws {
        let lines = [
            #"{"id": "a", "title": "عنوان", "text": "نص أول"}"#,
            #"{"id": "b", "text": }"#,
            #"{"id": "c"}"#,
            #"{"id": 4, "text": "رقم"}"#,
            "",
            #"{"id": "a", "text": "مكرر"}"#,
            #"{"id": "d", "text": "نص", "extra": [1, 2]}"#,
            "[1, 2]",
            #"{"id": "e", "title": 5, "text": "x"}"#,
            #"{"id": "", "text": "x"}"#,
            #"{"id": "f", "title": null, "text": "آخر"}"#,
            "   ",
        ]
        let data = Data(lines.joined(separator: "\n").utf8)
        let (documents, problems) = try CorpusReader.jsonLines(data, source: "docs.jsonl", strict: false)
        #expect(documents == [
            Document(id: "a", title: "عنوان", text: "نص أول"),
            Document(id: "d", text: "نص"),
            Document(id: "f", text: "آخر"),
        ])
        #expect(problems.map(\.description) == [
            "docs.jsonl:2: invalid JSON",
            "docs.jsonl:3: missing \"text\"",
            "docs.jsonl:4: \"id\" is not a string",
            "docs.jsonl:6: duplicate id \"a\" (first at line 1)",
            "docs.jsonl:8: not a JSON object",
            "docs.jsonl:9: \"title\" is not a string",
            "docs.jsonl:10: empty \"id\"",
        ])
        #expect(problems.map(\.line) == [2, 3, 4, 6, 8, 9, 10])
    }

    @Test func strictModeThrowsTheFirstProblem() {
        let data = Data("{\"id\": \"a\", \"text\": \"x\"}\r\n{\"id\": \"a\", \"text\": \"y\"}\r\n{bad".utf8)
        #expect(throws: CorpusError(source: "s.jsonl", line: 2, message: "duplicate id \"a\" (first at line 1)")) {
            _ = try CorpusReader.jsonLines(data, source: "s.jsonl", strict: true)
        }
        do {
            _ = try CorpusReader.jsonLines(data, source: "s.jsonl", strict: true)
        } catch {
            #expect(error.description == "s.jsonl:2: duplicate id \"a\" (first at line 1)")
        }
    }

    @Test func invalidUTF8NamesTheByteOffset() {
        var bytes = Array("{\"id\": \"a\", \"text\": \"نص\"}\n{\"id\": \"b\", \"text\": \"".utf8)
        let offset = bytes.count
        bytes += [0xD8, 0x41] + Array("\"}\n".utf8)
        do {
            _ = try CorpusReader.jsonLines(Data(bytes), source: "bad.jsonl", strict: false)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "bad.jsonl: invalid UTF-8 at byte offset \(offset) (line 2)")
            #expect(error.line == nil)
        }
    }

    @Test func emptyFile() throws {
        let (documents, problems) = try CorpusReader.jsonLines(Data(), source: "empty.jsonl", strict: true)
        #expect(documents.isEmpty)
        #expect(problems.isEmpty)
    }

    @Test func utf8Validation() {
        #expect(CorpusReader.firstInvalidUTF8Offset(Data("نص عربي 😀 abc".utf8)) == nil)
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0x61, 0xFF, 0x62])) == 1)
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0x61, 0x80])) == 1)            // stray continuation
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0xC0, 0x80])) == 0)            // overlong
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0x61, 0xED, 0xA0, 0x80])) == 1) // surrogate
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0xF4, 0x90, 0x80, 0x80])) == 0) // above U+10FFFF
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0x61, 0x62, 0xD8])) == 2)      // truncated at the end
        #expect(CorpusReader.firstInvalidUTF8Offset(Data([0xE0, 0xA0, 0x41])) == 0)      // bad second continuation
        #expect(CorpusReader.firstInvalidUTF8Offset(Data()) == nil)
    }

    @Test func loadsFilesAndDirectories() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let sub = root.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "فقرة أولى في الملف.\n\nفقرة ثانية في الملف.".write(
            to: root.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "{\"id\": \"j1\", \"text\": \"سطر\"}\nnot json\n".write(
            to: root.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        try "نص فرعي.".write(to: sub.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
        try "مخفي.".write(to: root.appendingPathComponent(".hidden.txt"), atomically: true, encoding: .utf8)
        try "ignored".write(to: root.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)

        let (documents, problems) = try CorpusReader.load(paths: [root.path], strict: false)
        #expect(documents.map(\.id) == ["a-p01", "a-p02", "j1", "c-p01"])
        #expect(problems.map(\.description) == [root.appendingPathComponent("b.jsonl").path + ":2: invalid JSON"])

        // A single text file: ids without the file name.
        let single = try CorpusReader.load(paths: [root.appendingPathComponent("a.txt").path], strict: false)
        #expect(single.documents.map(\.id) == ["p01", "p02"])

        // Strict mode stops at the malformed line.
        #expect(throws: CorpusError.self) { _ = try CorpusReader.load(paths: [root.path], strict: true) }

        // Missing paths, other file types and invalid UTF-8 are errors.
        let missing = root.appendingPathComponent("missing.txt").path
        #expect(throws: CorpusError(source: missing, message: "no such file or directory")) {
            _ = try CorpusReader.load(paths: [missing], strict: false)
        }
        let markdown = root.appendingPathComponent("notes.md").path
        #expect(throws: CorpusError(source: markdown, message: "unsupported file type (expected .txt or .jsonl)")) {
            _ = try CorpusReader.load(paths: [markdown], strict: false)
        }
        let broken = root.appendingPathComponent("broken.txt")
        try Data([0x61, 0x0A, 0x62, 0xC3, 0x28]).write(to: broken)
        #expect(throws: CorpusError(source: broken.path, message: "invalid UTF-8 at byte offset 3 (line 2)")) {
            _ = try CorpusReader.load(paths: [broken.path], strict: false)
        }

        // The same id from two files is a problem.
        let dup = root.appendingPathComponent("dup.jsonl")
        try "{\"id\": \"j1\", \"text\": \"مرة أخرى\"}\n".write(to: dup, atomically: true, encoding: .utf8)
        let both = try CorpusReader.load(paths: [root.appendingPathComponent("b.jsonl").path, dup.path], strict: false)
        #expect(both.documents.map(\.id) == ["j1"])
        #expect(both.problems.last?.message
            == "duplicate id \"j1\" (first at \(root.appendingPathComponent("b.jsonl").path):1)")
    }

    @Test func problemDescriptions() {
        #expect(CorpusProblem(source: "f.jsonl", line: 3, message: "m").description == "f.jsonl:3: m")
        #expect(CorpusProblem(source: "f.jsonl", line: nil, message: "m").description == "f.jsonl: m")
        #expect(CorpusError(source: "f", message: "m").description == "f: m")
        // Always one line, whatever the id or file name holds.
        let data = Data("{\"id\": \"a\\nb\", \"text\": \"x\"}\n{\"id\": \"a\\nb\", \"text\": \"y\"}".utf8)
        let problems = (try? CorpusReader.jsonLines(data, source: "f.jsonl", strict: false))?.problems ?? []
        #expect(problems.map(\.description) == [#"f.jsonl:2: duplicate id "a\nb" (first at line 1)"#])
    }
}
