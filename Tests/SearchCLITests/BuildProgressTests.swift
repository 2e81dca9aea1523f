import Foundation
import Testing

/// The progress line of `index build`: a bar on a terminal when the input's size is known, a
/// counter when it is not, nothing when standard error is not a terminal or with --quiet.
@Suite("arabic-search index build: progress")
struct BuildProgressTests {
    /// Runs `shell` (a /bin/sh command line) with a pseudo-terminal as its standard input,
    /// output and error, through util-linux's `script`; returns what the terminal received.
    static func onTerminal(_ shell: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        // -e: script exits with the command's status; the pty is 0×0, so the width is 80.
        process.arguments = ["-qefc", shell, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func corpus(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("corpus.jsonl")
        try Data(IndexSegmentTests.documents(0..<300).utf8).write(to: file)
        return file
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aBarWithPercentageThroughputAndTimeLeftForFiles() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.corpus(in: folder)
        let index = folder.appendingPathComponent("idx").path
        let run = try Self.onTerminal("\(Self.quoted(CLIProcess.executable.path)) index build --index \(Self.quoted(index)) \(Self.quoted(file.path))")
        #expect(run.status == 0, "\(run.output)")
        // The last drawing, when all is read, then the line cleared and the summary.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        let megabytes = String(format: "%.1f", Double(size) / 1_048_576)
        let pattern = #"\r\[#{20}\] 100%  "# + megabytes + "/" + megabytes + #" MB  [0-9]+\.[0-9] MB/s  300 docs  0:00 left\u{1B}\[K\r\u{1B}\[Kindexed 300 documents into "#
        #expect(run.output.contains(try Regex(pattern)), "\(run.output.debugDescription)")
        #expect(!run.output.contains("MB read"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aCounterForStandardInput() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.corpus(in: folder)
        let index = folder.appendingPathComponent("idx").path
        let run = try Self.onTerminal("\(Self.quoted(CLIProcess.executable.path)) index build --index \(Self.quoted(index)) - < \(Self.quoted(file.path))")
        #expect(run.status == 0, "\(run.output)")
        let pattern = #"\rindexed 300 documents, [0-9]+\.[0-9] MB read, [0-9]+\.[0-9] MB/s, [0-9]+ segments?\u{1B}\[K"#
        #expect(run.output.contains(try Regex(pattern)), "\(run.output.debugDescription)")
        #expect(!run.output.contains("%"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func quietPrintsNothingOnATerminal() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.corpus(in: folder)
        let index = folder.appendingPathComponent("idx").path
        let run = try Self.onTerminal("\(Self.quoted(CLIProcess.executable.path)) index build --quiet --index \(Self.quoted(index)) \(Self.quoted(file.path))")
        #expect(run.status == 0)
        #expect(run.output == "")
    }

    /// Off a terminal: the summary on standard output, nothing on standard error.
    @Test func nothingButTheSummaryOffATerminal() throws {
        let folder = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.corpus(in: folder)
        let index = folder.appendingPathComponent("idx").path
        let result = try CLIProcess.run(["index", "build", "--index", index, file.path])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("indexed 300 documents into \(index) (1 segment) in "))
    }
}
