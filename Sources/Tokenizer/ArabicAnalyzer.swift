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
                        switch folder.fold(UnsafeBufferPointer(src), 0..<count, into: base, allowICU: true) {
                        case .folded(let length, _):
                            folded.append(Array(dst[0..<length]))
                        case .needsICU:
                            folder.foldWithICU(UnsafeBufferPointer(src), 0..<count) { term, _ in
                                folded.append(Array(term))
                            }
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
                    let (end, attachedPrefix) = ScriptBoundaries.piece(startingAt: start, of: word, in: bytes)
                    pipeline.process(bytes, start..<end, attachedPrefix: attachedPrefix, emit)
                    start = end
                }
            }
        }
    }
}

/// The per-call state of the analysis chain: the next position and a scratch buffer for terms.
private struct Pipeline: ~Copyable {
    let core: ArabicAnalyzer.Core
    let mode: ArabicAnalyzer.Mode
    var position = 0
    let scratch: UnsafeMutableBufferPointer<UInt8>

    init(core: ArabicAnalyzer.Core, mode: ArabicAnalyzer.Mode) {
        self.core = core
        self.mode = mode
        scratch = .allocate(capacity: core.maximumTokenBytes)
    }

    deinit { scratch.deallocate() }

    /// Folds one word piece and passes on the terms it yields.
    @inline(__always)
    mutating func process(
        _ bytes: UnsafeBufferPointer<UInt8>, _ piece: Range<Int>, attachedPrefix: Bool,
        _ emit: (UnsafeBufferPointer<UInt8>, Int, Range<Int>) -> Void
    ) {
        guard piece.count <= scratch.count, let base = scratch.baseAddress else { return }
        switch core.folder.fold(bytes, piece, into: base, allowICU: true) {
        case .folded(let length, let source):
            accept(UnsafeMutableBufferPointer(rebasing: scratch[0..<length]), source,
                   attachedPrefix: attachedPrefix, emit)
        case .needsICU:
            var terms: [([UInt8], Range<Int>)] = []
            core.folder.foldWithICU(bytes, piece) { term, source in terms.append((Array(term), source)) }
            for (term, source) in terms {
                var copy = term
                copy.withUnsafeMutableBufferPointer { accept($0, source, attachedPrefix: attachedPrefix, emit) }
            }
        }
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
            let stem = core.stemmer.stripPrefix(term, 0..<term.count)
            emit(UnsafeBufferPointer(rebasing: term[stem]), position, source)
        case .index:
            if attachedPrefix && core.attachedPrefixes.contains(view) { return }
            if core.removesStopWords && core.stopWords.contains(view) {
                position += 1
                return
            }
            let stem = core.stemmer.stem(term, 0..<term.count)
            emit(UnsafeBufferPointer(rebasing: term[stem]), position, source)
        }
        position += 1
    }
}
