import Foundation
import Testing
@testable import ArabicIndex

@Suite("Bit packing")
struct BitPackingTests {
    /// Values packed at every width from 0 to 32 bits, in runs of every length around the load
    /// sizes, unpack to themselves from any byte alignment, whether the file ends right after
    /// them or goes on (with bits set), and the cursor ends just past them.
    @Test func unpackingReturnsWhatWasPacked() throws {
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
                    let end = buffer.count
                    for _ in 0..<trailing { buffer.u8(0xFF) }
                    // (Nothing packed at width 0: an empty file cannot be mapped.)
                    guard buffer.count > 0 else { continue }
                    let path = temporaryIndexPath()
                    try Data(buffer.bytes).write(to: URL(fileURLWithPath: path))
                    defer { try? FileManager.default.removeItem(atPath: path) }
                    let view = ByteView(file: try MappedFile(path: path, directory: "test", file: "packed"))
                    // The run ends the readable range (`end`), so its last values are read near the edge.
                    var cursor = ByteCursor(view, from: lead, to: end)
                    var unpacked = [UInt32](repeating: 0, count: count)
                    try unpacked.withUnsafeMutableBufferPointer { (output) throws(IndexStoreError) in
                        try cursor.unpack(count: count, bits: bits, into: output)
                    }
                    #expect(unpacked == values, "bits \(bits) count \(count) lead \(lead) trailing \(trailing)")
                    #expect(cursor.offset == end, "bits \(bits) count \(count) lead \(lead) trailing \(trailing)")
                } }
            }
        }
    }
}
