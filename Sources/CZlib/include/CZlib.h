#ifndef CZLIB_H
#define CZLIB_H

#include <stddef.h>
#include <stdint.h>

/// The largest size raw DEFLATE can give for `length` input bytes.
size_t czlib_deflate_bound(size_t length);

/// Compresses `source` as raw DEFLATE (no zlib header or checksum) at `level` (1-9) into
/// `destination` of `capacity` bytes, with the preset dictionary `dictionary` (none when
/// `dictionaryLength` is 0; only its last 32 KiB count). Returns the compressed size, or -1 on
/// failure.
long czlib_deflate(const uint8_t *source, size_t length, uint8_t *destination, size_t capacity, int level,
                   const uint8_t *dictionary, size_t dictionaryLength);

/// Decompresses raw DEFLATE `source` into `destination`, which must come out exactly
/// `expected` bytes long with every input byte consumed, with the preset dictionary the
/// compression used (none when `dictionaryLength` is 0). Returns 0 on success, -1 otherwise
/// (damaged or mismatched input).
int czlib_inflate(const uint8_t *source, size_t length, uint8_t *destination, size_t expected,
                  const uint8_t *dictionary, size_t dictionaryLength);

#endif
