import Foundation

extension IndexStoreError: CustomStringConvertible {
    /// The error in one line, naming the directory and the file at fault.
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
