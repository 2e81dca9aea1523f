import ArabicTokenizer
import Synchronization

/// The index terms grouped by their analyzer's ``Analyzer/variantKey(of:)``: for a query word,
/// every index term that is a variant of it (the same aggressive stem), which a search matches
/// as one more, lighter clause (see ``SearchOptions/variantWeight``).
///
/// It is made from an index's term dictionary the first time a search asks for it, and kept.
struct VariantTable: Sendable {
    /// Each term with its key, ordered by the key's hash, then by term (UTF-8 byte order): the
    /// terms of one key are next to each other, and sorting compares strings only within them.
    private let entries: [(hash: Int, key: String, term: String)]

    /// The table of the terms `forEachTerm` hands on (in any order, repeats allowed), keyed
    /// by `analyzer`.
    init<Failure: Error>(analyzer: any Analyzer, forEachTerm: ((String) -> Void) throws(Failure) -> Void) throws(Failure) {
        var keys: [String] = []
        var terms: [String] = []
        var order: [(hash: Int, entry: Int)] = []
        try forEachTerm { term in
            guard let key = analyzer.variantKey(of: term) else { return }
            order.append((key.hashValue, keys.count))
            keys.append(key)
            terms.append(term)
        }
        // Plain pairs sort fast; strings are compared only between terms of one hash.
        order.sort { $0.hash != $1.hash ? $0.hash < $1.hash : Self.precedes(terms[$0.entry], terms[$1.entry]) }
        var unique: [(hash: Int, key: String, term: String)] = []
        unique.reserveCapacity(order.count)
        for (hash, entry) in order where unique.last.map({ $0.hash != hash || $0.term != terms[entry] }) ?? true {
            unique.append((hash, keys[entry], terms[entry]))
        }
        self.entries = unique
    }

    /// The tables of several term dictionaries as one (a term in several of them counts once).
    init(merging tables: [VariantTable]) {
        entries = mergedInPairs(tables.map(\.entries), merge: Self.merge) ?? []
    }

    /// `a` and `b` (each in the table's order, without repeats) as one, in order, without
    /// repeats.
    private static func merge(_ a: [(hash: Int, key: String, term: String)], _ b: [(hash: Int, key: String, term: String)])
        -> [(hash: Int, key: String, term: String)]
    {
        var merged: [(hash: Int, key: String, term: String)] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            let x = a[i]
            let y = b[j]
            if x.hash != y.hash {
                if x.hash < y.hash { merged.append(x); i += 1 } else { merged.append(y); j += 1 }
            } else if x.term == y.term {
                merged.append(x); i += 1; j += 1
            } else if precedes(x.term, y.term) {
                merged.append(x); i += 1
            } else {
                merged.append(y); j += 1
            }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }

    /// The number of terms with a key.
    var count: Int { entries.count }

    /// The index terms whose key is `key`, in UTF-8 byte order.
    func terms(withKey key: String) -> [String] {
        let hash = key.hashValue
        var low = 0
        var high = entries.count
        while low < high {
            let middle = low + (high - low) / 2
            if entries[middle].hash < hash { low = middle + 1 } else { high = middle }
        }
        var terms: [String] = []
        while low < entries.count, entries[low].hash == hash {
            if entries[low].key == key { terms.append(entries[low].term) }
            low += 1
        }
        return terms
    }

    /// UTF-8 byte order (the order of the term dictionaries).
    private static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

/// A value made on first use and shared by the searches of an index (its ``VariantTable``, a
/// disk snapshot's identifier table). Two searches that both find it missing may both make it;
/// the first one kept is the one every later call gets.
final class MadeOnce<Value: Sendable>: Sendable {
    private let made = Mutex<Value?>(nil)

    init() {}

    /// Whether the value was made and kept.
    var isMade: Bool { made.withLock { $0 != nil } }

    /// The value, made with `make` if none was kept yet.
    func value<Failure: Error>(_ make: () throws(Failure) -> Value) throws(Failure) -> Value {
        if let value = made.withLock({ $0 }) { return value }
        let value = try make()
        return made.withLock { current in
            if let current { return current }
            current = value
            return value
        }
    }
}

/// `lists` merged into one by `merge` (which merges two), pairs at a time, so that each element
/// is copied about log2(lists) times rather than once per list; `nil` for no list. For the
/// segments' own tables of an index, made one.
func mergedInPairs<List>(_ lists: [List], merge: (List, List) -> List) -> List? {
    var lists = lists
    while lists.count > 1 {
        lists = stride(from: 0, to: lists.count, by: 2).map { index in
            index + 1 < lists.count ? merge(lists[index], lists[index + 1]) : lists[index]
        }
    }
    return lists.first
}
