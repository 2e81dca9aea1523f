import Foundation

/// Verifies an index directory completely: every file's checksum and every structural
/// invariant (sorted terms, postings that decode to increasing document numbers within
/// range, positions that match frequencies, lengths that add up to the manifest's statistics,
/// records that decode, unique identifiers).
///
/// ```swift
/// let problems = IndexChecker.check(directory: "idx")
/// for problem in problems { print(problem) }   // "index idx is corrupt: s00000001.pos: …"
/// ```
public enum IndexChecker {
    /// The problems found, one per damaged file or structure; empty when the index is sound.
    ///
    /// A check that races with `index merge` (which deletes the previous commit's segment
    /// files) starts again from the newer manifest, so only the files of the newest commit it
    /// saw are reported missing.
    public static func check(directory: String) -> [IndexStoreError] {
        var attempt = 0
        while true {
            let manifest: Manifest
            do { manifest = try Manifest.read(directory: directory) } catch { return [error] }
            let problems = check(directory: directory, manifest: manifest)
            attempt += 1
            guard problems.contains(where: \.isMissingFile), attempt < DiskIndex.reopenAttempts,
                  let newer = try? Manifest.read(directory: directory), newer.generation != manifest.generation
            else { return problems }
        }
    }

    private static func check(directory: String, manifest: Manifest) -> [IndexStoreError] {
        var problems: [IndexStoreError] = []
        var identifiers = Set<String>()
        var base = 0
        for record in manifest.segments {
            defer { base += record.documents }
            // Whole-file checksums first, file by file.
            var sound = true
            for kind in StoreFormat.Kind.segmentKinds {
                do throws(IndexStoreError) {
                    try SegmentReader.openFile(kind, of: record, in: directory).verifyFooter()
                } catch {
                    problems.append(error)
                    sound = false
                }
            }
            guard sound else { continue }
            do {
                let segment = try SegmentReader(directory: directory, record: record, base: UInt32(base))
                try checkStructure(segment, identifiers: &identifiers)
            } catch {
                problems.append(error)
            }
        }
        return problems
    }

    private static func checkStructure(_ segment: SegmentReader, identifiers: inout Set<String>) throws(IndexStoreError) {
        let documents = segment.documentCount
        // Lengths of the live documents against the manifest's statistics.
        var rawTotals: [Int] = []
        for field in DocumentField.allCases {
            var total = FieldStatistics(nonEmptyDocumentCount: 0, totalLength: 0)
            var raw = 0
            for document in 0..<documents {
                let length = try segment.lengths.length(of: document, in: field)
                raw += length
                if let mask = segment.deletedMask, mask[document] { continue }
                total.totalLength += length
                if length > 0 { total.nonEmptyDocumentCount += 1 }
            }
            rawTotals.append(raw)
            guard total == segment.record.fields[field.index] else {
                throw segment.lengths.file.corrupt("the \(field) lengths do not add up to the manifest's statistics")
            }
        }
        // Every term's postings and positions.
        var positionTotals = [Int](repeating: 0, count: DocumentField.allCases.count)
        var termCount = 0
        try segment.dictionary.forEachTerm { (term: [UInt8], entry: SegmentTermEntry) throws(IndexStoreError) in
            termCount += 1
            guard String(validating: term, as: UTF8.self) != nil else {
                throw segment.dictionary.file.corrupt("a term is not valid UTF-8")
            }
            for field in DocumentField.allCases where entry.frequencies[field.index] > 0 {
                var list = DecodedPostings()
                try segment.postings.decodePostings(at: entry.postingsOffsets[field.index], frequency: entry.frequencies[field.index],
                                           field: field, into: &list, includeDeleted: true)
                var blockStart = 0
                for block in 0..<list.blockCount {
                    let blockEnd = list.blocks[block].end
                    for index in blockStart..<blockEnd {
                        let local = Int(list.documents[index] - segment.base)
                        guard list.frequencies[index] <= list.blocks[block].maximumFrequency,
                              UInt32(try segment.lengths.length(of: local, in: field)) >= list.blocks[block].minimumLength
                        else {
                            throw segment.postings.postings.corrupt("postings block \(block) of term \(String(decoding: term, as: UTF8.self)) understates its maximum frequency or minimum length")
                        }
                    }
                    blockStart = blockEnd
                }
                for (number, chunk) in list.chunks.enumerated() {
                    let end = number + 1 < list.chunks.count ? list.chunks[number + 1].firstPosting : list.count
                    try segment.positions.checkPositions(chunk, postings: chunk.firstPosting..<end, frequencies: list.frequencies)
                }
                for index in 0..<list.count {
                    let local = Int(list.documents[index] - segment.base)
                    let frequency = Int(list.frequencies[index])
                    guard frequency <= (try segment.lengths.length(of: local, in: field)) else {
                        throw segment.postings.postings.corrupt("a frequency exceeds the length of document \(local)")
                    }
                    positionTotals[field.index] += frequency
                }
            }
        }
        guard termCount == segment.dictionary.termCount else { throw segment.dictionary.file.corrupt("holds \(termCount) terms, not \(segment.dictionary.termCount)") }
        for field in DocumentField.allCases where positionTotals[field.index] != rawTotals[field.index] {
            throw segment.postings.postings.corrupt("the \(field) postings hold \(positionTotals[field.index]) positions, the lengths \(rawTotals[field.index])")
        }
        // Stored documents: blocks and identifier groups laid end to end, every block in order
        // covering every document once, every identifier valid and unique.
        try segment.stored.checkStoredLayout()
        try segment.stored.forEachDocument { (document: Int, stored: Document) throws(IndexStoreError) in
            if let mask = segment.deletedMask, mask[document] { return }
            guard !stored.id.isEmpty, identifiers.insert(stored.id).inserted else {
                throw segment.stored.file.corrupt("document \(document) has an empty or repeated identifier")
            }
        }
    }
}
