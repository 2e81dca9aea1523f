import Foundation
import Testing
@testable import ArabicIndex
import ArabicTokenizer

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

@Suite("On-disk index: readers during commits and merges")
struct ConcurrentReaderTests {
    /// `count` documents of about 30 words, from a fixed seed.
    static func documents(_ count: Int) -> [Document] {
        let words = ["الذكاء", "الاصطناعي", "تحالف", "شركة", "مفتوح", "المصدر", "البحث", "العلمي", "جامعة", "مؤسسة",
                     "التعاون", "الدولي", "المطورين", "نموذج", "لغوي", "البيانات", "الحكومة", "التقنية"]
        var generator = SplitMix64(state: 99)
        return (0..<count).map { number in
            let text = (0..<(15 + number % 25)).map { _ in words[Int(generator.next() % UInt64(words.count))] }
            return Document(id: "d\(number)", title: "\(words[number % words.count]) \(number)", text: text.joined(separator: " "))
        }
    }

    static let queries = ["الذكاء", "\"مفتوح المصدر\"", "جامع*", "+تحالف -شركة", "title:جامعة OR text:نموذج"]

    static var options: SearchOptions {
        var options = SearchOptions()
        options.limit = 15
        options.explain = true
        return options
    }

    /// Threads open and search the index (new snapshots, and one snapshot shared by all of
    /// them) while a writer in the same process adds batches and merges: every result is that
    /// of one committed state, and no search fails.
    @Test func readersSeeOnlyCommittedStatesWhileAWriterAddsAndMerges() async throws {
        let batch = 4
        let batches = 40
        let all = Self.documents(batch * batches)
        let directory = try writeDiskIndex(Array(all[0..<batch]))
        defer { try? FileManager.default.removeItem(atPath: directory) }

        // What each query returns in each committed state (the first n batches).
        var expected: [String: Set<String>] = [:]
        for count in 1...batches {
            let memory = try InMemoryIndex(documents: Array(all[0..<(count * batch)]))
            for query in Self.queries {
                expected[query, default: []].insert(fingerprint(try memory.search(query, options: Self.options)))
            }
        }
        let initial = try InMemoryIndex(documents: Array(all[0..<batch]))
        let initialResults = try Self.queries.map { fingerprint(try initial.search($0, options: Self.options)) }
        let shared = try DiskIndex(directory: directory)

        let done = Locked(false)
        let failures = Locked<[String]>([])
        let searches = Locked(0)
        let writer = Thread {
            defer { done.withLock { $0 = true } }
            do {
                let writer = try IndexWriter(directory: directory)
                for number in 1..<batches {
                    try writer.add(contentsOf: Array(all[(number * batch)..<((number + 1) * batch)]))
                    try writer.commit()
                    try writer.merge()
                }
                writer.close()
            } catch {
                failures.withLock { $0.append("writer: \(error)") }
            }
        }
        writer.start()
        let expectedResults = expected
        await withTaskGroup(of: Void.self) { group in
            for reader in 0..<4 {
                group.addTask {
                    var round = 0
                    // Bounded: until the writer is done, at most 3000 rounds, and one more after.
                    while round < 3000 {
                        let finished = done.withLock { $0 }
                        round += 1
                        let query = Self.queries[(reader + round) % Self.queries.count]
                        do {
                            let index = try DiskIndex(directory: directory)
                            let result = fingerprint(try index.search(query, options: Self.options))
                            if expectedResults[query]?.contains(result) != true {
                                failures.withLock { $0.append("reader \(reader): \(query): a result of no committed state") }
                            }
                            let old = fingerprint(try shared.search(query, options: Self.options))
                            if let position = Self.queries.firstIndex(of: query), old != initialResults[position] {
                                failures.withLock { $0.append("reader \(reader): \(query): the first snapshot changed") }
                            }
                            searches.withLock { $0 += 1 }
                        } catch {
                            failures.withLock { $0.append("reader \(reader): \(query): \(error)") }
                        }
                        if finished { break }
                    }
                }
            }
        }
        while !done.withLock({ $0 }) { usleep(10_000) }
        #expect(failures.withLock { $0 } == [])
        #expect(searches.withLock { $0 } >= 4)
        let final = try DiskIndex(directory: directory)
        #expect(final.documentCount == all.count)
        #expect(final.segmentCount == 1)
        #expect(IndexChecker.check(directory: directory) == [])
    }

    /// A reader that read the manifest just before a merge removed the segments it names opens
    /// the merged commit instead; a file missing from the newest manifest is still an error.
    @Test func aReaderThatReadTheManifestBeforeAMergeOpensTheMergedCommit() throws {
        let all = Self.documents(60)
        let directory = try writeDiskIndex(all, perSegment: 20)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stale = try Manifest.read(directory: directory)
        #expect(stale.segments.count == 3)
        let writer = try IndexWriter(directory: directory, memoryLimit: Int.max)
        let merged = try writer.merge()
        #expect(merged.before == 3)
        #expect(merged.after == 1)
        writer.close()

        let (manifest, segments) = try DiskIndex.openSnapshot(directory: directory, first: stale)
        #expect(manifest.generation == stale.generation + 1)
        #expect(segments.map(\.documentCount) == [60])

        // The newest manifest's own file missing: reported, not retried forever.
        let current = try Manifest.read(directory: directory)
        let name = current.segments[0].name
        try FileManager.default.removeItem(atPath: directory + "/\(name).post")
        #expect(throws: IndexStoreError.corrupt(directory: directory, file: "\(name).post", detail: "missing")) {
            _ = try DiskIndex.openSnapshot(directory: directory, first: stale)
        }
        #expect(throws: IndexStoreError.corrupt(directory: directory, file: "\(name).post", detail: "missing")) {
            _ = try DiskIndex(directory: directory)
        }
        #expect(IndexChecker.check(directory: directory)
            == [.corrupt(directory: directory, file: "\(name).post", detail: "missing")])
    }
}
