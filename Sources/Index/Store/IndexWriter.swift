import ArabicTokenizer
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adds documents to an index directory with bounded memory, and commits them atomically.
///
/// Documents are analyzed into an in-memory buffer; whenever the buffer's estimated size
/// passes ``memoryLimit`` it is written out as a new immutable segment. ``commit()`` writes
/// the last segment and then a new manifest naming all live segments; readers see either the
/// old manifest or the new one, never a part. A crash before the commit leaves segment files
/// that no manifest names: the next writer removes them.
///
/// One writer at a time: the writer holds an exclusive lock on the directory's `LOCK` file
/// until it is deallocated or ``close()`` is called. Readers take no lock.
///
/// ```swift
/// let writer = try IndexWriter(directory: "idx")
/// try writer.add(Document(id: "d1", text: "تحالفت شركة Meta مع شركة IBM"))
/// try writer.commit()
/// ```
public final class IndexWriter {
    /// The directory, as given.
    public let directory: String
    /// The analyzer documents are indexed with.
    public let analyzer: any Analyzer
    /// The estimated buffer size, in bytes, beyond which a segment is written.
    public var memoryLimit: Int
    /// Which committed segments ``commit()`` merges after committing: by default
    /// ``MergePolicy/logarithmic``, so that many small additions leave few segments.
    public var mergePolicy: MergePolicy = .logarithmic

    private var lockDescriptor: Int32
    private var manifest: Manifest
    /// Segments written since the last commit; the stored documents of the last ones may still
    /// be being written on other threads (``commit()`` and ``close()`` wait for them).
    private var pending: [PendingSegment] = []
    private var builder: IndexBuilder
    /// Where each live committed document is: segment index in the manifest, local number.
    /// Read from the index when first needed after each commit (see ``loadCommitted()``).
    private var committed: [String: (segment: Int, local: Int)] = [:]
    private var committedIsCurrent = false
    /// A batch whose analysis runs on other threads while the previous one is inverted.
    private var inFlight: (batch: [Document], analysis: BackgroundResult<[[AnalyzedField]]>)?
    /// The identifiers added since the last commit.
    private var added: Set<String> = []
    /// Deletions not yet committed: local numbers by segment index in the manifest.
    private var deletions: [Int: Set<Int>] = [:]
    private var nextSegment: Int

    /// Opens `directory` for writing, creating it (and an empty index) when needed.
    ///
    /// An existing index must have been built with the same analyzer settings. With
    /// `mustBeEmpty`, an existing index holding documents is an error.
    ///
    /// - Throws: ``IndexStoreError``: the lock is held by another writer, the directory holds
    ///   other files, a corrupt manifest, an analyzer mismatch, the system's zstd library
    ///   missing (nothing is created then).
    public init(directory: String, analyzer: any Analyzer = ArabicAnalyzer(), memoryLimit: Int = 512 << 20,
                mustBeEmpty: Bool = false) throws(IndexStoreError)
    {
        if let reason = StoredCompression.unavailableReason {
            throw .compressionUnavailable(directory: directory, detail: reason)
        }
        self.directory = directory
        self.analyzer = analyzer
        self.memoryLimit = memoryLimit
        builder = IndexBuilder(analyzer: analyzer)
        builder.keepsOffsets = false
        if let reason = Self.makeDirectory(directory) {
            throw .io(directory: directory, file: ".", detail: "cannot create the directory: \(reason)")
        }
        let lockPath = (directory as NSString).appendingPathComponent(StoreFormat.lockName)
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw .io(directory: directory, file: StoreFormat.lockName, detail: errnoDescription())
        }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let detail = errnoDescription()
            closeDescriptor(lockDescriptor)
            lockDescriptor = -1
            if busy { throw .locked(directory: directory) }
            throw .io(directory: directory, file: StoreFormat.lockName, detail: "cannot lock: \(detail)")
        }
        let record = Manifest.AnalyzerRecord(fingerprint: analyzer.fingerprint,
                                             options: analyzer.arabicOptions)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let manifestPath = (directory as NSString).appendingPathComponent(StoreFormat.manifestName)
        do throws(IndexStoreError) {
            if FileManager.default.fileExists(atPath: manifestPath) {
                manifest = try Manifest.read(directory: directory)
                guard manifest.analyzer.fingerprint == analyzer.fingerprint else {
                    throw IndexStoreError.analyzerMismatch(directory: directory, index: manifest.analyzer.fingerprint,
                                                           given: analyzer.fingerprint)
                }
                if mustBeEmpty, manifest.documentCount > 0 { throw IndexStoreError.alreadyExists(directory: directory) }
            } else {
                let foreign = names.filter {
                    $0 != StoreFormat.lockName && $0 != StoreFormat.temporaryManifestName && !StoreFormat.isSegmentFileName($0)
                }
                guard foreign.isEmpty else {
                    throw IndexStoreError.missingIndex(
                        directory: directory,
                        detail: "it holds other files (\(foreign.sorted().prefix(3).joined(separator: ", "))) and no \(StoreFormat.manifestName); refusing to write into it")
                }
                manifest = Manifest(generation: 0, analyzer: record, segments: [])
            }
        } catch {
            flock(lockDescriptor, LOCK_UN)
            closeDescriptor(lockDescriptor)
            lockDescriptor = -1
            throw error
        }
        // Remove what a crashed writer left: files no manifest names.
        let live = Set(manifest.segments.map(\.name))
        var removed = false
        for name in names where name == StoreFormat.temporaryManifestName
            || (StoreFormat.isSegmentFileName(name) && !live.contains(String(name.prefix(9))))
        {
            unlink((directory as NSString).appendingPathComponent(name))
            removed = true
        }
        if removed { try syncDirectory(directory) }
        // Manifest.read checks that every segment's number is below it.
        nextSegment = manifest.nextSegmentNumber
    }

    /// Reads the identifiers of the committed live documents, unless read since the last
    /// commit. (`index build` never needs them: its index starts empty.)
    private func loadCommitted() throws(IndexStoreError) {
        guard !committedIsCurrent else { return }
        committed = [:]
        guard !manifest.segments.isEmpty else {
            committedIsCurrent = true
            return
        }
        let index = try DiskIndex(directory: directory, analyzer: analyzer)
        committed = try index.liveIdentifiers()
        committedIsCurrent = true
    }

    deinit { close() }

    /// Releases the lock without committing what was added since the last commit.
    public func close() {
        guard lockDescriptor >= 0 else { return }
        // Segment files are written only under the lock.
        for segment in pending { _ = try? segment.stored.wait() }
        pending = []
        flock(lockDescriptor, LOCK_UN)
        closeDescriptor(lockDescriptor)
        lockDescriptor = -1
    }

    /// The number of documents in the index once committed.
    public var documentCount: Int {
        manifest.liveDocumentCount - deletions.values.reduce(0) { $0 + $1.count }
            + pending.reduce(0) { $0 + $1.partial.documents } + builder.count + (inFlight?.batch.count ?? 0)
    }

    /// The number of segments once committed (the buffer counts as one when not empty).
    public var segmentCount: Int {
        manifest.segments.count + pending.count + (builder.count > 0 || inFlight != nil ? 1 : 0)
    }

    /// Adds `documents`, analyzing several at a time, and writes a segment whenever the buffer
    /// passes ``memoryLimit``.
    ///
    /// With `replacing`, a document whose identifier is in the committed index replaces it
    /// (the old one is deleted at the next commit; the new one comes last in document order).
    ///
    /// - Throws: ``IndexStoreError/indexing(_:)`` for an empty or duplicate identifier (the
    ///   documents before it are added), or an error writing a segment.
    public func add(contentsOf documents: [Document], replacing: Bool = false) throws(IndexStoreError) {
        try add(contentsOf: documents, analyzed: nil, replacing: replacing)
    }

    /// ``add(contentsOf:replacing:)``, with the documents' fields already analyzed when
    /// `analyzed` is given (by document, then field).
    func add(contentsOf documents: [Document], analyzed: [[AnalyzedField]]?, replacing: Bool) throws(IndexStoreError) {
        try loadCommitted()
        var accepted = 0
        var rejection: IndexStoreError?
        for document in documents {
            guard !document.id.isEmpty else {
                rejection = .indexing(.emptyID)
                break
            }
            if replacing, let place = committed[document.id] {
                deletions[place.segment, default: []].insert(place.local)
                committed[document.id] = nil
            }
            guard committed[document.id] == nil, added.insert(document.id).inserted else {
                rejection = .indexing(.duplicateID(document.id))
                break
            }
            accepted += 1
        }
        var start = 0
        while start < accepted {
            let end = min(start + IndexBuilder.batchSize, accepted)
            let batch = Array(documents[start..<end])
            if let analyzed {
                try insertInFlight()
                do { try builder.insert(batch, analyzed: Array(analyzed[start..<end])) } catch { throw .indexing(error) }
                if builder.estimatedMemory >= memoryLimit { try flush() }
            } else {
                try addBatch(batch)
            }
            start = end
        }
        // Every document of the call is in the buffer when it returns.
        try insertInFlight()
        if builder.estimatedMemory >= memoryLimit { try flush() }
        if let rejection { throw rejection }
    }

    /// Adds one document (see ``add(contentsOf:replacing:)``).
    public func add(_ document: Document, replacing: Bool = false) throws(IndexStoreError) {
        try add(contentsOf: [document], replacing: replacing)
    }

    /// Deletes the committed document with identifier `id`, at the next commit. Returns false
    /// when the index has no such document.
    ///
    /// - Throws: ``IndexStoreError/uncommittedDocument(directory:id:)`` for a document added
    ///   since the last commit.
    @discardableResult
    public func delete(id: String) throws(IndexStoreError) -> Bool {
        if added.contains(id) { throw .uncommittedDocument(directory: directory, id: id) }
        try loadCommitted()
        guard let place = committed[id] else { return false }
        deletions[place.segment, default: []].insert(place.local)
        committed[id] = nil
        return true
    }

    /// Starts analyzing `batch` on other threads, and meanwhile inverts the batch before it;
    /// writes a segment when the buffer passes ``memoryLimit``.
    private func addBatch(_ batch: [Document]) throws(IndexStoreError) {
        guard !batch.isEmpty else { return }
        let analyzer = self.analyzer
        let analysis = BackgroundResult { () throws(IndexStoreError) -> [[AnalyzedField]] in
            ConcurrentAnalysis.fields(of: batch, with: analyzer)
        }
        try insertInFlight()
        inFlight = (batch, analysis)
        if builder.estimatedMemory >= memoryLimit { try flush() }
    }

    /// Inverts the batch being analyzed, if any, once its analysis is done.
    private func insertInFlight() throws(IndexStoreError) {
        guard let (batch, analysis) = inFlight else { return }
        inFlight = nil
        let analyzed = try analysis.wait()
        do { try builder.insert(batch, analyzed: analyzed) } catch { throw .indexing(error) }
    }

    /// Writes the buffer as a new segment (not yet committed).
    private func flush() throws(IndexStoreError) {
        try insertInFlight()
        guard builder.count > 0 else { return }
        let index = builder.build()
        builder = IndexBuilder(analyzer: analyzer)
        builder.keepsOffsets = false
        let name = String(format: "s%08d", nextSegment)
        nextSegment += 1
        // At most one segment's stored documents are written in the background at a time.
        for segment in pending { _ = try segment.stored.wait() }
        pending.append(try SegmentWriter.start(index, name: name, directory: directory))
    }

    /// Creates `path` and its missing parents; `nil` when it is a directory then, else why not
    /// (the system's reason, or the path of a file in the way).
    static func makeDirectory(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            return status.st_mode & S_IFMT == S_IFDIR ? nil : "\(path) is a file, not a directory"
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let reason = makeDirectory(parent) { return reason }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { return errnoDescription() }
        return nil
    }

    /// Makes everything added so far durable and visible to readers that open the index after
    /// this returns, then merges the segments ``mergePolicy`` says are due.
    ///
    /// Each merge is a commit of its own: readers see the segments before or after it, with the
    /// same documents. When a merge fails (a full disk, say), what was added is committed
    /// already, the index is left as the last commit wrote it, and the error is thrown.
    public func commit() throws(IndexStoreError) {
        try commitAdditionsAndDeletions()
        while let range = mergePolicy.nextMerge(liveDocuments: manifest.segments.map(\.liveDocuments)) {
            try mergeSegments(in: range)
        }
    }

    /// ``commit()`` without merging.
    private func commitAdditionsAndDeletions() throws(IndexStoreError) {
        try flush()
        guard !pending.isEmpty || !deletions.isEmpty || manifest.generation == 0 else { return }
        // Every segment file is complete and synced before the directory is.
        let written = try finishPending()
        try syncDirectory(directory)
        var next = manifest
        next.generation += 1
        try applyDeletions(to: &next)
        next.segments += written
        next.nextSegmentNumber = nextSegment
        try next.commit(directory: directory)
        manifest = next
        pending = []
        deletions = [:]
        added = []
        committedIsCurrent = false
    }

    /// The records of the pending segments, once their stored documents are written.
    private func finishPending() throws(IndexStoreError) -> [SegmentRecord] {
        var records: [SegmentRecord] = []
        for segment in pending { records.append(try segment.finish()) }
        return records
    }

    /// Records the pending deletions in `manifest`, taking the deleted documents out of the
    /// segments' statistics.
    private func applyDeletions(to manifest: inout Manifest) throws(IndexStoreError) {
        guard !deletions.isEmpty else { return }
        let index = try DiskIndex(directory: directory, analyzer: analyzer)
        for (position, locals) in deletions where position < manifest.segments.count {
            let reader = index.segments[position]
            var record = manifest.segments[position]
            var deleted = Set(record.deleted ?? [])
            for local in locals.sorted() where deleted.insert(local).inserted {
                for field in DocumentField.allCases {
                    let length = try reader.lengths.length(of: local, in: field)
                    record.fields[field.index].totalLength -= length
                    if length > 0 { record.fields[field.index].nonEmptyDocumentCount -= 1 }
                }
            }
            record.deleted = deleted.sorted()
            manifest.segments[position] = record
        }
    }

    /// Rewrites the committed segments as one, leaving out deleted documents, commits it, and
    /// removes the old segments' files. Commits pending documents first.
    ///
    /// The segments' postings, positions, lengths and stored records are merged as they are,
    /// without analyzing any text again; documents keep their order, so searches rank exactly
    /// as before (the new segment is the one a build of the live documents would write).
    /// Readers that opened the index before keep their snapshot (their mappings stay valid);
    /// a ``DiskIndex`` being opened while the old files are deleted opens the new manifest.
    ///
    /// Returns the number of segments before (pending ones included) and after (0 when no
    /// document is left).
    @discardableResult
    public func merge() throws(IndexStoreError) -> (before: Int, after: Int) {
        // Counted before the commit, whose merge policy may merge some of them already.
        let before = segmentCount
        try commit()
        let old = manifest.segments
        guard old.count > 1 || old.contains(where: { !($0.deleted ?? []).isEmpty }) else { return (before, old.count) }
        try mergeSegments(in: old.indices)
        return (before, manifest.segments.count)
    }

    /// Rewrites the committed segments in `range` as one (none when they hold no live
    /// document), commits the manifest naming it in their place, and removes their files.
    private func mergeSegments(in range: Range<Int>) throws(IndexStoreError) {
        let old = Array(manifest.segments[range])
        var written: [SegmentRecord] = []
        if old.contains(where: { $0.liveDocuments > 0 }) {
            let name = String(format: "s%08d", nextSegment)
            nextSegment += 1
            do {
                written.append(try SegmentMerger.merge(old, name: name, directory: directory))
            } catch {
                // The index is as it was; whatever was written of the new segment goes.
                for kind in StoreFormat.Kind.segmentKinds {
                    unlink((directory as NSString).appendingPathComponent(StoreFormat.fileName(segment: name, kind: kind)))
                }
                throw error
            }
        }
        try syncDirectory(directory)
        var next = manifest
        next.generation += 1
        next.segments.replaceSubrange(range, with: written)
        next.nextSegmentNumber = nextSegment
        try next.commit(directory: directory)
        manifest = next
        committedIsCurrent = false
        for segment in old {
            for kind in StoreFormat.Kind.segmentKinds {
                unlink((directory as NSString).appendingPathComponent(StoreFormat.fileName(segment: segment.name, kind: kind)))
            }
        }
        try syncDirectory(directory)
    }
}
