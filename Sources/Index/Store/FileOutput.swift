import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Little-endian encoding into a byte array.
struct ByteBuffer {
    var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Unsigned LEB128.
    mutating func vbyte(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func vbyte(_ value: Int) { vbyte(UInt64(max(0, value))) }

    mutating func append(_ other: [UInt8]) { bytes += other }

    mutating func append<C: Collection>(contentsOf other: C) where C.Element == UInt8 { bytes.append(contentsOf: other) }

    /// `values`, `bits` bits each, least significant bit first, padded to a byte.
    mutating func pack(_ values: ArraySlice<UInt32>, bits: Int) {
        guard bits > 0 else { return }
        var buffer: UInt64 = 0
        var used = 0
        for value in values {
            buffer |= UInt64(value) << UInt64(used)
            used += bits
            while used >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                used -= 8
            }
        }
        if used > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
    }

    /// The bits needed for the largest of `values`.
    static func bitWidth(_ values: ArraySlice<UInt32>) -> Int {
        let largest = values.max() ?? 0
        return largest == 0 ? 0 : 32 - largest.leadingZeroBitCount
    }
}

/// A new file written front to back through a buffer, with a running CRC-32C; ``finish()``
/// appends the checksum, syncs the file to disk and closes it.
final class FileOutput {
    let path: String
    let name: String
    let directory: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var crc: UInt32 = 0
    /// The number of bytes written so far (buffered included).
    private(set) var position = 0

    init(directory: String, name: String) throws(IndexStoreError) {
        self.directory = directory
        self.name = name
        path = (directory as NSString).appendingPathComponent(name)
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .io(directory: directory, file: name, detail: "cannot create: \(errnoDescription())")
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func write(_ bytes: [UInt8]) throws(IndexStoreError) {
        buffer += bytes
        position += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ bytes: ByteBuffer) throws(IndexStoreError) { try write(bytes.bytes) }

    private func flush() throws(IndexStoreError) {
        guard !buffer.isEmpty else { return }
        crc = buffer.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return writeDescriptor(descriptor, base + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(directory: directory, file: name, detail: "cannot write: \(errnoDescription())")
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the checksum footer, syncs and closes. Returns the file's size.
    @discardableResult
    func finish() throws(IndexStoreError) -> Int {
        try flush()
        var footer = ByteBuffer()
        footer.u32(crc)
        buffer = footer.bytes
        position += 4
        let savedCRC = crc
        try flush()
        crc = savedCRC
        guard fsync(descriptor) == 0 else {
            throw .io(directory: directory, file: name, detail: "cannot sync: \(errnoDescription())")
        }
        close(descriptor)
        descriptor = -1
        return position
    }
}

/// Syncs a directory, so that the files created, renamed or removed in it are durable.
func syncDirectory(_ directory: String) throws(IndexStoreError) {
    let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .io(directory: directory, file: ".", detail: errnoDescription()) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else {
        throw .io(directory: directory, file: ".", detail: "cannot sync: \(errnoDescription())")
    }
}
