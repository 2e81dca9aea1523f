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
