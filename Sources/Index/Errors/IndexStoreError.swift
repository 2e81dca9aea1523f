/// Why an index directory could not be opened, read, written or checked.
///
/// Every case names the directory, and the file when one is at fault; the description is one
/// line, e.g. `index idx is corrupt: s00000001.post: checksum mismatch in postings of a term`.
public enum IndexStoreError: Error, Sendable, Equatable {
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
}
