import ArabicIndex
import ArabicSearchServer
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
        if let suggestion = results.suggestion, !suggestion.wasSearched {
            let hits = suggestion.totalHits == 1 ? "1 hit" : "\(suggestion.totalHits) hits"
            out += render("Did you mean: \(Terminal.visible(suggestion.query))  (\(hits))", style: style, dim: false) + "\n"
        }
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

    /// The documented JSON object (``ResponseJSON/searchResults(_:milliseconds:explain:offset:)``).
    static func json(_ results: SearchResults, milliseconds: Double, explain: Bool) -> String {
        ResponseJSON.searchResults(results, milliseconds: milliseconds, explain: explain)
    }
}
