#ifndef CSTORE_BITPACKING_H
#define CSTORE_BITPACKING_H

#include <stddef.h>
#include <stdint.h>

/// Unpacks `count` values of `bits` bits each (0-32), packed least significant bit first, from
/// `source` into `values`. `available` is how many bytes can be read from `source`: at least
/// `(count * bits + 7) / 8`, the packed size; any more lets whole 8-byte words be loaded
/// nearer the end. Returns 0, or -1 when `bits` exceeds 32 or `available` is too short (then
/// nothing is written).
int cstore_unpack(const uint8_t *source, size_t available, size_t count, unsigned bits, uint32_t *values);

#endif
