import Foundation

/// The line `index build` and `index add` keep up to date on a terminal while they read their
/// input: a bar with the percentage, throughput and time left when the input's size is known
/// (files), a running count when it is not (standard input).
struct BuildProgress {
    /// "indexed" or "added".
    let verb: String
    /// The input's size in bytes, when known.
    let totalBytes: Int?

    /// The line for `bytesRead` bytes and `documents` documents after `elapsed` seconds, in
    /// `segments` segments, cut to fit `width` columns.
    func line(bytesRead: Int, documents: Int, segments: Int, elapsed: Double, width: Int) -> String {
        let rate = elapsed > 0 ? Double(bytesRead) / elapsed : 0
        let throughput = String(format: "%.1f MB/s", rate / 1_048_576)
        var text: String
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytesRead) / Double(totalBytes))
            let barWidth = 20
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
            let left = rate > 0 ? Self.duration(Double(max(0, totalBytes - bytesRead)) / rate) : "--:--"
            text = String(format: "%@ %3d%%  %.1f/%@  %@  %@ docs  %@ left", bar, Int(fraction * 100),
                          Double(bytesRead) / 1_048_576, Self.megabytes(totalBytes), throughput,
                          Self.grouped(documents), left)
        } else {
            text = "\(verb) \(Self.grouped(documents)) documents, \(Self.megabytes(bytesRead)) read, \(throughput), "
                + (segments == 1 ? "1 segment" : "\(Self.grouped(segments)) segments")
        }
        // One column is kept free so that the terminal never wraps the line.
        if width > 1, text.count >= width { text = String(text.prefix(width - 1)) }
        return text
    }

    /// `bytes` in megabytes, one decimal.
    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    /// `seconds` as m:ss, or h:mm:ss from an hour on.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let total = Int(seconds.rounded(.up))
        if total >= 3_600 { return String(format: "%d:%02d:%02d", total / 3_600, total / 60 % 60, total % 60) }
        return String(format: "%d:%02d", total / 60, total % 60)
    }

    /// `number` with a comma between groups of three digits.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }
}

extension Terminal {
    /// The width of the terminal on standard error, in columns (80 when it cannot be told).
    static func standardErrorWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
