extension DiskIndex {
    /// The live document whose identifier is `id`, or `nil` when this snapshot holds none.
    ///
    /// The first lookup reads every identifier of the snapshot once (front-coded groups of the
    /// stored-documents files) into a table kept with it; later ones are a table lookup and
    /// one stored-document read.
    ///
    /// - Throws: ``IndexStoreError/corrupt(directory:file:detail:)`` when an identifier group
    ///   or the document's record fails its checks.
    public func document(id: String) throws(IndexStoreError) -> Document? {
        guard let place = try liveIdentifiers()[id] else { return nil }
        return try segments[place.segment].stored.document(place.local)
    }

    /// Every live document's place, by identifier: its segment (by position) and its number
    /// there. Read on first use and kept.
    func liveIdentifiers() throws(IndexStoreError) -> [String: (segment: Int, local: Int)] {
        try identifierTable.value { () throws(IndexStoreError) in
            var table: [String: (segment: Int, local: Int)] = [:]
            table.reserveCapacity(documentCount)
            for (position, segment) in segments.enumerated() {
                let groups = (segment.documentCount + StoreFormat.identifiersPerGroup - 1) / StoreFormat.identifiersPerGroup
                for group in 0..<groups {
                    for (offset, identifier) in try segment.stored.identifiers(inGroup: group).enumerated() {
                        let number = group * StoreFormat.identifiersPerGroup + offset
                        if let mask = segment.deletedMask, mask[number] { continue }
                        table[identifier] = (position, number)
                    }
                }
            }
            return table
        }
    }
}
