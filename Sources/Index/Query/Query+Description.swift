extension Query: CustomStringConvertible {
    /// The canonical text of the tree, in the query language: `+` marks a required clause, `-`
    /// an excluded one, nested booleans are in parentheses, `?` stands for a phrase gap and terms
    /// are shown as analyzed. The empty query is the empty string.
    ///
    /// ```swift
    /// Query.boolean(should: [.term("ذكاء", field: nil)], must: [.prefix("شرك", field: .title)], mustNot: [])
    ///     .description   // "+title:شرك* ذكاء"
    /// Query.phrase(["زايد", nil, "ذكاء"], slop: 1, field: nil).description   // "\"زايد ? ذكاء\"~1"
    /// ```
    public var description: String {
        render(nested: false)
    }

    private func render(nested: Bool) -> String {
        switch self {
        case .term(let term, let field):
            return Self.fieldPrefix(field) + term
        case .prefix(let term, let field):
            return Self.fieldPrefix(field) + term + "*"
        case .fuzzy(let term, let edits, let field):
            return Self.fieldPrefix(field) + term + "~" + (edits.map(String.init) ?? "")
        case .phrase(let terms, let slop, let field):
            let words = terms.map { $0 ?? "?" }.joined(separator: " ")
            return Self.fieldPrefix(field) + "\"" + words + "\"" + (slop > 0 ? "~\(slop)" : "")
        case .boolean(let should, let must, let mustNot):
            let clauses = must.map { "+" + $0.render(nested: true) }
                + should.map { $0.render(nested: true) }
                + mustNot.map { "-" + $0.render(nested: true) }
            let body = clauses.joined(separator: " ")
            return nested ? "(" + body + ")" : body
        }
    }

    private static func fieldPrefix(_ field: DocumentField?) -> String {
        field.map { $0.rawValue + ":" } ?? ""
    }
}
