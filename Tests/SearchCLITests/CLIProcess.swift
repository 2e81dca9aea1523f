import Foundation
import Testing

/// Runs the built `arabic-search` binary as a separate process.
enum CLIProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The package's root folder (this file is Tests/SearchCLITests/CLIProcess.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `arabic-search` executable beside the test bundle in the build folder.
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        // The test runner may live inside a .xctest bundle folder; walk up until the binary is found.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("arabic-search")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/arabic-search")
    }

    /// Runs `arabic-search ARGUMENTS` with `input` on standard input, in `directory`.
    /// With a `launcher` (a program and its arguments), runs `LAUNCHER… arabic-search ARGUMENTS`.
    static func run(
        _ arguments: [String], input: Data? = nil, directory: URL? = nil, environment: [String: String] = [:],
        launcher: [String] = []
    ) throws -> Result {
        // A process that exits before reading all its input (a bad flag, say) makes the write
        // fail, which is ignored.
        try run(arguments, directory: directory, environment: environment, launcher: launcher) { standardInput, _ in
            if let input { try? standardInput.write(contentsOf: input) }
        }
    }

    /// Runs `arabic-search ARGUMENTS`, giving it on standard input what `writeInput` writes,
    /// and returns its result with its peak resident memory in KiB, read once all the input is
    /// written and before standard input is closed (`nil` without Linux's /proc).
    ///
    /// The peak is the process's own (`VmHWM`): `getrusage` and `wait4` would report at least
    /// the test runner's own size, since a spawned child starts in its parent's memory. When the
    /// last write returns, the process has read all but a pipe's buffer of the input.
    static func runMeasuringPeakMemory(_ arguments: [String], writeInput: (FileHandle) throws -> Void)
        throws -> (result: Result, peakKibibytes: Int?)
    {
        var peak: Int?
        let result = try run(arguments) { standardInput, process in
            try writeInput(standardInput)
            let status = (try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) {
                peak = Int(line.dropFirst("VmHWM:".count).split(whereSeparator: \.isWhitespace).first ?? "")
            }
        }
        return (result, peak)
    }

    /// Runs `arabic-search ARGUMENTS` (after `launcher`, when given) in `directory`, reading both
    /// its outputs on other threads while `writeInput` writes its standard input (given the
    /// process identifier), which is closed after it returns or throws.
    private static func run(
        _ arguments: [String], directory: URL? = nil, environment: [String: String] = [:], launcher: [String] = [],
        writeInput: (FileHandle, Int32) throws -> Void
    ) throws -> Result {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        // Writing to a process that has exited must not take the test runner down with SIGPIPE.
        _ = brokenPipesIgnored
        try process.run()
        // Both outputs are read concurrently with the input, so that neither a large input nor a
        // large output can block the process.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = stdout.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        var failure: (any Error)?
        do { try writeInput(stdin.fileHandleForWriting, process.processIdentifier) } catch { failure = error }
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        if let failure { throw failure }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Ignores SIGPIPE in the test process, once.
    static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// A fresh temporary folder for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("arabic-search-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
