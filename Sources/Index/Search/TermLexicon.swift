import ArabicTokenizer

/// An index's distinct terms in UTF-8 byte order (the order of the term dictionaries), kept
/// as scalar values end to end with their document frequencies: what fuzzy terms (`word~`) and
/// "did you mean" search for the terms within a spelling budget of a word.
///
/// The search walks the terms in order as a trie: a term shares its rows of the edit-distance
/// table with the previous term for their common prefix, and when no term that begins with a
/// prefix can come within the budget (every entry of its row is over it, and so is every entry
/// of the row before from which a transposition could follow), all of them are skipped at once.
struct TermLexicon: Sendable {
    /// The terms' scalar values, end to end.
    private let scalars: [UInt32]
    /// Where each term starts in ``scalars``; one more entry, the end.
    private let starts: [Int]
    /// Each term's document frequency: the largest over the fields, summed over the segments
    /// it was merged from (deleted documents counted).
    private let frequencies: [Int]
    /// The most scalars in one term.
    private let longest: Int

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
        longest = zip(starts, starts.dropFirst()).reduce(0) { Swift.max($0, $1.1 - $1.0) }
    }

    /// The lexicons of several dictionaries as one (a term in several counts once, with its
    /// frequencies added).
    init(merging lexicons: [TermLexicon]) {
        self = mergedInPairs(lexicons, merge: Self.merge) ?? TermLexicon(scalars: [], starts: [0], frequencies: [])
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

    /// The numbers of the terms whose distance from `word` under `costs` is at most `budget`,
    /// in lexicon order, with their distances (``SpellingCosts/distance(_:_:)``, exactly): the
    /// terms are made into strings only when asked (``term(_:)``).
    func matches(near word: String, within budget: Double, costs: SpellingCosts) -> [(number: Int, cost: Double)] {
        // Costs in half edits: every cost of ``SpellingCosts`` is 0, a half or a whole edit, so
        // integers hold them exactly.
        func units(_ cost: Double) -> Int { Int((cost / SpellingCosts.cheap).rounded()) }
        let limit = Int((budget / SpellingCosts.cheap).rounded(.down))
        let query = word.unicodeScalars.map(\.value)
        let width = query.count + 1
        // The query's letters' classes, and the cost of leaving each out, looked up once.
        let queryClasses = query.map { costs.classes(of: $0) }
        let queryGaps = query.indices.map { units(costs.gap(query[$0], after: $0 > 0 ? query[$0 - 1] : nil)) }
        let transposition = units(costs.transposition)
        let cheap = units(SpellingCosts.cheap)
        let whole = units(1)
        // rows[d * width + j]: the cost of turning the first j scalars of the query into the
        // first d of the current term. Row 0: the query's scalars left out.
        var rows = [Int](repeating: 0, count: width * (longest + 1))
        for j in 1..<width { rows[j] = rows[j - 1] + queryGaps[j - 1] }
        // Each row's smallest entry.
        var smallest = [Int](repeating: 0, count: longest + 1)
        var found: [(number: Int, cost: Double)] = []
        scalars.withUnsafeBufferPointer { scalars in
        starts.withUnsafeBufferPointer { starts in
        query.withUnsafeBufferPointer { query in
        queryClasses.withUnsafeBufferPointer { queryClasses in
        queryGaps.withUnsafeBufferPointer { queryGaps in
        rows.withUnsafeMutableBufferPointer { rows in
        smallest.withUnsafeMutableBufferPointer { smallest in
            // The rows 1 through `depth` are those of the first `depth` scalars of term `held`.
            var held = 0
            var depth = 0
            var number = 0
            terms: while number < count {
                let start = starts[number]
                let length = starts[number + 1] - start
                // The prefix this term shares with the rows held.
                var shared = 0
                let heldStart = starts[held]
                while shared < depth, shared < length, scalars[heldStart + shared] == scalars[start + shared] { shared += 1 }
                depth = shared
                held = number
                while depth < length {
                    let letter = scalars[start + depth]
                    let before: UInt32? = depth > 0 ? scalars[start + depth - 1] : nil
                    depth += 1
                    let row = depth * width
                    let above = row - width
                    let added = units(costs.gap(letter, after: before))
                    let letterClasses = costs.classes(of: letter)
                    rows[row] = rows[above] + added
                    var least = rows[row]
                    for j in 1..<width {
                        let asked = query[j - 1]
                        let substitution = asked == letter ? 0 : letterClasses & queryClasses[j - 1] != 0 ? cheap : whole
                        var best = Swift.min(rows[above + j] + added, rows[row + j - 1] + queryGaps[j - 1])
                        best = Swift.min(best, rows[above + j - 1] + substitution)
                        if j > 1, let before, asked == before, query[j - 2] == letter, letter != before {
                            best = Swift.min(best, rows[above - width + j - 2] + transposition)
                        }
                        rows[row + j] = best
                        least = Swift.min(least, best)
                    }
                    // Every later row's entries come from this row, or from the row above by a
                    // transposition of this letter with the next, where the query has this
                    // letter after the next one: none is below the smaller of the two bounds.
                    var bound = least
                    if transposition + smallest[depth - 1] <= limit {
                        for j in stride(from: 2, to: width, by: 1) where query[j - 1] == letter {
                            bound = Swift.min(bound, rows[above + j - 2] + transposition)
                        }
                    }
                    smallest[depth] = least
                    if bound > limit {
                        number = firstTerm(after: number, notBeginningWith: scalars[start..<(start + depth)],
                                           scalars: scalars, starts: starts)
                        continue terms
                    }
                }
                let cost = rows[length * width + width - 1]
                if cost <= limit { found.append((number, Double(cost) * SpellingCosts.cheap)) }
                number += 1
            }
        }}}}}}}
        return found
    }

    /// The first term after `number` that does not begin with `prefix` (`count` when none),
    /// given that term `number` does: those that do follow it in one run.
    private func firstTerm(after number: Int, notBeginningWith prefix: Slice<UnsafeBufferPointer<UInt32>>,
                           scalars: UnsafeBufferPointer<UInt32>, starts: UnsafeBufferPointer<Int>) -> Int
    {
        func begins(_ term: Int) -> Bool {
            let start = starts[term]
            guard starts[term + 1] - start >= prefix.count else { return false }
            var offset = start
            for scalar in prefix {
                if scalars[offset] != scalar { return false }
                offset += 1
            }
            return true
        }
        // Galloping: the run is most often short (a deep prefix), so its end is bracketed by
        // steps that double before the binary search.
        var low = number + 1
        var step = 1
        while low < count, begins(low) {
            low += step
            step *= 2
        }
        var high = Swift.min(low, count)
        // The last probe that began with the prefix (or term `number` itself).
        low = Swift.max(number + 1, low - step / 2)
        if high == low { return low }
        while low < high {
            let middle = low + (high - low) / 2
            if begins(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
