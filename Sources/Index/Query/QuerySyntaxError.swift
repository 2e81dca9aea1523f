/// A query string that does not follow the query language, with where the problem is.
///
/// ```swift
/// do {
///     _ = try QueryParser(analyzer: ArabicAnalyzer()).parse("الذكاء \"مفتوح")
/// } catch {
///     print(error)   // "column 8: unbalanced quote"
/// }
/// ```
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based column of the problem, counted in characters of the query.
    public let column: Int
    /// What is wrong.
    public let message: String

    /// An error at `column` (1-based, in characters).
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    /// `column N: message`.
    public var description: String { "column \(column): \(message)" }
}
