import Foundation
import Testing
@testable import ArabicIndex
import CStore

@Suite("Bit packing")
struct BitPackingTests {
    /// Values packed at every width from 0 to 32 bits, in runs of every length around the load
    /// sizes, unpack to themselves from any byte alignment, whether the readable bytes end
    /// right after them or go on (with bits set).
    @Test func unpackingReturnsWhatWasPacked() {
        var generator = SplitMix64(state: 5)
        for bits in 0...32 {
            for count in [1, 2, 3, 7, 8, 9, 13, 14, 15, 56, 57, 63, 64, 65, 127, 128] {
                let limit = bits == 32 ? UInt64(UInt32.max) + 1 : UInt64(1) << UInt64(bits)
                var values = (0..<count).map { _ in UInt32(truncatingIfNeeded: generator.next() % limit) }
                if bits > 0 { values[count / 2] = UInt32(truncatingIfNeeded: limit - 1) }
                for lead in [0, 3] { for trailing in [0, 9] {
                    var buffer = ByteBuffer()
                    for _ in 0..<lead { buffer.u8(0xAB) }
                    buffer.pack(values[...], bits: bits)
                    #expect(buffer.count - lead == (count * bits + 7) / 8)
                    for _ in 0..<trailing { buffer.u8(0xFF) }
                    var unpacked = [UInt32](repeating: 0, count: count)
                    // The readable bytes end with the buffer, so the last values are read near the edge.
                    let status = buffer.bytes.withUnsafeBufferPointer { source in
                        cstore_unpack(source.baseAddress.map { $0 + lead }, source.count - lead, count, UInt32(bits),
                                      &unpacked)
                    }
                    #expect(status == 0)
                    #expect(unpacked == values, "bits \(bits) count \(count) lead \(lead) trailing \(trailing)")
                } }
            }
        }
    }

    /// Widths over 32 bits and runs longer than the readable bytes are refused.
    @Test func impossibleRunsAreRefused() {
        let bytes = [UInt8](repeating: 0xFF, count: 16)
        var values = [UInt32](repeating: 7, count: 128)
        bytes.withUnsafeBufferPointer { source in
            #expect(cstore_unpack(source.baseAddress, 16, 4, 33, &values) == -1)
            #expect(cstore_unpack(source.baseAddress, 16, 128, 2, &values) == -1)  // needs 32 bytes
            #expect(cstore_unpack(source.baseAddress, 16, 64, 2, &values) == 0)
        }
        #expect(values[0..<64].allSatisfy { $0 == 3 } && values[64...].allSatisfy { $0 == 7 })
    }
}

@Suite("Postings block decoding")
struct PostingsBlockDecodingTests {
    /// The expected outputs, one posting at a time in 64-bit arithmetic; `nil` when the block
    /// must be refused (a document reaching `limit`, a frequency that does not fit).
    static func reference(gaps: [UInt32], less: [UInt32], previous: Int64, limit: Int64, base: UInt32)
        -> (documents: [UInt32], frequencies: [UInt32], skips: [UInt32], last: Int64)?
    {
        var document = previous
        var before: UInt32 = 0
        var result: (documents: [UInt32], frequencies: [UInt32], skips: [UInt32], last: Int64) = ([], [], [], 0)
        for (gap, value) in zip(gaps, less) {
            document += 1 + Int64(gap)
            guard value < UInt32.max else { return nil }
            result.documents.append(base &+ UInt32(truncatingIfNeeded: document))
            result.frequencies.append(value + 1)
            result.skips.append(before)
            before &+= value + 1
        }
        guard document < limit else { return nil }
        result.last = document
        return result
    }

    /// Decodes `gaps` and `less` packed at the narrowest widths (or `bits` when given).
    static func decode(gaps: [UInt32], less: [UInt32], previous: Int64, limit: Int64, base: UInt32, bits: Int? = nil)
        -> (documents: [UInt32], frequencies: [UInt32], skips: [UInt32], last: Int64)?
    {
        var buffer = ByteBuffer()
        buffer.pack(gaps[...], bits: bits ?? ByteBuffer.bitWidth(gaps[...]))
        let documentBytes = buffer.count
        buffer.pack(less[...], bits: bits ?? ByteBuffer.bitWidth(less[...]))
        let count = gaps.count
        var documents = [UInt32](repeating: 0, count: count)
        var frequencies = [UInt32](repeating: 0, count: count)
        var skips = [UInt32](repeating: 0, count: count)
        var last = previous
        let used = buffer.bytes.withUnsafeBufferPointer { source in
            cstore_decode_postings_block(source.baseAddress, source.count, count,
                                         UInt32(bits ?? ByteBuffer.bitWidth(gaps[...])),
                                         UInt32(bits ?? ByteBuffer.bitWidth(less[...])), &last, limit, base,
                                         &documents, &frequencies, &skips)
        }
        guard used >= 0 else { return nil }
        #expect(used == buffer.count, "all \(buffer.count) bytes used (documents \(documentBytes))")
        return (documents, frequencies, skips, last)
    }

    /// Random blocks of every length up to 128 (past every group of four and eight), small and
    /// large gaps and frequencies, from the first block of a list or a later one: the same as
    /// the one-at-a-time reference.
    @Test func randomBlocksDecodeLikeTheReference() {
        var generator = SplitMix64(state: 11)
        for count in Array(1...20) + [63, 64, 65, 127, 128] {
            for spread in [UInt64(4), 1 << 12, 1 << 24] {
                let gaps = (0..<count).map { _ in UInt32(generator.next() % spread) }
                let less = (0..<count).map { _ in UInt32(generator.next() % (spread >> 2 + 1)) }
                for previous in [Int64(-1), 41, 1 << 31] {
                    let limit = Int64(UInt32.max)
                    let base = UInt32(generator.next() % 1000)
                    let expected = Self.reference(gaps: gaps, less: less, previous: previous, limit: limit, base: base)
                    let decoded = Self.decode(gaps: gaps, less: less, previous: previous, limit: limit, base: base)
                    #expect(decoded?.documents == expected?.documents, "count \(count) spread \(spread) from \(previous)")
                    #expect(decoded?.frequencies == expected?.frequencies, "count \(count) spread \(spread)")
                    #expect(decoded?.skips == expected?.skips, "count \(count) spread \(spread)")
                    #expect(decoded?.last == expected?.last, "count \(count) spread \(spread) from \(previous)")
                }
            }
        }
    }

    /// Blocks that name documents at or past the limit, that would wrap 32-bit document
    /// numbers, or whose frequencies do not fit are refused, wherever in the block (in a group
    /// of four or in the tail) the fault lies.
    @Test func impossibleBlocksAreRefused() {
        for count in [3, 4, 8, 9, 128] {
            for fault in [0, count / 2, count - 1] {
                let gaps = [UInt32](repeating: 2, count: count)
                let less = [UInt32](repeating: 0, count: count)
                // The last document is previous + 3 * count: a limit just at it is refused, one past accepted.
                let last = Int64(3 * count - 1)
                #expect(Self.decode(gaps: gaps, less: less, previous: -1, limit: last, base: 0) == nil)
                #expect(Self.decode(gaps: gaps, less: less, previous: -1, limit: last + 1, base: 0)?.last == last)
                var huge = gaps
                huge[fault] = UInt32.max
                #expect(Self.decode(gaps: huge, less: less, previous: -1, limit: Int64(UInt32.max), base: 0) == nil,
                        "gap 2^32 - 1 at \(fault) of \(count)")
                var wrapping = gaps
                wrapping[fault] = UInt32.max - 10
                #expect(Self.decode(gaps: wrapping, less: less, previous: 100, limit: Int64(UInt32.max), base: 0) == nil,
                        "wrap at \(fault) of \(count)")
                var frequent = less
                frequent[fault] = UInt32.max
                #expect(Self.decode(gaps: gaps, less: frequent, previous: -1, limit: Int64(UInt32.max), base: 0) == nil,
                        "frequency 2^32 at \(fault) of \(count)")
            }
        }
    }
}
