/// A read-only set of short byte strings, looked up without allocating.
///
/// Used for the stop list and the attached-prefix list, which the analyzer consults for every word.
/// Immutable after `init` and so safe to share; it owns plain buffers to keep reference counting
/// out of the lookup.
final class ByteStringSet: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// Open-addressing slots: (offset << 8 | length) + 1, 0 for empty.
    private let slots: UnsafeMutableBufferPointer<Int>
    private let mask: Int
    /// A 65,536-bit filter over a cheap key of length, first and last bytes: most words that are
    /// not members are turned away here without hashing them.
    private let filter: UnsafeMutablePointer<UInt64>

    init<S: Sequence>(_ members: S) where S.Element == [UInt8] {
        let unique = Array(Set(members))
        var capacity = 16
        while capacity < unique.count * 3 { capacity <<= 1 }
        var table = [Int](repeating: 0, count: capacity)
        var bytes: [UInt8] = []
        let mask = capacity - 1
        for member in unique where member.count < 256 {
            let offset = bytes.count
            bytes.append(contentsOf: member)
            var slot = member.withUnsafeBufferPointer { Self.hash($0) } & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = (offset << 8 | member.count) + 1
        }
        self.mask = mask
        filter = .allocate(capacity: 1024)
        filter.initialize(repeating: 0, count: 1024)
        for member in unique where member.count < 256 {
            let key = member.withUnsafeBufferPointer { Self.filterKey($0) }
            filter[key >> 6] |= 1 &<< UInt64(key & 63)
        }
        slots = .allocate(capacity: capacity)
        _ = slots.initialize(from: table)
        storage = .allocate(capacity: max(1, bytes.count))
        _ = storage.initialize(from: bytes)
    }

    deinit {
        filter.deallocate()
        slots.deallocate()
        storage.deallocate()
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Mix eight bytes at a time: the members are short words.
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i < bytes.count {
            var word: UInt64 = 0
            let n = min(8, bytes.count - i)
            for k in 0..<n { word |= UInt64(bytes[i + k]) &<< UInt64(8 &* k) }
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    private static func filterKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let first = bytes.first, let last = bytes.last else { return 0 }
        let second = bytes.count > 1 ? bytes[1] : 0
        let key = UInt32(bytes.count) | UInt32(first) &<< 8 | UInt32(second) &<< 16 | UInt32(last) &<< 24
        return Int((key &* 0x9E37_79B1) &>> 16)
    }

    /// Whether `bytes` is a member.
    @inline(__always)
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count < 256 else { return false }
        let key = Self.filterKey(bytes)
        if filter[key >> 6] & (1 &<< UInt64(key & 63)) == 0 { return false }
        var slot = Self.hash(bytes) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return false }
            let offset = (entry - 1) >> 8
            let length = (entry - 1) & 0xFF
            if length == bytes.count {
                var equal = true
                for i in 0..<length where storage[offset + i] != bytes[i] {
                    equal = false
                    break
                }
                if equal { return true }
            }
            slot = (slot + 1) & mask
        }
    }
}
