import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory; unmapped when the last reference goes.
final class MappedFile: @unchecked Sendable {
    // The mapping is never written and lives as long as this object: safe to share.
    let base: UnsafeRawPointer
    let count: Int
    /// The file's name and the index directory it is in, for error messages.
    let name: String
    let directory: String
    /// The detail of the error for a file that does not exist.
    static let missingDetail = "missing"

    /// Maps `path`. Throws ``IndexStoreError/corrupt(directory:file:detail:)`` for a missing or
    /// empty file (the manifest names it, so it must exist) or one that is not a regular file,
    /// and ``IndexStoreError/io`` otherwise.
    init(path: String, directory: String, file: String) throws(IndexStoreError) {
        // Opened without blocking, so that a FIFO put in a file's place is refused at once
        // instead of waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .corrupt(directory: directory, file: file, detail: Self.missingDetail) }
            throw .io(directory: directory, file: file, detail: errnoDescription())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .io(directory: directory, file: file, detail: errnoDescription())
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .corrupt(directory: directory, file: file, detail: "not a regular file (a FIFO, device or socket)")
        }
        let size = Int(status.st_size)
        guard size > 0 else { throw .corrupt(directory: directory, file: file, detail: "empty file") }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else {
            let reason = errno == ENODEV ? "its file system cannot map files (copy the index to a local disk)" : errnoDescription()
            throw .io(directory: directory, file: file, detail: "cannot map: \(reason)")
        }
        base = UnsafeRawPointer(mapping)
        count = size
        name = file
        self.directory = directory
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), count)
    }
}

/// Bounds-checked little-endian reads from a mapped file: every offset and length read from
/// disk passes through here, so corrupt data throws instead of reading out of bounds.
struct ByteView: @unchecked Sendable {
    /// The mapped file (one reference: a view, or a cursor over it, is cheap to copy).
    let file: MappedFile
    var name: String { file.name }
    var directory: String { file.directory }

    var count: Int { file.count }

    func corrupt(_ detail: String) -> IndexStoreError {
        .corrupt(directory: directory, file: name, detail: detail)
    }

    /// Throws unless `offset..<offset + length` lies inside the file.
    @inline(__always)
    func check(_ offset: Int, _ length: Int, _ what: @autoclosure () -> String) throws(IndexStoreError) {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw corrupt("\(what()) at offset \(offset) (length \(length)) lies outside the file of \(count) bytes")
        }
    }

    func u8(_ offset: Int) throws(IndexStoreError) -> UInt8 {
        try check(offset, 1, "a byte")
        return file.base.load(fromByteOffset: offset, as: UInt8.self)
    }

    func u16(_ offset: Int) throws(IndexStoreError) -> UInt16 {
        try check(offset, 2, "a 16-bit integer")
        return UInt16(littleEndian: file.base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func u32(_ offset: Int) throws(IndexStoreError) -> UInt32 {
        try check(offset, 4, "a 32-bit integer")
        return UInt32(littleEndian: file.base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func u64(_ offset: Int) throws(IndexStoreError) -> UInt64 {
        try check(offset, 8, "a 64-bit integer")
        return UInt64(littleEndian: file.base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A 64-bit integer that must be a valid offset or count (at most the file size).
    func offset(_ at: Int, _ what: String) throws(IndexStoreError) -> Int {
        let value = try u64(at)
        guard value <= UInt64(count) else { throw corrupt("\(what) \(value) exceeds the file size \(count)") }
        return Int(value)
    }

    /// The bytes `offset..<offset + length`.
    func bytes(_ offset: Int, _ length: Int) throws(IndexStoreError) -> UnsafeRawBufferPointer {
        try check(offset, length, "a byte range")
        return UnsafeRawBufferPointer(start: file.base + offset, count: length)
    }

    /// The CRC-32C of `offset..<offset + length`.
    func checksum(_ offset: Int, _ length: Int) throws(IndexStoreError) -> UInt32 {
        CRC32C.checksum(try bytes(offset, length))
    }

    /// Throws unless the CRC-32C of `offset..<offset + length` is `expected`.
    func verify(_ offset: Int, _ length: Int, expected: UInt32, _ what: @autoclosure () -> String) throws(IndexStoreError) {
        let actual = try checksum(offset, length)
        guard actual == expected else {
            throw corrupt("checksum mismatch in \(what()) (offset \(offset), \(length) bytes)")
        }
    }

    /// Checks the common header for `kind` and the segment `identity`; returns nothing, throws on
    /// a wrong magic, kind, major version or identity (a file of another segment).
    func checkHeader(_ kind: StoreFormat.Kind, identity: SegmentIdentity) throws(IndexStoreError) {
        guard count >= StoreFormat.headerSize + StoreFormat.footerSize else {
            throw corrupt("too short (\(count) bytes) to be an index file")
        }
        let head = try bytes(0, 8)
        guard Array(head[0..<4]) == StoreFormat.magic else { throw corrupt("not an index file (bad magic number)") }
        let major = try u16(8)
        // From version 7 on, the header's checksum covers 28 bytes and sits at 28; versions 1 to
        // 6 had it over 12 bytes at 12. The version is believed only under a valid checksum.
        let identityEnd = 12 + StoreFormat.identitySize
        let current = CRC32C.checksum(try bytes(0, identityEnd)) == (try u32(identityEnd))
        if !current, major < 7, CRC32C.checksum(try bytes(0, 12)) == (try u32(12)) {
            throw .olderFormat(directory: directory, file: name, major: Int(major))
        }
        try verify(0, identityEnd, expected: try u32(identityEnd), "the header")
        guard major <= StoreFormat.major else {
            throw .newerFormat(directory: directory, file: name, major: Int(major))
        }
        guard major == StoreFormat.major else {
            throw .olderFormat(directory: directory, file: name, major: Int(major))
        }
        guard Array(head[4..<8]) == Array(kind.rawValue.utf8) else {
            throw corrupt("not a \(kind.rawValue) file (kind \(String(decoding: head[4..<8], as: UTF8.self)))")
        }
        guard try bytes(12, StoreFormat.identitySize).elementsEqual(identity.bytes) else {
            throw corrupt(identity == .none ? "not this index's manifest (it names a segment)"
                : "a file of another segment (its identity is not the manifest's \(identity.hex))")
        }
    }

    /// Verifies the CRC-32C footer over the whole file.
    func verifyFooter() throws(IndexStoreError) {
        let stored = try u32(count - StoreFormat.footerSize)
        try verify(0, count - StoreFormat.footerSize, expected: stored, "the whole file")
    }
}

/// A forward reader of variable-length and fixed integers within `offset..<end` of a view.
struct ByteCursor {
    let view: ByteView
    var offset: Int
    let end: Int

    init(_ view: ByteView, from offset: Int, to end: Int) {
        self.view = view
        self.offset = offset
        self.end = end
    }

    var atEnd: Bool { offset >= end }

    /// An unsigned LEB128 integer of at most 64 bits.
    mutating func vbyte() throws(IndexStoreError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw view.corrupt("a variable-length integer runs past its record at \(offset)") }
            let byte = try view.u8(offset)
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else {
                throw view.corrupt("a variable-length integer overflows at \(offset - 1)")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A variable-length integer that must be at most `limit`.
    mutating func int(max limit: Int, _ what: String) throws(IndexStoreError) -> Int {
        let value = try vbyte()
        guard value <= UInt64(limit) else { throw view.corrupt("\(what) \(value) exceeds \(limit)") }
        return Int(value)
    }

    /// One byte.
    mutating func byte() throws(IndexStoreError) -> UInt8 {
        guard offset < end else { throw view.corrupt("a record ends early at \(offset)") }
        let value = try view.u8(offset)
        offset += 1
        return value
    }

    /// `length` raw bytes.
    mutating func bytes(_ length: Int) throws(IndexStoreError) -> UnsafeRawBufferPointer {
        guard length >= 0, length <= end - offset else { throw view.corrupt("a string runs past its record at \(offset)") }
        let result = try view.bytes(offset, length)
        offset += length
        return result
    }
}

/// Unsigned LEB128 integers read in place.
enum LEB128 {
    /// The unsigned LEB128 value at `at` in `raw` (moving `at` past it), or `nil` when it runs
    /// past the end or over 56 bits.
    @inline(__always)
    static func read(_ raw: UnsafeRawBufferPointer, _ at: inout Int) -> Int? {
        var result = 0
        var shift = 0
        while at < raw.count {
            let byte = raw[at]
            at += 1
            result |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 56 { return nil }
        }
        return nil
    }
}
