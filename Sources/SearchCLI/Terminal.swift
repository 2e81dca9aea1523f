import ArgumentParser
import CArabicICU
import Foundation

/// When highlights are coloured.
enum ColorMode: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never
}

/// How right-to-left lines are written.
enum BidiMode: String, CaseIterable, ExpressibleByArgument {
    /// Visual where the terminal is known not to reorder right-to-left text, logical elsewhere.
    case auto
    /// Reordered and shaped with ICU, for terminals without bidi support.
    case visual
    /// As stored: the terminal reorders.
    case logical
}

/// What the terminal needs: colour, and whether lines must be reordered for it.
struct OutputStyle {
    var colorsHighlights: Bool
    var reordersLines: Bool
}

enum Terminal {
    /// Writes one line to standard error, its control characters made visible (see
    /// ``visible(_:)``): warnings and errors quote identifiers and text from the user's files.
    static func standardError(_ line: String) {
        writeError(visible(line) + "\n")
    }

    /// One warning line for each corpus line that was skipped.
    static func warnSkipped(_ problems: [some CustomStringConvertible]) {
        for problem in problems { standardError("arabic-search: warning: \(problem) (line skipped)") }
    }

    /// `text` safe to print on a terminal: tabs and line breaks become spaces; every other
    /// control character (C0, DEL, C1: escape sequences, NUL, bells) becomes its visible form,
    /// the Unicode control picture of C0 and DEL (ESC → ␛) or U+FFFD for C1; the private-use
    /// character the highlighter marks with is dropped. Bidi and joining marks are kept: Arabic
    /// text needs them.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0xE000 })
        else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: result.append(" ")
            case 0x00..<0x20: result.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
            case 0x7F: result.append("\u{2421}")
            case 0x80...0x9F: result.append("\u{FFFD}")
            case 0xE000: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// The exit status when standard output's reader went away (a broken pipe): 141, the
    /// status a shell reports for `grep` ended by SIGPIPE in `grep … | head`.
    static let brokenPipeStatus: Int32 = 141

    /// Writes `text` to standard output, whole. When the reader went away (a broken pipe) the
    /// process ends quietly with ``brokenPipeStatus``; when the write fails otherwise (a full
    /// disk, say) it ends with one line on standard error and status 2.
    static func writeOutput(_ text: String) {
        let failure = writeAll(text, to: STDOUT_FILENO)
        guard failure != 0 else { return }
        if failure == EPIPE { exit(brokenPipeStatus) }
        writeError("arabic-search: cannot write the output: \(String(cString: strerror(failure)))\n")
        exit(2)
    }

    /// Writes `text` to standard error; a failure there has nowhere to be told, and is ignored.
    static func writeError(_ text: String) {
        _ = writeAll(text, to: STDERR_FILENO)
    }

    /// Writes all of `text` to `descriptor`; the `errno` of a failure, 0 on success.
    private static func writeAll(_ text: String, to descriptor: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes -> Int32 in
            guard var at = bytes.baseAddress else { return 0 }
            var left = bytes.count
            while left > 0 {
                let written = write(descriptor, at, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                at += written
                left -= written
            }
            return 0
        }
    }

    /// The style for standard output under the given modes and this process's environment.
    static func style(color: ColorMode, bidi: BidiMode) -> OutputStyle {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let colors: Bool
        switch color {
        case .always: colors = true
        case .never: colors = false
        case .auto: colors = isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
        let reorders: Bool
        switch bidi {
        case .visual: reorders = true
        case .logical: reorders = false
        case .auto: reorders = isTerminal && terminalLacksBidi(environment)
        }
        return OutputStyle(colorsHighlights: colors, reordersLines: reorders)
    }

    /// Terminals known to show right-to-left text in logical order (no bidi algorithm).
    static func terminalLacksBidi(_ environment: [String: String]) -> Bool {
        if environment["KONSOLE_VERSION"] != nil || environment["MLTERM"] != nil { return false }
        if environment["TERM_PROGRAM"] == "Apple_Terminal" { return false }
        if let vte = environment["VTE_VERSION"], let version = Int(vte), version >= 5800 { return false }
        if environment["TMUX"] != nil || environment["WT_SESSION"] != nil { return true }
        let program = environment["TERM_PROGRAM"] ?? ""
        if ["iTerm.app", "vscode", "WezTerm", "tmux", "Hyper", "ghostty"].contains(program) { return true }
        let term = environment["TERM"] ?? ""
        return term.contains("kitty") || term.contains("alacritty") || term.hasPrefix("screen") || term.hasPrefix("tmux")
    }

    /// One line of text in visual order with Arabic letters shaped, as ICU's bidi algorithm and
    /// shaping produce it; the line unchanged if ICU fails.
    static func visualLine(_ line: String) -> String {
        let units = Array(line.utf16)
        guard !units.isEmpty else { return line }
        var capacity = units.count * 2 + 16
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            let written = units.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    Int(cai_visual_line(input.baseAddress, Int32(input.count), out.baseAddress, Int32(out.count)))
                }
            }
            if written < 0 { return line }
            if written <= capacity { return String(decoding: output[0..<written], as: UTF16.self) }
            capacity = written
        }
        return line
    }
}
