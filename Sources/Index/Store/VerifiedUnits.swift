import Synchronization

/// Numbers of units (dictionary blocks, identifier groups) whose checksums were verified, so
/// each is checked on its first read only (the files never change once written); shared by
/// the threads that search one segment.
final class VerifiedNumbers: Sendable {
    private let words = Mutex<[UInt64]>([])

    func contains(_ number: Int) -> Bool {
        let (word, bit) = (number / 64, UInt64(1) << UInt64(number % 64))
        return words.withLock { $0.count > word && $0[word] & bit != 0 }
    }

    func insert(_ number: Int) {
        let (word, bit) = (number / 64, UInt64(1) << UInt64(number % 64))
        words.withLock { words in
            if words.count <= word { words += [UInt64](repeating: 0, count: word + 1 - words.count) }
            words[word] |= bit
        }
    }
}

/// Offsets of units (postings regions, positions chunks) whose checksums were verified, so each
/// is checked on its first read only; shared by the threads that search one segment. A reader
/// that reads each unit once (a merge) remembers none.
final class VerifiedOffsets: Sendable {
    private let offsets = Mutex<Set<Int>>([])
    private let remembers: Bool

    init(remembers: Bool) { self.remembers = remembers }

    /// Throws unless the CRC-32C of `offset..<offset + length` in `view` is `expected`, unless
    /// it was verified before (the files never change once written).
    func verify(_ view: ByteView, _ offset: Int, _ length: Int, expected: UInt32, _ what: @autoclosure () -> String)
        throws(IndexStoreError)
    {
        guard remembers else { return try view.verify(offset, length, expected: expected, what()) }
        if offsets.withLock({ $0.contains(offset) }) { return }
        try view.verify(offset, length, expected: expected, what())
        offsets.withLock { _ = $0.insert(offset) }
    }
}
