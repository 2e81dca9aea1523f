/// Finds where the terms of a phrase occur in order in one document's field.
///
/// The phrase is given as the query offset of each of its terms (the first 0; a removed stop
/// word in the query leaves a gap of one) and, for each term, its positions in the document
/// (increasing; a removed stop word in the document leaves a gap too). An exact match
/// (`slop` 0) has every term at the first term's position plus its offset. A sloppy match is
/// order-preserving: the terms at strictly increasing positions, where the total over
/// consecutive terms of |actual distance − query distance| is at most `slop`. So `"a b"~1`
/// also matches `a x b`, and a query gap can close up (`"a ? b"~1` matches `a b`), but `b a`
/// never matches. Each position of the last term that ends a match counts as one occurrence.
enum PhraseMatcher {
    /// The number of occurrences of the phrase.
    static func count(offsets: [Int], positions: [ArraySlice<UInt32>], slop: Int) -> Int {
        run(offsets: offsets, positions: positions, slop: slop, collect: false).count
    }

    /// The number of occurrences of the phrase, with every term's positions in one array: term
    /// `t`'s are `positions[bounds[t]..<bounds[t + 1]]` (`bounds` has one more element than
    /// `offsets`; the array may hold other values before `bounds[0]`).
    static func count(offsets: [Int], positions: [UInt32], bounds: [Int], slop: Int) -> Int {
        guard !offsets.isEmpty, bounds.count == offsets.count + 1,
              zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }), let first = bounds.first, first >= 0,
              bounds.last == positions.count
        else { return 0 }
        guard slop <= 0 else {
            let slices = (0..<offsets.count).map { positions[bounds[$0]..<bounds[$0 + 1]] }
            return count(offsets: offsets, positions: slices, slop: slop)
        }
        return positions.withUnsafeBufferPointer { positions in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: offsets.count) { cursors in
                for term in 0..<offsets.count { cursors[term] = bounds[term] }
                var count = 0
                starts: for start in positions[bounds[0]..<bounds[1]] {
                    for term in 1..<offsets.count {
                        let target = Int(start) + offsets[term] - offsets[0]
                        let end = bounds[term + 1]
                        var cursor = cursors[term]
                        while cursor < end, Int(positions[cursor]) < target { cursor += 1 }
                        cursors[term] = cursor
                        if cursor == end { break starts }
                        if Int(positions[cursor]) != target { continue starts }
                    }
                    count += 1
                }
                return count
            }
        }
    }

    /// The number of exact occurrences of a two-term phrase whose second term comes `distance`
    /// positions after its first, given each term's positions (increasing): what
    /// ``count(offsets:positions:bounds:slop:)`` counts for `offsets` `[0, distance]` and
    /// `slop` 0, without its general set-up.
    static func count(first: UnsafeBufferPointer<UInt32>, second: UnsafeBufferPointer<UInt32>, distance: Int) -> Int {
        var count = 0
        var cursor = 0
        let end = second.count
        for position in first {
            let target = Int(position) + distance
            while cursor < end, Int(second[cursor]) < target { cursor += 1 }
            if cursor == end { break }
            if Int(second[cursor]) == target { count += 1 }
        }
        return count
    }

    /// The positions of the terms of every occurrence of the phrase.
    static func matches(offsets: [Int], positions: [ArraySlice<UInt32>], slop: Int) -> [[Int]] {
        run(offsets: offsets, positions: positions, slop: slop, collect: true).matches
    }

    private static func run(offsets: [Int], positions: [ArraySlice<UInt32>], slop: Int, collect: Bool)
        -> (count: Int, matches: [[Int]])
    {
        guard !offsets.isEmpty, offsets.count == positions.count,
              positions.allSatisfy({ !$0.isEmpty })
        else { return (0, []) }
        if slop <= 0 {
            return exact(offsets: offsets, positions: positions, collect: collect)
        }
        return sloppy(offsets: offsets, positions: positions.map { $0.map(Int.init) }, slop: slop, collect: collect)
    }

    private static func exact(offsets: [Int], positions: [ArraySlice<UInt32>], collect: Bool)
        -> (count: Int, matches: [[Int]])
    {
        var cursors = positions.map { $0.startIndex }
        var count = 0
        var matches: [[Int]] = []
        starts: for start in positions[0] {
            for term in 1..<offsets.count {
                let target = Int(start) + offsets[term] - offsets[0]
                let list = positions[term]
                while cursors[term] < list.endIndex, Int(list[cursors[term]]) < target { cursors[term] += 1 }
                if cursors[term] == list.endIndex { break starts }
                if Int(list[cursors[term]]) != target { continue starts }
            }
            count += 1
            if collect { matches.append(offsets.map { Int(start) + $0 - offsets[0] }) }
        }
        return (count, matches)
    }

    private static func sloppy(offsets: [Int], positions: [[Int]], slop: Int, collect: Bool)
        -> (count: Int, matches: [[Int]])
    {
        let unreachable = Int.max
        // costs[t][j]: the least cost of a chain of terms 0...t ending at positions[t][j].
        var costs: [[Int]] = [[Int](repeating: 0, count: positions[0].count)]
        var parents: [[Int]] = [[Int](repeating: -1, count: positions[0].count)]
        for term in 1..<offsets.count {
            let distance = offsets[term] - offsets[term - 1]
            let previous = positions[term - 1]
            let previousCosts = costs[term - 1]
            var termCosts = [Int](repeating: unreachable, count: positions[term].count)
            var termParents = [Int](repeating: -1, count: positions[term].count)
            for (j, position) in positions[term].enumerated() {
                // Candidates: earlier positions within `slop` of where the query puts them.
                let lowest = position - distance - slop
                let highest = min(position - 1, position - distance + slop)
                var k = lowerBound(previous, lowest)
                while k < previous.count, previous[k] <= highest {
                    if previousCosts[k] != unreachable {
                        let cost = previousCosts[k] + abs(position - previous[k] - distance)
                        if cost <= slop, cost < termCosts[j] {
                            termCosts[j] = cost
                            termParents[j] = k
                        }
                    }
                    k += 1
                }
            }
            costs.append(termCosts)
            parents.append(termParents)
        }
        let last = offsets.count - 1
        var count = 0
        var matches: [[Int]] = []
        for (j, cost) in costs[last].enumerated() where cost <= slop {
            count += 1
            guard collect else { continue }
            var chain = [Int](repeating: 0, count: offsets.count)
            var index = j
            var term = last
            while term >= 0, index >= 0 {
                chain[term] = positions[term][index]
                index = parents[term][index]
                term -= 1
            }
            matches.append(chain)
        }
        return (count, matches)
    }

    private static func lowerBound(_ list: [Int], _ value: Int) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = low + (high - low) / 2
            if list[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
