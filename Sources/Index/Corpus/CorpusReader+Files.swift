import Foundation

extension CorpusReader {
    /// The documents of files and directories: JSON Lines files, plain text files and directories
    /// of them.
    ///
    /// A `.jsonl` (or `.ndjson`) file is read with ``jsonLines(_:source:strict:)``. A `.txt` file
    /// is split with ``paragraphs(_:idPrefix:)``; its ids are prefixed with the file name without
    /// extension and `-p` (`article-p01`), unless it is the only file read (`p01`). A directory
    /// is searched recursively for `.txt` and `.jsonl` files (hidden files and folders skipped),
    /// read in order of their paths. Document ids must be unique across all files: a repeated
    /// one is a problem (an error when `strict`).
    ///
    /// Throws when a path does not exist or cannot be read, names a file of another type, or
    /// holds invalid UTF-8 (the message gives the byte offset).
    ///
    /// ```swift
    /// let (documents, problems) = try CorpusReader.load(paths: ["corpus/"], strict: false)
    /// ```
    public static func load(paths: [String], strict: Bool) throws(CorpusError)
        -> (documents: [Document], problems: [CorpusProblem])
    {
        var files: [(path: String, isJSONLines: Bool)] = []
        for path in paths {
            files += try corpusFiles(at: path)
        }
        var seen: [String: DocumentOrigin] = [:]
        var documents: [Document] = []
        var problems: [CorpusProblem] = []
        for file in files {
            let data = try readFile(file.path)
            if file.isJSONLines {
                try readJSONLines(data, source: file.path, strict: strict, seen: &seen,
                                  documents: &documents, problems: &problems,
                                  maximumLineLength: CorpusStream.defaultMaximumLineLength)
                continue
            }
            documents += try textFileDocuments(data, path: file.path, onlyFile: files.count == 1, strict: strict,
                                               seen: &seen, problems: &problems)
        }
        return (documents, problems)
    }

    /// The paragraphs of the text file at `path` (its bytes `data`) as documents (see
    /// ``load(paths:strict:)`` for their ids), leaving out those whose id is in `seen` (a
    /// problem, thrown when `strict`) and adding the others to it.
    static func textFileDocuments(_ data: Data, path: String, onlyFile: Bool, strict: Bool,
                                  seen: inout [String: DocumentOrigin], problems: inout [CorpusProblem])
        throws(CorpusError) -> [Document]
    {
        let text = try decodeUTF8(data, source: path)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var documents: [Document] = []
        for document in paragraphs(text, idPrefix: onlyFile ? "p" : stem + "-p") {
            if let first = seen[document.id] {
                let problem = CorpusProblem(
                    source: path, message: "duplicate id \"\(document.id)\" (first at \(first.describe(relativeTo: path)))")
                if strict { throw CorpusError(problem) }
                problems.append(problem)
                continue
            }
            seen[document.id] = DocumentOrigin(source: path, line: nil)
            documents.append(document)
        }
        return documents
    }

    /// The corpus files at `path`: the file itself, or the corpus files under a directory.
    static func corpusFiles(at path: String) throws(CorpusError) -> [(path: String, isJSONLines: Bool)] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CorpusError(source: path, message: "no such file or directory")
        }
        if !isDirectory.boolValue {
            try requireRegularFile(path)
            switch kind(of: path) {
            case .some(let isJSONLines): return [(path, isJSONLines)]
            case .none:
                throw CorpusError(source: path, message: "unsupported file type (expected .txt or .jsonl)")
            }
        }
        guard let enumerator = manager.enumerator(atPath: path) else {
            throw CorpusError(source: path, message: "cannot read directory")
        }
        var found: [(path: String, isJSONLines: Bool)] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let isJSONLines = kind(of: full)
            else { continue }
            try requireRegularFile(full)
            found.append((full, isJSONLines))
        }
        return found.sorted { $0.path < $1.path }
    }

    /// `true` for a JSON Lines file, `false` for a text file, `nil` for anything else.
    static func kind(of path: String) -> Bool? {
        let fileExtension = (path as NSString).pathExtension.lowercased()
        if jsonLinesExtensions.contains(fileExtension) { return true }
        if textExtensions.contains(fileExtension) { return false }
        return nil
    }

    /// One rule for every reader of corpus files: they must be regular files. A FIFO, a device
    /// or a socket could block or never end; such data comes in as `-` on standard input.
    static func requireRegularFile(_ path: String) throws(CorpusError) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw CorpusError(source: path, message: "not a regular file (a FIFO, device or socket); pipe it to - on standard input instead")
        }
    }

    static func readFile(_ path: String) throws(CorpusError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CorpusError(source: path, message: "cannot read file")
        }
    }
}
