import CStore
import Synchronization

/// Whether the system's zstd library, loaded at run time, can be used.
enum StoredCompression {
    /// Why zstd cannot be used, as one line (the library is missing or too old, and how to
    /// install it); `nil` when it can.
    static var unavailableReason: String? {
        czstd_unavailable_reason().map { String(cString: $0) }
    }

    /// The error for a zstd dictionary or context that could not be made for `file`: zstd
    /// missing, or the failure itself (`action` is "compression" or "decompression").
    static func setUpError(directory: String, file: String, action: String) -> IndexStoreError {
        if let reason = unavailableReason { return .compressionUnavailable(directory: directory, detail: reason) }
        return .io(directory: directory, file: file, detail: "cannot set up zstd \(action)")
    }
}

/// The compression side of a segment's stored blocks: a zstd dictionary built once from the
/// segment's raw-content dictionary, shared by every compressing thread.
final class StoredCompressionDictionary: @unchecked Sendable {
    // A zstd CDict is never modified once built and zstd allows several threads to compress
    // with it at the same time; `handle` itself is only freed in deinit.
    private let handle: UnsafeMutableRawPointer

    /// A dictionary made of the bytes of `content` for compressing inputs of about `sizeHint`
    /// bytes at `level`; `nil` when zstd cannot build it.
    init?(content: [UInt8], level: Int32, sizeHint: Int) {
        guard let handle = content.withUnsafeBufferPointer({
            czstd_cdict_create($0.baseAddress, $0.count, level, sizeHint)
        }) else { return nil }
        self.handle = handle
    }

    deinit { czstd_cdict_free(handle) }

    /// Compresses `raw` as one zstd frame with this dictionary, using `compressor`; `nil` on
    /// failure.
    func compress(_ raw: [UInt8], with compressor: StoredCompressor) -> [UInt8]? {
        var compressed = [UInt8](repeating: 0, count: czstd_compress_bound(raw.count))
        let produced = raw.withUnsafeBufferPointer { source in
            compressed.withUnsafeMutableBufferPointer { target in
                czstd_compress(compressor.handle, source.baseAddress, source.count, target.baseAddress, target.count,
                               handle)
            }
        }
        guard produced >= 0 else { return nil }
        compressed.removeLast(compressed.count - produced)
        return compressed
    }
}

/// A zstd compression context, reused across blocks by one thread at a time.
final class StoredCompressor: @unchecked Sendable {
    // A zstd CCtx must not be used by two threads at once: the writer gives each worker its own
    // (worker `w` only ever uses compressor `w`).
    fileprivate let handle: UnsafeMutableRawPointer

    /// `nil` when zstd cannot allocate it.
    init?() {
        guard let handle = czstd_cctx_create() else { return nil }
        self.handle = handle
    }

    deinit { czstd_cctx_free(handle) }
}

/// The decompression side of a segment's stored blocks: the zstd dictionary of its raw-content
/// dictionary, which lies in the mapped file, and a few reusable decompression contexts.
final class StoredDecompression: @unchecked Sendable {
    // The DDict is never modified once built and zstd allows several threads to decompress with
    // it at the same time. It refers to the mapped bytes without copying them: `file` keeps the
    // mapping alive as long as the DDict. Each DCtx is taken out of `idle` under its lock, used by
    // one thread, then put back, so no two threads ever use the same one.
    private let dictionary: UnsafeMutableRawPointer?
    private let file: MappedFile
    private let idle = Mutex<[Context]>([])

    /// A zstd DCtx, owned by `idle` or by the one call using it.
    private final class Context: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
        init?() {
            guard let handle = czstd_dctx_create() else { return nil }
            self.handle = handle
        }
        deinit { czstd_dctx_free(handle) }
    }

    /// The dictionary `content`, which lies inside `file`'s mapping (none when it is empty);
    /// `nil` when zstd cannot build it.
    init?(content: UnsafeRawBufferPointer, in file: MappedFile) {
        self.file = file
        if content.isEmpty {
            dictionary = nil
        } else {
            guard let dictionary = czstd_ddict_create(content.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                      content.count)
            else { return nil }
            self.dictionary = dictionary
        }
    }

    deinit { czstd_ddict_free(dictionary) }

    /// Decompresses the zstd frame `compressed`, which must give exactly `count` bytes; `nil`
    /// when it is damaged, was not compressed with this dictionary, or gives another size.
    func decompress(_ compressed: UnsafeRawBufferPointer, count: Int) -> [UInt8]? {
        guard let context = idle.withLock({ $0.popLast() }) ?? Context() else { return nil }
        defer { idle.withLock { if $0.count < 4 { $0.append(context) } } }
        var raw = [UInt8](repeating: 0, count: count)
        let status = raw.withUnsafeMutableBufferPointer { target in
            czstd_decompress(context.handle, compressed.baseAddress?.assumingMemoryBound(to: UInt8.self),
                             compressed.count, target.baseAddress, count, dictionary)
        }
        return status == 0 ? raw : nil
    }
}
