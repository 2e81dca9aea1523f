import ArabicIndex
import Foundation

/// Formats search results for people and for programs.
enum SearchOutput {
    private static let highlightOn = "\u{1B}[1;31m"
    private static let highlightOff = "\u{1B}[0m"
    private static let dimOn = "\u{1B}[2m"
    // Private-use markers that survive bidi reordering; each one toggles highlighting.
    private static let marker: Unicode.Scalar = "\u{E000}"

    /// One block per hit: rank, score (3 decimals), id and title, then the snippet.
    static func human(_ results: SearchResults, style: OutputStyle, explain: Bool) -> String {
        var out = ""
        for hit in results.hits {
            // Identifiers, titles and texts come from the user's documents: their control
            // characters are made visible (an escape sequence in a title must not drive the terminal).
            var header = "\(hit.rank). \(Terminal.visible(hit.id))  \(String(format: "%.3f", hit.score))"
            if !hit.title.isEmpty { header += "  " + Terminal.visible(hit.title) }
            out += render(header, style: style, dim: false) + "\n"
            out += "   " + render(marked(hit.snippet), style: style, dim: false) + "\n"
            if explain, let explanation = hit.explanation {
                for c in explanation.contributions {
                    let line = "   " + String(
                        format: "%@ %@: idf %.4f × tf %d (dl %d, avgdl %.2f) × boost %.2f = %.4f",
                        c.field.rawValue as NSString, Terminal.visible(c.term) as NSString, c.idf, c.termFrequency,
                        c.documentLength, c.averageDocumentLength, c.boost, c.score)
                    out += render(line, style: style, dim: true) + "\n"
                }
                for part in explanation.secondPhase {
                    let line: String
                    switch part.kind {
                    case .proximity(let weight, let length, let average):
                        line = "   " + String(format: "%@: weight %.2f (dl %d, avgdl %.2f) = %+.4f",
                                              part.label as NSString, weight, length, average, part.score)
                    case .coverage(_, _, let factor):
                        line = "   " + String(format: "%@: × %.4f = %+.4f", part.label as NSString, factor, part.score)
                    }
                    out += render(line, style: style, dim: true) + "\n"
                }
            }
        }
        return out
    }

    /// The snippet on one line with a marker before and after each highlight.
    private static func marked(_ snippet: Snippet) -> String {
        let bytes = Array(snippet.text.utf8)
        var result = ""
        var position = 0
        for range in snippet.highlights.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            guard range.lowerBound >= position, range.upperBound <= bytes.count else { continue }
            result += Terminal.visible(String(decoding: bytes[position..<range.lowerBound], as: UTF8.self))
            result.unicodeScalars.append(marker)
            result += Terminal.visible(String(decoding: bytes[range], as: UTF8.self))
            result.unicodeScalars.append(marker)
            position = range.upperBound
        }
        result += Terminal.visible(String(decoding: bytes[position...], as: UTF8.self))
        return result
    }

    /// A line reordered if the terminal needs it, with markers turned into colour (or removed).
    private static func render(_ line: String, style: OutputStyle, dim: Bool) -> String {
        let ordered = style.reordersLines ? Terminal.visualLine(line) : line
        var out = style.colorsHighlights && dim ? dimOn : ""
        var on = false
        for scalar in ordered.unicodeScalars {
            if scalar == marker {
                on.toggle()
                if style.colorsHighlights { out += on ? highlightOn : highlightOff }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if style.colorsHighlights && (on || dim) { out += highlightOff }
        return out
    }

    /// The documented JSON object: query, parsed, total_hits, total_hits_exact, took_ms, hits.
    /// An explanation as nested JSON objects: `score`, `summary` and `details` (the parts).
    private static func tree(_ node: Explanation) -> String {
        JSONText.object([
            ("score", JSONText.number(node.score)),
            ("summary", JSONText.string(node.summary)),
            ("details", "[" + node.details.map(tree).joined(separator: ",") + "]"),
        ])
    }

    static func json(_ results: SearchResults, milliseconds: Double, explain: Bool) -> String {
        let hits = results.hits.map { hit -> String in
            var members: [(String, String)] = [
                ("rank", String(hit.rank)),
                ("id", JSONText.string(hit.id)),
                ("score", JSONText.number(hit.score)),
                ("title", JSONText.string(hit.title)),
                ("text", JSONText.string(hit.text)),
                ("snippet", JSONText.string(hit.snippet.text)),
                ("highlights", "[" + hit.snippet.highlights.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"),
            ]
            if explain, let explanation = hit.explanation {
                var terms = explanation.contributions.map { c in
                    JSONText.object([
                        ("term", JSONText.string(c.term)),
                        ("field", JSONText.string(c.field.rawValue)),
                        ("idf", JSONText.number(c.idf)),
                        ("tf", String(c.termFrequency)),
                        ("dl", String(c.documentLength)),
                        ("avgdl", JSONText.number(c.averageDocumentLength)),
                        ("boost", JSONText.number(c.boost)),
                        ("score", JSONText.number(c.score)),
                    ])
                }
                // The second phase's parts, in the same shape: `term` is the label, `boost` the
                // proximity weight or the coverage factor, `tf` the matched clauses.
                terms += explanation.secondPhase.map { part in
                    let (tf, dl, avgdl, boost): (Int, Int, Double, Double)
                    switch part.kind {
                    case .proximity(let weight, let length, let average): (tf, dl, avgdl, boost) = (0, length, average, weight)
                    case .coverage(let matched, _, let factor): (tf, dl, avgdl, boost) = (matched, 0, 0, factor)
                    }
                    return JSONText.object([
                        ("term", JSONText.string(part.label)),
                        ("field", JSONText.string(DocumentField.text.rawValue)),
                        ("idf", JSONText.number(0)),
                        ("tf", String(tf)),
                        ("dl", String(dl)),
                        ("avgdl", JSONText.number(avgdl)),
                        ("boost", JSONText.number(boost)),
                        ("score", JSONText.number(part.score)),
                    ])
                }
                members.append(("explanation", "[" + terms.joined(separator: ",") + "]"))
                members.append(("explanation_tree", tree(explanation)))
            }
            return JSONText.object(members)
        }
        var object: [(String, String)] = [
            ("query", JSONText.string(results.query)),
            ("parsed", JSONText.string(results.parsed)),
            ("total_hits", String(results.totalHits)),
            ("total_hits_exact", results.totalHitsIsExact ? "true" : "false"),
            ("took_ms", JSONText.number((milliseconds * 1000).rounded() / 1000)),
            ("hits", "[" + hits.joined(separator: ",") + "]"),
        ]
        if !results.notices.isEmpty {
            object.append(("notices", "[" + results.notices.map(JSONText.string).joined(separator: ",") + "]"))
        }
        return JSONText.object(object) + "\n"
    }
}
