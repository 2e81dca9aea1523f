import ArabicTokenizer
import Foundation

/// The manifest: the live segments of an index and what is needed to search them.
///
/// Stored as `MANIFEST`: the common header (kind `MANI`), UTF-8 JSON, the CRC-32C footer.
struct Manifest: Codable, Sendable, Equatable {
    struct AnalyzerRecord: Codable, Sendable, Equatable {
        var fingerprint: String
        /// The options of an ``ArabicAnalyzer``; `nil` for another analyzer.
        var options: AnalyzerOptions?
    }

    var generation: Int
    var analyzer: AnalyzerRecord
    var segments: [SegmentRecord]
    /// The number of the next segment to be written: names are never reused, even once every
    /// segment is gone.
    var nextSegmentNumber: Int = 1

    /// Documents numbered, deleted ones included.
    var documentCount: Int { segments.reduce(0) { $0 + $1.documents } }
    /// Documents not deleted.
    var liveDocumentCount: Int { segments.reduce(0) { $0 + $1.liveDocuments } }

    /// The BM25 statistics of `field` over all segments.
    func statistics(of field: DocumentField) -> FieldStatistics {
        var total = FieldStatistics(nonEmptyDocumentCount: 0, totalLength: 0)
        for segment in segments where field.index < segment.fields.count {
            total.nonEmptyDocumentCount += segment.fields[field.index].nonEmptyDocumentCount
            total.totalLength += segment.fields[field.index].totalLength
        }
        return total
    }

    /// The manifest file's bytes.
    func encoded() throws(IndexStoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let json: Data
        do { json = try encoder.encode(self) } catch {
            throw .io(directory: ".", file: StoreFormat.manifestName, detail: "cannot encode: \(error)")
        }
        var bytes = StoreFormat.header(.manifest, identity: .none) + [UInt8](json)
        var footer = ByteBuffer()
        footer.u32(CRC32C.checksum(bytes))
        bytes += footer.bytes
        return bytes
    }

    /// Reads the manifest of `directory`. Throws ``IndexStoreError/missingIndex(directory:detail:)``
    /// when there is none.
    static func read(directory: String) throws(IndexStoreError) -> Manifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw .missingIndex(directory: directory, detail: "no such directory")
        }
        guard isDirectory.boolValue else { throw .missingIndex(directory: directory, detail: "not a directory") }
        let path = (directory as NSString).appendingPathComponent(StoreFormat.manifestName)
        guard FileManager.default.fileExists(atPath: path) else {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            throw .missingIndex(directory: directory, detail: contents.isEmpty
                ? "the directory is empty"
                : "it has no \(StoreFormat.manifestName) file")
        }
        let file = try MappedFile(path: path, directory: directory, file: StoreFormat.manifestName)
        let view = ByteView(file: file)
        try view.checkHeader(.manifest, identity: .none)
        try view.verifyFooter()
        let json = Data(try view.bytes(StoreFormat.headerSize, view.count - StoreFormat.headerSize - StoreFormat.footerSize))
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: json) } catch {
            throw view.corrupt("unreadable JSON")
        }
        var names = Set<String>()
        var identities = Set<String>()
        for segment in manifest.segments {
            guard StoreFormat.isSegmentFileName(segment.name + ".dict"), names.insert(segment.name).inserted,
                  SegmentIdentity(hex: segment.id) != nil, identities.insert(segment.id).inserted,
                  let number = Int(segment.name.dropFirst()), number < manifest.nextSegmentNumber,
                  segment.documents >= 0, segment.terms >= 0, segment.fields.count == DocumentField.allCases.count,
                  segment.documents < Int(UInt32.max),
                  StoreFormat.Kind.segmentKinds.allSatisfy({ segment.files[$0.fileExtension] != nil }),
                  Self.isIncreasing(segment.deleted ?? [], below: segment.documents),
                  segment.fields.allSatisfy({ $0.nonEmptyDocumentCount >= 0 && $0.nonEmptyDocumentCount <= segment.documents
                      && $0.totalLength >= 0 })
            else { throw view.corrupt("invalid segment entry \"\(segment.name)\"") }
        }
        guard manifest.documentCount < Int(UInt32.max) else { throw view.corrupt("too many documents") }
        return manifest
    }

    private static func isIncreasing(_ numbers: [Int], below limit: Int) -> Bool {
        var previous = -1
        for number in numbers {
            guard number > previous, number < limit else { return false }
            previous = number
        }
        return true
    }

    /// Writes the manifest with the commit protocol: a temporary file, synced, renamed over
    /// the old manifest, and the directory synced.
    func commit(directory: String) throws(IndexStoreError) {
        let output = try FileOutput(directory: directory, name: StoreFormat.temporaryManifestName)
        let bytes = try encoded()
        try output.write(Array(bytes.dropLast(StoreFormat.footerSize)))
        try output.finish()
        let from = (directory as NSString).appendingPathComponent(StoreFormat.temporaryManifestName)
        let to = (directory as NSString).appendingPathComponent(StoreFormat.manifestName)
        guard rename(from, to) == 0 else {
            throw .io(directory: directory, file: StoreFormat.manifestName, detail: "cannot rename: \(errnoDescription())")
        }
        try syncDirectory(directory)
    }
}
