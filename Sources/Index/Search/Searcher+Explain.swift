extension Searcher {
    /// How `document`'s score comes from the parts of `weight` it matches, as a tree shaped like
    /// `weight`, or `nil` when it does not match `weight`. Reads `tree`, `weight`'s
    /// ``explanationTree(for:)``: whether each node matches follows the rules every search
    /// follows (``ScoreTree/evaluate(_:matches:scores:leaf:isExcluded:)``), and each matched leaf
    /// says how its score was made. A term expanded from a fuzzy word (`fuzzyWords`, by term) is
    /// named with it: `كاتب (كتب~)`.
    func explain(_ tree: borrowing ScoreTree<Source.Term>, document: UInt32, fuzzyWords: [Source.Term: String] = [:])
        throws(Source.Failure) -> Explanation?
    {
        guard tree.nodeCount > 0 else { return nil }
        var leaves: [Explanation?] = []
        leaves.reserveCapacity(tree.leaves.count)
        for leaf in tree.leaves.indices {
            leaves.append(try explain(tree.leaves.base[leaf], document: document, fuzzyWords: fuzzyWords))
        }
        let matches = arena.filled(tree.nodeCount, with: false)
        let scores = arena.filled(tree.nodeCount, with: 0.0)
        let exclusions = tree.exclusions.base
        let root = tree.evaluate(tree.root, matches: matches, scores: scores,
                                 leaf: { leaves[$0].map { (true, $0.score) } ?? (false, 0) },
                                 isExcluded: { Self.contains(exclusions[$0], document) })
        guard root.matches else { return nil }
        // Each matched node's explanation, children first.
        var nodes = [Explanation?](repeating: nil, count: tree.nodeCount)
        for number in 0..<tree.nodeCount where matches[number] {
            let node = tree.nodes[number]
            var details: [Explanation] = []
            for at in node.first..<(node.first + node.count) {
                if let child = nodes[tree.children[at]] { details.append(child) }
            }
            switch (node.kind, node.role) {
            case (.leaf, _):
                nodes[number] = leaves[node.value]
            case (.excluding, _):
                nodes[number] = details.first
            case (.everything, _):
                nodes[number] = Explanation(summary: "not excluded", details: [])
            case (_, .terms):
                nodes[number] = Self.group(details, summary: "sum of matched terms")
            case (_, .phrase):
                guard let first = tree.firstLeaf(under: number),
                      case .phrase(let phrase, _) = tree.leaves.base[first] else { break }
                nodes[number] = Self.group(details, summary: "sum of \(phrase.label) in each field")
            case (_, _):
                nodes[number] = Explanation(summary: "sum of matched clauses", details: details)
            }
        }
        return nodes[tree.root]
    }

    /// Whether sorted `documents` hold `document`.
    private static func contains(_ documents: [UInt32], _ document: UInt32) -> Bool {
        var low = 0
        var high = documents.count
        while low < high {
            let middle = low + (high - low) / 2
            if documents[middle] < document { low = middle + 1 } else { high = middle }
        }
        return low < documents.count && documents[low] == document
    }

    /// `nodes` under one node saying `summary`; the node itself when there is one; `nil` when
    /// there is none.
    private static func group(_ nodes: [Explanation], summary: String) -> Explanation? {
        switch nodes.count {
        case 0: return nil
        case 1: return nodes[0]
        default: return Explanation(summary: summary, details: nodes)
        }
    }

    /// How leaf `leaf` scores `document`, or `nil` when it does not match it.
    private func explain(_ leaf: ScoreLeaf<Source.Term>, document: UInt32, fuzzyWords: [Source.Term: String])
        throws(Source.Failure) -> Explanation?
    {
        switch leaf {
        case .term(let term, _, _):
            return try explain(term, document: document, fuzzyWord: fuzzyWords[term.termID]).map(Explanation.init)
        case .overFields(let fieldTerms, let idf, let weight, let bm25f, _, let variants):
            let parts = try explain(fieldTerms, idf: idf, with: bm25f, weight: weight, variants: variants,
                                    fuzzyWords: fuzzyWords, document: document)
            guard let first = parts.first else { return nil }
            // A term in several fields: one BM25F score shared among them.
            return parts.count == 1 ? Explanation(first) : Explanation(
                summary: "BM25F of \(first.term) over \(parts.map(\.field.rawValue).joined(separator: ", "))",
                details: parts.map(Explanation.init))
        case .phrase(let phrase, let field):
            return try explain(phrase, in: field, document: document).map(Explanation.init)
        case .scored:
            return nil  // (search trees only)
        }
    }

    private func explain(_ term: FieldTerm<Source.Term>, document: UInt32, fuzzyWord: String?) throws(Source.Failure)
        -> TermContribution?
    {
        let postings = try index.postings(of: term.termID, in: term.field)
        guard let posting = postings.posting(of: document) else { return nil }
        let bm25 = self.bm25[term.field.index]
        let frequency = Int(postings.frequency(at: posting))
        let length = try index.length(of: document, in: term.field)
        return TermContribution(
            term: Self.label(index.text(of: term.termID), fuzzyWord: fuzzyWord, variant: false), field: term.field,
            idf: term.idf,
            termFrequency: frequency, documentLength: length, averageDocumentLength: bm25.averageLength,
            boost: term.boost, score: term.boost * term.idf * bm25.tf(frequency: frequency, length: length))
    }

    /// BM25F: the term's score over its fields `fieldTerms`, shared among the fields it occurs
    /// in, in proportion to their parts of the pseudo-frequency; empty when it does not occur.
    /// With `variants`, the terms are a word's variants, scored as one term.
    private func explain(_ fieldTerms: ArraySlice<FieldTerm<Source.Term>>, idf: Double, with bm25f: BM25F, weight: Double,
                         variants: Bool, fuzzyWords: [Source.Term: String], document: UInt32)
        throws(Source.Failure) -> [TermContribution]
    {
        var parts: [(term: FieldTerm<Source.Term>, frequency: Int, length: Int, pseudoFrequency: Double)] = []
        var pseudoFrequency = 0.0
        for term in fieldTerms {
            let postings = try index.postings(of: term.termID, in: term.field)
            guard let posting = postings.posting(of: document) else { continue }
            let frequency = Int(postings.frequency(at: posting))
            let length = try index.length(of: document, in: term.field)
            let part = bm25f.pseudoFrequency(frequency, in: term.field, norm: bm25[term.field.index].norm(length: length))
            parts.append((term, frequency, length, part))
            pseudoFrequency += part
        }
        let score = weight * bm25f.score(idf: idf, pseudoFrequency: pseudoFrequency)
        return parts.map { part in
            TermContribution(
                term: Self.label(index.text(of: part.term.termID), fuzzyWord: fuzzyWords[part.term.termID], variant: variants),
                field: part.term.field, idf: idf,
                termFrequency: part.frequency,
                documentLength: part.length, averageDocumentLength: bm25[part.term.field.index].averageLength,
                boost: part.term.boost,
                score: parts.count == 1 ? score : score * (part.pseudoFrequency / pseudoFrequency))
        }
    }

    /// A term as explanations name it: `كاتب (كتب~)` when expanded from a fuzzy word, `~مكتب`
    /// when matched as a variant of a query word, else itself.
    private static func label(_ term: String, fuzzyWord: String?, variant: Bool) -> String {
        if let fuzzyWord { return "\(term) (\(fuzzyWord))" }
        return variant ? "~" + term : term
    }

    private func explain(_ phrase: PhraseWeight<Source.Term>, in field: PhraseWeight<Source.Term>.InField,
                         document: UInt32) throws(Source.Failure) -> TermContribution?
    {
        var positions: [ArraySlice<UInt32>] = []
        for termID in field.termIDs {
            let postings = try index.postings(of: termID, in: field.field)
            guard let posting = postings.posting(of: document) else { return nil }
            positions.append(try postings.positions(at: posting))
        }
        let frequency = PhraseMatcher.count(offsets: phrase.offsets, positions: positions, slop: phrase.slop)
        guard frequency > 0 else { return nil }
        let bm25 = self.bm25[field.field.index]
        let length = try index.length(of: document, in: field.field)
        return TermContribution(
            term: phrase.label, field: field.field, idf: field.idf, termFrequency: frequency,
            documentLength: length, averageDocumentLength: bm25.averageLength, boost: field.boost,
            score: field.boost * field.idf * bm25.tf(frequency: frequency, length: length))
    }
}
