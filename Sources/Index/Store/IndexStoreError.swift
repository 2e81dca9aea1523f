import Foundation

/// Why an index directory could not be opened, read, written or checked.
///
/// Every case names the directory, and the file when one is at fault; the description is one
/// line, e.g. `index idx is corrupt: s00000001.post: checksum mismatch in postings of a term`.
public enum IndexStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file's contents fail a checksum or a structural check.
    case corrupt(directory: String, file: String, detail: String)
    /// The directory does not exist or holds no manifest.
    case missingIndex(directory: String, detail: String)
    /// A file was written by a newer, incompatible version of the format.
    case newerFormat(directory: String, file: String, major: Int)
    /// A file was written in an older format this program no longer reads: the index must be
    /// built again.
    case olderFormat(directory: String, file: String, major: Int)
    /// Another writer holds the directory's lock.
    case locked(directory: String)
    /// The operating system refused an operation on a file.
    case io(directory: String, file: String, detail: String)
    /// The analyzer given does not match the one the index was built with.
    case analyzerMismatch(directory: String, index: String, given: String)
    /// A document was rejected while indexing.
    case indexing(IndexingError)
    /// The directory already holds an index where a new one was to be built.
    case alreadyExists(directory: String)
    /// A document added since the last commit was to be deleted or replaced.
    case uncommittedDocument(directory: String, id: String)
    /// The system's zstd library, which compresses and decompresses stored documents, cannot be
    /// used (it is not installed, or too old); `detail` says which and how to install it.
    case compressionUnavailable(directory: String, detail: String)
    /// The index was built with a stemmer this machine cannot run (Snowball's library missing).
    case stemmerUnavailable(directory: String, stemmer: String, detail: String)

    public var description: String {
        switch self {
        case .corrupt(let directory, let file, let detail):
            return "index \(directory) is corrupt: \(file): \(detail)"
        case .missingIndex(let directory, let detail):
            return "\(directory) is not an index: \(detail)"
        case .newerFormat(let directory, let file, let major):
            return "index \(directory) needs a newer arabic-search: \(file) has format version \(major), this program reads version \(StoreFormat.major)"
        case .olderFormat(let directory, let file, let major):
            return "index \(directory) was written by an older arabic-search: \(file) has format version \(major), this program reads version \(StoreFormat.major); build the index again"
        case .locked(let directory):
            return "index \(directory) is locked by another writer (\(StoreFormat.lockName)); try again when it has finished"
        case .io(let directory, let file, let detail):
            return "index \(directory): \(file): \(detail)"
        case .analyzerMismatch(let directory, let index, let given):
            return "index \(directory) was built with analyzer settings \(index), not \(given)"
        case .indexing(let error):
            return "\(error)"
        case .alreadyExists(let directory):
            return "\(directory) already holds an index"
        case .uncommittedDocument(let directory, let id):
            return "index \(directory): document \"\(id)\" was added since the last commit; commit before deleting or replacing it"
        case .compressionUnavailable(let directory, let detail):
            return "index \(directory): stored documents cannot be compressed or read: \(detail)"
        case .stemmerUnavailable(let directory, let stemmer, let detail):
            return "index \(directory) was built with the \(stemmer) stemmer, which cannot run here: \(detail)"
        }
    }
}

extension IndexStoreError {
    /// Whether this reports a file the manifest names as missing from the directory.
    var isMissingFile: Bool {
        if case .corrupt(_, _, let detail) = self { return detail == MappedFile.missingDetail }
        return false
    }
}

/// The description of the current `errno`.
func errnoDescription() -> String {
    String(cString: strerror(errno))
}
