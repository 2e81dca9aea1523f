import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `arabic-search serve` as a process: its start-up errors, and a server that answers and stops
/// cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func startUpErrorsAreOneLineWithStatus2() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let emptyToken = folder.appendingPathComponent("token")
        try Data("  \n".utf8).write(to: emptyToken)
        let index = folder.appendingPathComponent("idx").path
        let build = try CLIProcess.run(["index", "build", "--quiet", "--index", index,
                                        CLIProcess.packageRoot.appendingPathComponent("Corpus/article.txt").path])
        #expect(build.status == 0)
        let cases: [([String], String)] = [
            (["serve", "--index", folder.appendingPathComponent("none").path],
             "arabic-search: \(folder.appendingPathComponent("none").path) is not an index: no such directory\n"),
            (["serve", "--writable"], "arabic-search: the write routes need an index directory (--index DIR)\n"),
            (["serve", "--index", index, "--writable"], "arabic-search: the write routes need a token (--token-file FILE)\n"),
            (["serve", "--index", index, "--writable", "--token-file", emptyToken.path],
             "arabic-search: \(emptyToken.path): the token file is empty\n"),
            (["serve", "--token-file", emptyToken.path], "arabic-search: --token-file goes with --writable\n"),
            (["serve", "--port", "70000"], "arabic-search: --port must be from 0 to 65535\n"),
            (["serve", "--index", index, "--corpus", "x.jsonl"], "arabic-search: --index and --corpus cannot be combined\n"),
        ]
        for (arguments, expected) in cases {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == expected, "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func servesTheBundledArticleAndStopsOnSIGTERM() throws {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["serve", "--port", "0"]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The address is the line that says where it serves.
        var seen = ""
        var address: String?
        let deadline = Date().addingTimeInterval(60)
        while address == nil, Date() < deadline {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                address = String(seen[range])
            }
        }
        let base = try #require(address, "no address in: \(seen)")
        #expect(seen.contains("arabic-search: serving the bundled article on \(base)"))
        let health = try Self.get(base + "health")
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok"}"# + "\n")
        let search = try Self.get(base + "search?q=%D8%A7%D9%84%D8%B0%D9%83%D8%A7%D8%A1&top=1")
        #expect(search.status == 200)
        #expect(search.body.contains(#""total_hits":16"#))
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    /// A GET's status and body (30 s at most).
    static func get(_ address: String) throws -> (status: Int, body: String) {
        let url = try #require(URL(string: address))
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String)?
        let task = URLSession.shared.dataTask(with: url) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            done.signal()
        }
        task.resume()
        _ = done.wait(timeout: .now() + 30)
        let answer = try #require(result, "no answer from \(address)")
        return (answer.0, answer.1)
    }
}
