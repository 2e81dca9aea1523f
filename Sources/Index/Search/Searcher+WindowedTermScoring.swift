extension Searcher {
    /// The most document numbers one window of ``topDocuments(ofTerms:limit:)`` spans.
    static var termWindowSpan: Int { 4096 }

    /// The best `limit` documents of a term weight (a term in its fields, or the terms a prefix
    /// expanded to), every match scored and counted: a window of documents at a time, each
    /// term-field pair's postings in the window added to the documents' sums in the pairs'
    /// order from 0, the order ``evaluate(_:)`` adds them in, so the scores are the same bits.
    /// Postings are read through cursors and the sums kept in the search's arena: nothing but
    /// the hit heap is allocated, however many terms a broad prefix expands to. `span` (a
    /// multiple of 64) is the window's, smaller in tests.
    @inline(__always)
    func topDocuments(ofTerms terms: TermsWeight<Source.Term>, limit: Int, span: Int = termWindowSpan)
        throws(Source.Failure) -> TopDocuments
    {
        let pairs = terms.fieldTerms
        var cursors = ArenaBuffer<Source.Cursor>(capacity: pairs.count, in: arena)
        let weights = arena.uninitialized(pairs.count, of: Double.self)
        let fields = arena.uninitialized(pairs.count, of: DocumentField.self)
        let norms = try lengthNorms()
        for term in pairs where index.documentFrequency(of: term.termID, in: term.field) > 0 {
            weights[cursors.count] = term.boost * term.idf
            fields[cursors.count] = term.field
            cursors.append(try index.cursor(of: term.termID, in: term.field, arena: arena))
        }
        let sums = arena.filled(span, with: 0.0)
        let seen = arena.filled(span / 64, with: UInt64(0))
        var collector = TopHits.Collector(limit: limit)
        var matches = 0
        while true {
            var windowStart = postingCursorEnd
            for pair in cursors.indices { windowStart = Swift.min(windowStart, cursors.base[pair].document) }
            if windowStart == postingCursorEnd { break }
            let windowEnd = windowStart >= postingCursorEnd - UInt32(span) ? postingCursorEnd - 1
                : windowStart + UInt32(span - 1)
            for pair in cursors.indices {
                let cursor = cursors.base + pair
                let weight = weights[pair]
                let field = fields[pair]
                let bm25 = self.bm25[field.index]
                let fieldNorms = norms[field.index] ?? []
                /// Adds the pair's score of `document`, which occurs `frequency` times there.
                func add(_ document: UInt32, frequency: UInt32) throws(Source.Failure) {
                    let score: Double
                    if Int(document) < fieldNorms.count {
                        score = weight * bm25.tf(frequency: Int(frequency), norm: fieldNorms[Int(document)])
                    } else {
                        score = weight * bm25.tf(frequency: Int(frequency), length: try index.length(of: document, in: field))
                    }
                    let slot = Int(document &- windowStart)
                    sums[slot] += score
                    seen[slot >> 6] |= 1 << UInt64(slot & 63)
                }
                while cursor.pointee.document <= windowEnd {
                    if let run = cursor.pointee.postingsInBlock {
                        // The block read now, a run at a time.
                        var taken = 0
                        while taken < run.count, run.documents[taken] <= windowEnd {
                            try add(run.documents[taken], frequency: run.frequencies[taken])
                            taken += 1
                        }
                        try cursor.pointee.advance(to: run.documents[taken - 1] + 1)
                    } else {
                        let document = cursor.pointee.document
                        try add(document, frequency: cursor.pointee.frequency)
                        try cursor.pointee.advance(to: document + 1)
                    }
                }
            }
            // The window's matches, in document order.
            for word in 0..<(span / 64) where seen[word] != 0 {
                var bits = seen[word]
                seen[word] = 0
                while bits != 0 {
                    let slot = word << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    matches += 1
                    collector.offer(document: windowStart + UInt32(slot), score: sums[slot])
                    sums[slot] = 0
                }
            }
            if windowEnd == postingCursorEnd - 1 { break }
        }
        return TopDocuments(hits: collector.sortedHits(), totalHits: matches, totalHitsIsExact: true)
    }
}
