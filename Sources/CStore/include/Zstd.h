#ifndef CSTORE_ZSTD_H
#define CSTORE_ZSTD_H

#include <stddef.h>
#include <stdint.h>

/* zstd with a raw-content dictionary. The zstd library is loaded at run time from the
   system's runtime library (libzstd.so.1; libzstd.1.dylib on macOS) the first time any of
   these functions is called: building needs no zstd header. When it cannot be loaded, every
   function fails (NULL, -1 or 0) and `czstd_unavailable_reason` says why. */

/// Why zstd cannot be used (the library is missing, too old, or lacks a function), as one
/// line; NULL when it can be used.
const char *czstd_unavailable_reason(void);

/// The loaded zstd library's version as major * 10000 + minor * 100 + patch; 0 when unavailable.
unsigned czstd_version(void);

/// The largest size a zstd frame can take for `length` input bytes (0 when zstd is unavailable).
size_t czstd_compress_bound(size_t length);

/// Builds a compression dictionary from the raw content `content` (any bytes, taken as they
/// are, never as a trained zstd dictionary; the bytes are copied) for compressing inputs of
/// about `sizeHint` bytes at `level`. Read-only once built, it may be shared by threads
/// compressing at the same time. Returns NULL on failure; release it with `czstd_cdict_free`.
void *czstd_cdict_create(const uint8_t *content, size_t length, int level, size_t sizeHint);

/// Releases a compression dictionary (NULL is ignored).
void czstd_cdict_free(void *cdict);

/// A compression context, to be used by one thread at a time and reused across frames. Returns
/// NULL on failure; release it with `czstd_cctx_free`.
void *czstd_cctx_create(void);

/// Releases a compression context (NULL is ignored).
void czstd_cctx_free(void *cctx);

/// Compresses `source` as one zstd frame with the dictionary `cdict` (at the level it was built
/// for; no dictionary, at zstd's default level, when NULL) into `destination` of `capacity`
/// bytes, using the context `cctx`. The frame holds its content size, no checksum and no
/// dictionary ID (a raw-content dictionary has none). Returns the compressed size, or -1 on
/// failure.
long czstd_compress(void *cctx, const uint8_t *source, size_t length, uint8_t *destination, size_t capacity,
                    const void *cdict);

/// Builds a decompression dictionary from the raw content `content` (the same bytes the
/// compression dictionary was built from, taken as they are) without copying it: `content`
/// must outlive the dictionary. Read-only once built, it may be shared by threads
/// decompressing at the same time. Returns NULL on failure; release it with `czstd_ddict_free`.
void *czstd_ddict_create(const uint8_t *content, size_t length);

/// Releases a decompression dictionary (NULL is ignored).
void czstd_ddict_free(void *ddict);

/// A decompression context, to be used by one thread at a time and reused across frames.
/// Returns NULL on failure; release it with `czstd_dctx_free`.
void *czstd_dctx_create(void);

/// Releases a decompression context (NULL is ignored).
void czstd_dctx_free(void *dctx);

/// Decompresses `source`, which must be exactly one zstd frame, into `destination`, which must
/// come out exactly `expected` bytes long, with the dictionary `ddict` the compression used
/// (none when NULL), using the context `dctx`. Returns 0 on success, -1 otherwise (damaged,
/// truncated or mismatched input, or any other size).
int czstd_decompress(void *dctx, const uint8_t *source, size_t length, uint8_t *destination, size_t expected,
                     const void *ddict);

#endif
