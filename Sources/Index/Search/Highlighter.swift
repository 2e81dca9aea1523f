import ArabicTokenizer

/// What a query marks in a hit's text: its terms (a prefix's expansion included) and phrases,
/// from the clauses that can match (excluded clauses mark nothing) in the text field.
struct Highlighter {
    struct Phrase {
        let offsets: [Int]
        let terms: [String]
        let slop: Int
    }

    private(set) var terms: Set<String> = []
    private(set) var phrases: [Phrase] = []

    init(_ weight: QueryWeight) {
        collect(weight)
    }

    var isEmpty: Bool { terms.isEmpty && phrases.isEmpty }

    private mutating func collect(_ weight: QueryWeight) {
        switch weight {
        case .terms(let terms):
            self.terms.formUnion(terms.highlightTerms)
        case .phrase(let phrase):
            if phrase.highlightsText, !phrase.terms.isEmpty {
                phrases.append(Phrase(offsets: phrase.offsets, terms: phrase.terms, slop: phrase.slop))
            }
        case .boolean(let should, let must, _):
            for clause in must + should { collect(clause) }
        }
    }

    /// The tokens of `tokens` (a text's analysis) that the query matches, by index, each with the
    /// term it counts as for distinctness.
    func marks(in tokens: [Token]) -> [Int: String] {
        var marks: [Int: String] = [:]
        guard !isEmpty else { return marks }
        for (index, token) in tokens.enumerated() where terms.contains(token.term) {
            marks[index] = token.term
        }
        for phrase in phrases {
            // The positions of each phrase term, and which token is at each position.
            var positions: [[UInt32]] = Array(repeating: [], count: phrase.terms.count)
            var tokenAt: [Int: [Int]] = [:]
            let slots = Dictionary(grouping: phrase.terms.indices, by: { phrase.terms[$0] })
            for (index, token) in tokens.enumerated() {
                guard let termSlots = slots[token.term] else { continue }
                let position = UInt32(clamping: token.position)
                for slot in termSlots where positions[slot].last.map({ $0 < position }) ?? true {
                    positions[slot].append(position)
                }
                tokenAt[Int(position), default: []].append(index)
            }
            let matches = PhraseMatcher.matches(offsets: phrase.offsets, positions: positions.map { $0[...] },
                                                slop: phrase.slop)
            for match in matches {
                for (slot, position) in match.enumerated() {
                    for index in tokenAt[position] ?? [] where tokens[index].term == phrase.terms[slot] {
                        marks[index] = tokens[index].term
                    }
                }
            }
        }
        return marks
    }
}
