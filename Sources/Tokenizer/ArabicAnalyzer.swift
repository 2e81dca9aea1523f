import CSnowball
/// The Arabic analysis chain: ICU word segmentation, compatibility and Arabic folding, stop word
/// removal and light stemming, with every token's range in the original text.
///
/// Create one analyzer and share it: it is immutable, `Sendable` and cheap to copy.
///
/// ```swift
/// let analyzer = ArabicAnalyzer()
/// analyzer.analyze("تحالفت شركة Meta وIBM").map(\.term)   // ["تحالفت", "شرك", "meta", "ibm"]
/// analyzer.normalize("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ")       // "بسم الله الرحمن الرحيم"
/// ```
public struct ArabicAnalyzer: Analyzer {
    /// The settings this analyzer was made with.
    public let options: AnalyzerOptions
    private let core: Core

    /// An analyzer with the given settings (the defaults when omitted).
    public init(options: AnalyzerOptions = AnalyzerOptions()) {
        self.options = options
        self.core = Core(options: options)
    }

    public var fingerprint: String { options.fingerprint }

    /// This analyzer's settings: an index records them and opens with an equal analyzer.
    public var arabicOptions: AnalyzerOptions? { options }

    public func analyze(_ text: String) -> [Token] {
        var tokens: [Token] = []
        run(text, mode: .index) { bytes, position, range in
            tokens.append(Token(term: String(decoding: bytes, as: UTF8.self), position: position, utf8Range: range))
        }
        return tokens
    }

    /// Calls `body` with each index term of `text`, without building `String`s or an array.
    public func forEachTerm(in text: String, _ body: (TermView) -> Void) {
        run(text, mode: .index) { bytes, position, range in
            body(TermView(bytes: bytes, position: position, utf8Range: range))
        }
    }

    public func normalize(_ text: String) -> String {
        var words: [String] = []
        run(text, mode: .normalize) { bytes, _, _ in words.append(String(decoding: bytes, as: UTF8.self)) }
        return words.joined(separator: " ")
    }

    /// Arabic-aware: the slips of ``ArabicSlips`` cost half an edit.
    public var spellingCosts: SpellingCosts { .arabic }

    public func prefixTerm(_ word: String) -> String? {
        var terms: [String] = []
        run(word, mode: .prefix) { bytes, _, _ in terms.append(String(decoding: bytes, as: UTF8.self)) }
        let joined = terms.joined()
        return joined.isEmpty ? nil : joined
    }

    /// The ISRI root of the index term `term` (see ``ISRIStemmer``), under which the terms of
    /// one word's inflections and derivations meet (المكتبات and مكتبه index as مكتب, كتابه as
    /// كتاب; all have the key كتب); `nil` for an empty term.
    public func variantKey(of term: String) -> String? {
        term.isEmpty ? nil : core.rootStemmer.stem(term)
    }

    /// Whether a folded, unstemmed word is on this analyzer's stop list.
    public func isStopWord(_ word: String) -> Bool {
        guard options.removesStopWords else { return false }
        var bytes = Array(word.utf8)
        return bytes.withUnsafeMutableBufferPointer { core.stopWords.contains(UnsafeBufferPointer($0)) }
    }

    // MARK: - The pipeline

    enum Mode {
        /// Stop words removed (leaving gaps), stems, attached prefixes before Latin dropped.
        case index
        /// Folding only.
        case normalize
        /// Folding and prefix stripping (attached prefixes before Latin dropped), no stop list.
        case prefix
    }

    final class Core: Sendable {
        let folder: ArabicFolder
        let stopWords: ByteStringSet
        let attachedPrefixes: ByteStringSet
        let stemmer: LightStemmer
        /// The root-oriented stemmer: index terms under ``Stemmer/isri``, and variant keys.
        let rootStemmer = ISRIStemmer()
        /// What strips a prefix query's word: light10's prefix groups (also under Snowball,
        /// whose stems lose the same prefixes), nothing without stemming.
        let prefixStripper: LightStemmer
        /// The stemmer applied to index terms (light10's is ``stemmer``).
        let choice: Stemmer
        /// Whether teh marbuta is folded to heh in the stems rather than in the words (Snowball).
        let foldsTehMarbutaAfterStemming: Bool
        let segmenter = WordSegmenter()
        let maximumTokenBytes: Int
        let removesStopWords: Bool

        init(options: AnalyzerOptions) {
            // Snowball strips teh marbuta as a noun suffix, which it no longer sees once folded to
            // heh: under Snowball that fold waits until after stemming.
            foldsTehMarbutaAfterStemming = options.stemmer == .snowball && options.folding.contains(.tehMarbuta)
            let folder = ArabicFolder(rules: foldsTehMarbutaAfterStemming ? options.folding.subtracting([.tehMarbuta]) : options.folding)
            self.folder = folder
            stemmer = LightStemmer(groups: options.stemmer == .light10 ? options.stemming : [])
            choice = options.stemmer
            prefixStripper = LightStemmer(groups: options.stemmer == .none ? [] : options.stemming)
            let maximum = max(1, options.maximumTokenBytes)
            maximumTokenBytes = maximum
            removesStopWords = options.removesStopWords
            // Fold the stop list with this analyzer's own rules and segmentation so it matches
            // what it compares against.
            let list = options.stopWords ?? StopWords.arabic
            var folded: [[UInt8]] = []
            let segmenter = WordSegmenter()
            for word in list.words {
                var word = word
                word.withUTF8 { bytes in
                    Self.forEachTerm(in: bytes, folder: folder, segmenter: segmenter, maximum: maximum) { term, _, _ in
                        folded.append(Array(term))
                    }
                }
            }
            stopWords = ByteStringSet(folded)
            let prefixes = options.stemming.isDisjoint(with: [.definiteArticle, .conjunction])
                ? [] : ["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل", "وب", "ول", "وك", "فب", "فل", "فك"]
            attachedPrefixes = ByteStringSet(prefixes.map { Array($0.utf8) })
        }

        /// Calls `body` with Snowball's Arabic stem of `term` (the term itself when the stemmer
        /// cannot be used or fails), with teh marbuta folded to heh in it when
        /// `foldingTehMarbuta`.
        static func snowballStem(_ term: UnsafeBufferPointer<UInt8>, foldingTehMarbuta: Bool,
                                 _ body: (UnsafeBufferPointer<UInt8>) -> Void)
        {
            let capacity = term.count + 16
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { room in
                var length = csnowball_arabic_stem(term.baseAddress, term.count, room.baseAddress, capacity)
                if length <= 0 {
                    length = term.count
                    for index in 0..<length { room[index] = term[index] }
                }
                if foldingTehMarbuta {
                    // ة (D8 A9) and ه (D9 87) are both two bytes: folded in place.
                    var index = 0
                    while index + 1 < length {
                        if room[index] == 0xD8, room[index + 1] == 0xA9 {
                            room[index] = 0xD9
                            room[index + 1] = 0x87
                        }
                        index += 1
                    }
                }
                body(UnsafeBufferPointer(rebasing: room[0..<length]))
            }
        }

        /// Segments the UTF-8 text `bytes` and calls `body` with each folded term (at most
        /// `maximum` bytes), the range of its source word, and whether that word is an attached
        /// prefix (و in "وIBM").
        @inline(__always)
        static func forEachTerm(
            in bytes: UnsafeBufferPointer<UInt8>, folder: ArabicFolder, segmenter: WordSegmenter, maximum: Int,
            _ body: (UnsafeMutableBufferPointer<UInt8>, Range<Int>, Bool) -> Void
        ) {
            guard !bytes.isEmpty else { return }
            // The folded term's room, on the stack when it is small enough (the default 1 KiB is).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximum) { scratch in
                guard let scratchBase = scratch.baseAddress else { return }

                /// Hands on the words of a folded text that must be segmented again.
                func resegment(_ folded: UnsafeMutableBufferPointer<UInt8>, _ source: Range<Int>, _ attachedPrefix: Bool) {
                    let view = UnsafeBufferPointer(folded)
                    segmenter.forEachWord(in: view) { word in
                        ScriptBoundaries.forEachPiece(of: word, in: view) { piece, _ in
                            if piece.count <= maximum {
                                body(UnsafeMutableBufferPointer(rebasing: folded[piece]), source, attachedPrefix)
                            }
                        }
                    }
                }

                /// Hands on the folded term `scratch[0..<length]`, segmenting it again where needed.
                func accept(_ length: Int, _ source: Range<Int>, _ again: Bool, _ attachedPrefix: Bool) {
                    let term = UnsafeMutableBufferPointer(rebasing: scratch[0..<length])
                    if again {
                        resegment(term, source, attachedPrefix)
                    } else if length > 0 {
                        body(term, source, attachedPrefix)
                    }
                }

                segmenter.forEachWord(in: bytes) { word in
                    // Nearly every word is in one script and so one piece: fold it whole, and split it
                    // into pieces only when the fold saw Arabic beside other letters or digits.
                    if word.count <= maximum,
                       case .folded(let length, let source, let again, false) =
                        folder.fold(bytes, word, into: scratchBase, allowICU: true) {
                        accept(length, source, again, false)
                        return
                    }
                    ScriptBoundaries.forEachPiece(of: word, in: bytes) { piece, attachedPrefix in
                        guard piece.count <= maximum else { return }
                        switch folder.fold(bytes, piece, into: scratchBase, allowICU: true) {
                        case .folded(let length, let source, let again, _):
                            accept(length, source, again, attachedPrefix)
                        case .needsICU:
                            folder.foldWithICU(bytes, piece) { folded, source in
                                resegment(folded, source, attachedPrefix)
                            }
                        }
                    }
                }
            }
        }
    }

    private func run(_ text: String, mode: Mode, _ emit: (UnsafeBufferPointer<UInt8>, Int, Range<Int>) -> Void) {
        var text = text
        let core = self.core
        var position = 0
        text.withUTF8 { bytes in
            Core.forEachTerm(in: bytes, folder: core.folder, segmenter: core.segmenter,
                             maximum: core.maximumTokenBytes) { term, source, attachedPrefix in
                let view = UnsafeBufferPointer(term)
                switch mode {
                case .normalize:
                    emit(view, position, source)
                    position += 1
                case .prefix:
                    if attachedPrefix && core.attachedPrefixes.contains(view) { return }
                    let stem = core.prefixStripper.stripPrefix(term, 0..<term.count)
                    emit(UnsafeBufferPointer(rebasing: term[stem]), position, source)
                    position += 1
                case .index:
                    if attachedPrefix && core.attachedPrefixes.contains(view) { return }
                    if core.removesStopWords && core.stopWords.contains(view) {
                        position += 1
                        return
                    }
                    if core.choice == .snowball {
                        Core.snowballStem(view, foldingTehMarbuta: core.foldsTehMarbutaAfterStemming) { emit($0, position, source) }
                    } else if core.choice == .isri {
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, view.count)) { room in
                            let length = core.rootStemmer.stem(view, into: room)
                            emit(UnsafeBufferPointer(rebasing: room[0..<length]), position, source)
                        }
                    } else {
                        let stem = core.stemmer.stem(term, 0..<term.count)
                        emit(UnsafeBufferPointer(rebasing: term[stem]), position, source)
                    }
                    position += 1
                }
            }
        }
    }
}
