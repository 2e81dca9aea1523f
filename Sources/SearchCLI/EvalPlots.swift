import ArabicEvaluation
import ArabicIndex
import ArabicSearchServer
import Foundation

/// Hand-written SVG charts of evaluation results.
enum EvalPlots {
    /// A heat map of a sweep: for two parameters a grid of cells (first parameter down, second
    /// across), otherwise one row; darker is better, the best cell outlined, values written in.
    static func heatMap(_ result: SweepResult) -> String {
        let names = result.grid.parameters.map(\.rawValue)
        let rowValues = result.grid.parameters.count == 2 ? result.grid.values[0] : [0]
        let columnCount = result.grid.parameters.count == 2 ? result.grid.values[1].count : result.cells.count
        let cell = (width: 56.0, height: 24.0)
        let margin = (left: 70.0, top: 60.0)
        let width = margin.left + Double(columnCount) * cell.width + 20
        let height = margin.top + Double(rowValues.count) * cell.height + 30
        let low = result.means.min() ?? 0
        let high = result.means.max() ?? 1
        var svg = header(width: width, height: height)
        let title = "\(result.metric.name) over \(names.joined(separator: " × "))"
        svg += text(title, x: 10, y: 20, size: 14)
        if result.grid.parameters.count == 2 {
            svg += text("\(names[0]) ↓  \(names[1]) →", x: 10, y: 40, size: 11)
            for (c, value) in result.grid.values[1].enumerated() {
                svg += text(RankingChoices.written(value), x: margin.left + (Double(c) + 0.5) * cell.width,
                            y: margin.top - 6, size: 10, anchor: "middle")
            }
            for (r, value) in rowValues.enumerated() {
                svg += text(RankingChoices.written(value), x: margin.left - 6,
                            y: margin.top + (Double(r) + 0.65) * cell.height, size: 10, anchor: "end")
            }
        }
        let best = result.bestIndex
        for (index, mean) in result.means.enumerated() {
            let r = index / columnCount
            let c = index % columnCount
            let x = margin.left + Double(c) * cell.width
            let y = margin.top + Double(r) * cell.height
            let share = high > low ? (mean - low) / (high - low) : 1
            let shade = Int((235 - 185 * share).rounded())
            let stroke = index == best ? " stroke=\"#d00\" stroke-width=\"2\"" : " stroke=\"#fff\""
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell.width)\" height=\"\(cell.height)\" fill=\"rgb(\(shade),\(shade + 10),255)\"\(stroke)/>\n"
            svg += text(EvalFormat.fixed(mean), x: x + cell.width / 2, y: y + cell.height * 0.65, size: 10,
                        anchor: "middle", color: share > 0.6 ? "#fff" : "#000")
        }
        return svg + "</svg>\n"
    }

    /// One bar per topic for B − A on `metric`, sorted from largest gain to largest loss.
    static func differenceBars(_ changes: [RunComparison.TopicChange], metric: Metric) -> String {
        let sorted = changes.sorted {
            $0.difference != $1.difference ? $0.difference > $1.difference : $0.topic.utf8.lexicographicallyPrecedes($1.topic.utf8)
        }
        let barWidth = max(1.0, min(8.0, 900.0 / Double(max(1, sorted.count))))
        let plotHeight = 300.0
        let margin = (left: 60.0, top: 40.0)
        let width = margin.left + Double(sorted.count) * barWidth + 20
        let height = margin.top + plotHeight + 40
        let scale = max(1e-9, sorted.map { abs($0.difference) }.max() ?? 1)
        let zero = margin.top + plotHeight / 2
        var svg = header(width: width, height: height)
        let gains = sorted.filter { $0.difference > 0 }.count
        let losses = sorted.filter { $0.difference < 0 }.count
        svg += text("\(metric.name): B − A per topic (\(gains) better, \(losses) worse, \(sorted.count - gains - losses) equal)",
                    x: 10, y: 20, size: 14)
        svg += text(EvalFormat.signed(scale), x: margin.left - 4, y: margin.top + 4, size: 10, anchor: "end")
        svg += text(EvalFormat.signed(-scale), x: margin.left - 4, y: margin.top + plotHeight, size: 10, anchor: "end")
        svg += "<line x1=\"\(margin.left)\" y1=\"\(zero)\" x2=\"\(width - 20)\" y2=\"\(zero)\" stroke=\"#888\"/>\n"
        for (index, change) in sorted.enumerated() where change.difference != 0 {
            let length = abs(change.difference) / scale * plotHeight / 2
            let y = change.difference > 0 ? zero - length : zero
            let color = change.difference > 0 ? "#2a7" : "#c33"
            svg += "<rect x=\(quoted(margin.left + Double(index) * barWidth)) y=\(quoted(y)) width=\(quoted(barWidth)) height=\(quoted(length)) fill=\"\(color)\"><title>\(escape(change.topic)) \(EvalFormat.signed(change.difference))</title></rect>\n"
        }
        return svg + "</svg>\n"
    }

    private static func header(width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\(quoted(width)) height=\(quoted(height)) font-family=\"sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    }

    private static func text(_ content: String, x: Double, y: Double, size: Int, anchor: String = "start",
                             color: String = "#000") -> String
    {
        "<text x=\(quoted(x)) y=\(quoted(y)) font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"\(color)\">\(escape(content))</text>\n"
    }

    private static func quoted(_ value: Double) -> String {
        "\"" + String(format: "%.1f", value) + "\""
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
