import ArabicTokenizer

/// Where each indexed word of the text field came from: for every document, the UTF-8 range in
/// the original text of the word at each position, so that snippets can highlight matches
/// without analyzing the document again.
///
/// Flat arrays, like the postings: the slots of document `d` are
/// `documentStarts[d]..<documentStarts[d + 1]`, one per position from 0 to the document's last
/// position; slot `s` is the range `starts[s]..<starts[s] + lengths[s]` (length 0 for a position
/// without a token, such as a removed stop word). A document with no slots has its offsets not
/// stored: its text had no tokens, or the analyzer's positions were too sparse or its words too
/// long to store compactly; snippets re-analyze such a document.
struct TokenOffsets: Sendable {
    let documentStarts: [Int]
    let starts: [UInt32]
    let lengths: [UInt16]

    /// Whether the offsets of `document` are stored.
    func hasOffsets(_ document: UInt32) -> Bool {
        let index = Int(document)
        return index + 1 < documentStarts.count && documentStarts[index + 1] > documentStarts[index]
    }

    /// The UTF-8 range of the word at `position` of `document`, or `nil` when there is none.
    func range(of document: UInt32, position: Int) -> Range<Int>? {
        let index = Int(document)
        guard index + 1 < documentStarts.count, position >= 0 else { return nil }
        let slot = documentStarts[index] + position
        guard slot < documentStarts[index + 1], lengths[slot] > 0 else { return nil }
        let start = Int(starts[slot])
        return start..<(start + Int(lengths[slot]))
    }
}

/// Collects ``TokenOffsets`` while documents are added.
struct TokenOffsetsAccumulator {
    var documentStarts: [Int] = [0]
    var starts: [UInt32] = []
    var lengths: [UInt16] = []

    /// Records the tokens of the next document's text. Offsets are left out (the document will be
    /// re-analyzed for snippets) when positions are much sparser than tokens, or a range does not
    /// fit the compact encoding.
    mutating func add(_ terms: AnalyzedField) {
        defer { documentStarts.append(starts.count) }
        guard let last = terms.positions.max(), last >= 0 else { return }
        let slots = last + 1
        guard slots <= 2 * terms.count + 16,
              zip(terms.positions, terms.ranges).allSatisfy({ position, range in
                  position >= 0 && range.lowerBound >= 0
                      && range.upperBound <= Int(UInt32.max)
                      && range.count <= Int(UInt16.max)
              })
        else { return }
        let base = starts.count
        starts += [UInt32](repeating: 0, count: slots)
        lengths += [UInt16](repeating: 0, count: slots)
        for (position, range) in zip(terms.positions, terms.ranges) where lengths[base + position] == 0 {
            starts[base + position] = UInt32(range.lowerBound)
            lengths[base + position] = UInt16(range.count)
        }
    }

    /// Records the next document with no offsets (snippets will re-analyze it).
    mutating func skip() {
        documentStarts.append(starts.count)
    }

    func build(documentCount: Int) -> TokenOffsets {
        var documentStarts = self.documentStarts
        while documentStarts.count < documentCount + 1 { documentStarts.append(starts.count) }
        return TokenOffsets(documentStarts: documentStarts, starts: starts, lengths: lengths)
    }
}
