import ArabicTokenizer

/// An index's distinct terms in UTF-8 byte order (the order of the term dictionaries), kept
/// as scalar values end to end with their document frequencies: what fuzzy terms (`word~`) and
/// "did you mean" search for the terms within a spelling budget of a word.
///
/// The search walks the terms in order as a trie: a term shares its rows of the edit-distance
/// table with the previous term for their common prefix, and when no term that begins with a
/// prefix can come within the budget (every entry of its row is over it, and of the row before
/// it, plus a transposition), all of them are skipped at once.
struct TermLexicon: Sendable {
    /// The terms' scalar values, end to end.
    private let scalars: [UInt32]
    /// Where each term starts in ``scalars``; one more entry, the end.
    private let starts: [Int]
    /// Each term's document frequency: the largest over the fields, summed over the segments
    /// it was merged from (deleted documents counted).
    private let frequencies: [Int]

    /// The lexicon of `terms` with their frequencies, given in any order (a repeated term's
    /// frequencies are added).
    init(terms: some Sequence<(term: String, frequency: Int)>) {
        var lists = terms.map { (Array($0.term.unicodeScalars.lazy.map(\.value)), $0.frequency) }
        lists.sort { $0.0.lexicographicallyPrecedes($1.0) }
        var scalars: [UInt32] = []
        var starts: [Int] = [0]
        var frequencies: [Int] = []
        for (list, frequency) in lists {
            if let last = frequencies.indices.last, scalars[starts[last]...].elementsEqual(list) {
                frequencies[last] += frequency
                continue
            }
            scalars += list
            starts.append(scalars.count)
            frequencies.append(frequency)
        }
        self.init(scalars: scalars, starts: starts, frequencies: frequencies)
    }

    private init(scalars: [UInt32], starts: [Int], frequencies: [Int]) {
        self.scalars = scalars
        self.starts = starts
        self.frequencies = frequencies
    }

    /// The lexicons of several dictionaries as one (a term in several counts once, with its
    /// frequencies added).
    init(merging lexicons: [TermLexicon]) {
        var lists = lexicons
        // Pairs at a time, so that each term is copied about log2(lexicons) times.
        while lists.count > 1 {
            lists = stride(from: 0, to: lists.count, by: 2).map { index in
                index + 1 < lists.count ? Self.merge(lists[index], lists[index + 1]) : lists[index]
            }
        }
        self = lists.first ?? TermLexicon(scalars: [], starts: [0], frequencies: [])
    }

    private static func merge(_ a: TermLexicon, _ b: TermLexicon) -> TermLexicon {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(a.scalars.count + b.scalars.count)
        var starts: [Int] = [0]
        starts.reserveCapacity(a.count + b.count + 1)
        var frequencies: [Int] = []
        frequencies.reserveCapacity(a.count + b.count)
        func append(_ term: ArraySlice<UInt32>, _ frequency: Int) {
            scalars += term
            starts.append(scalars.count)
            frequencies.append(frequency)
        }
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            let x = a.scalars(of: i)
            let y = b.scalars(of: j)
            if x == y {
                append(x, a.frequencies[i] + b.frequencies[j]); i += 1; j += 1
            } else if x.lexicographicallyPrecedes(y) {
                append(x, a.frequencies[i]); i += 1
            } else {
                append(y, b.frequencies[j]); j += 1
            }
        }
        while i < a.count { append(a.scalars(of: i), a.frequencies[i]); i += 1 }
        while j < b.count { append(b.scalars(of: j), b.frequencies[j]); j += 1 }
        return TermLexicon(scalars: scalars, starts: starts, frequencies: frequencies)
    }

    /// The number of terms.
    var count: Int { starts.count - 1 }

    /// The scalar values of term `number`.
    func scalars(of number: Int) -> ArraySlice<UInt32> { scalars[starts[number]..<starts[number + 1]] }

    /// Term `number`.
    func term(_ number: Int) -> String {
        var text = String.UnicodeScalarView()
        for value in scalars(of: number) { if let scalar = Unicode.Scalar(value) { text.append(scalar) } }
        return String(text)
    }

    /// Term `number`'s document frequency (see ``frequencies``).
    func frequency(_ number: Int) -> Int { frequencies[number] }

    /// The terms whose distance from `word` under `costs` is at most `budget`, in lexicon
    /// order, with their distances (``SpellingCosts/distance(_:_:)``, exactly) and frequencies.
    func terms(near word: String, within budget: Double, costs: SpellingCosts)
        -> [(term: String, cost: Double, frequency: Int)]
    {
        let query = word.unicodeScalars.map(\.value)
        let width = query.count + 1
        // The query's letters' classes, and the cost of leaving each out, looked up once.
        let queryClasses = query.map { costs.classes(of: $0) }
        let queryGaps = query.indices.map { costs.gap(query[$0], after: $0 > 0 ? query[$0 - 1] : nil) }
        // rows[d * width + j]: the cost of turning the first j scalars of the query into the
        // first d of the current term. Row 0: the query's scalars left out.
        var rows = [Double](repeating: 0, count: width * 16)
        for j in 1..<width { rows[j] = rows[j - 1] + queryGaps[j - 1] }
        // Each row's smallest entry.
        var smallest = [Double](repeating: 0, count: 16)
        // The scalars of the current prefix: rows 1 through prefix.count are its rows.
        var prefix: [UInt32] = []
        var found: [(term: String, cost: Double, frequency: Int)] = []
        var number = 0
        terms: while number < count {
            let term = scalars(of: number)
            var shared = 0
            for (mine, theirs) in zip(prefix, term) {
                guard mine == theirs else { break }
                shared += 1
            }
            prefix.removeLast(prefix.count - shared)
            while prefix.count < term.count {
                let depth = prefix.count + 1
                let letter = term[term.startIndex + depth - 1]
                let before: UInt32? = depth > 1 ? term[term.startIndex + depth - 2] : nil
                if rows.count < (depth + 1) * width { rows += [Double](repeating: 0, count: rows.count) }
                if smallest.count < depth + 1 { smallest += [Double](repeating: 0, count: smallest.count) }
                let row = depth * width
                let above = row - width
                let added = costs.gap(letter, after: before)
                let letterClasses = costs.classes(of: letter)
                rows[row] = rows[above] + added
                var least = rows[row]
                for j in 1..<width {
                    let asked = query[j - 1]
                    let substitution = asked == letter ? 0 : letterClasses & queryClasses[j - 1] != 0 ? SpellingCosts.cheap : 1
                    var best = min(rows[above + j] + added, rows[row + j - 1] + queryGaps[j - 1])
                    best = min(best, rows[above + j - 1] + substitution)
                    if j > 1, let before, asked == before, query[j - 2] == letter, letter != before {
                        best = min(best, rows[above - width + j - 2] + costs.transposition)
                    }
                    rows[row + j] = best
                    least = min(least, best)
                }
                smallest[depth] = least
                prefix.append(letter)
                // Every later row's entries come from this row, or from the row above by a
                // transposition: none is below the smaller of the two bounds.
                if min(least, smallest[depth - 1] + costs.transposition) > budget {
                    number = firstTerm(after: number, notBeginningWith: prefix)
                    continue terms
                }
            }
            let cost = rows[term.count * width + query.count]
            if cost <= budget { found.append((self.term(number), cost, frequencies[number])) }
            number += 1
        }
        return found
    }

    /// The first term after `number` that does not begin with `prefix` (`count` when none),
    /// given that term `number` does: those that do follow it in one run.
    private func firstTerm(after number: Int, notBeginningWith prefix: [UInt32]) -> Int {
        var low = number + 1
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if scalars(of: middle).starts(with: prefix) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
