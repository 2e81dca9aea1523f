/// The inverted index of one field: for every term, the documents containing it, how often, and
/// at which positions; plus the exact length of the field in every document.
///
/// Everything is a flat integer array indexed by term id and posting number, with no object per
/// posting, so the structure can be written to disk and memory-mapped as it is:
///
/// - postings of term `t` are numbers `termStarts[t]..<termStarts[t + 1]`;
/// - posting `p` is document `documents[p]` with frequency `frequencies[p]`, its positions
///   (increasing) being `positions[positionStarts[p]..<positionStarts[p + 1]]`;
/// - `lengths[d]` is the token count of the field in document `d`.
///
/// Postings of a term are in increasing document order.
struct FieldPostings: Sendable {
    let termStarts: [Int]
    let documents: [UInt32]
    let frequencies: [UInt32]
    let positionStarts: [UInt32]
    let positions: [UInt32]
    let lengths: [UInt32]
    /// The number of documents whose field has at least one token: BM25's `N`.
    let nonEmptyDocumentCount: Int
    /// The sum of `lengths`.
    let totalLength: Int
    /// The block summaries of term `t` are numbers `blockStarts[t]..<blockStarts[t + 1]`; block
    /// `i` of a term covers its postings `128·i ..< 128·(i + 1)`.
    let blockStarts: [Int]
    /// The largest frequency among each block's postings.
    let blockMaximumFrequencies: [UInt32]
    /// The smallest field length among each block's documents.
    let blockMinimumLengths: [UInt32]

    init(termStarts: [Int], documents: [UInt32], frequencies: [UInt32], positionStarts: [UInt32],
         positions: [UInt32], lengths: [UInt32], nonEmptyDocumentCount: Int, totalLength: Int)
    {
        self.termStarts = termStarts
        self.documents = documents
        self.frequencies = frequencies
        self.positionStarts = positionStarts
        self.positions = positions
        self.lengths = lengths
        self.nonEmptyDocumentCount = nonEmptyDocumentCount
        self.totalLength = totalLength
        var blockStarts: [Int] = [0]
        blockStarts.reserveCapacity(termStarts.count)
        var maximumFrequencies: [UInt32] = []
        var minimumLengths: [UInt32] = []
        for term in 0..<max(0, termStarts.count - 1) {
            var start = termStarts[term]
            let end = termStarts[term + 1]
            while start < end {
                let blockEnd = min(end, start + PostingBlock.size)
                var maximumFrequency: UInt32 = 0
                var minimumLength = UInt32.max
                for posting in start..<blockEnd {
                    maximumFrequency = max(maximumFrequency, frequencies[posting])
                    let document = Int(documents[posting])
                    minimumLength = min(minimumLength, document < lengths.count ? lengths[document] : 0)
                }
                maximumFrequencies.append(maximumFrequency)
                minimumLengths.append(minimumLength)
                start = blockEnd
            }
            blockStarts.append(maximumFrequencies.count)
        }
        self.blockStarts = blockStarts
        blockMaximumFrequencies = maximumFrequencies
        blockMinimumLengths = minimumLengths
    }

    /// BM25's `avgdl`: the average length of the field over the documents that have it.
    var averageLength: Double {
        nonEmptyDocumentCount > 0 ? Double(totalLength) / Double(nonEmptyDocumentCount) : 0
    }

    /// The posting numbers of term `termID`.
    func postings(of termID: Int) -> Range<Int> {
        termStarts[termID]..<termStarts[termID + 1]
    }

    /// The number of documents containing term `termID` in this field.
    func documentFrequency(of termID: Int) -> Int {
        termStarts[termID + 1] - termStarts[termID]
    }

    /// The positions of posting `posting`.
    func positions(ofPosting posting: Int) -> ArraySlice<UInt32> {
        positions[Int(positionStarts[posting])..<Int(positionStarts[posting + 1])]
    }

    /// The posting of `document` among `postings` (found by binary search from `start`), or `nil`.
    func posting(of document: UInt32, in postings: Range<Int>) -> Int? {
        var low = postings.lowerBound
        var high = postings.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if documents[middle] < document { low = middle + 1 } else { high = middle }
        }
        guard low < postings.upperBound, documents[low] == document else { return nil }
        return low
    }
}
