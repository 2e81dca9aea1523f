import ArabicTokenizer

/// The analyzer an index uses: anything that conforms to ``ArabicTokenizer/Analyzer``.
public typealias IndexAnalyzer = Analyzer
