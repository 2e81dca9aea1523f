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

    public func prefixTerm(_ word: String) -> String? {
        var terms: [String] = []
        run(word, mode: .prefix) { bytes, _, _ in terms.append(String(decoding: bytes, as: UTF8.self)) }
        let joined = terms.joined()
        return joined.isEmpty ? nil : joined
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
        /// Folding and prefix stripping, no stop list.
        case prefix
    }

    final class Core: Sendable {
        let folder: ArabicFolder
        let stopWords: ByteStringSet
        let attachedPrefixes: ByteStringSet
        let stemmer: LightStemmer
        let segmenter = WordSegmenter()
        let maximumTokenBytes: Int
        let removesStopWords: Bool

        init(options: AnalyzerOptions) {
            let folder = ArabicFolder(rules: options.folding)
            self.folder = folder
            stemmer = LightStemmer(groups: options.stemming)
            maximumTokenBytes = max(1, options.maximumTokenBytes)
            removesStopWords = options.removesStopWords
            // Fold the stop list with this analyzer's own rules so it matches what it compares against.
            let list = options.stopWords ?? StopWords.arabic
            var folded: [[UInt8]] = []
            for word in list.words {
                var bytes = Array(word.utf8)
                let count = bytes.count
                var out = [UInt8](repeating: 0, count: count)
                bytes.withUnsafeMutableBufferPointer { src in
                    out.withUnsafeMutableBufferPointer { dst in
                        guard let base = dst.baseAddress else { return }
                        let result = folder.fold(UnsafeBufferPointer(src), 0..<count, into: base, allowICU: true)
                        if result.needsICU {
                            folder.foldWithICU(UnsafeBufferPointer(src), 0..<count) { term, _ in
                                folded.append(Array(term))
                            }
                        } else {
                            folded.append(Array(dst[0..<result.length]))
                        }
                    }
                }
            }
            stopWords = ByteStringSet(folded)
            let prefixes = options.stemming.isDisjoint(with: [.definiteArticle, .conjunction])
                ? [] : ["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل", "وب", "ول", "وك", "فب", "فل", "فك"]
            attachedPrefixes = ByteStringSet(prefixes.map { Array($0.utf8) })
        }
    }

    private func run(_ text: String, mode: Mode, _ emit: (UnsafeBufferPointer<UInt8>, Int, Range<Int>) -> Void) {
        var text = text
        let core = self.core
        text.withUTF8 { bytes in
            guard !bytes.isEmpty else { return }
            var pipeline = Pipeline(core: core, mode: mode)
            var words = WordCursor(bytes)
            while let word = words.next() {
                var start = word.lowerBound
                while start < word.upperBound {
                    start = pipeline.process(bytes, start..<word.upperBound, emit)
                }
            }
        }
    }
}

/// The per-call state of the analysis chain: the next position and a scratch buffer for terms.
private struct Pipeline: ~Copyable {
    let mode: ArabicAnalyzer.Mode
    var position = 0
    let scratch: UnsafeMutableBufferPointer<UInt8>
    // The parts of the analyzer the per-word loop uses, held here once for the whole text.
    let folder: ArabicFolder
    let stopWords: ByteStringSet
    let attachedPrefixes: ByteStringSet
    let stemmer: LightStemmer
    let removesStopWords: Bool

    init(core: ArabicAnalyzer.Core, mode: ArabicAnalyzer.Mode) {
        self.mode = mode
        scratch = .allocate(capacity: core.maximumTokenBytes)
        folder = core.folder
        stopWords = core.stopWords
        attachedPrefixes = core.attachedPrefixes
        stemmer = core.stemmer
        removesStopWords = core.removesStopWords
    }

    deinit { scratch.deallocate() }

    /// Folds the piece of the word `rest` that starts at its lower bound, passes on the terms it
    /// yields, and returns where the piece ends.
    @inline(__always)
    mutating func process(
        _ bytes: UnsafeBufferPointer<UInt8>, _ rest: Range<Int>,
        _ emit: (UnsafeBufferPointer<UInt8>, Int, Range<Int>) -> Void
    ) -> Int {
        guard let base = scratch.baseAddress else { return rest.upperBound }
        if rest.count <= scratch.count {
            let result = folder.fold(bytes, rest, into: base, allowICU: true, splitsScripts: true)
            if !result.needsICU {
                accept(UnsafeMutableBufferPointer(rebasing: scratch[0..<result.length]), result.source,
                       attachedPrefix: result.attachedPrefix, emit)
                return result.pieceEnd
            }
        }
        let (end, attachedPrefix) = ScriptBoundaries.piece(startingAt: rest.lowerBound, of: rest, in: bytes)
        let piece = rest.lowerBound..<end
        guard piece.count <= scratch.count else { return end }  // not a word: too long to index
        var terms: [([UInt8], Range<Int>)] = []
        folder.foldWithICU(bytes, piece) { term, source in terms.append((Array(term), source)) }
        for (term, source) in terms {
            var copy = term
            copy.withUnsafeMutableBufferPointer { accept($0, source, attachedPrefix: attachedPrefix, emit) }
        }
        return end
    }

    /// Applies the attached-prefix rule, the stop list and the stemmer to one folded term.
    @inline(__always)
    private mutating func accept(
        _ term: UnsafeMutableBufferPointer<UInt8>, _ source: Range<Int>, attachedPrefix: Bool,
        _ emit: (UnsafeBufferPointer<UInt8>, Int, Range<Int>) -> Void
    ) {
        if term.isEmpty { return }
        let view = UnsafeBufferPointer(term)
        switch mode {
        case .normalize:
            emit(view, position, source)
        case .prefix:
            let stem = stemmer.stripPrefix(term, 0..<term.count)
            emit(UnsafeBufferPointer(rebasing: term[stem]), position, source)
        case .index:
            if attachedPrefix && attachedPrefixes.contains(view) { return }
            if removesStopWords && stopWords.contains(view) {
                position += 1
                return
            }
            let stem = stemmer.stem(term, 0..<term.count)
            emit(UnsafeBufferPointer(rebasing: term[stem]), position, source)
        }
        position += 1
    }
}
