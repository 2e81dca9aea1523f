/// A compact byte encoding of text for the stored documents of an on-disk index (since format 3),
/// applied before compression: Arabic text takes about half the bytes of its UTF-8, and the
/// compressor finds more of it in each block.
///
/// * an ASCII character other than U+0001 is its own byte (`0x00`, `0x02`…`0x7F`);
/// * a character of the Arabic block U+0600…U+067F is the one byte `0x80 + (cp − 0x600)`;
/// * any other character (U+0001 included) is the escape byte `0x01` followed by the
///   character's UTF-8 (for U+0001, the single byte `0x01`).
///
/// Every string has exactly one encoding; decoding refuses anything else (a truncated or
/// malformed escape, invalid or overlong UTF-8, a character escaped that has a shorter form).
///
/// ```swift
/// var bytes: [UInt8] = []
/// StoredTextCodec.encode("كتاب 2", into: &bytes)     // [0xC3, 0xAA, 0xA7, 0xA8, 0x20, 0x32]
/// try StoredTextCodec.decode(bytes[...])             // "كتاب 2"
/// ```
enum StoredTextCodec {
    /// The byte that introduces a character stored as UTF-8.
    static let escape: UInt8 = 0x01

    /// Why bytes are not the encoding of any text.
    enum DecodingError: Error, Equatable, CustomStringConvertible {
        /// The bytes end inside an escaped character.
        case truncated(offset: Int)
        /// The bytes after an escape at `offset` are not one valid UTF-8 character that
        /// needs escaping.
        case invalidEscape(offset: Int)

        var description: String {
            switch self {
            case .truncated(let offset): return "text ends inside an escaped character at byte \(offset)"
            case .invalidEscape(let offset): return "invalid escaped character at byte \(offset)"
            }
        }
    }

    /// Appends the encoding of `text` to `bytes`.
    static func encode(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in encode(utf8, into: &bytes) }
    }

    /// Appends the encoding of `utf8` (valid UTF-8) to `bytes`.
    static func encode(_ utf8: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
        // An encoding is at most twice as long as the UTF-8 (U+0001 becomes two bytes).
        let old = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 2 * utf8.count))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            encode(utf8, into: UnsafeMutableBufferPointer(rebasing: buffer[old...]))
        }
        bytes.removeLast(2 * utf8.count - written)
    }

    /// Writes the encoding of `utf8` (valid UTF-8) into `output` (at least twice as large);
    /// returns its length.
    private static func encode(_ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        let count = utf8.count
        var index = 0
        var written = 0
        while index < count {
            let byte = utf8[index]
            if byte < 0x80 {
                if byte == escape {
                    output[written] = escape
                    written += 1
                }
                output[written] = byte
                written += 1
                index += 1
                continue
            }
            // 0xD8 0x80…0xD9 0xBF is U+0600…U+067F.
            if byte & 0xFE == 0xD8, index + 1 < count {
                let scalar = (UInt32(byte & 0x1F) << 6) | UInt32(utf8[index + 1] & 0x3F)
                output[written] = UInt8(truncatingIfNeeded: 0x80 + scalar - 0x600)
                written += 1
                index += 2
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            output[written] = escape
            written += 1
            let end = min(count, index + length)
            while index < end {
                output[written] = utf8[index]
                written += 1
                index += 1
            }
        }
        return written
    }

    /// The text whose encoding is `bytes`.
    ///
    /// - Throws: ``DecodingError`` when `bytes` is not the encoding of any text.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(DecodingError) -> String {
        try bytes.withUnsafeBufferPointer { buffer throws(DecodingError) in try decode(buffer) }
    }

    /// The text whose encoding is `bytes`.
    ///
    /// - Throws: ``DecodingError`` when `bytes` is not the encoding of any text.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodingError) -> String {
        var failure: DecodingError?
        // Each byte decodes to at most two bytes of UTF-8, except an escape, which drops a byte.
        let text = String(unsafeUninitializedCapacity: 2 * bytes.count) { output in
            do throws(DecodingError) {
                return try decode(bytes, into: output)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return text
    }

    /// Writes the UTF-8 of `bytes` into `output` (at least twice as large); returns its length.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
        throws(DecodingError) -> Int
    {
        let count = bytes.count
        var index = 0
        var written = 0
        while index < count {
            let byte = bytes[index]
            if byte >= 0x80 {
                let scalar = 0x600 + UInt32(byte - 0x80)
                output[written] = UInt8(0xC0 | (scalar >> 6))
                output[written + 1] = UInt8(0x80 | (scalar & 0x3F))
                written += 2
                index += 1
            } else if byte != escape {
                output[written] = byte
                written += 1
                index += 1
            } else {
                let start = index
                index += 1
                guard index < count else { throw .truncated(offset: start) }
                let lead = bytes[index]
                if lead == escape {
                    output[written] = escape
                    written += 1
                    index += 1
                    continue
                }
                let length: Int
                var scalar: UInt32
                switch lead {
                case 0xC2...0xDF: (length, scalar) = (2, UInt32(lead & 0x1F))
                case 0xE0...0xEF: (length, scalar) = (3, UInt32(lead & 0x0F))
                case 0xF0...0xF4: (length, scalar) = (4, UInt32(lead & 0x07))
                default: throw .invalidEscape(offset: start)
                }
                guard index + length <= count else { throw .truncated(offset: start) }
                for next in 1..<length {
                    let continuation = bytes[index + next]
                    guard continuation & 0xC0 == 0x80 else { throw .invalidEscape(offset: start) }
                    scalar = (scalar << 6) | UInt32(continuation & 0x3F)
                }
                let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
                guard scalar >= smallest, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar),
                      !(0x600...0x67F).contains(scalar)
                else { throw .invalidEscape(offset: start) }
                for next in 0..<length { output[written + next] = bytes[index + next] }
                written += length
                index += length
            }
        }
        return written
    }
}
