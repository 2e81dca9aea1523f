import ArabicSearchServer
import ArabicTokenizer
import ArgumentParser
import Foundation

/// `arabic-search analyze`: shows the tokens the analyzer makes of a text.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Print the index terms of a text: term, position, and the original word.",
        discussion: """
            With no TEXT, reads standard input. Each output line is POSITION<TAB>TERM<TAB>ORIGINAL.
            Empty or all-stop-word input prints nothing and exits 0.
            """
    )

    @Flag(help: "Print one JSON array of {term, position, text, start, end} (UTF-8 byte offsets).")
    var json = false

    @Flag(help: "Print the folded text (no stop word removal, no stemming) instead of tokens.")
    var normalize = false

    @OptionGroup var analyzerFlags: AnalyzerFlags

    @Argument(help: "The text to analyze (several arguments are joined by spaces).")
    var text: [String] = []

    func run() throws {
        let analyzer = try analyzerFlags.makeAnalyzer()
        // Offsets are into the input as given: a byte-order mark on standard input is kept (the
        // analyzer skips it as an invisible mark), so the words after it keep their offsets.
        let input = text.isEmpty ? try InputText.read(path: "-", keepingByteOrderMark: true) : text.joined(separator: " ")
        var output = ""
        if normalize {
            let folded = analyzer.normalize(input)
            output = json ? JSONText.string(folded) + "\n" : (folded.isEmpty ? "" : folded + "\n")
        } else {
            let tokens = analyzer.analyze(input)
            if json {
                output = ResponseJSON.tokens(tokens, in: input)
            } else {
                for token in tokens {
                    output += "\(token.position)\t\(token.term)\t\(token.originalText(in: input))\n"
                }
            }
        }
        Terminal.writeOutput(output)
    }
}
