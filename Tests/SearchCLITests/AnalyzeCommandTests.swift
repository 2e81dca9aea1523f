import Foundation
import Testing

@Suite("arabic-search analyze, as a process")
struct AnalyzeCommandTests {
    @Test func printsPositionTermAndOriginalWord() throws {
        let result = try CLIProcess.run(["analyze", "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == "0\tبسم\tبِسْمِ\n1\tله\tٱللَّهِ\n2\tرحمن\tٱلرَّحْمَٰنِ\n3\tرحيم\tٱلرَّحِيمِ\n")
    }

    @Test func stopWordsLeaveGapsAndLatinIsSplitFromAttachedPrefix() throws {
        let result = try CLIProcess.run(["analyze", "تحالفت شركة Meta مع شركة وIBM"])
        #expect(result.status == 0)
        #expect(result.stdout == "0\tتحالفت\tتحالفت\n1\tشرك\tشركة\n2\tmeta\tMeta\n4\tشرك\tشركة\n5\tibm\tIBM\n")
    }

    @Test func jsonGivesUTF8OffsetsIntoTheInput() throws {
        let input = "ﻻ ٱلْكِتَابُ"
        let result = try CLIProcess.run(["analyze", "--json", input])
        #expect(result.status == 0)
        #expect(result.stdout == #"[{"term":"كتاب","position":1,"text":"ٱلْكِتَابُ","start":4,"end":24}]"# + "\n")
        let data = Data(result.stdout.utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let first = try #require(parsed.first)
        let start = try #require(first["start"] as? Int)
        let end = try #require(first["end"] as? Int)
        let bytes = Array(input.utf8)[start..<end]
        #expect(String(decoding: bytes, as: UTF8.self) == "ٱلْكِتَابُ")
    }

    /// A byte-order mark at the start of standard input is part of the input as given: the
    /// offsets count its three bytes, and the text at them is the word.
    @Test func byteOrderMarkOnStandardInputKeepsOffsetsIntoTheInput() throws {
        let input = Data([0xEF, 0xBB, 0xBF] + Array("كتاب قلم".utf8))
        let result = try CLIProcess.run(["analyze", "--json"], input: input)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == #"[{"term":"كتاب","position":0,"text":"كتاب","start":3,"end":11},{"term":"قلم","position":1,"text":"قلم","start":12,"end":18}]"# + "\n")
        #expect(String(decoding: input[3..<11], as: UTF8.self) == "كتاب")
        let plain = try CLIProcess.run(["analyze"], input: input)
        #expect(plain.stdout == "0\tكتاب\tكتاب\n1\tقلم\tقلم\n")
    }

    @Test func switchesChangeTheTerms() throws {
        let noStem = try CLIProcess.run(["analyze", "--no-stem", "--keep-stopwords", "في المكتبات"])
        #expect(noStem.stdout == "0\tفي\tفي\n1\tالمكتبات\tالمكتبات\n")
        let hamza = try CLIProcess.run(["analyze", "--fold-hamza", "--no-stem", "مسؤول مسئول"])
        #expect(hamza.stdout == "0\tمسءول\tمسؤول\n1\tمسءول\tمسئول\n")
        let noHamza = try CLIProcess.run(["analyze", "--no-stem", "مسؤول مسئول"])
        #expect(noHamza.stdout == "0\tمسؤول\tمسؤول\n1\tمسئول\tمسئول\n")
        let diacritics = try CLIProcess.run(["analyze", "--no-fold", "diacritics", "--no-stem", "كَتَبَ"])
        #expect(diacritics.stdout == "0\tكَتَبَ\tكَتَبَ\n")
        let normalized = try CLIProcess.run(["analyze", "--normalize", "أَهْلاً بِكُمْ فِي ٱلْمَكْتَبَةِ"])
        #expect(normalized.stdout == "اهلا بكم في المكتبه\n")
    }

    @Test func readsStandardInputWhenNoTextIsGiven() throws {
        let result = try CLIProcess.run(["analyze"], input: Data("الذكاء الاصطناعي\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "0\tذكاء\tالذكاء\n1\tاصطناع\tالاصطناعي\n")
    }

    @Test func emptyAndAllStopWordInputPrintNothing() throws {
        for input in ["", "   ", "في من على إلى", "؟،؛"] {
            let result = try CLIProcess.run(["analyze", input])
            #expect(result.status == 0, "input \(input)")
            #expect(result.stdout == "", "input \(input)")
            #expect(result.stderr == "", "input \(input)")
        }
        let json = try CLIProcess.run(["analyze", "--json", "في"])
        #expect(json.stdout == "[]\n")
    }

    @Test func badFlagsExitTwoWithOneLine() throws {
        for arguments in [["analyze", "--bogus"], ["analyze", "--no-fold", "nonsense", "x"], ["analyze", "--no-strip", "x", "y"]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 2, "arguments \(arguments)")
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("arabic-search: "), "stderr \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "stderr \(result.stderr)")
        }
    }

    @Test func invalidUTF8OnStandardInputNamesTheByteOffset() throws {
        var bytes = Array("كتاب ".utf8)
        bytes.append(0xFF)
        let result = try CLIProcess.run(["analyze"], input: Data(bytes))
        #expect(result.status == 2)
        #expect(result.stderr == "arabic-search: <stdin>: invalid UTF-8 at byte offset 9\n")
    }

    @Test func customStopListFromFile() throws {
        let directory = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("stop.txt")
        try Data("# my list\nشركة\n".utf8).write(to: list)
        let result = try CLIProcess.run(["analyze", "--stopwords", list.path, "شركة في"])
        #expect(result.status == 0)
        #expect(result.stdout == "1\tفي\tفي\n")

        let bad = directory.appendingPathComponent("bad.txt")
        try Data("في\nمن على\n".utf8).write(to: bad)
        let failed = try CLIProcess.run(["analyze", "--stopwords", bad.path, "x"])
        #expect(failed.status == 2)
        #expect(failed.stderr == "arabic-search: \(bad.path): line 2: a stop list holds one word per line\n")

        let missing = try CLIProcess.run(["analyze", "--stopwords", directory.appendingPathComponent("nope.txt").path, "x"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "arabic-search: \(directory.appendingPathComponent("nope.txt").path): no such file\n")
    }
}
