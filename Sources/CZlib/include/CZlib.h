#ifndef CZLIB_H
#define CZLIB_H

#include <stddef.h>
#include <stdint.h>

/// The largest size raw DEFLATE can give for `length` input bytes.
size_t czlib_deflate_bound(size_t length);

/// Compresses `source` as raw DEFLATE (no zlib header or checksum) at `level` (1-9) into
/// `destination` of `capacity` bytes. Returns the compressed size, or -1 on failure.
long czlib_deflate(const uint8_t *source, size_t length, uint8_t *destination, size_t capacity, int level);

/// Decompresses raw DEFLATE `source` into `destination`, which must come out exactly
/// `expected` bytes long with every input byte consumed. Returns 0 on success, -1 otherwise
/// (damaged or mismatched input).
int czlib_inflate(const uint8_t *source, size_t length, uint8_t *destination, size_t expected);

#endif
