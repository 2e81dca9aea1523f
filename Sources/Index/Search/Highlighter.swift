import ArabicTokenizer

/// Finds the words of a hit's text that its query matched: the terms (a prefix's expansion
/// included) and phrase occurrences of the clauses that can match the text field. Excluded
/// clauses mark nothing.
///
/// The matched positions come from the postings and their original ranges from the index's
/// ``TokenOffsets``; a document without stored offsets is analyzed again instead.
struct Highlighter<Source: SearchSource> {
    typealias Term = Source.Term
    struct Phrase {
        let termIDs: [Term]
        let offsets: [Int]
        let slop: Int
    }

    /// One matched word: its UTF-8 range in the text, and the term it counts as.
    struct Mark {
        let range: Range<Int>
        let termID: Term
    }

    let index: Source
    private(set) var termIDs: Set<Term> = []
    private(set) var phrases: [Phrase] = []
    /// The text-field postings of every term above, fetched once for all hits.
    private var postings: [Term: Source.Postings] = [:]

    /// The search's arena, where terms looked up again are kept.
    let arena: SearchArena

    init(_ weight: QueryWeight<Term>, index: Source, arena: SearchArena) throws(Source.Failure) {
        self.index = index
        self.arena = arena
        collect(weight)
        var terms = Array(termIDs)
        for phrase in phrases { terms += phrase.termIDs }
        for term in terms where postings[term] == nil {
            postings[term] = try index.postings(of: term, in: .text)
        }
    }

    private mutating func collect(_ weight: QueryWeight<Term>) {
        weight.forEachPositiveLeaf { leaf in
            switch leaf {
            case .terms(let terms):
                for term in terms.fieldTerms where term.field == .text { termIDs.insert(term.termID) }
            case .phrase(let phrase):
                for inField in phrase.fields where inField.field == .text {
                    phrases.append(Phrase(termIDs: inField.termIDs, offsets: phrase.offsets, slop: phrase.slop))
                }
            }
        }
    }

    /// The matched words of `document`'s text `text`, in text order, without duplicates.
    func marks(of document: UInt32, text: String) throws(Source.Failure) -> [Mark] {
        guard !termIDs.isEmpty || !phrases.isEmpty else { return [] }
        var marks: [Mark]
        if let offsets = try index.offsets(of: document) {
            marks = try storedMarks(of: document, offsets: offsets)
        } else {
            marks = try analyzedMarks(of: text)
        }
        let length = text.utf8.count
        marks = marks.filter { !$0.range.isEmpty && $0.range.lowerBound >= 0 && $0.range.upperBound <= length }
        marks.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var unique: [Mark] = []
        for mark in marks where unique.last?.range != mark.range { unique.append(mark) }
        return unique
    }

    /// Marks from the postings and the stored offsets.
    private func storedMarks(of document: UInt32, offsets: DocumentOffsets) throws(Source.Failure) -> [Mark] {
        func positions(of termID: Term) throws(Source.Failure) -> ArraySlice<UInt32>? {
            guard let list = postings[termID], let posting = list.posting(of: document) else { return nil }
            return try list.positions(at: posting)
        }
        var marks: [Mark] = []
        for termID in termIDs {
            for position in try positions(of: termID) ?? [] {
                if let range = offsets.range(at: Int(position)) {
                    marks.append(Mark(range: range, termID: termID))
                }
            }
        }
        for phrase in phrases {
            var lists: [ArraySlice<UInt32>] = []
            for termID in phrase.termIDs {
                if let found = try positions(of: termID) { lists.append(found) }
            }
            guard lists.count == phrase.termIDs.count else { continue }
            for match in PhraseMatcher.matches(offsets: phrase.offsets, positions: lists, slop: phrase.slop) {
                for (slot, position) in match.enumerated() {
                    if let range = offsets.range(at: position) {
                        marks.append(Mark(range: range, termID: phrase.termIDs[slot]))
                    }
                }
            }
        }
        return marks
    }

    /// Marks from analyzing `text` again.
    private func analyzedMarks(of text: String) throws(Source.Failure) -> [Mark] {
        let tokens = index.analyzer.analyze(text)
        var ids: [String: Term?] = [:]
        var termIDs: [Term?] = []
        termIDs.reserveCapacity(tokens.count)
        for token in tokens {
            if let known = ids[token.term] {
                termIDs.append(known)
                continue
            }
            let id = try index.term(token.term, arena: arena)
            ids[token.term] = id
            termIDs.append(id)
        }
        var marks: [Mark] = []
        for (number, token) in tokens.enumerated() {
            if let id = termIDs[number], self.termIDs.contains(id) {
                marks.append(Mark(range: token.utf8Range, termID: id))
            }
        }
        for phrase in phrases {
            // The positions of each phrase term, and the tokens at each position.
            var lists: [[UInt32]] = Array(repeating: [], count: phrase.termIDs.count)
            var tokensAt: [Int: [Int]] = [:]
            for (number, token) in tokens.enumerated() {
                guard let id = termIDs[number], token.position >= 0 else { continue }
                let position = UInt32(clamping: token.position)
                var used = false
                for slot in phrase.termIDs.indices where phrase.termIDs[slot] == id {
                    if lists[slot].last.map({ $0 < position }) ?? true { lists[slot].append(position) }
                    used = true
                }
                if used { tokensAt[token.position, default: []].append(number) }
            }
            let matches = PhraseMatcher.matches(offsets: phrase.offsets, positions: lists.map { $0[...] },
                                                slop: phrase.slop)
            for match in matches {
                for (slot, position) in match.enumerated() {
                    for number in tokensAt[position] ?? [] where termIDs[number] == phrase.termIDs[slot] {
                        marks.append(Mark(range: tokens[number].utf8Range, termID: phrase.termIDs[slot]))
                    }
                }
            }
        }
        return marks
    }
}
