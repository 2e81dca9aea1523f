import Synchronization

/// The memory one search works in: cursors' decoded blocks, the pruned search's per-leaf state
/// and window buffers, the reranker's positions. Handed out in pieces while the search runs and
/// taken back all at once when it ends; what the arena grew to serves the next search, which
/// then asks the system allocator for nothing.
///
/// Used by one search at a time (it is taken from a ``SearchArenaPool`` and given back): nothing
/// handed out may be used after ``reset()``.
final class SearchArena: @unchecked Sendable {
    /// The block pieces are cut from, its size, and the bytes cut so far.
    private var block: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private var used = 0
    /// Blocks filled earlier in this search, freed at the next reset; their sizes' sum.
    private var filled: [UnsafeMutableRawPointer] = []
    private var filledBytes = 0
    /// Lists of positions a search fills and empties again (see ``takePositionLists(_:)``),
    /// kept with their capacity for the next search.
    private var positionLists: [[UInt32]] = []
    /// BM25F's dense sums, kept between searches.
    private var denseSums: DenseSums?

    /// The alignment of every block, and the most any piece is aligned to.
    private static let alignment = 16
    /// The largest block a reset keeps: a search that needed more gets it anew each time.
    static let largestKept = 4 << 20

    /// An arena whose first block holds `capacity` bytes.
    init(capacity: Int = 64 << 10) {
        self.capacity = max(Self.alignment, capacity)
        block = .allocate(byteCount: self.capacity, alignment: Self.alignment)
    }

    deinit {
        for earlier in filled { earlier.deallocate() }
        block.deallocate()
    }

    /// Room for `count` values of `type`, not set: for memory read only where written first.
    func uninitialized<Value>(_ count: Int, of type: Value.Type) -> UnsafeMutablePointer<Value> {
        let alignment = min(Self.alignment, max(1, MemoryLayout<Value>.alignment))
        let bytes = max(0, count) * MemoryLayout<Value>.stride
        var start = (used + alignment - 1) & ~(alignment - 1)
        if start + bytes > capacity {
            grow(toHold: bytes)
            start = 0
        }
        used = start + bytes
        return (block + start).bindMemory(to: Value.self, capacity: max(0, count))
    }

    /// `count` values, each `value`.
    func filled<Value>(_ count: Int, with value: Value) -> UnsafeMutablePointer<Value> {
        let region = uninitialized(count, of: Value.self)
        region.initialize(repeating: value, count: max(0, count))
        return region
    }

    /// A copy of `values`.
    func copy<Values: Collection>(of values: Values) -> UnsafeMutablePointer<Values.Element> {
        let region = uninitialized(values.count, of: Values.Element.self)
        var at = region
        for value in values {
            at.initialize(to: value)
            at += 1
        }
        return region
    }

    /// At least `count` empty lists of positions, for filling during the search: the ones
    /// given back by the search before (``keepPositionLists(_:)``), with the room they grew to.
    func takePositionLists(_ count: Int) -> [[UInt32]] {
        var lists = positionLists
        positionLists = []
        if lists.count < count { lists += repeatElement([], count: count - lists.count) }
        for index in lists.indices { lists[index].removeAll(keepingCapacity: true) }
        return lists
    }

    /// Keeps `lists` for the next ``takePositionLists(_:)`` (dropping any grown past
    /// 64 Ki positions, so one long document does not hold on to its memory).
    func keepPositionLists(_ lists: [[UInt32]]) {
        positionLists = lists
        for index in positionLists.indices where positionLists[index].capacity > 1 << 16 { positionLists[index] = [] }
    }

    /// BM25F's dense sums for an index of `documentCount` documents, all zero: the ones given
    /// back by the search before (``keepDenseSums(_:)``) when they fit, else new ones.
    func takeDenseSums(documentCount: Int) -> DenseSums {
        if let kept = denseSums, kept.documentCount == documentCount {
            denseSums = nil
            return kept
        }
        return DenseSums(documentCount: documentCount)
    }

    /// Keeps `sums`, which must be all zero again, for the next ``takeDenseSums(documentCount:)``
    /// (not for indexes of over 256 Ki documents, so an arena holds at most about 7 MiB of them).
    func keepDenseSums(_ sums: DenseSums) {
        denseSums = sums.documentCount <= 1 << 18 ? sums : nil
    }

    /// Starts a new block that holds at least `bytes` more, twice the current one or more.
    private func grow(toHold bytes: Int) {
        filled.append(block)
        filledBytes += capacity
        capacity = max(2 * capacity, bytes + Self.alignment)
        block = .allocate(byteCount: capacity, alignment: Self.alignment)
        used = 0
    }

    /// Takes back everything handed out. When the search needed more than the first block,
    /// the next one gets a single block as large as all of them (up to ``largestKept``).
    func reset() {
        if !filled.isEmpty {
            let total = min(Self.largestKept, filledBytes + capacity)
            for earlier in filled { earlier.deallocate() }
            filled.removeAll(keepingCapacity: true)
            filledBytes = 0
            block.deallocate()
            capacity = total
            block = .allocate(byteCount: capacity, alignment: Self.alignment)
        }
        used = 0
    }
}

/// The idle ``SearchArena``s of one index: a search takes one (or makes one when all are in use)
/// and gives it back when it ends, so searches from many threads each work in their own.
final class SearchArenaPool: Sendable {
    private let idle = Mutex<[SearchArena]>([])
    /// The most idle arenas kept.
    static let keptArenas = 16

    init() {}

    /// `body`'s result, `body` given an arena no other search uses until it returns.
    func withArena<Result, Failure: Error>(_ body: (SearchArena) throws(Failure) -> Result) throws(Failure) -> Result {
        let arena = idle.withLock { $0.popLast() } ?? SearchArena()
        defer {
            arena.reset()
            idle.withLock { arenas in
                if arenas.count < Self.keptArenas {
                    if arenas.capacity == 0 { arenas.reserveCapacity(Self.keptArenas) }
                    arenas.append(arena)
                }
            }
        }
        return try body(arena)
    }
}

/// Values kept in a ``SearchArena``, appended up to a capacity fixed at the start, and
/// deinitialized (not freed: the arena takes the memory back) when the buffer ends. For values
/// that hold references, such as cursors; a search's plain numbers need only a pointer.
struct ArenaBuffer<Element>: ~Copyable {
    let base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    let capacity: Int

    /// Room for `capacity` values in `arena`.
    init(capacity: Int, in arena: SearchArena) {
        self.capacity = max(0, capacity)
        base = arena.uninitialized(self.capacity, of: Element.self)
    }

    /// Adds `value` after the last (the capacity must leave room for it).
    mutating func append(_ value: Element) {
        precondition(count < capacity, "ArenaBuffer is full")
        (base + count).initialize(to: value)
        count += 1
    }

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    deinit { base.deinitialize(count: count) }
}

/// Plain values appended one at a time in a ``SearchArena``, the room doubling when full (the
/// room left behind goes back with the rest of the arena when the search ends).
struct ArenaList<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    /// The search's arena, which outlives the list.
    private unowned(unsafe) let arena: SearchArena

    /// An empty list with room for `capacity` values in `arena`.
    init(capacity: Int = 16, in arena: SearchArena) {
        self.capacity = max(1, capacity)
        self.arena = arena
        base = arena.uninitialized(self.capacity, of: Element.self)
    }

    mutating func append(_ value: Element) {
        if count == capacity {
            let larger = arena.uninitialized(2 * capacity, of: Element.self)
            larger.update(from: base, count: count)
            base = larger
            capacity *= 2
        }
        base[count] = value
        count += 1
    }

    /// The values appended so far (valid until the next append).
    var values: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}

/// The dense arrays, one entry per document, in which BM25F sums a bag of terms; all zero (and
/// false) between searches.
struct DenseSums {
    let documentCount: Int
    var scores: [Double]
    var clauseScores: [Double]
    var pseudoFrequencies: [Double]
    var matched: [Bool]
    var inClause: [Bool]

    init(documentCount: Int) {
        self.documentCount = documentCount
        scores = [Double](repeating: 0, count: documentCount)
        clauseScores = scores
        pseudoFrequencies = scores
        matched = [Bool](repeating: false, count: documentCount)
        inClause = matched
    }
}
