import Foundation
import Testing

/// A failed write to standard output: a reader that went away ends the process quietly with
/// status 141 (as `grep … | head` does); any other failure, one line and status 2.
@Suite("arabic-search when its output cannot be written")
struct OutputFailureTests {
    /// Runs `arabic-search ARGUMENTS` with `output` as its standard output; its status and standard error.
    static func run(_ arguments: [String], output: FileHandle) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let stderr = Pipe()
        process.standardOutput = output
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
    }

    static let commands: [[String]] = [
        ["الذكاء الاصطناعي"], ["--json", "--top", "5", "ibm"], ["analyze", "الذكاء الاصطناعي"],
    ]

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")), arguments: commands)
    func aFullDeviceIsOneLineAndStatusTwo(arguments: [String]) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let result = try Self.run(arguments, output: full)
        #expect(result.status == 2)
        #expect(result.stderr == "arabic-search: cannot write the output: No space left on device\n")
    }

    /// The test runner ignores SIGPIPE, and so does the child it starts: the write fails with
    /// EPIPE, which ends the process quietly.
    @Test(arguments: commands)
    func aClosedPipeEndsQuietly(arguments: [String]) throws {
        _ = CLIProcess.brokenPipesIgnored
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let result = try Self.run(arguments, output: pipe.fileHandleForWriting)
        #expect(result.status == 141)
        #expect(result.stderr == "")
    }

    /// An index's statistics, which used to be lost silently with status 0.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func indexCommandsReportTheirLostOutput() throws {
        let (folder, index) = try IndexCommandTests.buildArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        for arguments in [["index", "stats", "--index", index], ["index", "check", "--index", index]] {
            let result = try Self.run(arguments, output: full)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "arabic-search: cannot write the output: No space left on device\n", "\(arguments)")
        }
    }
}
