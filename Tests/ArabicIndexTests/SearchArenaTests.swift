import Testing
@testable import ArabicIndex

/// The memory searches work in: pieces that keep their values until the arena is reset,
/// aligned for their type, and one block again once a search needed several.
@Suite("Search arena")
struct SearchArenaTests {
    /// Counts its instances' ends.
    final class Tracked {
        nonisolated(unsafe) static var ended = 0
        let number: Int
        init(_ number: Int) { self.number = number }
        deinit { Self.ended += 1 }
    }

    @Test func piecesKeepTheirValuesAcrossGrowthAndAreAligned() {
        let arena = SearchArena(capacity: 256)
        var pieces: [(UnsafeMutablePointer<UInt64>, Int, UInt64)] = []
        var bytes: [UnsafeMutablePointer<UInt8>] = []
        // Odd-sized byte pieces between 8-byte ones, past the first block many times over.
        for number in 0..<200 {
            let small = arena.filled(number % 7 + 1, with: UInt8(number % 251))
            bytes.append(small)
            let count = number % 13 + 1
            let wide = arena.filled(count, with: UInt64(number) &* 0x9E37_79B9_7F4A_7C15)
            #expect(Int(bitPattern: wide) % MemoryLayout<UInt64>.alignment == 0)
            pieces.append((wide, count, UInt64(number) &* 0x9E37_79B9_7F4A_7C15))
        }
        for (number, (wide, count, value)) in pieces.enumerated() {
            #expect((0..<count).allSatisfy { wide[$0] == value }, "piece \(number)")
            #expect((0..<(number % 7 + 1)).allSatisfy { bytes[number][$0] == UInt8(number % 251) }, "bytes \(number)")
        }
        #expect(arena.capacity > 256)
    }

    @Test func aResetKeepsOneBlockAsLargeAsTheSearchNeeded() {
        let arena = SearchArena(capacity: 1_024)
        #expect(arena.capacity == 1_024)
        _ = arena.uninitialized(600, of: UInt8.self)
        _ = arena.uninitialized(600, of: UInt8.self)  // a second block: 2,048 bytes
        _ = arena.uninitialized(5_000, of: UInt8.self)  // a third, for 5,000 and more
        let last = arena.capacity
        #expect(last >= 5_000)
        arena.reset()
        #expect(arena.capacity == 1_024 + 2_048 + last)
        // That search fits the block now: no growth.
        _ = arena.uninitialized(600, of: UInt8.self)
        _ = arena.uninitialized(600, of: UInt8.self)
        _ = arena.uninitialized(5_000, of: UInt8.self)
        #expect(arena.capacity == 1_024 + 2_048 + last)
        arena.reset()
        #expect(arena.capacity == 1_024 + 2_048 + last)
    }

    @Test func aBufferEndsTheValuesItHolds() {
        let arena = SearchArena()
        Tracked.ended = 0
        do {
            var buffer = ArenaBuffer<Tracked>(capacity: 5, in: arena)
            for number in 0..<3 { buffer.append(Tracked(number)) }
            #expect(buffer.count == 3)
            #expect(buffer.indices.map { buffer.base[$0].number } == [0, 1, 2])
            #expect(Tracked.ended == 0)
        }
        #expect(Tracked.ended == 3)
    }

    @Test func aListKeepsItsValuesAsItGrows() {
        let arena = SearchArena(capacity: 64)
        var documents = ArenaList<UInt32>(capacity: 1, in: arena)
        var scores = ArenaList<Double>(capacity: 3, in: arena)
        for number in 0..<1_000 {
            documents.append(UInt32(number * 3))
            scores.append(Double(number) / 7)
        }
        #expect(Array(documents.values) == (0..<1_000).map { UInt32($0 * 3) })
        #expect(Array(scores.values) == (0..<1_000).map { Double($0) / 7 })
    }

    @Test func aPoolGivesEachSearchItsOwnArenaAndKeepsThem() {
        let pool = SearchArenaPool()
        let first = pool.withArena { outer in
            let inner = pool.withArena { $0 }
            #expect(inner !== outer)
            return ObjectIdentifier(outer)
        }
        // Both were given back: the last given back is taken next.
        let again = pool.withArena { ObjectIdentifier($0) }
        #expect(again == first)
    }
}
