import Foundation
import Testing

/// FIFOs in place of corpus files or index files are refused at once, in one line, with exit
/// status 2: nothing waits for a writer that never comes.
@Suite("arabic-search and special files")
struct SpecialFileTests {
    static func fifo(at path: String) throws {
        #expect(mkfifo(path, 0o644) == 0, "mkfifo \(path)")
    }

    @Test func corpusFIFOsAreRefusedByEveryReader() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("corpus.jsonl").path
        try Self.fifo(at: fifo)
        let message = "arabic-search: \(fifo): not a regular file (a FIFO, device or socket); pipe it to - on standard input instead\n"
        for arguments in [["search", "--corpus", fifo, "x"], ["index", "build", "--index", folder.appendingPathComponent("idx").path, fifo],
                          ["index", "build", "--index", folder.appendingPathComponent("idx2").path, folder.path]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
    }

    @Test(arguments: ["MANIFEST", "s00000001.post", "s00000001.docs"])
    func indexFilesReplacedByFIFOsAreRefused(file: String) throws {
        let (folder, index) = try IndexCommandTests.buildArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = (index as NSString).appendingPathComponent(file)
        try FileManager.default.removeItem(atPath: path)
        try Self.fifo(at: path)
        let message = "arabic-search: index \(index) is corrupt: \(file): not a regular file (a FIFO, device or socket)\n"
        let search = try CLIProcess.run(["search", "--index", index, "ميتا"])
        #expect(search.status == 2)
        #expect(search.stderr == message)
        let check = try CLIProcess.run(["index", "check", "--index", index])
        #expect(check.status == 2)
        #expect(check.stderr.contains("\(file): not a regular file (a FIFO, device or socket)"))
    }
}
