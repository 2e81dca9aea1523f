/// A fast reader of the usual JSON Lines record: one flat object whose values are strings or
/// `null`. It gives up (returns `nil`) on anything else, and the caller then decodes the line
/// with `JSONDecoder`, so that every other line is accepted or reported exactly as before.
enum JSONLineParser {
    /// The `id`, `title` and `text` values of `line` as ``JSONLineRecord`` would decode them,
    /// or `nil` when the line is not a flat object of strings and nulls with ASCII keys, each of
    /// those three at most once, or has anything unusual. A line it reads is valid UTF-8 (its
    /// strings are validated, everything else is ASCII); one that is not gets `nil`.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> JSONLineRecord? {
        var parser = Cursor(bytes: line)
        var record = JSONLineRecord(id: .missing, title: .missing, text: .missing)
        parser.skipSpace()
        guard parser.take(UInt8(ascii: "{")) else { return nil }
        parser.skipSpace()
        if !parser.take(UInt8(ascii: "}")) {
            while true {
                guard let key = parser.keyName() else { return nil }
                parser.skipSpace()
                guard parser.take(UInt8(ascii: ":")) else { return nil }
                parser.skipSpace()
                let value: JSONLineRecord.Value
                if parser.peek == UInt8(ascii: "\"") {
                    guard let string = parser.string() else { return nil }
                    value = .string(string)
                } else if parser.takeNull() {
                    value = .null
                } else {
                    return nil
                }
                switch key {
                case .id:
                    guard case .missing = record.id else { return nil }
                    record.id = value
                case .title:
                    guard case .missing = record.title else { return nil }
                    record.title = value
                case .text:
                    guard case .missing = record.text else { return nil }
                    record.text = value
                case .other: break
                }
                parser.skipSpace()
                if parser.take(UInt8(ascii: ",")) {
                    parser.skipSpace()
                    continue
                }
                guard parser.take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        parser.skipSpace()
        return parser.atEnd ? record : nil
    }

    private enum Key {
        case id, title, text, other
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func takeNull() -> Bool {
            guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
                  bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
            else { return false }
            index += 4
            return true
        }

        /// An ASCII key without escapes, classified; `nil` for anything else (the slow path decides).
        mutating func keyName() -> Key? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                let byte = bytes[index]
                guard byte != UInt8(ascii: "\\"), byte >= 0x20, byte < 0x80 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let key = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            if key.elementsEqual("id".utf8) { return .id }
            if key.elementsEqual("title".utf8) { return .title }
            if key.elementsEqual("text".utf8) { return .text }
            return .other
        }

        /// A string value (at its opening quote) with its escapes resolved; `nil` for a
        /// control character, an unknown escape, a lone surrogate or invalid UTF-8.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            // Most strings have no escape: one scan, then one copy. Eight bytes at a time while
            // none of them is a quote, a backslash or a control character.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            if let base = bytes.baseAddress {
                while index + 8 <= bytes.count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    let quotes = word ^ (ones &* 0x22)
                    let backslashes = word ^ (ones &* 0x5C)
                    let special = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                        | ((word &- ones &* 0x20) & ~word)
                    if special & highs != 0 { break }
                    index += 8
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(validating: utf8, as: UTF8.self) }
                guard byte >= 0x20 else { return nil }
                guard byte == UInt8(ascii: "\\") else {
                    utf8.append(byte)
                    continue
                }
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                              (0xDC00...0xDFFF).contains(low)
                        else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        return nil
                    }
                    guard let character = Unicode.Scalar(scalar) else { return nil }
                    utf8.append(contentsOf: String(character).utf8)
                default: return nil
                }
            }
            return nil
        }

        /// Four hexadecimal digits.
        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}
