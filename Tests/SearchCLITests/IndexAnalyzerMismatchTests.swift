import Foundation
import Testing

@Suite("search --index with analyzer switches, as a process")
struct IndexAnalyzerMismatchTests {
    @Test func aSwitchGivenAtItsDefaultStillHasToMatchTheIndex() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        let documents = "{\"id\":\"a\",\"text\":\"الكتب الجديدة في المكتبة\"}\n"
        let build = try CLIProcess.run(["index", "build", "--no-stem", "--quiet", "--index", index, "-"],
                                       input: Data(documents.utf8))
        #expect(build.status == 0)

        // --stem is the default, but this index was built without stemming.
        let mismatch = try CLIProcess.run(["search", "--index", index, "--stem", "الكتب"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stdout == "")
        #expect(mismatch.stderr.hasPrefix("arabic-search: index \(index) was built with analyzer settings "))
        #expect(mismatch.stderr.split(separator: "\n").count == 1)
        // The library says what is wrong; the command line adds what to type.
        #expect(mismatch.stderr.hasSuffix("; search it without analyzer flags or with the same ones\n"))

        let same = try CLIProcess.run(["search", "--index", index, "--no-stem", "الكتب"])
        #expect(same.status == 0)
        #expect(same.stdout.hasPrefix("1. a  "))
        let none = try CLIProcess.run(["search", "--index", index, "الكتب"])
        #expect(none.stdout == same.stdout)
    }
}
