import Hummingbird

/// A request's query string, decoded strictly: `+` is a space, `%XX` a byte, and every name and
/// value must be UTF-8 once decoded. A parameter given twice is an error, as is one the route
/// does not know: a mistyped name must not be ignored silently.
struct QueryParameters {
    private(set) var values: [String: String] = [:]

    /// The parameters of `query` (the part of the URI after `?`, as sent), or why not.
    init(_ query: String?) throws(RequestProblem) {
        guard let query, !query.isEmpty else { return }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], what: "a parameter name")
            let value = parts.count > 1 ? try Self.decode(parts[1], what: "parameter \(name)") : ""
            guard values[name] == nil else { throw .badRequest("parameter \(name) is given more than once") }
            values[name] = value
        }
    }

    /// Throws for the first parameter not in `known`.
    func check(known: Set<String>) throws(RequestProblem) {
        for name in values.keys.sorted() where !known.contains(name) {
            let expected = known.isEmpty ? "this route takes none" : "known: " + known.sorted().joined(separator: ", ")
            throw .badRequest("unknown parameter \(name) (\(expected))")
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// Parameter `name` as a whole number from `minimum` to `maximum`; `nil` when absent.
    func integer(_ name: String, minimum: Int, maximum: Int) throws(RequestProblem) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), value >= minimum, value <= maximum else {
            throw .badRequest("parameter \(name) must be a whole number from \(minimum) to \(maximum), got \"\(text)\"")
        }
        return value
    }

    /// Parameter `name` as a number; `nil` when absent (ranges are checked by ``RankingChoices``).
    func number(_ name: String) throws(RequestProblem) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw .badRequest("parameter \(name) must be a number, got \"\(text)\"")
        }
        return value
    }

    /// Parameter `name` as a switch: `true` or `false` (`false` when absent).
    func flag(_ name: String) throws(RequestProblem) -> Bool {
        guard let text = values[name] else { return false }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .badRequest("parameter \(name) must be true or false, got \"\(text)\"")
        }
    }

    /// The percent-decoded UTF-8 text of `bytes` (`+` a space in a query string, not in a path).
    static func decode(_ bytes: some Collection<UInt8>, what: String, plusIsSpace: Bool = true) throws(RequestProblem) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                decoded.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index != bytes.endIndex, let high = hexValue(bytes[index]) else {
                    throw .badRequest("\(what) has a % not followed by two hexadecimal digits")
                }
                index = bytes.index(after: index)
                guard index != bytes.endIndex, let low = hexValue(bytes[index]) else {
                    throw .badRequest("\(what) has a % not followed by two hexadecimal digits")
                }
                index = bytes.index(after: index)
                decoded.append(high << 4 | low)
            default:
                decoded.append(byte)
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .badRequest("\(what) is not valid UTF-8 once percent-decoded")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a request gets an error answer: its status and a one-line message (and, for a query
/// syntax error, the column).
struct RequestProblem: Error {
    let status: HTTPResponse.Status
    let message: String
    var column: Int?

    static func badRequest(_ message: String, column: Int? = nil) -> RequestProblem {
        RequestProblem(status: .badRequest, message: message, column: column)
    }
}

