/// A forward walk over one term's postings in one field, for searches that stop at few of a
/// long list's documents (phrases, pruned top hits): a cursor on disk reads only the blocks it
/// stops in, and tells what a block can score before reading it.
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
    /// The bounds of the block holding the cursor's first posting at or after `target`
    /// (``postingCursorEnd`` as its last document when there is none), passing over the blocks
    /// before it without reading them. A cursor that stood before `target` may be left on a
    /// posting before it: move it to `target` or beyond before reading ``document``.
    mutating func blockBounds(reaching target: UInt32) throws(Failure) -> PostingBlockBounds
    /// The current posting and the ones after it in the block read now, as runs of documents
    /// and frequencies valid until the cursor next moves; `nil` past the last posting, or when
    /// the cursor holds no block of its own (read posting by posting then).
    var postingsInBlock: (documents: UnsafePointer<UInt32>, frequencies: UnsafePointer<UInt32>, count: Int)? { get }
}

extension PostingCursor {
    /// None: a list decoded whole is read posting by posting.
    var postingsInBlock: (documents: UnsafePointer<UInt32>, frequencies: UnsafePointer<UInt32>, count: Int)? { nil }
}

/// Bounds on what the postings of one block can score (see
/// ``PostingCursor/blockBounds(reaching:)``).
struct PostingBlockBounds {
    /// The block's last document (it may be deleted).
    let lastDocument: UInt32
    /// At least the largest frequency among its postings.
    let maximumFrequency: UInt32
    /// At most the smallest field length among its documents (at least 1).
    let minimumLength: UInt32

    /// The bounds past the last block.
    static let end = PostingBlockBounds(lastDocument: postingCursorEnd, maximumFrequency: 0, minimumLength: 1)
}

/// The ``PostingCursor/document`` of a cursor past its last posting: above every document.
let postingCursorEnd: UInt32 = .max

/// A cursor over a posting list already decoded whole (an in-memory index's).
struct ListCursor<Postings: PostingList>: PostingCursor {
    typealias Failure = Postings.Failure
    let postings: Postings
    private let documents: ArraySlice<UInt32>
    private var index = 0
    /// The block ``blockBounds(reaching:)`` reported last.
    private var block = 0
    private(set) var document: UInt32
    /// Room for the positions ``positions()`` hands out, grown from `arena` as a posting needs.
    private var positionsRoom: UnsafeMutablePointer<UInt32>
    private var positionsCapacity = 64
    /// The search's arena, which outlives the cursor.
    private unowned(unsafe) let arena: SearchArena

    /// A cursor over `postings`, on the first, working in `arena`'s memory.
    init(_ postings: Postings, arena: SearchArena) {
        self.postings = postings
        self.arena = arena
        positionsRoom = arena.uninitialized(64, of: UInt32.self)
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
        if positions.count > positionsCapacity {
            positionsCapacity = max(positions.count, 2 * positionsCapacity)
            positionsRoom = arena.uninitialized(positionsCapacity, of: UInt32.self)
        }
        let out = positionsRoom
        for (offset, position) in positions.enumerated() { out[offset] = position }
        return UnsafeBufferPointer(start: out, count: positions.count)
    }

    mutating func blockBounds(reaching target: UInt32) -> PostingBlockBounds {
        // The first block, from the one reported last, that ends at or after both the current
        // posting and `target`.
        let first = documents.startIndex
        while block < postings.blockCount {
            let end = postings.blockEnd(block)
            if end > index, documents[first + end - 1] >= target {
                return PostingBlockBounds(lastDocument: documents[first + end - 1],
                                          maximumFrequency: postings.blockMaximumFrequency(block),
                                          minimumLength: max(1, postings.blockMinimumLength(block)))
            }
            block += 1
        }
        return .end
    }
}
