import Foundation
import Testing
@testable import ArabicIndex

/// Every byte of every file of a small two-segment index flipped, every file truncated at every
/// 64th offset, swapped with the other segment's, replaced by a FIFO or by a symbolic link to
/// the other segment's file: the checker reports each, and each search either fails naming the
/// index as corrupt or gives exactly the pristine answer (issue 19).
@Suite("Corruption sweep over a small index")
struct CorruptionSweepTests {
    static let documents = (0..<8).map { number in
        Document(id: "d\(number)", title: number % 2 == 0 ? "عنوان \(number)" : "",
                 text: "كتاب المكتبة رقم \(number) " + String(repeating: "قلم أحمر ", count: number % 3 + 1) + "meta ibm")
    }
    static let queries = ["كتاب", "\"قلم احمر\"", "مكتب*", "+meta -ibm", "title:عنوان"]

    static func files(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0 == StoreFormat.manifestName || StoreFormat.isSegmentFileName($0) }.sorted()
    }

    /// The index's answers as comparable strings; or the error, when `nil` is given back, that
    /// the damage caused (it must say the index is corrupt or the file is missing).
    static func answers(_ directory: String) -> Result<[String], IndexStoreError> {
        do throws(IndexStoreError) {
            let index = try DiskIndex(directory: directory)
            var answers: [String] = []
            for query in queries {
                do {
                    answers.append(fingerprint(try index.search(query)))
                } catch .index(let error) {
                    return .failure(error)
                } catch {
                    return .failure(.corrupt(directory: directory, file: "?", detail: "\(error)"))
                }
            }
            return .success(answers)
        } catch {
            return .failure(error)
        }
    }

    /// A new two-segment index of ``documents`` and its answers to ``queries``.
    static func pristine() throws -> (directory: String, answers: [String]) {
        let directory = try writeDiskIndex(documents, perSegment: 4)
        switch answers(directory) {
        case .success(let found): return (directory, found)
        case .failure(let error): throw error
        }
    }

    /// The checker finds something, and the searches fail as corrupt or answer as before.
    static func expectCaught(_ directory: String, pristine: [String], what: String) {
        #expect(!IndexChecker.check(directory: directory).isEmpty, "\(what): the checker found nothing")
        switch answers(directory) {
        case .success(let found):
            #expect(found == pristine, "\(what): a different answer")
        case .failure(let error):
            #expect(error.description.hasPrefix("index \(directory) is corrupt: ")
                    || error.description.hasPrefix("index \(directory) needs a newer")
                    || error.description.hasPrefix("index \(directory) was written by an older"), "\(what): \(error)")
        }
    }

    @Test func everyByteFlippedAndEveryFileTruncated() throws {
        let (source, pristine) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        #expect(IndexChecker.check(directory: source).isEmpty)
        let directory = temporaryIndexPath()
        try FileManager.default.copyItem(atPath: source, toPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var flips = 0
        for file in try Self.files(source) {
            let url = URL(fileURLWithPath: directory + "/" + file)
            let original = try [UInt8](Data(contentsOf: url))
            for offset in original.indices {
                var bytes = original
                bytes[offset] ^= 1 << UInt8(offset % 8)
                try Data(bytes).write(to: url)
                Self.expectCaught(directory, pristine: pristine, what: "\(file) byte \(offset) flipped")
                flips += 1
            }
            for length in stride(from: 0, to: original.count, by: 64) {
                try Data(original[0..<length]).write(to: url)
                Self.expectCaught(directory, pristine: pristine, what: "\(file) truncated to \(length)")
            }
            try Data(original).write(to: url)
        }
        #expect(flips > 3000)
    }

    @Test func filesSwappedReplacedByFIFOsOrLinked() throws {
        let (source, pristine) = try Self.pristine()
        defer { try? FileManager.default.removeItem(atPath: source) }
        for kind in StoreFormat.Kind.segmentKinds {
            let first = "s00000001.\(kind.fileExtension)"
            let second = "s00000002.\(kind.fileExtension)"
            for damage in ["swapped", "fifo", "link"] {
                let directory = temporaryIndexPath()
                try FileManager.default.copyItem(atPath: source, toPath: directory)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let a = directory + "/" + first
                let b = directory + "/" + second
                switch damage {
                case "swapped":
                    try FileManager.default.moveItem(atPath: a, toPath: a + ".tmp")
                    try FileManager.default.moveItem(atPath: b, toPath: a)
                    try FileManager.default.moveItem(atPath: a + ".tmp", toPath: b)
                case "fifo":
                    try FileManager.default.removeItem(atPath: a)
                    #expect(mkfifo(a, 0o644) == 0)
                default:
                    try FileManager.default.removeItem(atPath: a)
                    try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
                }
                Self.expectCaught(directory, pristine: pristine, what: "\(kind.fileExtension) \(damage)")
            }
        }
    }
}
