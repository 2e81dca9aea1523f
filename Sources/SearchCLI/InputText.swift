import Foundation

/// A user-facing error: one line, printed after "arabic-search: ", exit status 2.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reading user files as UTF-8 text, with errors that name the file and byte offset.
enum InputText {
    /// The contents of the file at `path` (`-` reads standard input), which must be UTF-8.
    static func read(path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(path): no such file")
            }
            if isDirectory.boolValue { throw CLIError("\(path): is a directory") }
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(path): cannot be read")
            }
            data = contents
        }
        return try decode(data, name: path == "-" ? "<stdin>" : path)
    }

    /// `data` as a string, or an error naming `name` and the offset of the first invalid byte.
    static func decode(_ data: Data, name: String) throws -> String {
        if let offset = firstInvalidUTF8Offset(data) {
            throw CLIError("\(name): invalid UTF-8 at byte offset \(offset)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, or `nil`.
    static func firstInvalidUTF8Offset(_ data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            while i < n {
                let b0 = bytes[i]
                if b0 < 0x80 { i += 1; continue }
                var need = 0
                var minimum: UInt32 = 0
                var scalar: UInt32 = 0
                switch b0 {
                case 0xC2...0xDF: need = 1; minimum = 0x80; scalar = UInt32(b0 & 0x1F)
                case 0xE0...0xEF: need = 2; minimum = 0x800; scalar = UInt32(b0 & 0x0F)
                case 0xF0...0xF4: need = 3; minimum = 0x10000; scalar = UInt32(b0 & 0x07)
                default: return i
                }
                if i + need >= n + 0 && i + need > n - 1 + 1 { return i }
                for k in 1...need {
                    guard i + k < n else { return i }
                    let b = bytes[i + k]
                    guard b & 0xC0 == 0x80 else { return i }
                    scalar = scalar << 6 | UInt32(b & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
                i += need + 1
            }
            return nil
        }
    }
}
