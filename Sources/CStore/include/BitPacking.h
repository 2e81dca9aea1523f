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

/// Decodes one block of postings: `count` document gaps of `documentBits` bits, then `count`
/// frequencies less one of `frequencyBits` bits, packed as `cstore_unpack` reads them, from
/// `source` (`available` readable bytes). For each posting it writes the document number
/// (`*previous` + 1 + gap, running on from the block before; `base` added), the frequency, and
/// how many positions of the block come before the posting's own (wrapping at 2^32). Moves
/// `*previous` to the block's last document (without `base`). Returns how many bytes the two
/// packed runs take, or -1 when a width exceeds 32, the runs do not fit in `available`, a
/// document number reaches `documentLimit` or a frequency is 2^32 - 1 or more (the outputs
/// and `*previous` are then unspecified).
long cstore_decode_postings_block(const uint8_t *source, size_t available, size_t count, unsigned documentBits,
                                  unsigned frequencyBits, int64_t *previous, int64_t documentLimit, uint32_t base,
                                  uint32_t *documents, uint32_t *frequencies, uint32_t *skips);

#endif
