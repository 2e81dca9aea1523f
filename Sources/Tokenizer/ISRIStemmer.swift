/// The ISRI Arabic stemmer: a root-oriented stemmer that needs no root dictionary.
///
/// It implements the algorithm of Taghva, Elkhoury and Coombs, "Arabic Stemming Without a Root
/// Dictionary" (ITCC 2005): it strips the definite article and other attached prefixes and
/// suffixes, then matches what is left against tables of Arabic word patterns (PR4, PR53, PR54,
/// PR63, PR64) to extract a root, usually of three letters. A word that fits no pattern comes
/// back normalized, with only its affixes removed. Several different words of one root share a
/// stem (مكتبة, كاتب and مكتوب all give كتب), so this stemmer conflates much more than
/// ``LightStemmer``.
///
/// It works on terms folded by the analyzer: where a pattern has ة it also accepts a ه that ends
/// the term (teh marbuta folded to heh). As in the paper, diacritics are dropped, the hamza seats
/// ؤ and ئ are written ء, and an initial آ, أ or إ is written ا. The paper's stop-word step is left
/// out, as the analyzer removes stop words before stemming. A term with anything but Arabic
/// letters and diacritics in it (Latin, digits) comes back unchanged.
///
/// ```swift
/// let stemmer = ISRIStemmer()
/// stemmer.stem("المكتبات")   // "كتب"
/// stemmer.stem("مستخدمون")   // "خدم"
/// stemmer.stem("books")      // "books"
/// ```
public struct ISRIStemmer: Sendable {
    private let tables: Tables

    /// A stemmer with the paper's affix and pattern tables.
    public init() {
        tables = Tables.standard
    }

    /// The root, or failing that the normalized stem, of a folded term.
    ///
    /// - Parameter word: A term as the analyzer folds it (no diacritics, alef forms written ا,
    ///   ى written ي, ة written ه).
    /// - Returns: The term's stem; the term itself when it holds anything but Arabic letters or
    ///   is longer than 64 letters.
    public func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { term in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, term.count)) { room in
                let length = stem(term, into: room)
                return String(decoding: UnsafeBufferPointer(rebasing: room[0..<length]), as: UTF8.self)
            }
        }
    }

    /// Writes the UTF-8 bytes of the stem of the folded term `term` to the start of `room`, which
    /// must have room for `term.count` bytes (a stem is never longer than its term), and returns
    /// their number. A term that is not stemmed is copied as it is.
    func stem(_ term: UnsafeBufferPointer<UInt8>, into room: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let written = withUnsafeTemporaryAllocation(of: UInt16.self, capacity: Self.maximumLetters) {
            letters -> Int? in
            guard var word = Word(decoding: term, into: letters) else { return nil }
            reduce(&word)
            return word.encode(into: room)
        }
        if let written { return written }
        guard let source = term.baseAddress, let target = room.baseAddress, term.count <= room.count else { return 0 }
        UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: term.count)
        return term.count
    }

    /// The longest term, in letters, that is stemmed; longer ones are returned unchanged.
    static let maximumLetters = 64
}

// MARK: - The algorithm

extension ISRIStemmer {
    /// The paper's steps 3 to 7 on a decoded word (steps 1 and 2, removing diacritics and
    /// normalizing hamza, happen while decoding).
    private func reduce(_ word: inout Word) {
        // Step 3: one length-three or length-two prefix, then one length-three or length-two
        // suffix, each only when the word is long enough.
        if word.count >= 6, tables.prefixes3.contains(word.packedPrefix(3)) {
            word.dropFirst(3)
        } else if word.count >= 5, tables.prefixes2.contains(word.packedPrefix(2)) {
            word.dropFirst(2)
        }
        if word.count >= 6, tables.suffixes3.contains(word.packedSuffix(3)) {
            word.dropLast(3)
        } else if word.count >= 5, tables.suffixes2.contains(word.packedSuffix(2)) {
            word.dropLast(2)
        }
        // Step 4: the connector و before a word that begins with و.
        if word.count >= 4, word[0] == Letter.waw, word[1] == Letter.waw {
            word.dropFirst(1)
        }
        // Step 5: an initial hamza on alef becomes a bare alef.
        if word.count >= 1, tables.alefHamzas.contains(word[0]) {
            word.replaceFirst(with: Letter.alef)
        }
        // Step 6: words of three letters or fewer are done. Step 7: by length.
        switch word.count {
        case 4: reduce4(&word)
        case 5: reduce5(&word)
        case 6: reduce6(&word)
        case 7:
            dropShortSuffix(&word)
            if word.count == 7 { dropShortPrefix(&word) }
            if word.count == 6 { reduce6(&word) }
        default: break
        }
    }

    /// A word of four letters: a PR4 pattern gives a three-letter root; otherwise one
    /// length-one suffix, or failing that one length-one prefix, is removed.
    private func reduce4(_ word: inout Word) {
        if word.extractRoot(tables.patterns4) { return }
        dropShortSuffix(&word)
        if word.count == 4 { dropShortPrefix(&word) }
    }

    /// A word of five letters: a PR53 pattern gives a three-letter root; otherwise one length-one
    /// affix is removed and a four-letter word goes on as in `reduce4`, a five-letter one is
    /// matched against PR54 for a four-letter root.
    private func reduce5(_ word: inout Word) {
        if word.extractRoot(tables.patterns53) { return }
        dropShortSuffix(&word)
        if word.count == 5 { dropShortPrefix(&word) }
        if word.count == 4 {
            reduce4(&word)
        } else {
            _ = word.extractRoot(tables.patterns54)
        }
    }

    /// A word of six letters: a PR63 pattern gives a three-letter root; otherwise one length-one
    /// affix is removed and a five-letter word goes on as in `reduce5`, a six-letter one is
    /// matched against PR64 for a four-letter root.
    private func reduce6(_ word: inout Word) {
        if word.extractRoot(tables.patterns63) { return }
        // افعوعل, the last of PR63, repeats its second radical: its root is the letters at 1, 2, 5.
        if word[0] == Letter.alef, word[3] == Letter.waw, word[2] == word[4] {
            word.keepRoot(removing: 0b01_1001)
            return
        }
        dropShortSuffix(&word)
        if word.count == 6 { dropShortPrefix(&word) }
        if word.count == 5 {
            reduce5(&word)
        } else {
            _ = word.extractRoot(tables.patterns64)
        }
    }

    /// Removes a last letter of S1, if there is one.
    private func dropShortSuffix(_ word: inout Word) {
        if word.count >= 1, tables.suffixes1.contains(word[word.count - 1]) { word.dropLast(1) }
    }

    /// Removes a first letter of P1, if there is one.
    private func dropShortPrefix(_ word: inout Word) {
        if word.count >= 1, tables.prefixes1.contains(word[0]) { word.dropFirst(1) }
    }
}

// MARK: - Letters, affixes and patterns

extension ISRIStemmer {
    /// Code points of the letters the algorithm names.
    private enum Letter {
        static let hamza: UInt16 = 0x0621
        static let wawHamza: UInt16 = 0x0624
        static let yehHamza: UInt16 = 0x0626
        static let alef: UInt16 = 0x0627
        static let tehMarbuta: UInt16 = 0x0629
        static let tatweel: UInt16 = 0x0640
        static let heh: UInt16 = 0x0647
        static let waw: UInt16 = 0x0648
    }

    /// A set of letters of U+0620–U+065F, one bit each.
    private struct LetterSet: Sendable {
        let mask: UInt64

        /// Every letter (a position a pattern leaves free).
        static let any = LetterSet(mask: ~0)

        private init(mask: UInt64) { self.mask = mask }

        init(_ letters: String) {
            var mask: UInt64 = 0
            for scalar in letters.unicodeScalars where (0x0620..<0x0660).contains(scalar.value) {
                mask |= 1 << UInt64(scalar.value - 0x0620)
            }
            self.mask = mask
        }

        @inline(__always)
        func contains(_ letter: UInt16) -> Bool {
            let offset = letter &- 0x0620
            return offset < 64 && mask >> UInt64(offset) & 1 != 0
        }
    }

    /// The patterns for words of one length, tried in order. Each pattern requires letters at
    /// some positions; the root is what is left once those positions are taken out.
    private struct PatternTable: Sendable {
        let length: Int
        /// `length` sets for each pattern: the letters each position may hold.
        let letters: [LetterSet]
        /// For each pattern, a bit for each position it takes out.
        let removed: [UInt8]

        /// `patterns` lists, for each pattern, its positions and the letters each may hold.
        init(length: Int, _ patterns: [[(Int, String)]]) {
            self.length = length
            var letters: [LetterSet] = []
            var removed: [UInt8] = []
            for pattern in patterns {
                var row = [LetterSet](repeating: .any, count: length)
                var bits: UInt8 = 0
                for (position, allowed) in pattern {
                    row[position] = LetterSet(allowed)
                    bits |= 1 << UInt8(position)
                }
                letters += row
                removed.append(bits)
            }
            self.letters = letters
            self.removed = removed
        }
    }

    /// The paper's affix and pattern tables. The ئ of فعائل is written ء, as hamza is normalized
    /// first; a pattern's ة (always its last letter) also matches a folded ه (see `Word.fits`).
    private struct Tables: Sendable {
        /// Length-three and length-two prefixes (P3, P2) and suffixes (S3, S2), packed.
        let prefixes3 = packed(["كال", "بال", "ولل", "وال"])
        let prefixes2 = packed(["ال", "لل"])
        let suffixes3 = packed(["تمل", "همل", "تان", "تين", "كمل"])
        let suffixes2 = packed(["ون", "ات", "ان", "ين", "تن", "كم", "هن", "نا", "يا", "ها", "تم", "كن", "ني", "وا", "ما", "هم"])
        /// Length-one suffixes (S1) and prefixes (P1).
        let suffixes1 = LetterSet("ةهيكتان")
        let prefixes1 = LetterSet("لبفسويتنا")
        /// Alef with hamza or madda, normalized to ا at the start of a word.
        let alefHamzas = LetterSet("آأإ")

        /// PR4: four-letter words with a three-letter root.
        let patterns4 = PatternTable(length: 4, [
            [(0, "م")],  // مفعل
            [(1, "ا")],  // فاعل
            [(2, "اوي")],  // فعال فعول فعيل
            [(3, "ة")],  // فعلة
        ])

        /// PR53: five-letter words with a three-letter root.
        let patterns53 = PatternTable(length: 5, [
            [(0, "ا"), (2, "ات")],  // افاعل افتعل
            [(0, "م"), (3, "اوي")],  // مفعال مفعول مفعيل
            [(0, "اتم"), (4, "ة")],  // افعلة تفعلة مفعلة
            [(0, "متي"), (2, "ت")],  // مفتعل تفتعل يفتعل
            [(0, "مت"), (2, "ا")],  // مفاعل تفاعل
            [(2, "او"), (4, "ة")],  // فعالة فعولة
            [(0, "ام"), (1, "ن")],  // انفعل منفعل
            [(0, "ا"), (3, "ا")],  // افعال
            [(3, "ا"), (4, "ن")],  // فعلان
            [(0, "ت"), (3, "ي")],  // تفعيل
            [(1, "ا"), (3, "و")],  // فاعول
            [(1, "و"), (2, "ا")],  // فواعل
            [(2, "ا"), (3, "ء")],  // فعائل
            [(1, "ا"), (4, "ة")],  // فاعلة
            [(2, "ا"), (4, "ي")],  // فعالي
        ])

        /// PR54: five-letter words with a four-letter root.
        let patterns54 = PatternTable(length: 5, [
            [(0, "تام")],  // تفعلل افعلل مفعلل
            [(4, "ة")],  // فعللة
            [(2, "ا")],  // فعالل
        ])

        /// PR63: six-letter words with a three-letter root (less افعوعل, which `reduce6` checks).
        let patterns63 = PatternTable(length: 6, [
            [(0, "ام"), (1, "س"), (2, "ت")],  // استفعل مستفعل
            [(0, "م"), (3, "ا"), (5, "ة")],  // مفعالة
            [(0, "ا"), (2, "ت"), (4, "ا")],  // افتعال
        ])

        /// PR64: six-letter words with a four-letter root.
        let patterns64 = PatternTable(length: 6, [
            [(0, "ا"), (4, "ا")],  // افعلال
            [(0, "م"), (1, "ت")],  // متفعلل
        ])

        static let standard = Tables()

        /// Affixes of one length, their letters packed 16 bits each as `Word` packs them.
        private static func packed(_ affixes: [String]) -> [UInt64] {
            affixes.map { $0.unicodeScalars.reduce(0) { $0 << 16 | UInt64($1.value & 0xFFFF) } }
        }
    }
}

// MARK: - The word being stemmed

extension ISRIStemmer {
    /// A word as code points in caller-provided scratch memory, shortened in place.
    private struct Word {
        let base: UnsafeMutablePointer<UInt16>
        private(set) var start = 0
        private(set) var count: Int
        /// Whether letters were removed from the end: the last letter is then not the term's.
        private(set) var endTrimmed = false

        /// Decodes the UTF-8 bytes of `term` into `letters`, dropping diacritics and tatweel
        /// (step 1) and writing ؤ and ئ as ء (step 2). Nil when the term holds anything but
        /// Arabic letters and marks, has no letter, or has more letters than `letters` holds.
        init?(decoding term: UnsafeBufferPointer<UInt8>, into letters: UnsafeMutableBufferPointer<UInt16>) {
            guard let base = letters.baseAddress else { return nil }
            var count = 0
            var i = 0
            while i < term.count {
                let lead = term[i]
                guard lead >= 0xD8 && lead <= 0xD9 && i + 1 < term.count else { return nil }
                let trail = term[i + 1]
                guard trail & 0xC0 == 0x80 else { return nil }
                var letter = UInt16(lead & 0x1F) << 6 | UInt16(trail & 0x3F)
                i += 2
                if letter == Letter.tatweel || (0x064B...0x0652).contains(letter) { continue }
                guard (0x0621...0x063A).contains(letter) || (0x0641...0x064A).contains(letter) else { return nil }
                guard count < letters.count else { return nil }
                if letter == Letter.wawHamza || letter == Letter.yehHamza { letter = Letter.hamza }
                base[count] = letter
                count += 1
            }
            guard count > 0 else { return nil }
            self.base = base
            self.count = count
        }

        @inline(__always)
        subscript(_ position: Int) -> UInt16 { base[start + position] }

        mutating func dropFirst(_ k: Int) {
            start += k
            count -= k
        }

        mutating func dropLast(_ k: Int) {
            count -= k
            endTrimmed = true
        }

        mutating func replaceFirst(with letter: UInt16) { base[start] = letter }

        /// The first `k` letters (at most `count`), packed 16 bits each.
        func packedPrefix(_ k: Int) -> UInt64 { packed(from: 0, count: k) }

        /// The last `k` letters (at most `count`), packed 16 bits each.
        func packedSuffix(_ k: Int) -> UInt64 { packed(from: count - k, count: k) }

        private func packed(from first: Int, count k: Int) -> UInt64 {
            var value: UInt64 = 0
            for position in first..<(first + k) { value = value << 16 | UInt64(self[position]) }
            return value
        }

        /// Takes out the letters of the first pattern of `table` the word fits; false if none
        /// fits or the word is not of the table's length.
        mutating func extractRoot(_ table: PatternTable) -> Bool {
            guard count == table.length else { return false }
            for pattern in 0..<table.removed.count where fits(table, pattern) {
                keepRoot(removing: table.removed[pattern])
                return true
            }
            return false
        }

        /// Whether the word fits pattern `pattern` of `table`. A pattern's ة matches a ة, or a
        /// ه that ends the term as given: ة only ever ends a word, so a ه left at the end once a
        /// suffix is gone (مشابهة → مشابه) is a root letter, not a folded ة.
        private func fits(_ table: PatternTable, _ pattern: Int) -> Bool {
            let row = pattern * count
            for position in 0..<count {
                let allowed = table.letters[row + position]
                let letter = self[position]
                if allowed.contains(letter) { continue }
                guard letter == Letter.heh, !endTrimmed, position == count - 1, allowed.contains(Letter.tehMarbuta)
                else { return false }
            }
            return true
        }

        /// Keeps the letters at the positions whose bit in `removed` is clear, in order.
        mutating func keepRoot(removing removed: UInt8) {
            var kept = 0
            for position in 0..<count where removed & 1 << UInt8(position) == 0 {
                base[start + kept] = self[position]
                kept += 1
            }
            count = kept
        }

        /// Writes the word as UTF-8 to the start of `room` and returns the number of bytes.
        func encode(into room: UnsafeMutableBufferPointer<UInt8>) -> Int {
            guard 2 * count <= room.count else { return 0 }
            for position in 0..<count {
                let letter = self[position]
                room[2 * position] = 0xC0 | UInt8(truncatingIfNeeded: letter >> 6)
                room[2 * position + 1] = 0x80 | UInt8(truncatingIfNeeded: letter & 0x3F)
            }
            return 2 * count
        }
    }
}
