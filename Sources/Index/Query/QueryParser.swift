import ArabicTokenizer

/// Parses the query language into a ``Query`` tree of analyzed terms.
///
/// The language:
///
/// | syntax | meaning |
/// |---|---|
/// | `ذكاء اصطناعي` | either word (bare words are alternatives, ranked by BM25) |
/// | `+ذكاء` / `-جوجل` | the word is required / excluded |
/// | `a AND b`, `a OR b`, `NOT a` | both / either / not; `NOT` binds tighter than `AND`, `AND` tighter than `OR` (and than juxtaposition) |
/// | `( … )` | grouping |
/// | `"مفتوح المصدر"` | a phrase: the words at consecutive positions |
/// | `"تحالف شركة"~2` | a phrase within a slop of 2: in order, at most 2 positions out of place in total |
/// | `الذكا*` | every term beginning with the word's prefix term |
/// | `الزكاء~`, `الزكاء~1` | every term within a spelling budget of the word's term: by its length, or 0–2 edits (see `SpellingCosts`) |
/// | `title:تحالف`, `text:"…"`, `title:(a b)` | restricted to one field |
///
/// Keywords are upper case ASCII; `+`, `-` and `field:` must touch the word they apply to.
/// Every word and phrase is analyzed with the index's analyzer, so folding, stop words and
/// stemming apply to queries as to documents: a stop word disappears (a phrase keeps a one-word
/// gap for it), a word the analyzer splits in several terms becomes a phrase of them. `NOT x`
/// and `-x` among alternatives exclude `x` from all of them (`a OR NOT b` is `a -b`); a group
/// of only exclusions inside another clause, like `a AND (NOT b)`, is everything but them.
///
/// ```swift
/// let parser = QueryParser(analyzer: ArabicAnalyzer())
/// try parser.parse("الذكاء AND (\"مفتوح المصدر\" OR لينكس) -جوجل").description
/// // "+ذكاء +(\"مفتوح مصدر\" لينكس) -جوجل"
/// ```
public struct QueryParser: Sendable {
    /// The analyzer that turns query words into index terms: the index's analyzer.
    public let analyzer: any Analyzer

    /// The deepest nesting of parentheses and `NOT`s a query may have.
    public static let maximumDepth = 100

    /// A parser that analyzes words with `analyzer`.
    public init(analyzer: any Analyzer) {
        self.analyzer = analyzer
    }

    /// The query tree of `text`.
    ///
    /// A query with nothing searchable (empty, only stop words or marks) gives
    /// ``Query/empty``. Throws ``QuerySyntaxError`` with the 1-based column for an unbalanced
    /// quote or parenthesis, an operator without its operand, empty parentheses, a bad slop, or a
    /// lone `*`.
    public func parse(_ text: String) throws(QuerySyntaxError) -> Query {
        var state = QueryParserState(tokens: try QueryLexer.tokens(of: text), analyzer: analyzer,
                                     endColumn: text.count + 1)
        return try state.parseQuery()
    }
}

/// The recursive descent over the tokens of one query.
struct QueryParserState {
    enum Occurrence {
        case should, must, mustNot
    }

    /// A clause and how it occurs among its siblings; `nil` when nothing in it is searchable.
    typealias Clause = (occurrence: Occurrence, query: Query?)

    let tokens: [QueryToken]
    let analyzer: any Analyzer
    let endColumn: Int
    var index = 0
    var depth = 0

    init(tokens: [QueryToken], analyzer: any Analyzer, endColumn: Int) {
        self.tokens = tokens
        self.analyzer = analyzer
        self.endColumn = endColumn
    }

    private var next: QueryToken? { index < tokens.count ? tokens[index] : nil }

    mutating func parseQuery() throws(QuerySyntaxError) -> Query {
        let query = try parseDisjunction()
        if let extra = next {
            throw QuerySyntaxError(column: extra.column, message: "unmatched closing parenthesis")
        }
        return query ?? .empty
    }

    /// Alternatives: conjunctions separated by `OR` or by nothing, up to `)` or the end.
    private mutating func parseDisjunction() throws(QuerySyntaxError) -> Query? {
        var clauses: [Clause] = []
        while let token = next, token.kind != .closeParenthesis {
            switch token.kind {
            case .or:
                guard !clauses.isEmpty else { throw Self.error(token, "OR needs a term before it") }
                index += 1
                try expectOperand(after: token, "OR")
            case .and:
                throw Self.error(token, "AND needs a term before it")
            default:
                clauses.append(try parseConjunction())
            }
        }
        return Self.combine(clauses)
    }

    /// Operands joined by `AND`: all required.
    private mutating func parseConjunction() throws(QuerySyntaxError) -> Clause {
        let first = try parseUnary()
        // A lone operand (the usual case) needs no list.
        guard let token = next, token.kind == .and else { return first }
        var operands = [first]
        while let token = next, token.kind == .and {
            index += 1
            try expectOperand(after: token, "AND")
            operands.append(try parseUnary())
        }
        var must: [Query] = []
        var mustNot: [Query] = []
        for operand in operands {
            guard let query = operand.query else { continue }
            if operand.occurrence == .mustNot {
                mustNot.append(query)
            } else if case .boolean(let should, let innerMust, let innerMustNot) = query, should.isEmpty {
                must += innerMust
                mustNot += innerMustNot
            } else {
                must.append(query)
            }
        }
        if must.isEmpty && mustNot.isEmpty { return (.should, nil) }
        if mustNot.isEmpty && must.count == 1 { return (.should, must[0]) }
        return (.should, .boolean(should: [], must: must, mustNot: mustNot))
    }

    /// `NOT`, `+` or `-` before an operand, or a primary.
    private mutating func parseUnary() throws(QuerySyntaxError) -> Clause {
        guard let token = next else {
            throw QuerySyntaxError(column: endColumn, message: "expected a term")
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= QueryParser.maximumDepth else {
            throw Self.error(token, "query nested too deeply")
        }
        switch token.kind {
        case .not, .minus:
            index += 1
            try expectOperand(after: token, token.kind == .not ? "NOT" : "-")
            let inner = try parseUnary()
            return (inner.occurrence == .mustNot ? .must : .mustNot, inner.query)
        case .plus:
            index += 1
            try expectOperand(after: token, "+")
            let inner = try parseUnary()
            return (inner.occurrence == .mustNot ? .mustNot : .must, inner.query)
        default:
            return (.should, try parsePrimary())
        }
    }

    /// A word, a phrase, a group in parentheses, or a field restriction of one of them.
    private mutating func parsePrimary() throws(QuerySyntaxError) -> Query? {
        guard let token = next else {
            throw QuerySyntaxError(column: endColumn, message: "expected a term")
        }
        switch token.kind {
        case .word(let word):
            index += 1
            return try analyzeWord(word, column: token.column)
        case .phrase(let text, let slop):
            index += 1
            return Self.phraseOrTerm(analyzer.analyze(text), slop: slop)
        case .field(let field):
            index += 1
            guard let operand = next, Self.startsPrimary(operand.kind) else {
                throw Self.error(token, "\(field.rawValue): needs a term right after it")
            }
            return try parsePrimary()?.restricted(to: field)
        case .openParenthesis:
            index += 1
            if next?.kind == .closeParenthesis { throw Self.error(token, "empty parentheses") }
            let inner = try parseDisjunction()
            guard next?.kind == .closeParenthesis else { throw Self.error(token, "unclosed parenthesis") }
            index += 1
            return inner
        case .closeParenthesis:
            throw Self.error(token, "unmatched closing parenthesis")
        case .and:
            throw Self.error(token, "AND needs a term before it")
        case .or:
            throw Self.error(token, "OR needs a term before it")
        case .not, .plus, .minus:
            throw Self.error(token, "expected a term")
        }
    }

    /// Throws unless the next token can begin an operand of `name`.
    private func expectOperand(after token: QueryToken, _ name: String) throws(QuerySyntaxError) {
        guard let operand = next, Self.startsOperand(operand.kind) else {
            throw Self.error(token, "\(name) needs a term after it")
        }
    }

    private static func startsOperand(_ kind: QueryToken.Kind) -> Bool {
        switch kind {
        case .not, .plus, .minus: return true
        default: return startsPrimary(kind)
        }
    }

    private static func startsPrimary(_ kind: QueryToken.Kind) -> Bool {
        switch kind {
        case .word, .phrase, .openParenthesis, .field: return true
        default: return false
        }
    }

    private func analyzeWord(_ word: String, column: Int) throws(QuerySyntaxError) -> Query? {
        if let (stem, edits) = try Self.fuzzyParts(of: word, column: column) {
            // A word the analyzer splits in several terms: each of them, fuzzy, required.
            let terms = analyzer.analyze(stem).map { Query.fuzzy($0.term, edits: edits, field: nil) }
            guard terms.count > 1 else { return terms.first }
            return .boolean(should: [], must: terms, mustNot: [])
        }
        guard word.hasSuffix("*") else {
            return Self.phraseOrTerm(analyzer.analyze(word), slop: 0)
        }
        var stem = Substring(word)
        while stem.hasSuffix("*") { stem = stem.dropLast() }
        guard !stem.isEmpty else {
            throw QuerySyntaxError(column: column, message: "* needs letters before it")
        }
        return analyzer.prefixTerm(String(stem)).map { .prefix($0, field: nil) }
    }

    /// The largest budget of a fuzzy term, in edits.
    public static let maximumFuzzyEdits = 2

    /// For `word~` and `word~N`: the word and its budget (`nil` when none is written); `nil`
    /// for a word without a final `~…`.
    private static func fuzzyParts(of word: String, column: Int) throws(QuerySyntaxError) -> (String, Int?)? {
        guard let tilde = word.lastIndex(of: "~") else { return nil }
        let digits = word[word.index(after: tilde)...]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let stem = String(word[..<tilde])
        guard !stem.isEmpty, stem.contains(where: { $0 != "~" }) else {
            throw QuerySyntaxError(column: column, message: "~ needs a word before it")
        }
        guard !digits.isEmpty else { return (stem, nil) }
        guard let edits = Int(digits), edits <= maximumFuzzyEdits else {
            let tildeColumn = column + word.distance(from: word.startIndex, to: tilde)
            throw QuerySyntaxError(column: tildeColumn, message: "a fuzzy term allows at most \(maximumFuzzyEdits) edits (~0, ~1 or ~2), not ~\(digits)")
        }
        return (stem, edits)
    }

    /// The largest gap (removed stop words) kept between two phrase terms.
    static let maximumGap = 32

    /// A term for one token, a phrase for several (with `nil` gaps where positions skip), `nil`
    /// for none.
    static func phraseOrTerm(_ tokens: [Token], slop: Int) -> Query? {
        guard let first = tokens.first else { return nil }
        if tokens.count == 1 { return .term(first.term, field: nil) }
        var slots: [String?] = [first.term]
        var previous = first.position
        for token in tokens.dropFirst() where token.position > previous {
            let gap = min(token.position - previous - 1, maximumGap)
            slots += [String?](repeating: nil, count: gap)
            slots.append(token.term)
            previous = token.position
        }
        if slots.count == 1 { return .term(first.term, field: nil) }
        return .phrase(slots, slop: slop, field: nil)
    }

    /// The query of alternatives `clauses`, simplified: a single clause stands for itself and
    /// nested groups of the same kind are flattened.
    static func combine(_ clauses: [Clause]) -> Query? {
        var should: [Query] = []
        var must: [Query] = []
        var mustNot: [Query] = []
        for clause in clauses {
            guard let query = clause.query else { continue }
            switch clause.occurrence {
            case .should:
                if case .boolean(let innerShould, let innerMust, let innerMustNot) = query,
                   innerMust.isEmpty, innerMustNot.isEmpty {
                    should += innerShould
                } else {
                    should.append(query)
                }
            case .must:
                if case .boolean(let innerShould, let innerMust, let innerMustNot) = query,
                   innerShould.isEmpty, !innerMust.isEmpty {
                    must += innerMust
                    mustNot += innerMustNot
                } else {
                    must.append(query)
                }
            case .mustNot:
                mustNot.append(query)
            }
        }
        if must.isEmpty && mustNot.isEmpty && should.count <= 1 { return should.first }
        // A lone alternative is required: `(a AND b) -c` is `+a +b -c`.
        if must.isEmpty, should.count == 1,
           case .boolean(let innerShould, let innerMust, let innerMustNot) = should[0],
           innerShould.isEmpty, !innerMust.isEmpty {
            return .boolean(should: [], must: innerMust, mustNot: innerMustNot + mustNot)
        }
        if should.isEmpty && mustNot.isEmpty && must.count == 1 { return must[0] }
        return .boolean(should: should, must: must, mustNot: mustNot)
    }

    private static func error(_ token: QueryToken, _ message: String) -> QuerySyntaxError {
        QuerySyntaxError(column: token.column, message: message)
    }
}
