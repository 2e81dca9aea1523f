import ArabicIndex
import ArabicTokenizer
import Foundation

/// What each fuzz target feeds its input to, and what it checks beyond "no crash".
enum FuzzTarget: String, CaseIterable {
    /// The query lexer and parser: any text parses or throws a syntax error.
    case query
    /// The analyzer: token ranges lie on character boundaries of the input, in order, positions
    /// never decrease, and the same input analyzes to the same tokens again.
    case analyzer
    /// The JSON Lines reader: any bytes give documents and problems, or one error.
    case jsonl
    /// The on-disk index: the input replaces one file of a small index (its first byte picks
    /// which); opening it and searching fail as corrupt or answer, never crash.
    case index

    nonisolated(unsafe) static var selected = FuzzTarget.query
    nonisolated(unsafe) static var indexDirectory = ""
    nonisolated(unsafe) static var pristine: [String: [UInt8]] = [:]
    nonisolated(unsafe) static var damaged: String?
    static let arabic = ArabicAnalyzer()

    func prepare() {
        guard self == .index else { return }
        let directory = NSTemporaryDirectory() + "arabic-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        do {
            let writer = try IndexWriter(directory: directory)
            for number in 0..<6 {
                try writer.add(Document(id: "d\(number)", title: number % 2 == 0 ? "عنوان" : "",
                                        text: "كتاب المكتبة \(number) قلم أحمر meta"))
                if number == 2 { try writer.commit() }
            }
            try writer.commit()
            writer.close()
        } catch {
            fatalError("cannot build the fuzzed index: \(error)")
        }
        Self.indexDirectory = directory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name != "LOCK" {
            Self.pristine[name] = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))) ?? []
        }
        // Seeds: each pristine file behind the byte that picks it, put in the corpus folder (the
        // first argument that is not an option), so that mutations start from valid files.
        guard let corpus = CommandLine.arguments.dropFirst().first(where: { !$0.hasPrefix("-") }) else { return }
        for (selector, name) in Self.pristine.keys.sorted().enumerated() {
            let seed = [UInt8(selector)] + (Self.pristine[name] ?? [])
            try? Data(seed).write(to: URL(fileURLWithPath: corpus + "/pristine-" + name))
        }
    }

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .query:
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? QueryParser(analyzer: Self.arabic).parse(text)
        case .analyzer:
            let text = String(decoding: bytes, as: UTF8.self)
            let tokens = Self.arabic.analyze(text)
            let utf8 = Array(text.utf8)
            var position = -1
            var start = 0
            for token in tokens {
                precondition(token.position >= position, "positions decrease")
                precondition(token.utf8Range.lowerBound >= 0 && token.utf8Range.upperBound <= utf8.count, "range outside the text")
                precondition(token.utf8Range.lowerBound >= start || token.position == position, "ranges out of order")
                for offset in [token.utf8Range.lowerBound, token.utf8Range.upperBound] where offset < utf8.count {
                    precondition(utf8[offset] & 0xC0 != 0x80, "a range inside a character's UTF-8 bytes")
                }
                position = token.position
                start = token.utf8Range.lowerBound
            }
            precondition(Self.arabic.analyze(text).map(\.term) == tokens.map(\.term), "analysis is not repeatable")
        case .jsonl:
            _ = try? CorpusReader.jsonLines(Data(bytes), source: "fuzz", strict: false)
        case .index:
            let names = Self.pristine.keys.sorted()
            guard let first = bytes.first, !names.isEmpty else { return }
            let target = names[Int(first) % names.count]
            let directory = Self.indexDirectory
            // Only the file damaged last time is put back.
            if let previous = Self.damaged, previous != target, let content = Self.pristine[previous] {
                try? Data(content).write(to: URL(fileURLWithPath: directory + "/" + previous))
            }
            try? Data(bytes.dropFirst()).write(to: URL(fileURLWithPath: directory + "/" + target))
            Self.damaged = target
            guard let index = try? DiskIndex(directory: directory) else { return }
            for query in ["كتاب", "\"قلم احمر\"", "مكتب*", "+meta -عنوان"] { _ = try? index.search(query) }
            _ = IndexChecker.check(directory: directory)
        }
    }
}
