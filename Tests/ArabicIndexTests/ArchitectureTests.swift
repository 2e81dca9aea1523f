import Foundation
import Testing

/// The structure docs/ARCHITECTURE.md draws, checked on the sources: what each module imports,
/// what of the tokenizer the index sees, and which of the index's folders use which.
@Suite struct ArchitectureTests {
    /// The package's root folder (this file is Tests/ArabicIndexTests/ArchitectureTests.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Modules of the system and the standard library any module may import.
    static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch", "Synchronization"]

    /// The Swift files under `folder` (relative to the package), documentation catalogues left
    /// out, with their text without `//` comments, by path relative to `folder`.
    static func sources(in folder: String) throws -> [(path: String, code: String)] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var files: [(String, String)] = []
        while let path = walker.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.contains(".docc/") else { continue }
            let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
            let code = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
                guard let comment = line.range(of: "//") else { return line }
                return line[..<comment.lowerBound]
            }.joined(separator: "\n")
            files.append((path, code))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The modules `code` imports.
    static func imports(_ code: String) -> Set<String> {
        var modules: Set<String> = []
        for line in code.split(separator: "\n") {
            let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
            if let at = words.firstIndex(of: "import"), at + 1 < words.count, words[..<at].allSatisfy({ ["public", "internal"].contains($0) }) {
                modules.insert(String(words[at + 1]))
            }
        }
        return modules
    }

    /// The identifiers `code` mentions.
    static func identifiers(_ code: String) -> Set<Substring> {
        Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") })
    }

    /// The types declared at the top level of `code`, or (`publicOnly`) its public ones.
    static func declaredTypes(_ code: String, publicOnly: Bool = false) -> [String] {
        let modifiers: Set<Substring> = ["public", "internal", "fileprivate", "private", "final", "indirect", "package"]
        let kinds: Set<Substring> = ["struct", "enum", "class", "protocol", "typealias", "actor"]
        var names: [String] = []
        for line in code.split(separator: "\n") where !(line.first?.isWhitespace ?? true) {
            let words = line.split { $0 == " " || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "=" }
            var at = 0
            while at < words.count, modifiers.contains(words[at]) || words[at].hasPrefix("@") { at += 1 }
            guard at + 1 < words.count, kinds.contains(words[at]), words[at + 1].first?.isUppercase == true else { continue }
            if publicOnly, !words[..<at].contains("public") { continue }
            names.append(String(words[at + 1]))
        }
        return names
    }

    @Test func eachModuleImportsOnlyWhatTheArchitectureShows() throws {
        let allowed: [String: Set<String>] = [
            "Sources/Tokenizer": ["CArabicICU", "CSnowball"],
            "Sources/Index": ["ArabicTokenizer", "CStore"],
            "Sources/Evaluation": ["ArabicIndex", "ArabicTokenizer"],
            "Sources/Server": ["ArabicIndex", "ArabicTokenizer", "Hummingbird", "Logging", "NIOCore", "NIOPosix",
                               "ServiceLifecycle"],
            "Sources/SearchCLI": ["ArabicEvaluation", "ArabicIndex", "ArabicSearchServer", "ArabicTokenizer",
                                  "ArgumentParser", "Logging", "CArabicICU"],
        ]
        for (folder, modules) in allowed.sorted(by: { $0.key < $1.key }) {
            let files = try Self.sources(in: folder)
            #expect(!files.isEmpty, "\(folder)")
            for (path, code) in files {
                let extra = Self.imports(code).subtracting(modules).subtracting(Self.system)
                #expect(extra.isEmpty, "\(folder)/\(path) imports \(extra.sorted())")
            }
        }
    }

    /// The index sees analysis through the `Analyzer` protocol: besides it, only the default
    /// analyzer, its options (recorded in a manifest), tokens and spelling costs.
    @Test func theIndexSeesTheTokenizerThroughTheAnalyzerProtocol() throws {
        var tokenizerTypes: Set<Substring> = []
        for (_, code) in try Self.sources(in: "Sources/Tokenizer") {
            for name in Self.declaredTypes(code, publicOnly: true) { tokenizerTypes.insert(Substring(name)) }
        }
        #expect(tokenizerTypes.contains("Analyzer") && tokenizerTypes.contains("ISRIStemmer"))
        let allowed: Set<Substring> = ["Analyzer", "ArabicAnalyzer", "AnalyzerOptions", "Token", "SpellingCosts"]
        for (path, code) in try Self.sources(in: "Sources/Index") {
            let used = Self.identifiers(code).intersection(tokenizerTypes).subtracting(allowed)
            #expect(used.isEmpty, "Sources/Index/\(path) uses \(used.sorted())")
        }
    }

    /// Inside the index, each folder uses only the types of the folders to its left.
    @Test func theIndexsFoldersDependOneWay() throws {
        let files = try Self.sources(in: "Sources/Index")
        var owner: [Substring: String] = [:]
        for (path, code) in files {
            let folder = String(path.split(separator: "/").first ?? "")
            for name in Self.declaredTypes(code) where owner[Substring(name)] == nil { owner[Substring(name)] = folder }
        }
        #expect(owner["IndexWriter"] == "Store" && owner["Query"] == "Query" && owner["IndexStoreError"] == "Errors")
        let uses: [String: Set<String>] = [
            "Errors": [], "Corpus": [], "Query": ["Corpus"], "Scoring": ["Corpus"],
            "Search": ["Corpus", "Query", "Scoring", "Errors"],
            "InMemory": ["Corpus", "Query", "Scoring", "Search", "Errors"],
            "Store": ["Corpus", "Query", "Scoring", "Search", "Errors", "InMemory"],
        ]
        for (path, code) in files {
            let folder = String(path.split(separator: "/").first ?? "")
            let allowed = try #require(uses[folder], "Sources/Index/\(path): a folder the architecture does not name")
            let used = Set(Self.identifiers(code).compactMap { owner[$0] }).subtracting([folder])
            #expect(used.isSubset(of: allowed), "Sources/Index/\(path) uses types of \(used.subtracting(allowed).sorted())")
        }
    }
}
