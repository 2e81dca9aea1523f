import Foundation
import Testing
@testable import ArabicIndex

@Suite("Corpus streams")
struct CorpusStreamTests {
    static func write(_ text: [UInt8]) throws -> String {
        let path = temporaryIndexPath() + ".jsonl"
        try Data(text).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [1, 7, 64, 1 << 20])
    func piecesGiveTheSameDocumentsAndLineNumbers(_ pieceSize: Int) throws {
        var lines: [String] = []
        for number in 0..<30 {
            lines.append(number == 6 ? "{broken" : "{\"id\": \"d\(number)\", \"text\": \"نص رقم \(number)\"}")
        }
        lines.insert("", at: 10)
        lines.append(#"{"id": "d3", "text": "مكرر"}"#)
        let path = try Self.write(Array((lines.joined(separator: "\n") + "\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try CorpusReader.load(paths: [path], strict: false)
        var stream = try CorpusStream(paths: [path], strict: false, pieceSize: pieceSize)
        var documents: [Document] = []
        while let batch = try stream.next() { documents += batch }
        #expect(documents == whole.documents)
        #expect(documents.count == 29)
        #expect(stream.takeProblems() == whole.problems)
        #expect(whole.problems.map(\.description) == ["\(path):7: invalid JSON",
                                                      "\(path):32: duplicate id \"d3\" (first at line 4)"])
        #expect(stream.bytesRead == lines.joined(separator: "\n").utf8.count + 1)
    }

    @Test func invalidUTF8IsReportedWithItsOffsetInTheFile() throws {
        var bytes = Array("{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": \"y\"}\n".utf8)
        let offset = bytes.count + 21
        bytes += Array("{\"id\": \"c\", \"text\": \"".utf8) + [0xFF] + Array("\"}\n".utf8)
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try CorpusStream(paths: [path], strict: false, pieceSize: 30)
        #expect(throws: CorpusError(source: path, message: "invalid UTF-8 at byte offset \(offset) (line 3)")) {
            while try stream.next() != nil {}
        }
    }
}

@Suite("Corpus streams: long lines")
struct CorpusStreamLongLineTests {
    /// Lines longer than the limit are skipped whatever the pieces, with their line numbers;
    /// the lines after them keep their numbers and byte offsets.
    @Test(arguments: [1, 5, 16, 1 << 20])
    func longLinesAreSkippedWithTheirLineNumbers(_ pieceSize: Int) throws {
        let long = "{\"id\": \"long\", \"text\": \"" + String(repeating: "ا", count: 40) + "\"}"
        let lines = [#"{"id": "a", "text": "نص"}"#, long, #"{"id": "b", "text": "نص"}"#, long, long,
                     #"{"id": "c", "text": "نص"}"#, "{broken", long]
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let invalidOffset = bytes.count + 21
        bytes += Array("{\"id\": \"d\", \"text\": \"".utf8) + [0xFF] + Array("\"}".utf8)
        let path = try CorpusStreamTests.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try CorpusStream(paths: [path], strict: false, pieceSize: pieceSize, maximumLineLength: 60)
        var documents: [Document] = []
        var thrown: CorpusError?
        do {
            while let batch = try stream.next() { documents += batch }
        } catch {
            thrown = error
        }
        #expect(documents.map(\.id) == ["a", "b", "c"])
        #expect(stream.takeProblems().map(\.description) == [
            "\(path):2: line longer than 60 bytes", "\(path):4: line longer than 60 bytes",
            "\(path):5: line longer than 60 bytes", "\(path):7: invalid JSON", "\(path):8: line longer than 60 bytes",
        ])
        #expect(thrown?.description == "\(path): invalid UTF-8 at byte offset \(invalidOffset) (line 9)")

        var strict = try CorpusStream(paths: [path], strict: true, pieceSize: pieceSize, maximumLineLength: 60)
        #expect(throws: CorpusError(source: path, line: 2, message: "line longer than 60 bytes")) {
            while try strict.next() != nil {}
        }
    }

    /// A long last line without a final newline.
    @Test func aLongLastLineWithoutANewline() throws {
        let path = try CorpusStreamTests.write(Array(("{\"id\": \"a\", \"text\": \"نص\"}\n" + String(repeating: "x", count: 100)).utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try CorpusStream(paths: [path], strict: false, pieceSize: 7, maximumLineLength: 60)
        var documents: [Document] = []
        while let batch = try stream.next() { documents += batch }
        #expect(documents.map(\.id) == ["a"])
        #expect(stream.takeProblems().map(\.description) == ["\(path):2: line longer than 60 bytes"])
    }
}
