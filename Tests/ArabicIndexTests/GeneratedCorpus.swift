import Foundation
import Testing
@testable import ArabicIndex

/// A deterministic, generated stand-in for a real Arabic collection: Wikipedia-like paragraphs
/// grouped under shared titles, with questions about them.
///
/// Word frequencies follow a Zipf–Mandelbrot law over a vocabulary of Arabic-like words (three-
/// to six-letter stems, some with the article, a conjunction or a preposition in front and a
/// plural or pronoun suffix behind, as the light stemmer meets them), the most frequent ranks
/// taken by real function words that the analyzer removes. Each topic's documents repeat a few
/// topic words (burstiness) and share the topic's title; a few carry Latin words or digits.
/// Paragraph lengths are log-normal (median about 80 words, from 20 to 460), as in ARCD and
/// arabic-qa-combined. The same seed gives the same corpus on every machine.
struct GeneratedCorpus {
    let documents: [Document]
    /// Questions about the documents, in the style of the shared collections' topics: a
    /// question word, words of one document (some of them stop words), punctuation.
    let questions: [String]

    /// Real words that top the frequency lists of Arabic Wikipedia, in rough order: function
    /// words (which the analyzer removes) and a few content words. They take the top Zipf ranks.
    static let functionWords = ["في", "من", "على", "إلى", "أن", "عام", "التي", "الذي", "عن", "مع", "هذا", "كان",
                                "و", "العربية", "هذه", "بين", "بعد", "مدينة", "كما", "قد", "أو", "الدولة", "ثم",
                                "خلال", "العالم", "حتى", "لم", "إن"]
    static let questionWords = ["ما", "من", "متى", "كم", "أين", "ما هو", "ما هي", "هل", "لماذا", "كيف"]
    static let letters = Array("بتثجحخدذرزسشصضطظعغفقكلمنهوي")
    static let latinWords = ["IBM", "Meta", "Linux", "Python", "NASA", "UNESCO", "2019", "1958", "FIFA", "GPS"]

    /// `documentCount` documents under about a third as many titles, and `questionCount`
    /// questions, from `seed`.
    init(documentCount: Int, questionCount: Int, seed: UInt64, vocabularySize: Int = 9_000) {
        var random = SplitMix64(state: seed)
        func uniform(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

        // The vocabulary: distinct stems, each with the surface forms it is written in.
        var stems: [String] = []
        var seen: Set<String> = []
        while stems.count < vocabularySize {
            let length = [3, 3, 4, 4, 4, 5, 5, 6][uniform(8)]
            var stem = String((0..<length).map { _ in Self.letters[uniform(Self.letters.count)] })
            // A long vowel inside some stems, as in فاعل, فعيل, فعول.
            if length >= 4, chance(40) {
                let vowel: Character = ["ا", "ي", "و"][uniform(3)]
                var characters = Array(stem)
                characters[1] = vowel
                stem = String(characters)
            }
            if seen.insert(stem).inserted { stems.append(stem) }
        }
        func surface(_ stem: String) -> String {
            var word = stem
            if chance(12) { word += ["ات", "ون", "ين", "ة", "ها", "هم", "ية"][uniform(7)] }
            if chance(35) { word = "ال" + word }
            if chance(8) { word = ["و", "ب", "ل", "ف"][uniform(4)] + word }
            return word
        }

        // Zipf–Mandelbrot weights over function words then stems: p(r) ∝ 1 / (r + 2).
        let ranks = Self.functionWords.count + stems.count
        var cumulative: [Double] = []
        cumulative.reserveCapacity(ranks)
        var total = 0.0
        for rank in 0..<ranks {
            total += 1 / (Double(rank) + 2)
            cumulative.append(total)
        }
        func zipfWord() -> String {
            let target = Double(random.next() >> 11) / Double(1 << 53) * total
            var low = 0
            var high = ranks - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low < Self.functionWords.count ? Self.functionWords[low] : surface(stems[low - Self.functionWords.count])
        }
        // Log-normal lengths (Box–Muller), median 80 words, within 20…460.
        func paragraphLength() -> Int {
            let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12)
            let u2 = Double(random.next() >> 11) / Double(1 << 53)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return min(460, max(20, Int(exp(4.38 + 0.55 * normal))))
        }

        // Topics: a title of one to three mid-frequency stems and a few words its paragraphs repeat.
        let topicCount = max(1, documentCount / 3)
        var topics: [(title: String, words: [String])] = []
        for _ in 0..<topicCount {
            let titleStems = (0..<(1 + uniform(3))).map { _ in stems[20 + uniform(min(3_000, stems.count - 20))] }
            let title = titleStems.enumerated().map { $0.offset == 0 || chance(50) ? $0.element : "ال" + $0.element }
                .joined(separator: " ")
            let words = titleStems + (0..<4).map { _ in stems[100 + uniform(stems.count - 100)] }
            topics.append((title, words))
        }

        var documents: [Document] = []
        var texts: [[String]] = []
        var topicOfDocument: [Int] = []
        var topic = 0
        for number in 0..<documentCount {
            // Runs of paragraphs per topic (about three on average), topics taken in turn.
            if number > 0, chance(33) { topic = (topic + 1) % topicCount }
            var words: [String] = []
            for _ in 0..<paragraphLength() {
                if chance(7) {
                    let topicWords = topics[topic].words
                    words.append(surface(topicWords[uniform(topicWords.count)]))
                } else if chance(1) {
                    words.append(Self.latinWords[uniform(Self.latinWords.count)])
                } else {
                    words.append(zipfWord())
                }
            }
            texts.append(words)
            topicOfDocument.append(topic)
            // Sentences end with a full stop, clauses with an Arabic comma.
            var text = ""
            for (position, word) in words.enumerated() {
                if position > 0 { text += " " }
                text += word
                if position == words.count - 1 || chance(6) { text += "." } else if chance(6) { text += "،" }
            }
            let title = chance(5) ? "" : topics[topic].title
            documents.append(Document(id: String(format: "g%05d", number), title: title, text: text))
        }

        var questions: [String] = []
        for _ in 0..<questionCount {
            let document = uniform(documentCount)
            let words = texts[document]
            let start = uniform(max(1, words.count - 8))
            var question = [Self.questionWords[uniform(Self.questionWords.count)]]
            question += words[start..<min(words.count, start + 3 + uniform(5))]
            if chance(30) { question.append(topics[topicOfDocument[document]].title) }
            questions.append(question.joined(separator: " ") + "؟")
        }
        self.documents = documents
        self.questions = questions
    }
}

/// A collection that tests run on: generated (always there) or one of the shared datasets
/// (../shared/datasets, present in CI and on the team's machines, never in a user's clone).
struct TestCollection: Sendable, CustomStringConvertible {
    let description: String
    /// The number of documents: the same for a shared dataset and its generated stand-in.
    let documentCount: Int
    private let load: @Sendable () throws -> (documents: [Document], questions: [String])

    func documents() throws -> [Document] { try load().documents }
    func documentsAndQuestions() throws -> (documents: [Document], questions: [String]) { try load() }

    /// Questions with the query syntax's special characters replaced by spaces.
    func questions(limit: Int = .max) throws -> [String] {
        try load().questions.prefix(limit).map { question in
            String(question.map { "\"():*~+-".contains($0) ? " " : $0 })
        }
    }

    /// A generated collection of `documents` documents and `questions` questions.
    static func generated(_ name: String, documents: Int, questions: Int, seed: UInt64) -> TestCollection {
        TestCollection(description: name, documentCount: documents) {
            let corpus = GeneratedCorpus(documentCount: documents, questionCount: questions, seed: seed)
            return (corpus.documents, corpus.questions)
        }
    }

    /// The shared dataset `name` (its corpus.jsonl and topics.tsv), of `documents` documents.
    static func shared(_ name: String, documents: Int) -> TestCollection {
        TestCollection(description: name, documentCount: documents) {
            let folder = SharedDatasets.folder.appendingPathComponent(name)
            let corpus = try CorpusReader.jsonLines(Data(contentsOf: folder.appendingPathComponent("corpus.jsonl")),
                                                    source: name, strict: true).documents
            let lines = try String(contentsOf: folder.appendingPathComponent("topics.tsv"), encoding: .utf8)
                .split(separator: "\n")
            let questions = lines.compactMap { $0.split(separator: "\t", maxSplits: 1).last.map(String.init) }
            return (corpus, questions)
        }
    }

    /// A generated stand-in for ARCD: 460 paragraphs under about 150 titles.
    static let generatedARCD = generated("generated (ARCD-sized)", documents: 460, questions: 1_400, seed: 460)
    /// A generated stand-in for arabic-qa-combined: 1,524 paragraphs.
    static let generatedCombined = generated("generated (combined-sized)", documents: 1_524, questions: 1_500, seed: 1_524)
    /// ARCD: 460 Wikipedia paragraphs with titles, and its questions.
    static let arcd = shared("arcd", documents: 460)
    /// arabic-qa-combined: 1,524 Wikipedia paragraphs, and its questions.
    static let combined = shared("arabic-qa-combined", documents: 1_524)

    /// ARCD-sized collections: the generated one, and ARCD itself where the shared datasets are.
    static let arcdSized: [TestCollection] = [generatedARCD] + (SharedDatasets.arePresent ? [arcd] : [])
    /// Combined-sized collections: the generated one, and arabic-qa-combined where the shared
    /// datasets are.
    static let combinedSized: [TestCollection] = [generatedCombined] + (SharedDatasets.arePresent ? [combined] : [])
}

/// ../shared/datasets beside the package: the team's real benchmark collections, which tests
/// also run on when present.
enum SharedDatasets {
    static let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
    static let arePresent = ["arcd", "arabic-qa-combined"].allSatisfy {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/corpus.jsonl").path)
    }
    static let absenceNote: Comment = "../shared/datasets is absent: tests ran on the generated collections only"
}

@Suite("Generated collections")
struct GeneratedCorpusTests {
    /// The same seed gives the same corpus; another seed another one.
    @Test func generationIsDeterministic() throws {
        let first = GeneratedCorpus(documentCount: 50, questionCount: 20, seed: 9)
        let again = GeneratedCorpus(documentCount: 50, questionCount: 20, seed: 9)
        let other = GeneratedCorpus(documentCount: 50, questionCount: 20, seed: 10)
        #expect(first.documents == again.documents && first.questions == again.questions)
        #expect(first.documents != other.documents)
        #expect(first.documents.map(\.id) == (0..<50).map { String(format: "g%05d", $0) })
    }

    /// What the tests that run on it rely on: ARCD's size and shape (lengths, shared titles,
    /// terms frequent enough to fill several postings blocks, many rare ones).
    @Test func arcdSizedCollectionHasARealisticShape() throws {
        let documents = try TestCollection.generatedARCD.documents()
        #expect(documents.count == 460)
        let lengths = documents.map { $0.text.split(separator: " ").count }.sorted()
        #expect(lengths.first ?? 0 >= 20 && lengths.last ?? 0 <= 460)
        #expect((60...110).contains(lengths[lengths.count / 2]), "median length \(lengths[lengths.count / 2])")
        let titles = Set(documents.map(\.title))
        #expect((100...200).contains(titles.count), "\(titles.count) titles")
        #expect(documents.contains { $0.title.isEmpty })
        let index = try InMemoryIndex(documents: documents)
        let frequencies = (0..<index.dictionary.count).map { index.documentFrequency(of: $0, in: .text) }.sorted(by: >)
        #expect(frequencies.prefix(3).allSatisfy { $0 > PostingBlock.size }, "\(frequencies.prefix(3))")
        // Zipf: about half the terms occur in one document only.
        let singletons = frequencies.filter { $0 == 1 }.count
        #expect(singletons * 3 > frequencies.count && singletons * 3 < frequencies.count * 2, "\(singletons) of \(frequencies.count)")
        #expect(try TestCollection.generatedARCD.questions().count == 1_400)
    }

    /// The real collections are read where ../shared/datasets is; where it is not, this test is
    /// reported as skipped, with the reason.
    @Test(.enabled(if: SharedDatasets.arePresent, SharedDatasets.absenceNote))
    func sharedCollectionsAreAlsoTested() throws {
        #expect(try TestCollection.arcd.documents().count == 460)
        #expect(try TestCollection.combined.documents().count == 1_524)
        #expect(TestCollection.arcdSized.count == 2 && TestCollection.combinedSized.count == 2)
    }
}
