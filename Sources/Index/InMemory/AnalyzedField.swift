import ArabicTokenizer

/// The terms of one field of one document, flat: what ``IndexBuilder`` inverts.
///
/// Term `i` is the UTF-8 bytes `bytes[ends[i - 1]..<ends[i]]` (from 0 for the first), at
/// position `positions[i]`, from the word at `ranges[i]` of the original text. The default
/// Arabic analyzer fills it without building a `String` per token.
struct AnalyzedField: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var positions: [Int] = []
    var ranges: [Range<Int>] = []

    /// The number of terms.
    var count: Int { ends.count }

    /// The terms of `text` as `analyzer` gives them (through its term fast path,
    /// ``Analyzer/forEachTerm(in:_:)``).
    init(_ text: String, analyzer: any Analyzer) {
        bytes.reserveCapacity(text.utf8.count)
        analyzer.forEachTerm(in: text) { term in
            bytes.append(contentsOf: term.bytes)
            ends.append(bytes.count)
            positions.append(term.position)
            ranges.append(term.utf8Range)
        }
    }

    /// Whether the positions never decrease (true of every analyzer in this package).
    var positionsAreOrdered: Bool {
        var previous = Int.min
        for position in positions {
            if position < previous { return false }
            previous = position
        }
        return true
    }
}

/// Interns terms given as UTF-8 bytes: each distinct term gets the next id, with one hash of
/// its bytes and no `String` per lookup.
struct TermTable: Sendable {
    /// Open addressing: 0 for an empty slot, else the high 32 bits of the term's hash above
    /// its id + 1 (so most mismatches are rejected without touching the term's bytes).
    private var slots: [UInt64] = [UInt64](repeating: 0, count: 1 << 12)
    private var hashes: [UInt64] = []
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]

    /// The number of distinct terms.
    var count: Int { hashes.count }

    /// The id of `term`, and whether it was added by this call.
    mutating func id(of term: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in term { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let mask = slots.count - 1
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(id, term) { return (id, false) }
            }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        slots[slot] = tag | UInt64(id + 1)
        hashes.append(hash)
        arena.append(contentsOf: term)
        starts.append(arena.count)
        if 2 * hashes.count > slots.count { grow() }
        return (id, true)
    }

    private func equals(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id]
        guard starts[id + 1] - start == term.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for index in 0..<term.count where stored[start + index] != term[index] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
        }
    }
}
