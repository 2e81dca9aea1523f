/// A query tree over analyzed index terms.
///
/// Parse a query string with ``QueryParser``, or build a tree directly. Terms in the tree are
/// index terms, already analyzed (folded and stemmed) as the index's analyzer does it. A
/// `field` of `nil` searches both the title and the text.
///
/// - ``term(_:field:)`` matches documents containing the term.
/// - ``phrase(_:slop:field:)`` matches the terms at consecutive positions; `nil` entries are
///   gaps (a stop word removed by the analyzer) that must be any one word in the document. With
///   a `slop` above 0 the terms must appear in the same order, the total of how far each one is
///   from where it should be (in positions) being at most `slop`.
/// - ``prefix(_:field:)`` matches every index term beginning with the given term.
/// - ``boolean(should:must:mustNot:)`` matches documents containing every `must` clause and no
///   `mustNot` clause; when there is no `must` clause, at least one `should` clause must match.
///   Matched `should` clauses add to the score. A boolean of only `mustNot` clauses at the top of
///   a query matches nothing; nested in another clause it matches every document that none of
///   its clauses match.
///
/// ```swift
/// let query = Query.boolean(should: [.term("ذكاء", field: nil)],
///                           must: [.phrase(["مفتوح", "مصدر"], slop: 0, field: .text)],
///                           mustNot: [.prefix("جوج", field: nil)])
/// query.description   // #"+text:"مفتوح مصدر" ذكاء -جوج*"#
/// ```
public enum Query: Sendable, Hashable {
    /// Documents containing an index term.
    case term(String, field: DocumentField?)
    /// Documents containing index terms at consecutive positions (`nil` for a one-word gap),
    /// within `slop` positions of movement.
    case phrase([String?], slop: Int, field: DocumentField?)
    /// Documents containing an index term that begins with the given one.
    case prefix(String, field: DocumentField?)
    /// Documents containing an index term within a spelling budget of the given one: at most
    /// `edits` edits (each slip costing its `SpellingCosts`), or, when `nil`, a budget chosen
    /// by the term's length (see ``FuzzyBudget``).
    case fuzzy(String, edits: Int?, field: DocumentField?)
    /// A combination of required, optional and excluded clauses.
    case boolean(should: [Query], must: [Query], mustNot: [Query])

    /// The query that matches nothing and has no terms.
    public static let empty = Query.boolean(should: [], must: [], mustNot: [])

    /// Whether the tree contains no term, phrase or prefix at all.
    public var isEmpty: Bool {
        switch self {
        case .term, .phrase, .prefix, .fuzzy: return false
        case .boolean(let should, let must, let mustNot):
            return should.allSatisfy(\.isEmpty) && must.allSatisfy(\.isEmpty) && mustNot.allSatisfy(\.isEmpty)
        }
    }

    /// Whether the query, at its top, only excludes: a boolean with `mustNot` clauses and no
    /// `must` or `should` clause.
    public var isPurelyNegative: Bool {
        if case .boolean(let should, let must, let mustNot) = self {
            return should.isEmpty && must.isEmpty && !mustNot.isEmpty
        }
        return false
    }

    /// The query with `field` applied to every term, phrase and prefix that has no field.
    public func restricted(to field: DocumentField) -> Query {
        switch self {
        case .term(let term, let own): return .term(term, field: own ?? field)
        case .phrase(let terms, let slop, let own): return .phrase(terms, slop: slop, field: own ?? field)
        case .prefix(let term, let own): return .prefix(term, field: own ?? field)
        case .fuzzy(let term, let edits, let own): return .fuzzy(term, edits: edits, field: own ?? field)
        case .boolean(let should, let must, let mustNot):
            return .boolean(should: should.map { $0.restricted(to: field) },
                            must: must.map { $0.restricted(to: field) },
                            mustNot: mustNot.map { $0.restricted(to: field) })
        }
    }
}
