#ifndef CSTORE_DEFLATE_H
#define CSTORE_DEFLATE_H

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

/// Starts inflating raw DEFLATE `source` (which must outlive the inflater) with the preset
/// dictionary the compression used (none when `dictionaryLength` is 0), for reading the output
/// a piece at a time with `czlib_inflater_read`. Returns NULL on failure; close it with
/// `czlib_inflater_close`.
void *czlib_inflater_open(const uint8_t *source, size_t length, const uint8_t *dictionary, size_t dictionaryLength);

/// Inflates the next bytes of the stream into `destination`, at most `capacity`. Returns how
/// many were written (0 once the stream has ended), or -1 on damaged or truncated input.
long czlib_inflater_read(void *inflater, uint8_t *destination, size_t capacity);

/// Releases an inflater (NULL is ignored).
void czlib_inflater_close(void *inflater);

#endif
