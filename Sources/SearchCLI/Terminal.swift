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
    /// Writes one line to standard error.
    static func standardError(_ line: String) {
        writeError(line + "\n")
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
