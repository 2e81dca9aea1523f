import ArabicEvaluation
import ArabicIndex
import Foundation

/// A user-facing error: one line, printed after "arabic-search: ", exit status 2.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// The library's one-line description of `error`, with what to type where the command line
    /// can do something about it.
    init(_ error: any Error) {
        switch error {
        case IndexStoreError.analyzerMismatch, SearchError.index(.analyzerMismatch):
            description = "\(error); search it without analyzer flags or with the same ones"
        case let error as ParameterGridError:
            description = "--sweep: \(error)"
        default:
            description = "\(error)"
        }
    }
}

/// Reading user files as UTF-8 text, with errors that name the file and byte offset.
enum InputText {
    /// The contents of the file at `path` (`-` reads standard input), which must be UTF-8. A
    /// leading byte-order mark is dropped, unless `keepingByteOrderMark` (for byte offsets into
    /// the input as given: the analyzer skips it as an invisible mark).
    static func read(path: String, keepingByteOrderMark: Bool = false) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(path): no such file")
            }
            if isDirectory.boolValue { throw CLIError("\(path): is a directory") }
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(path): cannot be read")
            }
            data = contents
        }
        return try decode(data, name: path == "-" ? "<stdin>" : path, keepingByteOrderMark: keepingByteOrderMark)
    }

    /// `data` as a string, or an error naming `name` and the offset of the first invalid byte.
    /// A leading byte-order mark is dropped, unless `keepingByteOrderMark`.
    static func decode(_ data: Data, name: String, keepingByteOrderMark: Bool = false) throws -> String {
        if let offset = CorpusReader.firstInvalidUTF8Offset(data) {
            throw CLIError("\(name): invalid UTF-8 at byte offset \(offset)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if !keepingByteOrderMark, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}
