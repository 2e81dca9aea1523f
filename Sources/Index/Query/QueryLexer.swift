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
        let characters = Array(text)
        var tokens: [QueryToken] = []
        var index = 0

        func isWordEnd(_ character: Character) -> Bool {
            character.isWhitespace || character == "(" || character == ")" || character == "\""
        }

        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "(" {
                tokens.append(QueryToken(kind: .openParenthesis, column: column))
                index += 1
            } else if character == ")" {
                tokens.append(QueryToken(kind: .closeParenthesis, column: column))
                index += 1
            } else if character == "\"" {
                guard let close = characters[(index + 1)...].firstIndex(of: "\"") else {
                    throw QuerySyntaxError(column: column, message: "unbalanced quote")
                }
                let phrase = String(characters[(index + 1)..<close])
                index = close + 1
                var slop = 0
                if index < characters.count, characters[index] == "~" {
                    let tildeColumn = index + 1
                    // Any decimal digits: ASCII, or Arabic-Indic as an Arabic keyboard types them.
                    var end = index + 1
                    var value = 0
                    while end < characters.count, let digit = decimalDigit(characters[end]) {
                        value = min(value * 10 + digit, maximumSlop + 1)
                        end += 1
                    }
                    guard end > index + 1 else {
                        throw QuerySyntaxError(column: tildeColumn, message: "~ needs a number of words after it")
                    }
                    guard value <= maximumSlop else {
                        throw QuerySyntaxError(column: tildeColumn + 1, message: "slop must be at most \(maximumSlop)")
                    }
                    slop = value
                    index = end
                }
                tokens.append(QueryToken(kind: .phrase(phrase, slop: slop), column: column))
            } else if character == "+" || character == "-" {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                guard let next, !next.isWhitespace, next != ")" else {
                    throw QuerySyntaxError(column: column, message: "\(character) needs a term right after it")
                }
                tokens.append(QueryToken(kind: character == "+" ? .plus : .minus, column: column))
                index += 1
            } else {
                var end = index
                while end < characters.count, !isWordEnd(characters[end]) { end += 1 }
                let word = String(characters[index..<end])
                switch word {
                case "AND": tokens.append(QueryToken(kind: .and, column: column))
                case "OR": tokens.append(QueryToken(kind: .or, column: column))
                case "NOT": tokens.append(QueryToken(kind: .not, column: column))
                default:
                    if let field = DocumentField.allCases.first(where: { word.hasPrefix($0.rawValue + ":") }) {
                        tokens.append(QueryToken(kind: .field(field), column: column))
                        let nameLength = field.rawValue.count + 1
                        let rest = String(word.dropFirst(nameLength))
                        if !rest.isEmpty {
                            tokens.append(QueryToken(kind: .word(rest), column: column + nameLength))
                        } else if end >= characters.count || (characters[end] != "\"" && characters[end] != "(") {
                            throw QuerySyntaxError(
                                column: column, message: "\(field.rawValue): needs a term right after it")
                        }
                    } else {
                        tokens.append(QueryToken(kind: .word(word), column: column))
                    }
                }
                index = end
            }
        }
        return tokens
    }

    /// The value of a decimal digit of any script, or `nil`.
    static func decimalDigit(_ character: Character) -> Int? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
              scalar.properties.numericType == .decimal, let value = character.wholeNumberValue
        else { return nil }
        return value
    }
}
