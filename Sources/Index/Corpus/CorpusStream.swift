import Foundation

/// Reads the documents of corpus files in batches, holding only one batch (and one piece of a
/// JSON Lines file) in memory at a time: for indexing corpora larger than memory.
///
/// Accepts what ``CorpusReader/load(paths:strict:)`` accepts, plus `-` for JSON Lines on
/// standard input, with the same problems, errors and document identifiers.
///
/// ```swift
/// var stream = try CorpusStream(paths: ["corpus.jsonl"], strict: false)
/// while let batch = try stream.next() { try writer.add(contentsOf: batch) }
/// ```
public struct CorpusStream {
    /// The problems found since the last call to ``takeProblems()``.
    public private(set) var problems: [CorpusProblem] = []
    /// The bytes read so far.
    public private(set) var bytesRead = 0
    /// The most bytes the stream reads, `nil` (the default) for no limit: past it, ``next()``
    /// throws ("more than N bytes to read"), even within a line being skipped for its length,
    /// so that an endless input (`< /dev/zero`) ends. For readers that keep what they read.
    public var byteLimit: Int?
    /// The bytes the stream will read in all: the sizes of its files when they are all regular
    /// files; `nil` when one is standard input or another kind of file (its size is not known).
    public let totalBytes: Int?

    private let strict: Bool
    private var files: [(path: String, isJSONLines: Bool)]
    /// How many files are read (the paragraphs of the only one have ids without its name).
    private let fileCount: Int
    private var seen: [String: CorpusReader.DocumentOrigin] = [:]
    private var current: FileHandle?
    private var currentPath = ""
    private var pending = Data()
    private var line = 1
    private var byte = 0
    private var finishedFile = true
    /// Whether the rest of the current line is being skipped for its length.
    private var skippingLine = false

    /// The size of the pieces JSON Lines files are read in.
    let pieceSize: Int
    /// The longest JSON Lines line read; a longer one is skipped (reported as a problem)
    /// without being held in memory, so memory stays bounded whatever the input.
    let maximumLineLength: Int

    /// The longest JSON Lines line a stream reads by default: 64 MiB. A longer line is skipped
    /// with the problem "line longer than 64 MiB", or is an error when `strict`. (Invalid UTF-8
    /// inside a line skipped as it arrives is not looked for.)
    public static let defaultMaximumLineLength = 64 << 20

    /// A stream over `paths` (files, directories, or `-` for standard input).
    ///
    /// - Throws: ``CorpusError`` for a path that does not exist or has an unsupported type.
    public init(paths: [String], strict: Bool) throws(CorpusError) {
        try self.init(paths: paths, strict: strict, pieceSize: 4 << 20)
    }

    /// A stream reading JSON Lines in pieces of `pieceSize` bytes, skipping lines longer than
    /// `maximumLineLength` bytes.
    init(paths: [String], strict: Bool, pieceSize: Int,
         maximumLineLength: Int = CorpusStream.defaultMaximumLineLength) throws(CorpusError)
    {
        self.pieceSize = max(1, pieceSize)
        self.maximumLineLength = max(1, maximumLineLength)
        self.strict = strict
        var files: [(path: String, isJSONLines: Bool)] = []
        for path in paths {
            if path == "-" { files.append(("-", true)) } else { files += try CorpusReader.corpusFiles(at: path) }
        }
        self.files = files
        fileCount = files.count
        var total: Int? = 0
        for file in files {
            var status = stat()
            guard let sum = total, file.path != "-", stat(file.path, &status) == 0,
                  status.st_mode & S_IFMT == S_IFREG
            else {
                total = nil
                break
            }
            total = sum + Int(status.st_size)
        }
        totalBytes = total
    }

    /// Returns the problems found so far and forgets them.
    public mutating func takeProblems() -> [CorpusProblem] {
        defer { problems = [] }
        return problems
    }

    /// The next batch of documents, or `nil` at the end of the last file.
    ///
    /// - Throws: ``CorpusError`` for an unreadable file, invalid UTF-8, or (when `strict`) a
    ///   malformed record.
    public mutating func next() throws(CorpusError) -> [Document]? {
        while true {
            if finishedFile {
                guard !files.isEmpty else { return nil }
                let file = files.removeFirst()
                if !file.isJSONLines {
                    let data = try CorpusReader.readFile(file.path)
                    bytesRead += data.count
                    try checkByteLimit(file.path)
                    return try CorpusReader.textFileDocuments(data, path: file.path, onlyFile: fileCount == 1,
                                                              strict: strict, seen: &seen, problems: &problems)
                }
                currentPath = file.path == "-" ? "<stdin>" : file.path
                if file.path == "-" {
                    current = FileHandle.standardInput
                } else {
                    guard let handle = FileHandle(forReadingAtPath: file.path) else {
                        throw CorpusError(source: file.path, message: "cannot read file")
                    }
                    current = handle
                }
                pending = Data()
                line = 1
                byte = 0
                skippingLine = false
                finishedFile = false
            }
            guard let handle = current else {
                finishedFile = true
                continue
            }
            // read(2) returns what is available, so documents arriving on a pipe are indexed
            // as they come rather than when the writer closes it.
            var piece = Data(count: pieceSize)
            let count = piece.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                while true {
                    let result = read(handle.fileDescriptor, base, buffer.count)
                    if result < 0, errno == EINTR { continue }
                    return result
                }
            }
            guard count >= 0 else { throw CorpusError(source: currentPath, message: "cannot read file") }
            piece.count = count
            bytesRead += piece.count
            try checkByteLimit(currentPath)
            pending.append(piece)
            // A line too long to hold: drop it as it arrives, up to its newline.
            if !skippingLine, pending.count > maximumLineLength,
               (Self.newline(in: pending, last: false).map { $0 - pending.startIndex } ?? pending.count) > maximumLineLength
            {
                skippingLine = true
            }
            if skippingLine {
                if let newline = Self.newline(in: pending, last: false) {
                    byte += newline - pending.startIndex + 1
                    pending = Data(pending[(newline + 1)...])
                    skippingLine = false
                    try skipLongLine()
                } else {
                    byte += pending.count
                    pending = Data()
                    guard piece.isEmpty else { continue }
                    skippingLine = false
                    try skipLongLine()
                }
            }
            var chunk: Data
            if piece.isEmpty {
                chunk = pending
                pending = Data()
                finishedFile = true
                if handle !== FileHandle.standardInput { try? handle.close() }
                current = nil
            } else if let newline = Self.newline(in: pending, last: true) {
                chunk = pending[pending.startIndex...newline]
                pending = Data(pending[(newline + 1)...])
            } else {
                continue
            }
            chunk = Data(chunk)
            var documents: [Document] = []
            try CorpusReader.readJSONLines(chunk, source: currentPath, strict: strict, seen: &seen,
                                           documents: &documents, problems: &problems, firstLine: line, firstByte: byte,
                                           maximumLineLength: maximumLineLength)
            // readJSONLines counts the empty line after a final newline: lines = newlines.
            line += chunk.withUnsafeBytes { raw in
                var newlines = 0
                for byte in raw where byte == 0x0A { newlines += 1 }
                return newlines
            }
            byte += chunk.count
            if !documents.isEmpty { return documents }
        }
    }

    /// Throws once more than ``byteLimit`` bytes were read, naming `source`.
    private func checkByteLimit(_ source: String) throws(CorpusError) {
        guard let limit = byteLimit, bytesRead > limit else { return }
        let size = limit >= 1 << 30 && limit % (1 << 30) == 0 ? "\(limit >> 30) GiB"
            : limit >= 1 << 20 && limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        throw CorpusError(source: source, message: "more than \(size) to read, the most this command holds in memory")
    }

    /// Reports the current line as too long, and counts it.
    private mutating func skipLongLine() throws(CorpusError) {
        let problem = CorpusProblem(source: currentPath, line: line,
                                    message: CorpusReader.longLineMessage(maximumLineLength))
        if strict { throw CorpusError(problem) }
        problems.append(problem)
        line += 1
    }

    /// The index of the first (or last) newline in `data`. memchr first: a long line is
    /// scanned again at each piece, so finding no newline must be fast; the backward search for
    /// the last one then stops within the newest piece (what came before holds no newline).
    private static func newline(in data: Data, last: Bool) -> Data.Index? {
        data.withUnsafeBytes { raw -> Data.Index? in
            guard let base = raw.baseAddress, raw.count > 0, let first = memchr(base, 0x0A, raw.count) else { return nil }
            var offset = UnsafeRawPointer(first) - base
            if last {
                var index = raw.count - 1
                while index > offset, raw[index] != 0x0A { index -= 1 }
                offset = index
            }
            return data.startIndex + offset
        }
    }
}
