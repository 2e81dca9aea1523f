import Foundation
import Testing

@Suite("arabic-search search, as a process")
struct SearchCommandTests {
    @Test func searchesTheBundledArticleFromAnyFolder() throws {
        // "IBM" is in p01 once and in p03 three times; the default subcommand is search.
        let result = try CLIProcess.run(["ibm", "--top", "2"], directory: URL(fileURLWithPath: "/"))
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0] == "1. p03  1.944  تحالف الذكاء الاصطناعي")
        #expect(lines[2] == "2. p01  1.647")
        #expect(lines[3].hasPrefix("   تحالفت شركة Meta مع شركة IBM، وذلك لإنشاء مجتمع دولي"))
    }

    @Test func explicitSubcommandAndExplain() throws {
        let result = try CLIProcess.run(["search", "--explain", "--top", "1", "ibm"])
        #expect(result.status == 0)
        // Defaults BM25F, k1 = 0.6, text b = 0.8 (no title has ibm): the pseudo-frequency is
        // 3 / (0.2 + 0.8 · 66 / 44.89) = 2.1799, and 1.2397 · 2.1799 / (2.1799 + 0.6) = 0.9721.
        #expect(result.stdout.contains("   text ibm: idf 1.2397 × tf 3 (dl 66, avgdl 44.89) × boost 1.00 = 0.9721\n"))
        // Its variants (ibm alone, the same idf) add as much again: variant weight 1.
        #expect(result.stdout.contains("   text ~ibm: idf 1.2397 × tf 3 (dl 66, avgdl 44.89) × boost 1.00 = 0.9721\n"))
    }

    @Test func proximityPhaseIsOnByDefaultAndCanBeSwitchedOff() throws {
        let query = "الذكاء الاصطناعي"
        let on = try CLIProcess.run(["search", "--explain", "--top", "1", "--variant-weight", "0", query])
        #expect(on.status == 0)
        #expect(on.stdout.hasPrefix("1. p06  0.300  تحالف الذكاء الاصطناعي\n"))
        // Each term: title (dl 3, title b 1) and text (dl 42, b 0.8): pseudo-frequency
        // 2 · 1/(3/2.81) + 3/(0.2 + 0.8 · 42/44.89) = 5.038, score 0.1411 · 5.038/5.638 = 0.1261,
        // shared 0.0469 (title) and 0.0791 (text). The two terms are adjacent three times in the
        // text: acc = 3, bonus = 0.4 · 0.1411 · 3/(3 + 0.6 · 0.9485) = 0.0474.
        #expect(on.stdout.contains("   title ذكاء: idf 0.1411 × tf 1 (dl 3, avgdl 2.81) × boost 2.00 = 0.0469\n"))
        #expect(on.stdout.contains("   text ذكاء: idf 0.1411 × tf 3 (dl 42, avgdl 44.89) × boost 1.00 = 0.0791\n"))
        #expect(on.stdout.contains("   (proximity): weight 0.40 (dl 42, avgdl 44.89) = +0.0474\n"))
        let off = try CLIProcess.run(["search", "--explain", "--top", "1", "--variant-weight", "0", "--proximity", "0", query])
        #expect(off.stdout.hasPrefix("1. p06  0.252  تحالف الذكاء الاصطناعي\n"))
        #expect(!off.stdout.contains("(proximity)"))
        let covered = try CLIProcess.run(["search", "--explain", "--top", "1", "--coverage", "1", query + " كمبيوتر"])
        #expect(covered.stdout.contains("   (coverage 2/3): × 0.6667 = "))
        let bad = try CLIProcess.run(["search", "--proximity-window", "0", "x"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--proximity-window must be at least 1"))
    }

    @Test func jsonHasTheDocumentedShapeAndHighlightsLandOnWords() throws {
        let result = try CLIProcess.run(["--json", "--top", "3", "\"مفتوح المصدر\""])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["query"] as? String == "\"مفتوح المصدر\"")
        #expect(object["parsed"] as? String == "\"مفتوح مصدر\"")
        #expect(object["total_hits"] as? Int == 8)
        #expect(object["took_ms"] is Double || object["took_ms"] is Int)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 3)
        #expect(hits.map { $0["rank"] as? Int } == [1, 2, 3])
        #expect(hits.map { $0["id"] as? String } == ["p14", "p13", "p01"])
        for hit in hits {
            let snippet = Array(try #require(hit["snippet"] as? String).utf8)
            let highlights = try #require(hit["highlights"] as? [[Int]])
            #expect(!highlights.isEmpty)
            for pair in highlights {
                let word = String(decoding: snippet[pair[0]..<pair[1]], as: UTF8.self)
                #expect(["مفتوح", "المصدر"].contains(word), "highlight \(word)")
            }
            for key in ["score", "title", "text"] { #expect(hit[key] != nil) }
        }
    }

    @Test func foldingFromTheQuerySide() throws {
        // Diacritics, tatweel, presentation forms, Arabic-Indic digits and Latin case all reach p01.
        // Each phrase is in p01 only.
        for query in ["\"٥٠ مُؤَسَّسَة لِدَعْمِ\"", "\"50 مؤسســة لدعـم\"", "\"ﻟﺪﻋﻢ ﻣﺒﺪﺃ\"", "META +ibm +تحالفت"] {
            let result = try CLIProcess.run(["--top", "3", query])
            #expect(result.status == 0, "query \(query)")
            let headers = result.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
            #expect(headers.count == 1 && headers[0].hasPrefix("1. p01  "), "query \(query): \(result.stdout)")
        }
    }

    @Test func coloursOnlyWhenAsked() throws {
        let plain = try CLIProcess.run(["--top", "1", "ibm"])
        #expect(!plain.stdout.contains("\u{1B}["))
        let coloured = try CLIProcess.run(["--top", "1", "--color", "always", "ibm"])
        #expect(coloured.stdout.contains("\u{1B}[1;31mIBM\u{1B}[0m"))
    }

    @Test func visualBidiReordersAndShapes() throws {
        let result = try CLIProcess.run(["--top", "1", "--bidi", "visual", "title:المنافسة"])
        #expect(result.status == 0)
        // The title "الشركات المنافسة" in visual order with presentation forms.
        #expect(result.stdout.hasPrefix("1. p16  "))
        let header = try #require(result.stdout.split(separator: "\n").first)
        #expect(header.hasSuffix("ﺔﺴﻓﺎﻨﻤﻟﺍ ﺕﺎﻛﺮﺸﻟﺍ"))
    }

    @Test func noHitsExitsOne() throws {
        let result = try CLIProcess.run(["xyzzy"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "")
    }

    /// `--fields bm25f` scores a term over title and text at once: the explanation's parts of
    /// one term share its combined idf and add up to the score; an unknown value is refused.
    @Test func fieldScoringIsAnOption() throws {
        let result = try CLIProcess.run(["--fields", "bm25f", "--proximity", "0", "--variant-weight", "0", "--json", "--explain", "--top", "1", "التحالف"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        let parts = try #require(hit["explanation"] as? [[String: Any]])
        #expect(parts.count == 2)
        #expect(Set(parts.compactMap { $0["field"] as? String }) == ["title", "text"])
        #expect(Set(parts.compactMap { $0["idf"] as? Double }).count == 1)
        let total = parts.compactMap { $0["score"] as? Double }.reduce(0, +)
        #expect(abs(total - (hit["score"] as? Double ?? .nan)) < 1e-9)
        // The same parts as a tree: one BM25F node for the term, its two fields under it.
        let tree = try #require(hit["explanation_tree"] as? [String: Any])
        #expect(tree["summary"] as? String == "BM25F of تحالف over title, text")
        let leaves = try #require(tree["details"] as? [[String: Any]])
        #expect(leaves.compactMap { $0["summary"] as? String } == ["title:تحالف", "text:تحالف"])
        #expect(leaves.allSatisfy { ($0["details"] as? [Any])?.isEmpty == true })
        #expect(abs((tree["score"] as? Double ?? .nan) - (hit["score"] as? Double ?? .nan)) < 1e-9)
        let bad = try CLIProcess.run(["--fields", "max", "التحالف"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "arabic-search: --fields: unknown field scoring \"max\" (known: sum, bm25f)\n")
    }

    /// Numeric options have documented ranges: a finite but huge value is refused in one line,
    /// and the largest allowed still gives finite scores.
    @Test func hugeParametersAreRefusedAndTheLargestAllowedScoreFinitely() throws {
        for (arguments, message) in [
            (["--title-boost", "1e308"], "--title-boost must be a number from 0 to 1000, got 1e+308"),
            (["--k1", "1e308", "--variant", "robertson"], "--k1 must be a number from 0 to 1000, got 1e+308"),
            (["--variant", "bm25plus", "--delta", "1e308"], "--delta must be a number from 0 to 1000, got 1e+308"),
            (["--proximity", "2000"], "--proximity must be a number from 0 to 1000, got 2000.0"),
            (["--b", "1.5"], "--b must be a number from 0 to 1, got 1.5"),
            (["--title-b=-1"], "--title-b must be a number from 0 to 1, got -1.0"),
            (["--variant-weight", "1e308"], "--variant-weight must be a number from 0 to 1000, got 1e+308"),
            (["--variant-weight=-0.5"], "--variant-weight must be a number from 0 to 1000, got -0.5"),
        ] {
            let result = try CLIProcess.run(arguments + ["ibm"])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "arabic-search: \(message)\n", "\(arguments)")
        }
        for fields in ["sum", "bm25f"] {
            let result = try CLIProcess.run(["--json", "--fields", fields, "--title-boost", "1000", "--text-boost", "1000", "--k1", "1000",
                                             "--variant", "bm25plus", "--delta", "1000", "--proximity", "1000", "--variant-weight", "1000",
                                             "الذكاء الاصطناعي"])
            #expect(result.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let scores = try #require((object["hits"] as? [[String: Any]])?.map { $0["score"] as? Double })
            #expect(!scores.isEmpty && scores.allSatisfy { $0?.isFinite == true }, "\(fields)")
        }
    }

    /// Control characters in documents (an OSC that retitles the window, a screen clear, NUL,
    /// BEL, a C1 control) and in paths quoted by errors reach the terminal only as visible
    /// characters; --json keeps them, escaped.
    @Test func controlCharactersNeverReachTheTerminal() throws {
        let line = #"{"id":"x\u001b]0;pwned\u0007","title":"t\u001b[2Jitle\u0000","text":"كتاب \u001b[31mقلم\u0085 نص"}"#
        let result = try CLIProcess.run(["--corpus", "-", "قلم"], input: Data((line + "\n").utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "1. x␛]0;pwned␇  0.360  t␛[2Jitle␀\n   كتاب ␛[31mقلم\u{FFFD} نص\n")
        let controls = result.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty)
        let json = try CLIProcess.run(["--corpus", "-", "--json", "قلم"], input: Data((line + "\n").utf8))
        #expect(json.stdout.contains(#""id":"x\u001b]0;pwned\u0007""#))
        let missing = try CLIProcess.run(["search", "--index", "/nowhere/\u{1B}[2Jidx", "x"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "arabic-search: /nowhere/␛[2Jidx is not an index: no such directory\n")
    }

    @Test func allStopWordQueryExitsOneWithANotice() throws {
        let result = try CLIProcess.run(["في من على"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "arabic-search: query has no searchable terms (only stop words, punctuation or marks)\n")
    }

    /// An empty or blank query: one line on standard error, exit status 1 (no hits), as
    /// `--help` says; with --json, the notice is in the object too.
    @Test(arguments: [[""], ["search", ""], ["search", "   "], ["search", " ", "\t"]])
    func emptyQueryExitsOneWithOneLine(arguments: [String]) throws {
        let result = try CLIProcess.run(arguments)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "arabic-search: the query is empty\n")
    }

    @Test func syntaxErrorsNameTheColumn() throws {
        for (query, message) in [("\"مفتوح المصدر", "column 1: unbalanced quote"), ("(الذكاء OR", "column 1: unbalanced parenthesis")] {
            let result = try CLIProcess.run([query])
            #expect(result.status == 2, "query \(query)")
            #expect(result.stderr.hasPrefix("arabic-search: query: column "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            _ = message
        }
    }

    @Test func badOptionsExitTwo() throws {
        for arguments in [["--top", "0", "x"], ["--top", "many", "x"], ["--b", "2", "x"], ["--variant", "bm99", "x"], [String]()] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("arabic-search: "), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test func userCorpusWithAMalformedLine() throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("c.jsonl")
        try Data("{\"id\":\"a\",\"title\":\"t\",\"text\":\"كتاب جديد\"}\n{bad json\n{\"id\":\"b\",\"text\":\"الكتاب القديم\"}\n".utf8).write(to: corpus)
        let lenient = try CLIProcess.run(["--corpus", corpus.path, "الكتاب"])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }.count == 2)
        #expect(lenient.stderr == "arabic-search: warning: \(corpus.path):2: invalid JSON (line skipped)\n")
        let strict = try CLIProcess.run(["--corpus", corpus.path, "--strict", "الكتاب"])
        #expect(strict.status == 2)
        #expect(strict.stderr == "arabic-search: \(corpus.path):2: invalid JSON\n")
        let stdin = try CLIProcess.run(["--corpus", "-", "قديم"], input: try Data(contentsOf: corpus))
        #expect(stdin.status == 0)
        #expect(stdin.stdout.hasPrefix("1. b  "))
    }

    @Test func badCorpusFilesExitTwoNamingTheFile() throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let invalid = directory.appendingPathComponent("bad.txt")
        try Data([0x61, 0x62, 0x63, 0xFF, 0x0A]).write(to: invalid)
        let r1 = try CLIProcess.run(["--corpus", invalid.path, "abc"])
        #expect(r1.status == 2)
        #expect(r1.stderr == "arabic-search: \(invalid.path): invalid UTF-8 at byte offset 3 (line 1)\n")

        let binary = directory.appendingPathComponent("binary.jsonl")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xC3, 0x28, 0x00]).write(to: binary)
        let r2 = try CLIProcess.run(["--corpus", binary.path, "x"])
        #expect(r2.status == 2)
        #expect(r2.stderr == "arabic-search: \(binary.path): invalid UTF-8 at byte offset 8 (line 1)\n")

        let empty = directory.appendingPathComponent("empty.jsonl")
        try Data().write(to: empty)
        let r3 = try CLIProcess.run(["--corpus", empty.path, "x"])
        #expect(r3.status == 1)
        #expect(r3.stderr == "arabic-search: the corpus holds no documents\n")

        let missing = directory.appendingPathComponent("missing.jsonl")
        let r4 = try CLIProcess.run(["--corpus", missing.path, "x"])
        #expect(r4.status == 2)
        #expect(r4.stderr == "arabic-search: \(missing.path): no such file or directory\n")
    }

    @Test func folderOfTextFiles() throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("العنوان الأول\n\nالفقرة الأولى عن الكتب.\n\nالفقرة الثانية عن المدارس.\n".utf8)
            .write(to: directory.appendingPathComponent("one.txt"))
        try Data("{\"id\":\"x1\",\"text\":\"المدارس الحديثة\"}\n".utf8).write(to: directory.appendingPathComponent("two.jsonl"))
        let result = try CLIProcess.run(["--corpus", directory.path, "المدارس"])
        #expect(result.status == 0)
        let headers = result.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(headers.count == 2)
        #expect(result.stdout.contains("x1"))
        #expect(result.stdout.contains("one-p02"))
    }

    @Test func prunedSearchSaysItsCountIsALowerBoundAndExhaustiveCountsAll() throws {
        // 1,500 documents matching "سلام": the first two twice, the others once among 1 to 7 other words.
        var lines: [String] = []
        for number in 0..<1500 {
            let text = number < 2 ? "سلام سلام"
                : (["سلام"] + Array(repeating: "كلمة", count: 1 + number % 7)).joined(separator: " ")
            lines.append("{\"id\":\"d\(number)\",\"text\":\"\(text)\"}")
        }
        let input = Data((lines.joined(separator: "\n") + "\n").utf8)
        func run(_ extra: [String]) throws -> [String: Any] {
            let result = try CLIProcess.run(["--corpus", "-", "--json", "--top", "2"] + extra + ["سلام"], input: input)
            #expect(result.status == 0)
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        // Pruning serves the per-field sum; BM25F, the default, scores and counts every match.
        let pruned = try run(["--fields", "sum"])
        let exhaustive = try run(["--fields", "sum", "--exhaustive"])
        // `--prune`, once needed, still names the default.
        let prunedByFlag = try run(["--fields", "sum", "--prune"])
        let bm25f = try run([])
        #expect(bm25f["total_hits"] as? Int == 1500 && bm25f["total_hits_exact"] as? Bool == true)
        #expect(exhaustive["total_hits"] as? Int == 1500)
        #expect(exhaustive["total_hits_exact"] as? Bool == true)
        #expect(pruned["total_hits"] as? Int == 1000)
        #expect(pruned["total_hits_exact"] as? Bool == false)
        let ids = { (object: [String: Any]) in (object["hits"] as? [[String: Any]])?.map { $0["id"] as? String } }
        #expect(ids(pruned) == ["d0", "d1"])
        #expect(ids(exhaustive) == ["d0", "d1"])
        #expect(prunedByFlag["total_hits"] as? Int == 1000)
        #expect(prunedByFlag["total_hits_exact"] as? Bool == false)
        #expect(ids(prunedByFlag) == ["d0", "d1"])
        // Refused before the corpus on standard input is read.
        let both = try CLIProcess.run(["--corpus", "-", "--prune", "--exhaustive", "سلام"], input: input)
        #expect(both.status == 2)
        #expect(both.stdout == "")
        #expect(both.stderr.contains("--prune and --exhaustive ask for opposite things; give one"))
    }
}
