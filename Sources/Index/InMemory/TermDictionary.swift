import Foundation

/// The sorted set of every term in an index, mapping each term to its term id (its rank).
///
/// Terms are stored back to back as UTF-8 in one byte array, sorted by their bytes, with the
/// offset of each: a layout that can be written to disk and memory-mapped as it is. Sorting by
/// bytes (which is code point order) makes the terms that share a prefix one contiguous run of
/// ids, which is how a prefix query expands.
struct TermDictionary: Sendable {
    /// The UTF-8 bytes of all terms, in term id order.
    let bytes: [UInt8]
    /// `count + 1` offsets: term `id` is `bytes[offsets[id]..<offsets[id + 1]]`.
    let offsets: [Int]

    /// A dictionary of `sortedTerms`, which must be sorted by their UTF-8 bytes and distinct.
    init(sortedTerms: [String]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(sortedTerms.count + 1)
        for term in sortedTerms {
            bytes.append(contentsOf: term.utf8)
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
    }

    /// The number of terms.
    var count: Int { offsets.count - 1 }

    /// The term with id `id`.
    func term(_ id: Int) -> String {
        String(decoding: bytes[offsets[id]..<offsets[id + 1]], as: UTF8.self)
    }

    /// The id of `term`, or `nil` when the index does not contain it.
    func id(of term: String) -> Int? {
        let key = Array(term.utf8)
        let index = lowerBound(key)
        guard index < count, compare(index, key) == 0 else { return nil }
        return index
    }

    /// The ids of the terms that begin with `prefix`, in order.
    func ids(withPrefix prefix: String) -> Range<Int> {
        let key = Array(prefix.utf8)
        let start = lowerBound(key)
        // Terms with the prefix are contiguous from `start`: find the first that lacks it.
        var low = start
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if hasPrefix(middle, key) { low = middle + 1 } else { high = middle }
        }
        return start..<low
    }

    /// The first id whose term is not less than `key`.
    private func lowerBound(_ key: [UInt8]) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if compare(middle, key) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The byte order of term `id` against `key`: negative, zero or positive.
    private func compare(_ id: Int, _ key: [UInt8]) -> Int {
        let start = offsets[id]
        let length = offsets[id + 1] - start
        let shared = min(length, key.count)
        var index = 0
        while index < shared {
            let a = bytes[start + index]
            let b = key[index]
            if a != b { return a < b ? -1 : 1 }
            index += 1
        }
        return length - key.count
    }

    private func hasPrefix(_ id: Int, _ key: [UInt8]) -> Bool {
        let start = offsets[id]
        guard offsets[id + 1] - start >= key.count else { return false }
        var index = 0
        while index < key.count {
            if bytes[start + index] != key[index] { return false }
            index += 1
        }
        return true
    }
}

extension String {
    /// Whether this string sorts before `other` in UTF-8 byte order (the order of a term
    /// dictionary): `utf8.lexicographicallyPrecedes(other.utf8)`, compared a block of bytes at
    /// a time when both are stored contiguously.
    func precedesInByteOrder(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = Swift.min(left.count, right.count)
                if common > 0, let a = left.baseAddress, let b = right.baseAddress {
                    let order = memcmp(a, b, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}
