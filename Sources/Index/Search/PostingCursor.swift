/// A forward walk over one term's postings in one field, for conjunctions (phrases) that stop
/// at few of a long list's documents: a cursor on disk reads only the blocks it stops in.
///
/// A new cursor stands on the list's first posting.
protocol PostingCursor {
    associatedtype Failure: Error
    /// The document of the posting the cursor stands on; ``postingCursorEnd`` past the last.
    var document: UInt32 { get }
    /// How often the term occurs in ``document`` (meaningless past the last posting).
    var frequency: UInt32 { get }
    /// Moves to the first posting whose document is at least `target`; stays when it is
    /// there already (a cursor never moves back).
    mutating func advance(to target: UInt32) throws(Failure)
    /// The positions of the current posting (increasing), valid until the cursor is next
    /// asked for positions or dropped.
    mutating func positions() throws(Failure) -> UnsafeBufferPointer<UInt32>
}

/// The ``PostingCursor/document`` of a cursor past its last posting: above every document.
let postingCursorEnd: UInt32 = .max

/// A cursor over a posting list already decoded whole (an in-memory index's).
struct ListCursor<Postings: PostingList>: PostingCursor {
    typealias Failure = Postings.Failure
    let postings: Postings
    private let documents: ArraySlice<UInt32>
    private var index = 0
    private(set) var document: UInt32
    private let scratch = PositionsScratch()

    init(_ postings: Postings) {
        self.postings = postings
        documents = postings.documentSlice
        document = documents.first ?? postingCursorEnd
    }

    var frequency: UInt32 { index < postings.count ? postings.frequency(at: index) : 0 }

    mutating func advance(to target: UInt32) {
        guard target > document else { return }
        _ = documents.offset(of: target, from: &index)
        document = index < documents.count ? documents[documents.startIndex + index] : postingCursorEnd
    }

    mutating func positions() throws(Failure) -> UnsafeBufferPointer<UInt32> {
        guard index < postings.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let positions = try postings.positions(at: index)
        let out = scratch.room(for: positions.count)
        for (offset, position) in positions.enumerated() { out[offset] = position }
        return UnsafeBufferPointer(start: out, count: positions.count)
    }
}

/// Memory a cursor reuses for the positions it hands out, grown as a posting needs.
final class PositionsScratch {
    private var values: UnsafeMutablePointer<UInt32>
    private var capacity = 64

    init() { values = .allocate(capacity: capacity) }

    deinit { values.deallocate() }

    /// Room for `count` values (what it held before is lost when it grows).
    func room(for count: Int) -> UnsafeMutablePointer<UInt32> {
        if count > capacity {
            values.deallocate()
            capacity = max(count, 2 * capacity)
            values = .allocate(capacity: capacity)
        }
        return values
    }
}
