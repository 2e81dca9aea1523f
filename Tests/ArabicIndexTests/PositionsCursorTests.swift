import Testing
@testable import ArabicIndex

/// Reading one posting's positions out of a chunk of LEB128 values, going on from where the
/// last read stopped.
@Suite("Positions chunks")
struct PositionsCursorTests {
    static func leb128(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return bytes
    }

    /// Reads at increasing postings of random chunks (values of one to five bytes, postings of
    /// one to many values, so whole words and the bytes after them are both passed over) give
    /// the running sums of each posting's values.
    @Test func readsEqualTheRunningSumsOfEachPostingsValues() {
        var generator = SplitMix64(state: 23)
        for trial in 0..<300 {
            var frequencies: [Int] = []
            var values: [UInt64] = []
            for _ in 0..<(1 + Int(generator.next() % 60)) {
                let frequency = 1 + Int(generator.next() % (trial % 2 == 0 ? 4 : 30))
                frequencies.append(frequency)
                for _ in 0..<frequency {
                    let width = [7, 7, 7, 14, 21, 28][Int(generator.next() % 6)]
                    values.append(generator.next() % (UInt64(1) << UInt64(width)) / UInt64(frequency + 1))
                }
            }
            let bytes = values.flatMap(Self.leb128)
            bytes.withUnsafeBytes { raw in
                var cursor = PositionsCursor(bytes: raw)
                var first = 0
                for (posting, frequency) in frequencies.enumerated() {
                    defer { first += frequency }
                    guard generator.next() % 3 != 0 || posting == frequencies.count - 1 else { continue }
                    var buffer: [UInt32] = [7]
                    #expect(cursor.read(skipping: first, count: frequency, to: &buffer) == nil, "trial \(trial)")
                    var sum: UInt64 = 0
                    let expected = values[first..<(first + frequency)].map { value -> UInt32 in
                        sum += value
                        return UInt32(sum)
                    }
                    #expect(buffer == [7] + expected, "trial \(trial) posting \(posting)")
                    #expect(cursor.value == first + frequency)
                }
                #expect(cursor.byte == bytes.count, "trial \(trial)")
            }
        }
    }

    @Test func problemsAreReported() {
        func read(_ bytes: [UInt8], skipping: Int, count: Int) -> PositionsCursor.Problem? {
            bytes.withUnsafeBytes { raw in
                var cursor = PositionsCursor(bytes: raw)
                var buffer: [UInt32] = []
                return cursor.read(skipping: skipping, count: count, to: &buffer)
            }
        }
        // Fewer values than asked for, whether passed over or read; a value cut short.
        #expect(read([1, 2, 3], skipping: 2, count: 2) == .tooFew)
        #expect(read(Array(repeating: 1, count: 20), skipping: 19, count: 2) == .tooFew)
        #expect(read(Array(repeating: 1, count: 20), skipping: 21, count: 1) == .tooFew)
        #expect(read([1, 0x81], skipping: 1, count: 1) == .tooFew)
        // Six bytes for one value; a position reaching 2^32 - 1.
        #expect(read([0x81, 0x81, 0x81, 0x81, 0x81, 0x01], skipping: 0, count: 1) == .overflow)
        #expect(read(Self.leb128(UInt64(UInt32.max)), skipping: 0, count: 1) == .outOfRange)
        #expect(read(Self.leb128(UInt64(UInt32.max - 1)), skipping: 0, count: 1) == nil)
        #expect(read(Self.leb128(UInt64(UInt32.max - 1)) + [1], skipping: 0, count: 2) == .outOfRange)
        // A read before where the last one stopped.
        [UInt8](repeating: 1, count: 10).withUnsafeBytes { raw in
            var cursor = PositionsCursor(bytes: raw)
            var buffer: [UInt32] = []
            #expect(cursor.read(skipping: 4, count: 2, to: &buffer) == nil)
            #expect(buffer == [1, 2])
            #expect(cursor.read(skipping: 5, count: 1, to: &buffer) == .tooFew)
        }
    }
}
