/// A read-only set of short byte strings, looked up without allocating.
///
/// Used for the stop list and the attached-prefix list, which the analyzer consults for every word.
struct ByteStringSet: Sendable {
    private var storage: [UInt8] = []
    /// Open-addressing slots: (offset << 8 | length) + 1, 0 for empty.
    private var slots: [Int]
    private let mask: Int

    init<S: Sequence>(_ members: S) where S.Element == [UInt8] {
        let unique = Array(Set(members))
        var capacity = 16
        while capacity < unique.count * 3 { capacity <<= 1 }
        slots = [Int](repeating: 0, count: capacity)
        mask = capacity - 1
        for member in unique where member.count < 256 {
            let offset = storage.count
            storage.append(contentsOf: member)
            var slot = Self.hash(member.withUnsafeBufferPointer { $0 }) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (offset << 8 | member.count) + 1
        }
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Whether `bytes` is a member.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count < 256 else { return false }
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
