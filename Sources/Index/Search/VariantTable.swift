import ArabicTokenizer
import Synchronization

/// The index terms grouped by their analyzer's ``Analyzer/variantKey(of:)``: for a query word,
/// every index term that is a variant of it (the same aggressive stem), which a search matches
/// as one more, lighter clause (see ``SearchOptions/variantWeight``).
///
/// It is made from an index's term dictionary the first time a search asks for it, and kept.
struct VariantTable: Sendable {
    /// Each key with one of its terms, by key then term (UTF-8 byte order): the terms of one
    /// key are next to each other.
    private let entries: [(key: String, term: String)]

    /// The table of the terms `forEachTerm` hands on (in any order, repeats allowed), keyed
    /// by `analyzer`.
    init<Failure: Error>(analyzer: any Analyzer, forEachTerm: ((String) -> Void) throws(Failure) -> Void) throws(Failure) {
        var entries: [(key: String, term: String)] = []
        try forEachTerm { term in
            if let key = analyzer.variantKey(of: term) { entries.append((key, term)) }
        }
        entries.sort { $0.key != $1.key ? Self.precedes($0.key, $1.key) : Self.precedes($0.term, $1.term) }
        var unique: [(key: String, term: String)] = []
        unique.reserveCapacity(entries.count)
        for entry in entries where unique.last.map({ $0.key != entry.key || $0.term != entry.term }) ?? true {
            unique.append(entry)
        }
        self.entries = unique
    }

    /// The number of terms with a key.
    var count: Int { entries.count }

    /// The index terms whose key is `key`, in UTF-8 byte order.
    func terms(withKey key: String) -> [String] {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = low + (high - low) / 2
            if Self.precedes(entries[middle].key, key) { low = middle + 1 } else { high = middle }
        }
        var terms: [String] = []
        while low < entries.count, entries[low].key == key {
            terms.append(entries[low].term)
            low += 1
        }
        return terms
    }

    /// UTF-8 byte order (the order of the term dictionaries).
    private static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

/// An index's ``VariantTable``, made once on first use and shared by its searches.
final class VariantTableCache: Sendable {
    private let table = Mutex<VariantTable?>(nil)

    init() {}

    /// The table, made with `make` if this is the first call.
    func table<Failure: Error>(_ make: () throws(Failure) -> VariantTable) throws(Failure) -> VariantTable {
        if let made = table.withLock({ $0 }) { return made }
        let made = try make()
        return table.withLock { current in
            if let current { return current }
            current = made
            return made
        }
    }
}
