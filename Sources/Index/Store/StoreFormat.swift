/// Constants of the on-disk format (see docs/FORMAT.md).
enum StoreFormat {
    /// The major format version this program writes and reads; a file with a larger one is
    /// refused.
    static let major: UInt16 = 7
    /// The minor version: additions that older readers of the same major version may ignore.
    static let minor: UInt16 = 0
    /// "ARIX", the first four bytes of every file.
    static let magic: [UInt8] = Array("ARIX".utf8)
    /// The size of the common header: magic, kind, major, minor, the segment's identity, and
    /// the CRC-32C of those 28 bytes.
    static let headerSize = 32
    /// The size of a segment's identity in the header (zero in the manifest's).
    static let identitySize = 16
    /// Where a lengths file's lengths start: after the header and its count of documents (8
    /// bytes), of fields (4) and a zero (4).
    static let lengthsOffset = headerSize + 16
    /// The size of the CRC-32C footer.
    static let footerSize = 4

    static let manifestName = "MANIFEST"
    static let temporaryManifestName = "MANIFEST.tmp"
    static let lockName = "LOCK"

    /// Terms per dictionary block.
    static let termsPerBlock = 16
    /// The encoded size (``StoredTextCodec``) past which a block of stored documents is closed
    /// and compressed.
    static let storedBlockSize = 16 << 10
    /// The zstd level of stored-document blocks (docs/PERFORMANCE.md, "Stored documents with
    /// zstd (format 5)").
    static let storedCompressionLevel: Int32 = 3
    /// The largest dictionary of a segment's stored blocks.
    static let storedDictionarySize = 112 << 10
    /// How many documents the dictionary samples, and how many encoded bytes of each.
    static let storedDictionaryPieces = 224
    static let storedDictionaryPieceSize = 512
    /// The size of one entry of the stored documents' block index.
    static let storedIndexEntrySize = 16
    /// The size of a stored-document block's header.
    static let storedBlockHeaderSize = 16
    /// The size of the stored documents' trailer.
    static let storedTrailerSize = 48
    /// Documents per group of identifiers in the stored documents' file.
    static let identifiersPerGroup = 64
    /// The size of one entry of the identifier groups' index.
    static let identifierIndexEntrySize = 8
    /// The size of one skip entry.
    static let skipEntrySize = 22
    /// The bytes before a postings region's skip entries: length, CRC, first positions offset.
    static let postingsRegionHeaderSize = 16

    /// The kinds of file, each with its four-byte tag and the extension of segment files.
    enum Kind: String, CaseIterable, Sendable {
        case manifest = "MANI"
        case dictionary = "DICT"
        case postings = "POST"
        case positions = "POSN"
        case lengths = "LENS"
        case stored = "DOCS"

        /// The segment file extension (the manifest has none).
        var fileExtension: String {
            switch self {
            case .manifest: return ""
            case .dictionary: return "dict"
            case .postings: return "post"
            case .positions: return "pos"
            case .lengths: return "len"
            case .stored: return "docs"
            }
        }

        static let segmentKinds: [Kind] = [.dictionary, .postings, .positions, .lengths, .stored]
    }

    /// The common header of a file of kind `kind` of the segment `identity` (the manifest's:
    /// ``SegmentIdentity/none``).
    static func header(_ kind: Kind, identity: SegmentIdentity) -> [UInt8] {
        var bytes = magic
        bytes += Array(kind.rawValue.utf8)
        bytes += [UInt8(truncatingIfNeeded: major), UInt8(truncatingIfNeeded: major >> 8)]
        bytes += [UInt8(truncatingIfNeeded: minor), UInt8(truncatingIfNeeded: minor >> 8)]
        bytes += identity.bytes
        let crc = CRC32C.checksum(bytes)
        bytes += [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8),
                  UInt8(truncatingIfNeeded: crc >> 16), UInt8(truncatingIfNeeded: crc >> 24)]
        return bytes
    }

    /// The file name of a segment's file of kind `kind`.
    static func fileName(segment: String, kind: Kind) -> String {
        kind == .manifest ? manifestName : "\(segment).\(kind.fileExtension)"
    }

    /// Whether `name` looks like a segment file this program writes (`s` + 8 digits + extension).
    static func isSegmentFileName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 9, parts[0].first == "s",
              parts[0].dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return Kind.segmentKinds.contains { $0.fileExtension == parts[1] }
    }
}

/// A segment's identity: 16 random bytes chosen when it is written, in the header of each of its
/// files and in the manifest, so that a file of another segment (copied or swapped in, even with a
/// valid checksum) is refused on open.
struct SegmentIdentity: Sendable, Hashable {
    /// The 16 bytes.
    let bytes: [UInt8]

    /// The manifest's: no segment.
    static let none = SegmentIdentity(bytes: [UInt8](repeating: 0, count: StoreFormat.identitySize))

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// A new random identity.
    static func random() -> SegmentIdentity {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(StoreFormat.identitySize)
        for _ in 0..<(StoreFormat.identitySize / 8) {
            let value = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        return SegmentIdentity(bytes: bytes)
    }

    /// The identity written as `hex` (32 lowercase hexadecimal digits), or `nil`.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * StoreFormat.identitySize else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(StoreFormat.identitySize)
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[pair]), let low = value(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// 32 lowercase hexadecimal digits.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
