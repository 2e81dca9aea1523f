import ArgumentParser
import Foundation

/// `arabic-search`: Arabic full-text search from the terminal.
@main
struct ArabicSearch {
    static func main() async {
        // Arguments are read as UTF-8; one that is not would become U+FFFD silently.
        for index in 1..<max(1, Int(CommandLine.argc)) {
            guard let argument = CommandLine.unsafeArgv[index], String(validatingCString: argument) == nil else { continue }
            Terminal.writeError("arabic-search: argument \(index) is not valid UTF-8\n")
            Foundation.exit(2)
        }
        do {
            var command = try RootCommand.parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(with: error)
        }
    }

    /// Exits with the documented status: 0 success, 1 no hits, 2 any error (bad flags included).
    static func exit(with error: Error) -> Never {
        if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
        let code = RootCommand.exitCode(for: error)
        if code == .success { RootCommand.exit(withError: error) }
        let message = explainMissingValue(oneLine(RootCommand.message(for: error)))
        Terminal.writeError("arabic-search: \(Terminal.visible(message))\n")
        Foundation.exit(2)
    }
}

/// The parser's "Missing value for '--top <top>'" when the value given starts with `-` (a
/// negative number reads as an option): says to write `--top=-1` instead.
func explainMissingValue(_ message: String, arguments: [String] = CommandLine.arguments) -> String {
    let prefix = "Missing value for '"
    guard message.hasPrefix(prefix), let name = message.dropFirst(prefix.count).split(separator: " ").first,
          name.hasPrefix("--"), let position = arguments.firstIndex(of: String(name)),
          position + 1 < arguments.count, arguments[position + 1].hasPrefix("-")
    else { return message }
    let value = arguments[position + 1]
    return "\(name) needs a value; one that starts with - must be written \(name)=\(value)"
}

/// A multi-line message folded onto one line ("- item" lines become a comma-separated list).
func oneLine(_ message: String) -> String {
    let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard var result = lines.first else { return message }
    let rest = lines.dropFirst()
    if !rest.isEmpty && rest.allSatisfy({ $0.hasPrefix("- ") }) {
        result += " " + rest.map { String($0.dropFirst(2)) }.joined(separator: ", ")
    } else if !rest.isEmpty {
        result += " " + rest.joined(separator: " ")
    }
    return result
}

struct RootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arabic-search",
        abstract: "Search Arabic text: correct Arabic analysis, BM25 ranking.",
        discussion: """
            Exit status: 0 on success (or hits found), 1 when a search finds nothing (an empty or all-stop-word query included), 2 on any error (output that cannot be written included), 141 when the reader of the output went away (a broken pipe).
            """,
        version: "0.1.0",
        subcommands: [SearchCommand.self, AnalyzeCommand.self, IndexCommand.self, EvalCommand.self, ServeCommand.self],
        defaultSubcommand: SearchCommand.self
    )
}
