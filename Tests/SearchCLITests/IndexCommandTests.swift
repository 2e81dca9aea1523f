import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("arabic-search index, as a process")
struct IndexCommandTests {
    static var article: String { CLIProcess.packageRoot.appendingPathComponent("Corpus/article.txt").path }

    /// Builds an index of the bundled article in a new folder; returns the folder and index path.
    static func buildArticle(_ extra: [String] = []) throws -> (folder: URL, index: String) {
        let folder = try CLIProcess.temporaryDirectory()
        let index = folder.appendingPathComponent("idx").path
        let result = try CLIProcess.run(["index", "build", "--index", index, "--quiet", article] + extra)
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "")
        return (folder, index)
    }

    @Test func searchOverTheIndexPrintsWhatTheCorpusSearchPrints() throws {
        let (folder, index) = try Self.buildArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        for query in [["ibm", "--top", "2"], ["--explain", "\"مفتوح المصدر\""], ["تحالف*", "--variant", "bm25plus"],
                      ["title:ذكاء", "--text-boost", "0.5"]] {
            let fromIndex = try CLIProcess.run(["search", "--index", index] + query)
            let fromCorpus = try CLIProcess.run(["search", "--corpus", Self.article] + query)
            #expect(fromIndex.status == 0)
            #expect(fromIndex.stderr == "")
            #expect(fromIndex.stdout == fromCorpus.stdout)
        }
        let none = try CLIProcess.run(["search", "--index", index, "غيرموجودة"])
        #expect(none.status == 1)
    }

    @Test func buildFromStandardInput() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        var lines = ""
        for number in 0..<40 {
            lines += "{\"id\": \"d\(number)\", \"title\": \"عنوان \(number)\", \"text\": \"نص تجريبي رقم \(number) عن الذكاء الاصطناعي\"}\n"
        }
        lines += "not json\n"
        let built = try CLIProcess.run(["index", "build", "--index", index, "-"], input: Data(lines.utf8))
        #expect(built.status == 0)
        #expect(built.stderr == "arabic-search: warning: <stdin>:41: invalid JSON (line skipped)\n")
        #expect(built.stdout.hasPrefix("indexed 40 documents into \(index) (1 segment) in "))
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        #expect(stats.status == 0)
        let statLines = stats.stdout.split(separator: "\n").map(String.init)
        #expect(statLines[0] == "index: \(index)")
        #expect(statLines[1] == "documents: 40")
        #expect(statLines[2] == "segments: 1")
        #expect(statLines[4] == "average length: title 2.00, text 6.00")
        #expect(statLines.contains("files:"))
        #expect(statLines.contains { $0.hasPrefix("  s00000001.docs  ") && $0.hasSuffix(" bytes") })
        let check = try CLIProcess.run(["index", "check", "--index", index])
        #expect(check.status == 0)
        #expect(check.stdout == "index \(index) is sound: 40 documents in 1 segment, every checksum verified\n")
        let again = try CLIProcess.run(["index", "build", "--index", index, "-"], input: Data(lines.utf8))
        #expect(again.status == 2)
        #expect(again.stderr == "arabic-search: \(index) already holds an index; choose a new directory\n")
    }

    @Test func damagedFilesAreReportedNotSearched() throws {
        let (folder, index) = try Self.buildArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Flip a byte in the middle of the postings.
        let postings = URL(fileURLWithPath: index + "/s00000001.post")
        var bytes = try [UInt8](Data(contentsOf: postings))
        bytes[bytes.count / 2] ^= 0x10
        try Data(bytes).write(to: postings)
        let check = try CLIProcess.run(["index", "check", "--index", index])
        #expect(check.status == 2)
        #expect(check.stderr.hasPrefix("arabic-search: index \(index) is corrupt: s00000001.post: checksum mismatch in the whole file"))
        #expect(check.stderr.split(separator: "\n").count == 1)
        // Truncate the stored documents: every search fails at open.
        let stored = URL(fileURLWithPath: index + "/s00000001.docs")
        let handle = try FileHandle(forWritingTo: stored)
        try handle.truncate(atOffset: 100)
        try handle.close()
        let search = try CLIProcess.run(["search", "--index", index, "ibm"])
        #expect(search.status == 2)
        #expect(search.stdout == "")
        #expect(search.stderr.hasPrefix("arabic-search: index \(index) is corrupt: s00000001.docs: "))
        let recheck = try CLIProcess.run(["index", "check", "--index", index])
        #expect(recheck.status == 2)
        #expect(recheck.stderr.split(separator: "\n").count == 2)
    }

    @Test func notAnIndexMissingManifestAndEmptyFolder() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try CLIProcess.run(["search", "--index", folder.path, "ibm"])
        #expect(empty.status == 2)
        #expect(empty.stderr == "arabic-search: \(folder.path) is not an index: the directory is empty\n")
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("notes.txt").path, contents: Data())
        let other = try CLIProcess.run(["index", "check", "--index", folder.path])
        #expect(other.status == 2)
        #expect(other.stderr == "arabic-search: \(folder.path) is not an index: it has no MANIFEST file\n")
        let missing = try CLIProcess.run(["index", "stats", "--index", folder.path + "/nope"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "arabic-search: \(folder.path)/nope is not an index: no such directory\n")
        let intoOther = try CLIProcess.run(["index", "build", "--index", folder.path, Self.article])
        #expect(intoOther.status == 2)
        #expect(intoOther.stderr == "arabic-search: \(folder.path) is not an index: it holds other files (notes.txt) and no MANIFEST; refusing to write into it\n")
    }

    @Test func analyzerFlagsMustMatchTheIndex() throws {
        let (folder, index) = try Self.buildArticle(["--no-stem"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let mismatch = try CLIProcess.run(["search", "--index", index, "--fold-hamza", "--no-stem", "ibm"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.hasPrefix("arabic-search: index \(index) was built with analyzer settings "))
        let same = try CLIProcess.run(["search", "--index", index, "--no-stem", "التحالف"])
        let implicit = try CLIProcess.run(["search", "--index", index, "التحالف"])
        let corpus = try CLIProcess.run(["search", "--corpus", Self.article, "--no-stem", "التحالف"])
        #expect(same.status == 0)
        #expect(same.stdout == corpus.stdout)
        #expect(implicit.stdout == corpus.stdout)
    }

    @Test func aSecondWriterGetsAClearError() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: true)
        let descriptor = open(index + "/LOCK", O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        #expect(flock(descriptor, LOCK_EX) == 0)
        let result = try CLIProcess.run(["index", "build", "--index", index, Self.article])
        flock(descriptor, LOCK_UN)
        close(descriptor)
        #expect(result.status == 2)
        #expect(result.stderr == "arabic-search: index \(index) is locked by another writer (LOCK); try again when it has finished\n")
    }
}

@Suite("arabic-search index: segments, add, crashes")
struct IndexSegmentTests {
    /// `count` JSON Lines documents with ids from `first`, of about 40 words each.
    static func documents(_ range: Range<Int>) -> String {
        let words = ["الذكاء", "الاصطناعي", "تحالف", "شركة", "مفتوح", "المصدر", "البحث", "العلمي", "جامعة", "مؤسسة",
                     "التعاون", "الدولي", "المطورين", "نموذج", "لغوي", "البيانات", "الحكومة", "التقنية"]
        var generator = SplitMix(state: 42)
        var lines = ""
        for number in range {
            var text: [String] = []
            for _ in 0..<(20 + number % 30) { text.append(words[Int(generator.next() % UInt64(words.count))]) }
            lines += "{\"id\": \"d\(number)\", \"title\": \"\(words[number % words.count]) \(number)\", \"text\": \"\(text.joined(separator: " "))\"}\n"
        }
        return lines
    }

    @Test func manySegmentsRankAsOneIndex() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = folder.appendingPathComponent("docs.jsonl")
        try Data(Self.documents(0..<3000).utf8).write(to: corpus)
        let index = folder.appendingPathComponent("idx").path
        let built = try CLIProcess.run(["index", "build", "--index", index, "--memory", "1", "--quiet", corpus.path])
        #expect(built.status == 0)
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        let segments = stats.stdout.split(separator: "\n").first { $0.hasPrefix("segments: ") }
        #expect(segments.map { Int($0.dropFirst("segments: ".count)) ?? 0 }.map { $0 > 2 } == true, "\(stats.stdout)")
        for query in [["الذكاء", "--top", "20"], ["\"مفتوح المصدر\"", "--explain"], ["جامع*", "--top", "50"],
                      ["+تحالف -شركة", "--variant", "atire"], ["title:جامعة OR text:نموذج"]] {
            let fromIndex = try CLIProcess.run(["search", "--index", index, "--json"] + query)
            let fromCorpus = try CLIProcess.run(["search", "--corpus", corpus.path, "--json"] + query)
            #expect(fromIndex.status == 0)
            #expect(Self.withoutTiming(fromIndex.stdout) == Self.withoutTiming(fromCorpus.stdout))
        }
        #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)

        // Merged into one segment, the index still ranks the same, and the old files are gone.
        let merged = try CLIProcess.run(["index", "merge", "--index", index])
        #expect(merged.status == 0)
        #expect(merged.stdout.hasPrefix("merged "))
        #expect(merged.stdout.contains(" segments into 1 (3000 documents) in "))
        let files = try FileManager.default.contentsOfDirectory(atPath: index).sorted()
        #expect(files == ["LOCK", "MANIFEST"] + ["dict", "docs", "len", "pos", "post"].map { "s\(String(format: "%08d", Int(segments.map { $0.dropFirst("segments: ".count) }.flatMap { Int($0) } ?? 0) + 1)).\($0)" })
        for query in [["\"مفتوح المصدر\"", "--explain"], ["جامع*", "--top", "50"]] {
            let fromIndex = try CLIProcess.run(["search", "--index", index, "--json"] + query)
            let fromCorpus = try CLIProcess.run(["search", "--corpus", corpus.path, "--json"] + query)
            #expect(Self.withoutTiming(fromIndex.stdout) == Self.withoutTiming(fromCorpus.stdout))
        }
        #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)
    }

    /// JSON output without the `took_ms` figure.
    static func withoutTiming(_ json: String) -> String {
        json.replacingOccurrences(of: #""took_ms"\s*:\s*[0-9.e+-]+"#, with: "", options: .regularExpression)
    }

    @Test func addAppendsAndRefusesRepeatedIdentifiers() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        let first = try CLIProcess.run(["index", "build", "--index", index, "--quiet", "-"], input: Data(Self.documents(0..<100).utf8))
        #expect(first.status == 0)
        let added = try CLIProcess.run(["index", "add", "--index", index, "-"], input: Data(Self.documents(100..<150).utf8))
        #expect(added.status == 0)
        #expect(added.stdout.hasPrefix("added 50 documents into \(index) (2 segments) in "))
        let repeated = try CLIProcess.run(["index", "add", "--index", index, "-"], input: Data(Self.documents(140..<160).utf8))
        #expect(repeated.status == 2)
        #expect(repeated.stderr == "arabic-search: duplicate document id \"d140\"\n")
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        #expect(stats.stdout.contains("\ndocuments: 150\nsegments: 2\n"))
        let missing = try CLIProcess.run(["index", "add", "--index", folder.path + "/none", "-"], input: Data())
        #expect(missing.status == 2)
        #expect(missing.stderr == "arabic-search: \(folder.path)/none is not an index: no such directory\n")
    }

    /// Ten additions of small segments are merged into one by default; with --no-merge they
    /// stay; either way the index searches as the corpus does.
    @Test func smallAdditionsAreMergedTenAtATime() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let merging = folder.appendingPathComponent("merging").path
        let kept = folder.appendingPathComponent("kept").path
        var all = ""
        for (number, start) in stride(from: 0, to: 100, by: 10).enumerated() {
            let lines = Self.documents(start..<(start + 10))
            all += lines
            let batch = Data(lines.utf8)
            let verb = number == 0 ? "build" : "add"
            let first = try CLIProcess.run(["index", verb, "--index", merging, "-"], input: batch)
            let second = try CLIProcess.run(["index", verb, "--index", kept, "--no-merge", "-"], input: batch)
            #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
            // The tenth segment of under 1,000 documents makes the ten one.
            let segments = number == 9 ? "1 segment" : number == 0 ? "1 segment" : "\(number + 1) segments"
            #expect(first.stdout.contains(" documents into \(merging) (\(segments)) in "), "\(first.stdout)")
            let unmerged = number == 0 ? "1 segment" : "\(number + 1) segments"
            #expect(second.stdout.contains(" documents into \(kept) (\(unmerged)) in "), "\(second.stdout)")
        }
        let corpus = folder.appendingPathComponent("docs.jsonl")
        try Data(all.utf8).write(to: corpus)
        for index in [merging, kept] {
            #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)
            for query in [["الذكاء", "--top", "20"], ["\"مفتوح المصدر\"", "--explain"], ["جامع*", "--top", "50"]] {
                let fromIndex = try CLIProcess.run(["search", "--index", index, "--json"] + query)
                let fromCorpus = try CLIProcess.run(["search", "--corpus", corpus.path, "--json"] + query)
                #expect(fromIndex.status == 0)
                // (Compared as a Boolean: a failure would print both outputs whole.)
                let same = Self.withoutTiming(fromIndex.stdout) == Self.withoutTiming(fromCorpus.stdout)
                #expect(same, "\(index) \(query)")
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: merging).filter { $0.hasPrefix("s") }
        #expect(files.count == 5)
    }

    @Test func aKilledWriterLeavesTheLastCommitIntact() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        #expect(try CLIProcess.run(["index", "build", "--index", index, "--quiet", "-"],
                                   input: Data(Self.documents(0..<200).utf8)).status == 0)
        let before = try CLIProcess.run(["search", "--index", index, "--explain", "الذكاء تحالف"])

        // A writer that has written segments but not committed: killed while it waits for input.
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["index", "add", "--index", index, "--memory", "1", "--quiet", "-"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(Self.documents(200..<4000).utf8))
        var waited = 0
        while waited < 600, !(try FileManager.default.contentsOfDirectory(atPath: index)).contains("s00000003.docs") {
            usleep(50_000)
            waited += 1
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let files = try FileManager.default.contentsOfDirectory(atPath: index)
        #expect(files.contains("s00000002.docs"))

        // Readers still see the last commit, and it is sound.
        let after = try CLIProcess.run(["search", "--index", index, "--explain", "الذكاء تحالف"])
        #expect(after.stdout == before.stdout)
        #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)

        // The next writer removes the leftovers and commits.
        let next = try CLIProcess.run(["index", "add", "--index", index, "--quiet", "-"], input: Data(Self.documents(200..<210).utf8))
        #expect(next.status == 0)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: index).filter { $0.hasPrefix("s") }.sorted()
        #expect(remaining == ["docs", "len", "pos", "post", "dict"].flatMap { ext in
            ["s00000001.\(ext)", "s00000002.\(ext)"]
        }.sorted())
        #expect(try CLIProcess.run(["index", "stats", "--index", index]).stdout.contains("\ndocuments: 210\n"))
    }
}

/// SplitMix64, for reproducible test documents.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("arabic-search index delete and add --replace")
struct IndexDeleteTests {
    @Test func deleteAndReplaceByIdentifier() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        #expect(try CLIProcess.run(["index", "build", "--index", index, "--quiet", "-"],
                                   input: Data(IndexSegmentTests.documents(0..<50).utf8)).status == 0)
        let deleted = try CLIProcess.run(["index", "delete", "--index", index, "--id", "d3", "--id", "d7"])
        #expect(deleted.status == 0)
        #expect(deleted.stdout == "deleted 2 documents; 48 remain\n")
        let unknown = try CLIProcess.run(["index", "delete", "--index", index, "--id", "d1", "--id", "zzz"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "arabic-search: index \(index) holds no document \"zzz\"; nothing was deleted\n")
        let replaced = try CLIProcess.run(["index", "add", "--index", index, "--replace", "--quiet", "-"],
                                          input: Data(#"{"id": "d1", "text": "كلمة فريدة جدا"}"#.utf8 + [0x0A]))
        #expect(replaced.status == 0)
        let hit = try CLIProcess.run(["search", "--index", index, "فريدة"])
        #expect(hit.status == 0)
        #expect(hit.stdout.hasPrefix("1. d1  "))
        let gone = try CLIProcess.run(["search", "--index", index, "--top", "100", "--json", "الذكاء OR تحالف OR شركة"])
        #expect(!gone.stdout.contains("\"d3\""))
        #expect(!gone.stdout.contains("\"d7\""))
        let stats = try CLIProcess.run(["index", "stats", "--index", index])
        #expect(stats.stdout.contains("\ndocuments: 48\nsegments: 2\ndeleted: 3 (kept in segment files until index merge)\n"))
        #expect(try CLIProcess.run(["index", "check", "--index", index]).status == 0)
    }
}

@Suite("arabic-search on damaged indexes, as a process")
struct DamagedIndexProcessTests {
    static let files = ["MANIFEST", "s00000001.dict", "s00000001.post", "s00000001.pos", "s00000001.len",
                        "s00000001.docs"]

    enum Damage: CustomStringConvertible {
        case truncate(fraction: Int)
        case flip(fraction: Int)

        var description: String {
            switch self {
            case .truncate(let fraction): return "truncated at \(fraction)%"
            case .flip(let fraction): return "byte at \(fraction)% flipped"
            }
        }
    }

    @Test(arguments: files)
    func damageIsReportedWithExitStatus2(_ file: String) throws {
        let (folder, source) = try IndexCommandTests.buildArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = ["search", "--explain", "--top", "20", "الذكاء OR ibm OR \"مفتوح المصدر\" OR تحالف*"]
        let pristine = try CLIProcess.run(query + ["--index", source])
        #expect(pristine.status == 0)
        for damage in [Damage.truncate(fraction: 0), .truncate(fraction: 60), .flip(fraction: 1), .flip(fraction: 50)] {
            let index = folder.appendingPathComponent("damaged").path
            try? FileManager.default.removeItem(atPath: index)
            try FileManager.default.copyItem(atPath: source, toPath: index)
            let url = URL(fileURLWithPath: index + "/" + file)
            var bytes = try [UInt8](Data(contentsOf: url))
            switch damage {
            case .truncate(let fraction): bytes = Array(bytes.prefix(bytes.count * fraction / 100))
            case .flip(let fraction): bytes[min(bytes.count - 1, bytes.count * fraction / 100)] ^= 0x04
            }
            try Data(bytes).write(to: url)
            let prefix = "arabic-search: index \(index) is corrupt: \(file): "
            let check = try CLIProcess.run(["index", "check", "--index", index])
            #expect(check.status == 2, "\(file) \(damage)")
            #expect(check.stdout == "")
            #expect(check.stderr.hasPrefix(prefix), "\(file) \(damage): \(check.stderr)")
            let search = try CLIProcess.run(query + ["--index", index])
            if search.status == 2 {
                #expect(search.stdout == "")
                #expect(search.stderr.hasPrefix(prefix), "\(file) \(damage): \(search.stderr)")
                #expect(search.stderr.split(separator: "\n").count == 1)
            } else {
                // Only what the search did not read was damaged: the answer is the right one.
                #expect(search.status == 0, "\(file) \(damage)")
                #expect(search.stdout == pristine.stdout, "\(file) \(damage)")
            }
        }
    }
}
