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

    private let strict: Bool
    private var files: [(path: String, isJSONLines: Bool)]
    private let textFileCount: Int
    private var seen: [String: CorpusReader.DocumentOrigin] = [:]
    private var current: FileHandle?
    private var currentPath = ""
    private var pending = Data()
    private var line = 1
    private var byte = 0
    private var finishedFile = true

    /// The size of the pieces JSON Lines files are read in.
    let pieceSize: Int

    /// A stream over `paths` (files, directories, or `-` for standard input).
    ///
    /// - Throws: ``CorpusError`` for a path that does not exist or has an unsupported type.
    public init(paths: [String], strict: Bool) throws(CorpusError) {
        try self.init(paths: paths, strict: strict, pieceSize: 4 << 20)
    }

    /// A stream reading JSON Lines in pieces of `pieceSize` bytes.
    init(paths: [String], strict: Bool, pieceSize: Int) throws(CorpusError) {
        self.pieceSize = max(1, pieceSize)
        self.strict = strict
        var files: [(path: String, isJSONLines: Bool)] = []
        for path in paths {
            if path == "-" { files.append(("-", true)) } else { files += try CorpusReader.corpusFiles(at: path) }
        }
        self.files = files
        textFileCount = files.count
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
                    let text = try CorpusReader.decodeUTF8(data, source: file.path)
                    let name = (file.path as NSString).lastPathComponent
                    let stem = (name as NSString).deletingPathExtension
                    let prefix = textFileCount == 1 ? "p" : stem + "-p"
                    var documents: [Document] = []
                    for document in CorpusReader.paragraphs(text, idPrefix: prefix) {
                        if let first = seen[document.id] {
                            let problem = CorpusProblem(
                                source: file.path,
                                message: "duplicate id \"\(document.id)\" (first at \(first.describe(relativeTo: file.path)))")
                            if strict { throw CorpusError(problem) }
                            problems.append(problem)
                            continue
                        }
                        seen[document.id] = CorpusReader.DocumentOrigin(source: file.path, line: nil)
                        documents.append(document)
                    }
                    return documents
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
            pending.append(piece)
            var chunk: Data
            if piece.isEmpty {
                chunk = pending
                pending = Data()
                finishedFile = true
                if handle !== FileHandle.standardInput { try? handle.close() }
                current = nil
            } else if let newline = pending.lastIndex(of: 0x0A) {
                chunk = pending[pending.startIndex...newline]
                pending = Data(pending[(newline + 1)...])
            } else {
                continue
            }
            chunk = Data(chunk)
            var documents: [Document] = []
            try CorpusReader.readJSONLines(chunk, source: currentPath, strict: strict, seen: &seen,
                                           documents: &documents, problems: &problems, firstLine: line, firstByte: byte)
            // readJSONLines counts the empty line after a final newline: lines = newlines.
            line += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            byte += chunk.count
            if !documents.isEmpty { return documents }
        }
    }
}
