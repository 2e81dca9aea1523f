import Foundation

/// What an index directory holds, from its manifest: for `index stats`.
public struct IndexStatistics: Sendable {
    /// One segment's summary.
    public struct Segment: Sendable {
        /// The segment's name: the stem of its file names.
        public let name: String
        /// Documents not deleted.
        public let documents: Int
        /// Documents deleted (still stored until the segment is merged).
        public let deleted: Int
        /// Distinct terms in the segment's dictionary.
        public let terms: Int
    }

    /// One file and its size.
    public struct File: Sendable {
        /// The file name within the index directory.
        public let name: String
        /// The size in bytes.
        public let bytes: Int
    }

    /// Documents in the index (deleted ones not counted).
    public let documentCount: Int
    /// The live segments, in document order.
    public let segments: [Segment]
    /// The manifest and every segment file, in manifest order.
    public let files: [File]
    /// The fingerprint of the analyzer settings the index was built with.
    public let analyzerFingerprint: String
    /// The analyzer options as JSON, when the index was built with an `ArabicTokenizer/ArabicAnalyzer`.
    public let analyzerOptionsJSON: String?
    private let statistics: [FieldStatistics]

    /// The statistics of the index in `directory`.
    ///
    /// - Throws: ``IndexStoreError`` when there is no readable manifest, or a segment file is
    ///   missing, of the wrong kind, version or segment, or not the size the manifest says
    ///   (the checks of opening the index; `index check` verifies everything).
    public init(directory: String) throws(IndexStoreError) {
        let manifest = try Manifest.read(directory: directory)
        for segment in manifest.segments {
            for kind in StoreFormat.Kind.segmentKinds { _ = try SegmentReader.openFile(kind, of: segment, in: directory) }
        }
        documentCount = manifest.liveDocumentCount
        segments = manifest.segments.map {
            Segment(name: $0.name, documents: $0.liveDocuments, deleted: $0.deleted?.count ?? 0, terms: $0.terms)
        }
        var files: [File] = []
        let manifestPath = (directory as NSString).appendingPathComponent(StoreFormat.manifestName)
        let manifestSize = (try? FileManager.default.attributesOfItem(atPath: manifestPath)[.size] as? Int) ?? 0
        files.append(File(name: StoreFormat.manifestName, bytes: manifestSize))
        for segment in manifest.segments {
            for kind in StoreFormat.Kind.segmentKinds {
                files.append(File(name: StoreFormat.fileName(segment: segment.name, kind: kind),
                                  bytes: segment.files[kind.fileExtension] ?? 0))
            }
        }
        self.files = files
        analyzerFingerprint = manifest.analyzer.fingerprint
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        analyzerOptionsJSON = manifest.analyzer.options.flatMap { options in
            (try? encoder.encode(options)).map { String(decoding: $0, as: UTF8.self) }
        }
        statistics = DocumentField.allCases.map { manifest.statistics(of: $0) }
    }

    /// The average length in tokens of `field` over the documents that have it.
    public func averageLength(_ field: DocumentField) -> Double {
        statistics[field.index].averageLength
    }
}
