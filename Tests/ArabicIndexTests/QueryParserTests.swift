import Testing
import ArabicTokenizer
@testable import ArabicIndex

@Suite struct QueryParserTests {
    let parser = QueryParser(analyzer: ArabicAnalyzer())

    func error(_ query: String) -> QuerySyntaxError? {
        do {
            _ = try parser.parse(query)
            return nil
        } catch {
            return error
        }
    }

    @Test func syntaxErrorsWithColumns() {
        let cases: [(String, Int, String)] = [
            ("الذكاء \"مفتوح", 8, "unbalanced quote"),
            ("\"a\" \"b", 5, "unbalanced quote"),
            ("(apple banana", 1, "unclosed parenthesis"),
            ("apple (banana (cherry)", 7, "unclosed parenthesis"),
            ("apple banana)", 13, "unmatched closing parenthesis"),
            ("apple AND", 7, "AND needs a term after it"),
            ("الذكاء AND", 8, "AND needs a term after it"),
            ("AND apple", 1, "AND needs a term before it"),
            ("OR apple", 1, "OR needs a term before it"),
            ("apple OR OR banana", 7, "OR needs a term after it"),
            ("apple AND )", 7, "AND needs a term after it"),
            ("apple OR", 7, "OR needs a term after it"),
            ("NOT", 1, "NOT needs a term after it"),
            ("apple NOT", 7, "NOT needs a term after it"),
            ("apple + banana", 7, "+ needs a term right after it"),
            ("apple -", 7, "- needs a term right after it"),
            ("+AND", 1, "+ needs a term after it"),
            ("()", 1, "empty parentheses"),
            ("apple ( )", 7, "empty parentheses"),
            ("\"apple banana\"~", 15, "~ needs a number of words after it"),
            ("\"apple banana\"~99999", 16, "slop must be at most 10000"),
            ("title: apple", 1, "title: needs a term right after it"),
            ("apple text:", 7, "text: needs a term right after it"),
            ("*", 1, "* needs letters before it"),
            ("apple **", 7, "* needs letters before it"),
            ("(apple))", 8, "unmatched closing parenthesis"),
            ("apple foo:bar", 7, "unknown field \"foo\" (known: title, text); to search the words, quote them: \"foo:bar\""),
            ("Title:apple", 1, "unknown field \"Title\" (known: title, text); to search the words, quote them: \"Title:apple\""),
        ]
        for (query, column, message) in cases {
            let found = error(query)
            #expect(found == QuerySyntaxError(column: column, message: message), "\(query)")
        }
        #expect(QuerySyntaxError(column: 7, message: "unbalanced quote").description == "column 7: unbalanced quote")
    }

    @Test func canonicalTrees() throws {
        let cases: [(String, String)] = [
            // Not field names: digits before the colon, a URL, a quoted phrase.
            ("10:30", "\"10 30\""),
            ("\"foo:bar\"", "\"foo bar\""),
            ("apple", "apple"),
            ("apple banana", "apple banana"),
            ("apple +banana -cherry", "+banana apple -cherry"),
            ("apple AND banana", "+apple +banana"),
            ("apple AND banana OR cherry", "(+apple +banana) cherry"),
            ("apple OR banana AND cherry", "apple (+banana +cherry)"),
            ("apple AND NOT banana", "+apple -banana"),
            ("NOT apple", "-apple"),
            ("(apple OR banana) AND cherry", "+(apple banana) +cherry"),
            ("((apple))", "apple"),
            ("\"apple banana\"~2", "\"apple banana\"~2"),
            ("\"apple\"", "apple"),
            ("title:(apple OR banana)", "title:apple title:banana"),
            ("title:\"apple banana\" text:cherry", "title:\"apple banana\" text:cherry"),
            ("appl*", "appl*"),
            ("+title:appl*", "title:appl*"),
            ("and or not", "and or not"),
            ("COVID-19", "\"covid 19\""),
            ("\"الولد إلى المدرسة\"", "\"ولد ? مدرس\""),
            ("في الذكاء", "ذكاء"),
            ("\"apple banana\"~٢", "\"apple banana\"~2"),
            ("NOT NOT apple", "apple"),
            ("apple AND banana -cherry", "+apple +banana -cherry"),
            ("(apple AND banana) OR cherry -date", "(+apple +banana) cherry -date"),
            ("الذكاء AND (\"مفتوح المصدر\" OR لينكس) -جوجل", "+ذكاء +(\"مفتوح مصدر\" لينكس) -جوجل"),
        ]
        for (query, expected) in cases {
            #expect(try parser.parse(query).description == expected, "\(query)")
        }
        #expect(try parser.parse("في على") == .empty)
        #expect(try parser.parse("") == .empty)
        #expect(try parser.parse("apple") == .term("apple", field: nil))
        #expect(try parser.parse("\"apple banana\"") == .phrase(["apple", "banana"], slop: 0, field: nil))
    }

    @Test func randomInputNeverCrashes() throws {
        let index = try makeIndex([
            ("a", "عنوان", "تحالفت شركة Meta مع شركة IBM لدعم الذكاء الاصطناعي مفتوح المصدر"),
            ("b", "", "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ"),
        ])
        let pieces = ["\"", "(", ")", "+", "-", "*", "~", ":", "title:", "text:", "AND", "OR", "NOT", " ", " ",
                      "الذكاء", "شركة", "في", "ذك", "\u{064E}", "\u{0640}", "ﻻ", "IBM", "2", "٣", "\u{200F}",
                      "a", "😀", "\n", "\\", "«", "»", "،", "title:(", "\"~", "**", "ـ"]
        var generator = SplitMix64(state: 2024)
        var parsed = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 0...12, using: &generator)
            var query = ""
            for _ in 0..<length {
                if Int.random(in: 0..<10, using: &generator) == 0 {
                    // An arbitrary scalar, sometimes far outside Arabic.
                    let value = UInt32.random(in: 0...0x2FFFF, using: &generator)
                    query.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
                } else {
                    query += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
                }
            }
            do {
                let results = try index.search(query)
                #expect(results.hits.count <= 2)
                parsed += 1
            } catch {
                guard case .syntax(let problem) = error else {
                    Issue.record("an in-memory search failed with \(error)")
                    continue
                }
                #expect(problem.column >= 1 && problem.column <= query.count + 1, "\(query)")
            }
        }
        #expect(parsed > 100)
        // Deep nesting is an error, not a stack overflow.
        let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        #expect(error(deep)?.message == "query nested too deeply")
        #expect(error(String(repeating: "NOT ", count: 5000) + "a")?.message == "query nested too deeply")
    }
}

@Suite("Query lexer: scalar and character paths")
struct QueryLexerPathTests {
    /// The lexer's tokens, or its error, as one comparable value.
    static func outcome<Units: BidirectionalCollection>(_ text: String, _ units: Units) -> String
        where Units.Index == String.Index, Units.Element: QueryUnit
    {
        do throws(QuerySyntaxError) {
            return "\(try QueryLexer.tokens(of: text, units: units))"
        } catch {
            return "error at \(error.column): \(error.message)"
        }
    }

    /// Queries made only of characters that are always their own grapheme (operators, digits
    /// of both scripts, Arabic letters, spaces) give the same tokens and columns, or the same
    /// error, walked as scalars as walked as characters.
    @Test func scalarPathEqualsCharacterPath() {
        let pieces = ["\"", "(", ")", "+", "-", "*", "~", ":", "title:", "text:", "AND", "OR", "NOT", " ", "  ",
                      "الذكاء", "شركة", "في", "ذك", "ـ", "IBM", "2", "٣", "۴", "a", "،", "؟", "title:(", "\"~", "~١٢",
                      "-x", "+ب", "٪", "پ"]
        var generator = SplitMix64(state: 77)
        var errors = 0
        for _ in 0..<4000 {
            var query = ""
            for _ in 0..<Int.random(in: 0...10, using: &generator) {
                query += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            #expect(query.unicodeScalars.allSatisfy(QueryLexer.isAlwaysOwnCharacter), "\(query)")
            let scalars = Self.outcome(query, query.unicodeScalars)
            #expect(scalars == Self.outcome(query, query), "\(query)")
            if scalars.hasPrefix("error") { errors += 1 }
        }
        #expect(errors > 100)
    }

    /// A query with marks takes the character path: columns count characters, not scalars.
    @Test func marksKeepCharacterColumns() throws {
        let text = "كَتَبَ (\"بَ"
        #expect(!text.unicodeScalars.allSatisfy(QueryLexer.isAlwaysOwnCharacter))
        #expect(throws: QuerySyntaxError.self) { try QueryLexer.tokens(of: text) }
        do throws(QuerySyntaxError) {
            _ = try QueryLexer.tokens(of: text)
        } catch {
            // The quote is the 6th character (the 9th scalar).
            #expect(error.column == 6)
        }
        #expect(try QueryLexer.tokens(of: "كَتَبَ (") == [QueryToken(kind: .word("كَتَبَ"), column: 1),
                                                      QueryToken(kind: .openParenthesis, column: 5)])
    }
}
