import Foundation

/// The lines of a JSONL corpus file, decompressed first when the name ends in `.gz`.
public func corpusLines(_ path: String) throws -> [Data] {
    let data: Data
    if path.hasSuffix(".gz") {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
    } else {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    }
    return data.split(separator: UInt8(ascii: "\n")).map { Data($0) }
}
