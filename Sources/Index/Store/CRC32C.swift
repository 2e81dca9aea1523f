import CStore

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum at the end of every
/// index file and of every unit a search reads.
///
/// ```swift
/// CRC32C.checksum(Array("123456789".utf8))   // 0xE3069283
/// ```
enum CRC32C {
    /// Eight 256-entry tables for slicing-by-8, one after the other: entry `k * 256 + b` is the
    /// CRC of byte `b` followed by `k` zero bytes.
    static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for byte in 0..<256 {
            var crc = table[byte]
            for k in 1..<8 {
                crc = table[Int(crc & 0xFF)] ^ (crc >> 8)
                table[k * 256 + byte] = crc
            }
        }
        return table
    }()

    /// The CRC-32C of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// The CRC-32C of `bytes`, continuing from `crc` (the checksum of the bytes before them).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        if hardware { return cstore_crc32c_update(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count) }
        return tableChecksum(bytes, continuing: crc)
    }

    /// Whether the processor computes the checksum (SSE 4.2's `crc32`), or ``table`` does.
    static let hardware = cstore_crc32c_hardware() != 0

    /// ``checksum(_:continuing:)`` computed with ``table`` (slicing by 8), whatever the processor.
    static func tableChecksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return table.withUnsafeBufferPointer { table in
            do {
                var value = ~crc
                var index = 0
                let count = bytes.count
                while index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian
                    let low = UInt32(truncatingIfNeeded: word) ^ value
                    let high = UInt32(truncatingIfNeeded: word >> 32)
                    value = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                        ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                        ^ table[1 * 256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                    index += 8
                }
                while index < count {
                    let byte = base.load(fromByteOffset: index, as: UInt8.self)
                    value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
                    index += 1
                }
                return ~value
            }
        }
    }
}
