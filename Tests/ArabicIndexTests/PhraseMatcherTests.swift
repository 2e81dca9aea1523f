import Testing
@testable import ArabicIndex

@Suite("Phrase matching")
struct PhraseMatcherTests {
    /// Every term's positions in one array, after `leading` other values, with the bounds the
    /// flat form takes.
    static func flat(_ lists: [[UInt32]], leading: [UInt32] = []) -> (positions: [UInt32], bounds: [Int]) {
        var positions = leading
        var bounds = [leading.count]
        for list in lists {
            positions += list
            bounds.append(positions.count)
        }
        return (positions, bounds)
    }

    @Test func countsExactAndSloppyOccurrences() {
        // "a b" in: a b x a b b a
        let a: [UInt32] = [0, 3, 6]
        let b: [UInt32] = [1, 4, 5]
        let (positions, bounds) = Self.flat([a, b])
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: positions, bounds: bounds, slop: 0) == 2)
        // Sloppy: a at 3 reaches b at 5 (distance 2, cost 1); each b ending a match counts once.
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: positions, bounds: bounds, slop: 1) == 3)
        // A gap of one in the query ("a ? b"): a 3 → b 5.
        #expect(PhraseMatcher.count(offsets: [0, 2], positions: positions, bounds: bounds, slop: 0) == 1)
        // Order matters: "b a" occurs once (b 5, a 6).
        let (reversed, reversedBounds) = Self.flat([b, a])
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: reversed, bounds: reversedBounds, slop: 0) == 1)
    }

    @Test func malformedBoundsCountNothing() {
        let (positions, _) = Self.flat([[0], [1]])
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: positions, bounds: [0, 1], slop: 0) == 0)
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: positions, bounds: [0, 1, 3], slop: 0) == 0)
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: positions, bounds: [0, 0, 2], slop: 0) == 0)
        #expect(PhraseMatcher.count(offsets: [], positions: [], bounds: [0], slop: 0) == 0)
        #expect(PhraseMatcher.count(offsets: [0, 1], positions: positions, bounds: [-1, 1, 2], slop: 0) == 0)
    }

    /// The flat form counts what the per-term form counts, over random position lists.
    @Test func flatCountEqualsPerTermCount() {
        var generator = SplitMix64(state: 11)
        for trial in 0..<2_000 {
            let terms = 1 + Int(generator.next() % 4)
            var lists: [[UInt32]] = []
            for _ in 0..<terms {
                let count = 1 + Int(generator.next() % 12)
                lists.append(Set((0..<count).map { _ in UInt32(generator.next() % 40) }).sorted())
            }
            var offsets = [0]
            for _ in 1..<terms { offsets.append(offsets[offsets.count - 1] + 1 + Int(generator.next() % 2)) }
            let slop = trial % 3 == 0 ? Int(generator.next() % 4) : 0
            let (positions, bounds) = Self.flat(lists)
            let expected = PhraseMatcher.count(offsets: offsets, positions: lists.map { $0[...] }, slop: slop)
            #expect(PhraseMatcher.count(offsets: offsets, positions: positions, bounds: bounds, slop: slop) == expected,
                    "\(lists) \(offsets) slop \(slop)")
            if terms == 2, slop == 0 {
                let pair = lists[0].withUnsafeBufferPointer { first in
                    lists[1].withUnsafeBufferPointer { second in
                        PhraseMatcher.count(first: first, second: second, distance: offsets[1])
                    }
                }
                #expect(pair == expected, "\(lists) \(offsets), two terms")
            }
            // After another candidate's positions (a reused array).
            let leading = (0..<Int(generator.next() % 5)).map { _ in UInt32(generator.next() % 40) }
            let (after, afterBounds) = Self.flat(lists, leading: leading)
            #expect(PhraseMatcher.count(offsets: offsets, positions: after, bounds: afterBounds, slop: slop) == expected,
                    "\(leading) then \(lists) \(offsets) slop \(slop)")
        }
    }
}

@Suite("Finding documents in a posting list")
struct DocumentSeekTests {
    /// Walking increasing targets through lists of every density (gaps of 1 to thousands, so
    /// hops, gallops and the window search all run), from slices that start anywhere: the
    /// offset found and where `start` moves equal a linear search's.
    @Test func seeksMatchALinearSearch() {
        var generator = SplitMix64(state: 31)
        for spread in [UInt32(1), 3, 40, 5_000] {
            var documents: [UInt32] = []
            var document: UInt32 = 0
            for _ in 0..<3_000 {
                document += 1 + UInt32(generator.next() % UInt64(spread))
                documents.append(document)
            }
            for sliceStart in [0, 17] {
                let list = documents[sliceStart...]
                // Targets from much denser to much sparser than the list.
                for targetSpread in [spread / 2 + 1, 20 * spread, 400 * spread] {
                    var start = 0
                    var expectedStart = 0
                    var target = UInt32(generator.next() % 10)
                    while target < document + 10 {
                        while expectedStart < list.count, list[list.startIndex + expectedStart] < target { expectedStart += 1 }
                        let found = list.offset(of: target, from: &start)
                        #expect(start == expectedStart, "spread \(spread) target \(target)")
                        #expect(found == (expectedStart < list.count && list[list.startIndex + expectedStart] == target
                                          ? expectedStart : nil))
                        target += 1 + UInt32(generator.next() % UInt64(targetSpread))
                    }
                }
            }
        }
    }
}
