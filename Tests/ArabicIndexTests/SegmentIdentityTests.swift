import Foundation
import Testing
@testable import ArabicIndex

/// Each segment's files carry its identity, checked against the manifest on open, and segment
/// names are never reused (issue 19, item 4).
@Suite struct SegmentIdentityTests {
    let documents = (0..<6).map { Document(id: "d\($0)", text: "كتاب رقم \($0) في المكتبة \(String(repeating: "قلم ", count: $0))") }

    /// Two segments of three documents each: their length files, each with a valid checksum,
    /// swapped. Before, the index opened and ranked with the wrong lengths.
    @Test func aFileOfAnotherSegmentIsRefused() throws {
        let directory = try writeDiskIndex(documents, perSegment: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try Manifest.read(directory: directory)
        #expect(manifest.segments.map(\.name) == ["s00000001", "s00000002"])
        #expect(Set(manifest.segments.map(\.id)).count == 2)
        #expect(manifest.segments.allSatisfy { SegmentIdentity(hex: $0.id) != nil })
        let first = directory + "/s00000001.len"
        let second = directory + "/s00000002.len"
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
        let secondBytes = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(firstBytes.count == secondBytes.count)
        try secondBytes.write(to: URL(fileURLWithPath: first))
        try firstBytes.write(to: URL(fileURLWithPath: second))
        let expected = "index \(directory) is corrupt: s00000001.len: a file of another segment (its identity is not the manifest's \(manifest.segments[0].id))"
        #expect(throws: IndexStoreError.self) { try DiskIndex(directory: directory) }
        do {
            _ = try DiskIndex(directory: directory)
        } catch {
            #expect(error.description == expected)
        }
        #expect(IndexChecker.check(directory: directory).map(\.description).contains(expected))
    }

    /// Every document deleted and the index merged to no segment: the next segment gets a new
    /// name, not the first one's again.
    @Test func segmentNamesAreNeverReused() throws {
        let directory = try writeDiskIndex(documents)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try IndexWriter(directory: directory)
        for document in documents { _ = try writer.delete(id: document.id) }
        try writer.merge()
        #expect(try Manifest.read(directory: directory).segments.isEmpty)
        try writer.add(Document(id: "new", text: "كتاب"))
        try writer.commit()
        writer.close()
        let manifest = try Manifest.read(directory: directory)
        #expect(manifest.segments.map(\.name) == ["s00000002"])
        #expect(manifest.nextSegmentNumber == 3)
        #expect(!FileManager.default.fileExists(atPath: directory + "/s00000001.dict"))
        #expect(try DiskIndex(directory: directory).search("كتاب").hits.map(\.id) == ["new"])
        // And after the writer is opened again.
        let again = try IndexWriter(directory: directory)
        try again.add(Document(id: "newer", text: "قلم"))
        try again.commit()
        again.close()
        #expect(try Manifest.read(directory: directory).segments.map(\.name) == ["s00000002", "s00000003"])
    }

    @Test func identitiesRoundTripAsHex() {
        let identity = SegmentIdentity.random()
        #expect(identity.bytes.count == 16)
        #expect(SegmentIdentity(hex: identity.hex) == identity)
        #expect(identity.hex.count == 32)
        #expect(SegmentIdentity(hex: "xyz") == nil)
        #expect(SegmentIdentity(hex: String(repeating: "G", count: 32)) == nil)
        #expect(SegmentIdentity.none.hex == String(repeating: "0", count: 32))
    }
}
