/// One lexical unit of a query string, with the 1-based column (in characters) it starts at.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        /// A word as typed, possibly ending in `*`.
        case word(String)
        /// The text between double quotes, and the slop after `~` (0 when absent).
        case phrase(String, slop: Int)
        case openParenthesis
        case closeParenthesis
        case and
        case or
        case not
        /// `+` directly before a term: the term is required.
        case plus
        /// `-` directly before a term: the term is excluded.
        case minus
        /// `title:` or `text:`, directly followed by a word, phrase or parenthesis.
        case field(DocumentField)
    }

    let kind: Kind
    let column: Int
}

/// Splits a query string into ``QueryToken``s.
///
/// Words end at white space, parentheses and double quotes. `AND`, `OR` and `NOT` are keywords
/// only in upper case ASCII and as whole words. `+` and `-` are operators only at the start of a
/// word (so `COVID-19` is one word); `title:` and `text:` only at the start of a word.
enum QueryLexer {
    /// The largest slop a phrase accepts.
    static let maximumSlop = 10_000

    static func tokens(of text: String) throws(QuerySyntaxError) -> [QueryToken] {
        // Most queries are ASCII and Arabic letters without marks, whose characters are single
        // scalars: walked as scalars, without finding grapheme boundaries.
        if text.unicodeScalars.allSatisfy(isAlwaysOwnCharacter) {
            return try tokens(of: text, units: text.unicodeScalars)
        }
        return try tokens(of: text, units: text)
    }

    /// Whether `scalar` is a character of its own whatever surrounds it (no grapheme rule joins
    /// it to a neighbour): printable ASCII and the Arabic letters, digits and punctuation that
    /// are neither marks nor prepended signs. A conservative list: anything else takes the
    /// character path.
    static func isAlwaysOwnCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x060C, 0x061B, 0x061F, 0x0621...0x064A, 0x0660...0x066D, 0x0671...0x06D3, 0x06D5,
             0x06F0...0x06F9:
            return true
        default:
            return false
        }
    }

    /// The tokens of `text`, walking `units`: its characters, or its scalars when each is a
    /// character of its own (the same tokens and columns either way).
    static func tokens<Units: BidirectionalCollection>(of text: String, units: Units) throws(QuerySyntaxError)
        -> [QueryToken] where Units.Index == String.Index, Units.Element: QueryUnit
    {
        var tokens: [QueryToken] = []
        // The characters are walked in place (no array of them, no strings rebuilt from them):
        // `index` is the current one, `column` its 1-based number.
        var index = units.startIndex
        var column = 1

        func isWordEnd(_ character: Units.Element) -> Bool {
            character.isQueryWhitespace || character.isASCII(0x28) || character.isASCII(0x29) || character.isASCII(0x22)
        }

        while index < units.endIndex {
            let character = units[index]
            let following = units.index(after: index)
            if character.isQueryWhitespace {
                (index, column) = (following, column + 1)
            } else if character.isASCII(0x28) {  // (
                tokens.append(QueryToken(kind: .openParenthesis, column: column))
                (index, column) = (following, column + 1)
            } else if character.isASCII(0x29) {  // )
                tokens.append(QueryToken(kind: .closeParenthesis, column: column))
                (index, column) = (following, column + 1)
            } else if character.isASCII(0x22) {  // "
                var close = following
                var closeColumn = column + 1
                while close < units.endIndex, !units[close].isASCII(0x22) {
                    (close, closeColumn) = (units.index(after: close), closeColumn + 1)
                }
                guard close < units.endIndex else {
                    throw QuerySyntaxError(column: column, message: "unbalanced quote")
                }
                let phrase = String(text[following..<close])
                let phraseColumn = column
                (index, column) = (units.index(after: close), closeColumn + 1)
                var slop = 0
                if index < units.endIndex, units[index].isASCII(0x7E) {  // ~
                    let tildeColumn = column
                    // Any decimal digits: ASCII, or Arabic-Indic as an Arabic keyboard types them.
                    var end = units.index(after: index)
                    var digits = 0
                    var value = 0
                    while end < units.endIndex, let digit = units[end].decimalDigitValue {
                        value = min(value * 10 + digit, maximumSlop + 1)
                        end = units.index(after: end)
                        digits += 1
                    }
                    guard digits > 0 else {
                        throw QuerySyntaxError(column: tildeColumn, message: "~ needs a number of words after it")
                    }
                    guard value <= maximumSlop else {
                        throw QuerySyntaxError(column: tildeColumn + 1, message: "slop must be at most \(maximumSlop)")
                    }
                    slop = value
                    (index, column) = (end, column + 1 + digits)
                }
                tokens.append(QueryToken(kind: .phrase(phrase, slop: slop), column: phraseColumn))
            } else if character.isASCII(0x2B) || character.isASCII(0x2D) {  // + -
                let next = following < units.endIndex ? units[following] : nil
                guard let next, !next.isQueryWhitespace, !next.isASCII(0x29) else {
                    throw QuerySyntaxError(column: column, message: "\(character) needs a term right after it")
                }
                tokens.append(QueryToken(kind: character.isASCII(0x2B) ? .plus : .minus, column: column))
                (index, column) = (following, column + 1)
            } else {
                var end = following
                var endColumn = column + 1
                while end < units.endIndex, !isWordEnd(units[end]) {
                    (end, endColumn) = (units.index(after: end), endColumn + 1)
                }
                let word = String(text[index..<end])
                // Keywords and field names are ASCII: a word that starts otherwise (an Arabic
                // one) is a plain word, without comparing strings.
                let mayBeKeyword = (word.utf8.first ?? 0x80) < 0x80
                switch mayBeKeyword ? word : "" {
                case "AND": tokens.append(QueryToken(kind: .and, column: column))
                case "OR": tokens.append(QueryToken(kind: .or, column: column))
                case "NOT": tokens.append(QueryToken(kind: .not, column: column))
                default:
                    if mayBeKeyword,
                       let field = DocumentField.allCases.first(where: { word.hasPrefix($0.rawValue + ":") })
                    {
                        tokens.append(QueryToken(kind: .field(field), column: column))
                        let nameLength = field.rawValue.count + 1
                        let rest = String(word.dropFirst(nameLength))
                        if !rest.isEmpty {
                            tokens.append(QueryToken(kind: .word(rest), column: column + nameLength))
                        } else if end >= units.endIndex || (!units[end].isASCII(0x22) && !units[end].isASCII(0x28)) {
                            throw QuerySyntaxError(
                                column: column, message: "\(field.rawValue): needs a term right after it")
                        }
                    } else if mayBeKeyword, let name = Self.unknownFieldName(word) {
                        let known = DocumentField.allCases.map(\.rawValue).joined(separator: ", ")
                        throw QuerySyntaxError(
                            column: column,
                            message: "unknown field \"\(name)\" (known: \(known)); to search the words, quote them: \"\(word)\"")
                    } else {
                        tokens.append(QueryToken(kind: .word(word), column: column))
                    }
                }
                (index, column) = (end, endColumn)
            }
        }
        return tokens
    }

    /// The field name of `word` when it reads as one that is not a field: ASCII letters, then
    /// `:` and a term (`foo:bar`); `nil` otherwise (`10:30`, `http://…`, a word without `:`).
    static func unknownFieldName(_ word: String) -> String? {
        guard let colon = word.firstIndex(of: ":") else { return nil }
        let name = word[..<colon]
        let rest = word[word.index(after: colon)...]
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
              let first = rest.first, first != "/", first != ":"
        else { return nil }
        return String(name)
    }

    /// The value of a decimal digit of any script, or `nil`.
    static func decimalDigit(_ character: Character) -> Int? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
              scalar.properties.numericType == .decimal, let value = character.wholeNumberValue
        else { return nil }
        return value
    }
}

/// What the query lexer asks of each unit of text it walks: a `Character`, or a
/// `Unicode.Scalar` when every character of the query is one scalar.
protocol QueryUnit {
    /// Whether the unit is white space.
    var isQueryWhitespace: Bool { get }
    /// Whether the unit is exactly the ASCII character `ascii`.
    func isASCII(_ ascii: UInt8) -> Bool
    /// The value of the unit as a decimal digit of any script, or `nil`.
    var decimalDigitValue: Int? { get }
}

extension Character: QueryUnit {
    var isQueryWhitespace: Bool { isWhitespace }

    /// Compared by UTF-8 bytes: an Arabic letter is told apart at its first byte, without a
    /// string comparison.
    @inline(__always)
    func isASCII(_ ascii: UInt8) -> Bool {
        let utf8 = self.utf8
        return utf8.first == ascii && utf8.count == 1
    }

    var decimalDigitValue: Int? { QueryLexer.decimalDigit(self) }
}

extension Unicode.Scalar: QueryUnit {
    var isQueryWhitespace: Bool { properties.isWhitespace }

    @inline(__always)
    func isASCII(_ ascii: UInt8) -> Bool { value == UInt32(ascii) }

    var decimalDigitValue: Int? {
        guard properties.numericType == .decimal, let value = properties.numericValue else { return nil }
        return Int(value)
    }
}
