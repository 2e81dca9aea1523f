import ArabicTokenizer
import Dispatch
import Foundation

/// Analyzes the fields of many documents on all processors at once.
enum ConcurrentAnalysis {
    /// The terms of every field (by ``DocumentField/index``) of every document, in order.
    static func fields(of documents: [Document], with analyzer: any Analyzer) -> [[AnalyzedField]] {
        let processors = ProcessInfo.processInfo.activeProcessorCount
        @Sendable func analyze(_ document: Document) -> [AnalyzedField] {
            DocumentField.allCases.map { AnalyzedField(document[$0], analyzer: analyzer) }
        }
        guard processors > 1, documents.count > 1 else { return documents.map(analyze) }
        var results = [[AnalyzedField]](repeating: [], count: documents.count)
        let lanes = min(documents.count, processors)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = DisjointWrites(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var index = lane
                while index < documents.count {
                    output.buffer[index] = analyze(documents[index])
                    index += lanes
                }
            }
        }
        return results
    }
}

/// A buffer that several threads write at once, each only its own elements (lane `l` of `n`
/// writes elements `l`, `l + n`, `l + 2n`, …), and that nobody reads until all are done
/// (`concurrentPerform` returns only then). No element is shared, so there is no data race.
private struct DisjointWrites: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[AnalyzedField]>
}
