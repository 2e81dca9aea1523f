import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Failure tests of the on-disk index as processes: killed writers, readers racing a writer,
/// failed writes, bad input.
@Suite("arabic-search index: crashes, concurrent readers, failed writes, bad input")
struct IndexDurabilityTests {
    /// The lines of `IndexSegmentTests.documents(0..<count)`, newline-terminated.
    static func lines(_ count: Int) -> [String] {
        IndexSegmentTests.documents(0..<count).split(separator: "\n").map { $0 + "\n" }
    }

    /// The search every state is compared on.
    static let query = ["الذكاء تحالف", "--top", "5"]

    /// `search --corpus` over the first `count` documents: what `search --index` prints for an
    /// index of exactly those documents.
    final class ExpectedOutputs {
        let folder: URL
        let lines: [String]
        private var outputs: [Int: String] = [:]

        init(folder: URL, lines: [String]) {
            self.folder = folder
            self.lines = lines
        }

        func output(_ count: Int) throws -> String {
            if let known = outputs[count] { return known }
            let file = folder.appendingPathComponent("first-\(count).jsonl")
            try Data(lines[0..<count].joined().utf8).write(to: file)
            let result = try CLIProcess.run(["search", "--corpus", file.path] + IndexDurabilityTests.query)
            #expect(result.status == 0)
            outputs[count] = result.stdout
            return result.stdout
        }
    }

    /// Starts `arabic-search ARGUMENTS`, waits `microseconds`, and kills it with SIGKILL (when it
    /// has not finished by then). Returns whether it was killed.
    static func runAndKill(_ arguments: [String], after microseconds: UInt32) throws -> Bool {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(microseconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// The document count `index stats` prints, or nil when it fails.
    static func statsDocuments(_ index: String) throws -> Int? {
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        guard stats.status == 0 else { return nil }
        return stats.stdout.split(separator: "\n").first { $0.hasPrefix("documents: ") }
            .flatMap { Int($0.dropFirst("documents: ".count)) }
    }

    /// `index build`, `index add` and `index merge`, each killed at a random moment (seeded):
    /// afterwards the index opens, passes `index check`, and holds exactly the documents of the
    /// commit before or of the commit after, with their search results.
    @Test func writersKilledAtRandomMomentsLeaveTheOldOrTheNewCommit() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        let batch = 15
        let all = Self.lines(batch * 8)
        let expected = ExpectedOutputs(folder: folder, lines: all)
        var batches: [String] = []
        for number in 0..<8 {
            let file = folder.appendingPathComponent("batch-\(number).jsonl")
            try Data(all[(number * batch)..<((number + 1) * batch)].joined().utf8).write(to: file)
            batches.append(file.path)
        }
        // How long an uninterrupted writer runs bounds the random delays (not asserted).
        let start = DispatchTime.now().uptimeNanoseconds
        #expect(try CLIProcess.run(["index", "build", "--index", index, "--quiet", batches[0]]).status == 0)
        let span = UInt64(max(20_000, Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 * 1.3))
        var count = batch
        var generator = SplitMix(state: 20_261_129)
        var killed = 0
        for _ in 0..<50 {
            let new: Int
            let arguments: [String]
            if count == all.count {
                try FileManager.default.removeItem(atPath: index)
                count = 0
            }
            if count == 0 {
                // A new index, or one whose first build was killed: leftovers and no manifest.
                arguments = ["index", "build", "--index", index, "--quiet", "--memory", "1", batches[0]]
                new = batch
            } else if generator.next() % 3 == 0 {
                arguments = ["index", "merge", "--index", index, "--quiet"]
                new = count
            } else {
                arguments = ["index", "add", "--index", index, "--quiet", batches[count / batch]]
                new = count + batch
            }
            if try Self.runAndKill(arguments, after: UInt32(generator.next() % span)) { killed += 1 }

            guard let documents = try Self.statsDocuments(index) else {
                // Only a first build killed before its commit leaves no index.
                #expect(count == 0, "\(arguments)")
                let search = try CLIProcess.run(["search", "--index", index] + Self.query)
                #expect(search.status == 2)
                #expect(search.stderr.hasPrefix("arabic-search: \(index) is not an index: "))
                continue
            }
            // A build has no old state with documents: its old state is "no index".
            #expect(documents == new || (count > 0 && documents == count), "\(arguments): \(documents) documents")
            let check = try CLIProcess.run(["index", "check", "--index", index])
            #expect(check.status == 0, "\(arguments): \(check.stderr)")
            #expect(check.stdout.hasPrefix("index \(index) is sound: \(documents) documents in "))
            let search = try CLIProcess.run(["search", "--index", index] + Self.query)
            #expect(search.status == 0)
            #expect(search.stderr == "")
            #expect(search.stdout == (try expected.output(documents)), "\(arguments): \(documents) documents")
            count = documents
        }
        #expect(killed > 0)

        // The next writer to finish removes every leftover: only committed files remain.
        if count == 0 || count == all.count {
            if count == all.count { try FileManager.default.removeItem(atPath: index) }
            #expect(try CLIProcess.run(["index", "build", "--index", index, "--quiet", batches[0]]).status == 0)
        } else {
            #expect(try CLIProcess.run(["index", "add", "--index", index, "--quiet", batches[count / batch]]).status == 0)
        }
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        let named = stats.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: index).sorted() == (named + ["LOCK"]).sorted())
    }

    /// `search --index` processes while another process runs `index add` and `index merge`
    /// repeatedly: every search succeeds with the results of one committed state.
    @Test func searchProcessesDuringAddsAndMergesSeeOnlyCommittedStates() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        let batch = 20
        let batches = 6
        let all = Self.lines(batch * batches)
        let expected = ExpectedOutputs(folder: folder, lines: all)
        var files: [String] = []
        for number in 0..<batches {
            let file = folder.appendingPathComponent("batch-\(number).jsonl")
            try Data(all[(number * batch)..<((number + 1) * batch)].joined().utf8).write(to: file)
            files.append(file.path)
        }
        var valid: Set<String> = []
        for count in 1...batches { valid.insert(try expected.output(count * batch)) }
        #expect(try CLIProcess.run(["index", "build", "--index", index, "--quiet", files[0]]).status == 0)

        let writerDone = DispatchSemaphore(value: 0)
        let finished = Locked(false)
        let writerFailures = Locked<[String]>([])
        let paths = files
        Thread {
            for number in 1..<batches {
                for arguments in [["index", "add", "--index", index, "--quiet", "--memory", "1", paths[number]],
                                  ["index", "merge", "--index", index, "--quiet"]] {
                    do {
                        let result = try CLIProcess.run(arguments)
                        if result.status != 0 { writerFailures.withLock { $0.append("\(arguments): \(result.stderr)") } }
                    } catch {
                        writerFailures.withLock { $0.append("\(arguments): \(error)") }
                    }
                }
            }
            finished.withLock { $0 = true }
            writerDone.signal()
        }.start()

        let failures = Locked<[String]>([])
        let searches = Locked(0)
        let validOutputs = valid
        DispatchQueue.concurrentPerform(iterations: 3) { reader in
            // Bounded: until the writer is done (at most 60 searches each), and one more after.
            for _ in 0..<60 {
                let done = finished.withLock { $0 }
                do {
                    if reader == 2 {
                        // `index check` races the merges too: it checks the newest commit it finds.
                        let check = try CLIProcess.run(["index", "check", "--index", index])
                        let sound = (1...batches).contains {
                            check.stdout.hasPrefix("index \(index) is sound: \($0 * batch) documents in ")
                        }
                        if check.status != 0 || check.stderr != "" || !sound {
                            failures.withLock { $0.append("check: status \(check.status): \(check.stderr)\(check.stdout)") }
                        }
                    }
                    let result = try CLIProcess.run(["search", "--index", index] + Self.query)
                    if result.status != 0 || result.stderr != "" || !validOutputs.contains(result.stdout) {
                        failures.withLock { $0.append("reader \(reader): status \(result.status): \(result.stderr)\(result.stdout)") }
                    }
                    searches.withLock { $0 += 1 }
                } catch {
                    failures.withLock { $0.append("reader \(reader): \(error)") }
                }
                if done { break }
            }
        }
        writerDone.wait()
        #expect(writerFailures.withLock { $0 } == [])
        #expect(failures.withLock { $0 } == [])
        #expect(searches.withLock { $0 } >= 3)
        #expect(try Self.statsDocuments(index) == batch * batches)
        #expect(try CLIProcess.run(["search", "--index", index] + Self.query).stdout == (try expected.output(batch * batches)))
    }
}

/// A value shared between threads under a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

@Suite("arabic-search index: failed writes and bad input")
struct IndexFailedWriteTests {
    /// An index of 30 documents in a new folder, and its search output.
    static func smallIndex() throws -> (folder: URL, index: String, search: String) {
        let folder = try CLIProcess.temporaryDirectory()
        let index = folder.appendingPathComponent("idx").path
        let lines = IndexDurabilityTests.lines(60)
        try Data(lines[30..<60].joined().utf8).write(to: folder.appendingPathComponent("more.jsonl"))
        let built = try CLIProcess.run(["index", "build", "--index", index, "--quiet", "-"], input: Data(lines[0..<30].joined().utf8))
        #expect(built.status == 0)
        let search = try CLIProcess.run(["search", "--index", index] + IndexDurabilityTests.query)
        #expect(search.status == 0)
        return (folder, index, search.stdout)
    }

    /// The previous commit is intact: 30 documents, the same search output, a sound check.
    static func expectIntact(_ index: String, search: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try IndexDurabilityTests.statsDocuments(index) == 30, sourceLocation: sourceLocation)
        let again = try CLIProcess.run(["search", "--index", index] + IndexDurabilityTests.query)
        #expect(again.status == 0, sourceLocation: sourceLocation)
        #expect(again.stdout == search, sourceLocation: sourceLocation)
        let check = try CLIProcess.run(["index", "check", "--index", index])
        #expect(check.stdout == "index \(index) is sound: 30 documents in 1 segment, every checksum verified\n",
                sourceLocation: sourceLocation)
    }

    /// A commit whose manifest cannot be written (its temporary name is taken by a directory):
    /// exit 2 with one line; the previous commit stays; the next writer succeeds.
    @Test func anUnwritableManifestLeavesThePreviousCommit() throws {
        let (folder, index, search) = try Self.smallIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        let more = folder.appendingPathComponent("more.jsonl").path
        try FileManager.default.createDirectory(atPath: index + "/MANIFEST.tmp", withIntermediateDirectories: false)
        let added = try CLIProcess.run(["index", "add", "--index", index, "--quiet", more])
        #expect(added.status == 2)
        #expect(added.stdout == "")
        #expect(added.stderr == "arabic-search: index \(index): MANIFEST.tmp: cannot create: Is a directory\n")
        try Self.expectIntact(index, search: search)
        let deleted = try CLIProcess.run(["index", "delete", "--index", index, "--quiet", "--id", "d3"])
        #expect(deleted.status == 2)
        #expect(deleted.stderr == "arabic-search: index \(index): MANIFEST.tmp: cannot create: Is a directory\n")
        try Self.expectIntact(index, search: search)

        try FileManager.default.removeItem(atPath: index + "/MANIFEST.tmp")
        #expect(try CLIProcess.run(["index", "add", "--index", index, "--quiet", more]).status == 0)
        #expect(try IndexDurabilityTests.statsDocuments(index) == 60)
        // The failed commit's segment was removed; the new one took its name.
        #expect(try FileManager.default.contentsOfDirectory(atPath: index).count == 2 + 2 * 5)
    }

    /// A read-only index directory. Root ignores permissions, so as root the writer runs as
    /// `nobody` (setpriv); without setpriv as root, the case is skipped with a message.
    @Test func aReadOnlyDirectoryLeavesThePreviousCommit() throws {
        let (folder, index, search) = try Self.smallIndex()
        defer {
            chmod(index, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let more = folder.appendingPathComponent("more.jsonl").path
        var launcher: [String] = []
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                print("aReadOnlyDirectoryLeavesThePreviousCommit: skipped: running as root without setpriv, chmod cannot stop writes")
                return
            }
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            // The writer must still be able to take the lock and read the inputs.
            chmod(index + "/LOCK", 0o666)
            chmod(folder.path, 0o755)
        }
        #expect(chmod(index, 0o555) == 0)
        for arguments in [["index", "add", "--index", index, "--quiet", more], ["index", "merge", "--index", index, "--quiet"]] {
            let result = try CLIProcess.run(arguments, launcher: launcher)
            if arguments[1] == "merge" {
                // One segment: nothing to merge, nothing written.
                #expect(result.status == 0)
                continue
            }
            #expect(result.status == 2)
            #expect(result.stderr == "arabic-search: index \(index): s00000002.dict: cannot create: Permission denied\n")
        }
        try Self.expectIntact(index, search: search)
    }

    /// A full disk (the file size limit, RLIMIT_FSIZE, through `ulimit -f` with SIGXFSZ
    /// ignored), while writing a segment and while writing the manifest.
    @Test func aFullDiskLeavesThePreviousCommit() throws {
        let (folder, index, search) = try Self.smallIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        let more = folder.appendingPathComponent("more.jsonl").path
        func limited(_ blocks: Int) -> [String] {
            ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\""]
        }
        // 1 KiB per file: the segment's postings do not fit.
        let segment = try CLIProcess.run(["index", "add", "--index", index, "--quiet", more], launcher: limited(2))
        #expect(segment.status == 2)
        #expect(segment.stderr == "arabic-search: index \(index): s00000002.post: cannot write: File too large\n")
        try Self.expectIntact(index, search: search)

        // 1 KiB per file: a one-document segment fits, the manifest does not.
        let tiny = folder.appendingPathComponent("tiny.jsonl")
        try Data("{\"id\": \"t\", \"text\": \"كلمة\"}\n".utf8).write(to: tiny)
        let manifest = try CLIProcess.run(["index", "add", "--index", index, "--quiet", tiny.path], launcher: limited(2))
        #expect(manifest.status == 2)
        #expect(manifest.stderr == "arabic-search: index \(index): MANIFEST.tmp: cannot write: File too large\n")
        try Self.expectIntact(index, search: search)

        // With room again, the next writer cleans up and commits.
        #expect(try CLIProcess.run(["index", "add", "--index", index, "--quiet", tiny.path]).status == 0)
        #expect(try IndexDurabilityTests.statsDocuments(index) == 31)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: index)).contains("MANIFEST.tmp"))
        #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)

        // A merge that runs out of room keeps the two segments it was merging.
        let searched = try CLIProcess.run(["search", "--index", index] + IndexDurabilityTests.query)
        let merge = try CLIProcess.run(["index", "merge", "--index", index, "--quiet"], launcher: limited(2))
        #expect(merge.status == 2)
        #expect(merge.stderr == "arabic-search: index \(index): s00000003.post: cannot write: File too large\n")
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        #expect(stats.stdout.contains("\ndocuments: 31\nsegments: 2\n"))
        #expect(try CLIProcess.run(["search", "--index", index] + IndexDurabilityTests.query).stdout == searched.stdout)
        #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)
    }

    /// Bad input to `index build` and `index add`: messages name the file and line, exit codes
    /// are as documented, and nothing committed is lost.
    @Test func badInputIsReportedWithFileAndLine() throws {
        let (folder, index, search) = try Self.smallIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let valid = Array("{\"id\": \"n1\", \"text\": \"نص جديد عن الذكاء\"}\n".utf8)
        let invalidUTF8 = try file("invalid.jsonl", valid + Array("{\"id\": \"n2\", \"text\": \"".utf8) + [0xD8, 0xFF] + Array("\"}\n".utf8))
        let empty = try file("empty.jsonl", [])
        var binaryBytes: [UInt8] = []
        var generator = SplitMix(state: 5)
        for _ in 0..<4096 { binaryBytes.append(UInt8(truncatingIfNeeded: generator.next())) }
        // An ELF header: valid ASCII up to byte 8.
        let binary = try file("binary.jsonl", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF] + binaryBytes)
        let binaryOther = try file("binary.bin", binaryBytes)
        let malformed = try file("malformed.jsonl", valid + Array("""
            not json
            ["an", "array"]
            {"id": "n3"}
            {"id": 4, "text": "رقم"}
            {"id": "n1", "text": "مكرر"}
            {"id": "n5", "text": "نص خامس"}

            """.utf8))
        let expectations: [(arguments: [String], status: Int32, stdout: String?, stderr: String)] = [
            ([invalidUTF8], 2, "", "arabic-search: \(invalidUTF8): invalid UTF-8 at byte offset 78 (line 2)\n"),
            ([binary], 2, "", "arabic-search: \(binary): invalid UTF-8 at byte offset 8 (line 1)\n"),
            ([binaryOther], 2, "", "arabic-search: \(binaryOther): unsupported file type (expected .txt or .jsonl)\n"),
            (["--strict", malformed], 2, "", "arabic-search: \(malformed):2: invalid JSON\n"),
            ([malformed], 0, nil, """
                arabic-search: warning: \(malformed):2: invalid JSON (line skipped)
                arabic-search: warning: \(malformed):3: not a JSON object (line skipped)
                arabic-search: warning: \(malformed):4: missing "text" (line skipped)
                arabic-search: warning: \(malformed):5: "id" is not a string (line skipped)
                arabic-search: warning: \(malformed):6: duplicate id "n1" (first at line 1) (line skipped)

                """),
        ]
        for (number, expectation) in expectations.enumerated() {
            // Into a new index: a failure leaves no index.
            let fresh = folder.appendingPathComponent("new-\(number)").path
            let built = try CLIProcess.run(["index", "build", "--index", fresh] + expectation.arguments)
            #expect(built.status == expectation.status, "\(expectation.arguments)")
            #expect(built.stderr == expectation.stderr)
            if let stdout = expectation.stdout { #expect(built.stdout == stdout) }
            if expectation.status == 2 {
                let search = try CLIProcess.run(["search", "--index", fresh, "نص"])
                #expect(search.stderr == "arabic-search: \(fresh) is not an index: it has no MANIFEST file\n")
            } else {
                #expect(built.stdout.hasPrefix("indexed 2 documents into \(fresh) (1 segment) in "))
            }
            // Into the existing index: a failure commits nothing.
            if expectation.status == 2 {
                let added = try CLIProcess.run(["index", "add", "--index", index] + expectation.arguments)
                #expect(added.status == 2)
                #expect(added.stderr == expectation.stderr)
                try Self.expectIntact(index, search: search)
            }
        }

        // An empty file indexes nothing, and says so.
        let fresh = folder.appendingPathComponent("new-empty").path
        let built = try CLIProcess.run(["index", "build", "--index", fresh, empty])
        #expect(built.status == 0)
        #expect(built.stderr == "")
        #expect(built.stdout.hasPrefix("indexed 0 documents into \(fresh) (0 segments) in "))
        #expect(try IndexDurabilityTests.statsDocuments(fresh) == 0)
        let added = try CLIProcess.run(["index", "add", "--index", index, "--quiet", empty])
        #expect(added.status == 0)
        try Self.expectIntact(index, search: search)
    }

    /// A 100 MB line between two documents is skipped (64 MiB at most are held), with a
    /// warning naming its line; with --strict it is an error and nothing is committed.
    @Test func aHundredMegabyteLineIsSkippedWithBoundedMemory() throws {
        let (folder, index, search) = try Self.smallIndex()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.jsonl").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        output.write(Data("{\"id\": \"h1\", \"text\": \"نص قبل السطر الطويل\"}\n{\"id\": \"big\", \"text\": \"".utf8))
        let words = Data(String(repeating: "الذكاء الاصطناعي ", count: 1 << 15).utf8)
        var written = 0
        while written < 100_000_000 {
            output.write(words)
            written += words.count
        }
        output.write(Data("\"}\n{\"id\": \"h2\", \"text\": \"نص بعد السطر الطويل\"}\n".utf8))
        try output.close()

        let strict = try CLIProcess.run(["index", "add", "--index", index, "--strict", path])
        #expect(strict.status == 2)
        #expect(strict.stderr == "arabic-search: \(path):2: line longer than 64 MiB\n")
        try Self.expectIntact(index, search: search)

        let added = try CLIProcess.run(["index", "add", "--index", index, path])
        #expect(added.status == 0)
        #expect(added.stderr == "arabic-search: warning: \(path):2: line longer than 64 MiB (line skipped)\n")
        #expect(added.stdout.hasPrefix("added 2 documents into \(index) (2 segments) in "))
        #expect(try IndexDurabilityTests.statsDocuments(index) == 32)
        let found = try CLIProcess.run(["search", "--index", index, "--top", "5", "السطر"])
        #expect(found.status == 0)
        #expect(found.stdout.contains("h1"))
        #expect(found.stdout.contains("h2"))

        // Into a new index, the same.
        let fresh = folder.appendingPathComponent("new").path
        let built = try CLIProcess.run(["index", "build", "--index", fresh, path])
        #expect(built.status == 0)
        #expect(built.stderr == "arabic-search: warning: \(path):2: line longer than 64 MiB (line skipped)\n")
        #expect(built.stdout.hasPrefix("indexed 2 documents into \(fresh) (1 segment) in "))

        // The same lines on standard input (read by the same loop as files): once the long line
        // is read, the process holds at most its 64 MiB buffer of it, never the line and a copy
        // (about 105 MiB here; 200 MiB is below the line held twice).
        let piped = folder.appendingPathComponent("piped").path
        let (fromInput, peak) = try CLIProcess.runMeasuringPeakMemory(["index", "build", "--index", piped, "-"]) { input in
            let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? file.close() }
            while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty { try input.write(contentsOf: chunk) }
        }
        #expect(fromInput.status == 0)
        #expect(fromInput.stderr == "arabic-search: warning: <stdin>:2: line longer than 64 MiB (line skipped)\n")
        #expect(fromInput.stdout.hasPrefix("indexed 2 documents into \(piped) (1 segment) in "))
        #if os(Linux)
        let kibibytes = try #require(peak)
        #expect(kibibytes < 200 * 1024, "peak resident memory \(kibibytes) KiB")
        #endif
        try FileManager.default.removeItem(atPath: path)
    }
}
