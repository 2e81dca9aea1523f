import Foundation

extension CorpusReader {
    /// The offset of the first invalid UTF-8 byte of `data`, or `nil` when it is all valid UTF-8.
    ///
    /// The offset is that of the first byte of the ill-formed sequence: a stray continuation byte,
    /// a lead byte whose continuation is missing or wrong, an overlong form, a surrogate or a
    /// code point above U+10FFFF.
    ///
    /// ```swift
    /// CorpusReader.firstInvalidUTF8Offset(Data([0x61, 0xFF, 0x62]))   // 1
    /// CorpusReader.firstInvalidUTF8Offset(Data("نص".utf8))            // nil
    /// ```
    public static func firstInvalidUTF8Offset(_ data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            firstInvalidUTF8Offset(raw.bindMemory(to: UInt8.self))
        }
    }

    static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The number of continuation bytes and the allowed range of the first one
            // (Unicode Table 3-7, well-formed UTF-8 byte sequences).
            var continuations = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: continuations = 1
            case 0xE0: continuations = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: continuations = 2
            case 0xED: continuations = 2; high = 0x9F
            case 0xF0: continuations = 3; low = 0x90
            case 0xF1...0xF3: continuations = 3
            case 0xF4: continuations = 3; high = 0x8F
            default: return index
            }
            guard index + continuations < count else { return index }
            let first = bytes[index + 1]
            guard first >= low, first <= high else { return index }
            var next = 2
            while next <= continuations {
                guard bytes[index + next] & 0xC0 == 0x80 else { return index }
                next += 1
            }
            index += continuations + 1
        }
        return nil
    }

    /// The 1-based line of the byte at `offset`.
    static func lineNumber(ofByte offset: Int, in data: Data) -> Int {
        var line = 1
        for byte in data.prefix(offset) where byte == 0x0A { line += 1 }
        return line
    }

    /// `data` decoded as UTF-8 (a leading byte order mark dropped), or the error naming the first
    /// invalid byte.
    static func decodeUTF8(_ data: Data, source: String) throws(CorpusError) -> String {
        if let offset = firstInvalidUTF8Offset(data) {
            let line = lineNumber(ofByte: offset, in: data)
            throw CorpusError(source: source, message: "invalid UTF-8 at byte offset \(offset) (line \(line))")
        }
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        return String(decoding: body, as: UTF8.self)
    }
}
