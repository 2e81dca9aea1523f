#include "BitPacking.h"
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>

/* The running sums of four 32-bit lanes (wrapping). */
static inline __m128i running_sums(__m128i values) {
    values = _mm_add_epi32(values, _mm_slli_si128(values, 4));
    return _mm_add_epi32(values, _mm_slli_si128(values, 8));
}
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "the postings format is little-endian: loads here assume a little-endian machine"
#endif

/* Eight values of B bits take exactly B bytes. Each value lies within the 8 bytes from its
   first byte (B + 7 <= 39 bits), so it is one unaligned load, one shift and one mask, all with
   constant offsets once B is a constant: one function per width, the loop unrolled. A group
   reads at most B + 8 bytes from its start. */
#define DEFINE_GROUP(B)                                                                      \
    static inline void unpack_group_##B(const uint8_t *in, uint32_t *out) {                 \
        const uint64_t mask = (B) == 32 ? 0xFFFFFFFFull : ((1ull << ((B) & 31)) - 1);       \
        for (int k = 0; k < 8; k++) {                                                        \
            uint64_t word;                                                                   \
            memcpy(&word, in + ((k * (B)) >> 3), 8);                                         \
            out[k] = (uint32_t)((word >> ((k * (B)) & 7)) & mask);                           \
        }                                                                                    \
    }                                                                                        \
    static void unpack_groups_##B(const uint8_t *in, uint32_t *out, size_t groups) {        \
        for (size_t g = 0; g < groups; g++) unpack_group_##B(in + g * (B), out + g * 8);    \
    }

#define FOR_EACH_WIDTH(X)                                                                   \
    X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) X(16)  \
    X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30)    \
    X(31) X(32)

FOR_EACH_WIDTH(DEFINE_GROUP)

int cstore_unpack(const uint8_t *source, size_t available, size_t count, unsigned bits, uint32_t *values) {
    if (bits > 32) return -1;
    size_t packed = (count * bits + 7) / 8;
    if (available < packed) return -1;
    if (bits == 0) {
        memset(values, 0, count * sizeof(uint32_t));
        return 0;
    }
    /* Whole groups whose loads stay within `available`. */
    size_t groups = count / 8;
    if (groups > 0 && (groups - 1) * bits + bits + 8 > available) {
        groups = available >= bits + 8 ? (available - 8) / bits : 0;
        if (groups > count / 8) groups = count / 8;
    }
    switch (bits) {
#define CASE(B) case B: unpack_groups_##B(source, values, groups); break;
        FOR_EACH_WIDTH(CASE)
#undef CASE
    }
    /* The rest, byte by byte. */
    const uint64_t mask = bits == 32 ? 0xFFFFFFFFull : ((1ull << bits) - 1);
    for (size_t index = groups * 8; index < count; index++) {
        size_t bit = index * bits;
        size_t byte = bit >> 3;
        unsigned shift = (unsigned)(bit & 7);
        uint64_t word = 0;
        for (unsigned loaded = 0; loaded < shift + bits; loaded += 8, byte++) {
            word |= (uint64_t)source[byte] << loaded;
        }
        values[index] = (uint32_t)((word >> shift) & mask);
    }
    return 0;
}

long cstore_decode_postings_block(const uint8_t *source, size_t available, size_t count, unsigned documentBits,
                                  unsigned frequencyBits, int64_t *previous, int64_t documentLimit, uint32_t base,
                                  uint32_t *documents, uint32_t *frequencies, uint32_t *skips) {
    if (documentBits > 32 || frequencyBits > 32) return -1;
    size_t documentBytes = (count * documentBits + 7) / 8;
    size_t frequencyBytes = (count * frequencyBits + 7) / 8;
    if (available < documentBytes || available - documentBytes < frequencyBytes) return -1;
    if (cstore_unpack(source, available, count, documentBits, documents) != 0) return -1;
    if (cstore_unpack(source + documentBytes, available - documentBytes, count, frequencyBits, frequencies) != 0) {
        return -1;
    }
    int64_t document = *previous;
    uint32_t before = 0;
    size_t index = 0;
#if defined(__SSE2__)
    /* Four postings at a time: running sums within the lane group, then the last lane carried
       on. Document numbers are summed in 32-bit lanes; the gaps' exact 64-bit total, checked
       against `documentLimit` below, proves no lane wrapped (every document lies between the
       one before the block and the last). */
    {
        const __m128i one = _mm_set1_epi32(1), allOnes = _mm_set1_epi32(-1), zero = _mm_setzero_si128();
        const __m128i offset = _mm_set1_epi32((int)base);
        __m128i running = _mm_set1_epi32((int)(uint32_t)document);
        __m128i positions = zero;
        __m128i gapTotals = zero;
        __m128i overflow = zero;
        for (; index + 4 <= count; index += 4) {
            __m128i gaps = _mm_loadu_si128((const __m128i *)(documents + index));
            gapTotals = _mm_add_epi64(gapTotals, _mm_unpacklo_epi32(gaps, zero));
            gapTotals = _mm_add_epi64(gapTotals, _mm_unpackhi_epi32(gaps, zero));
            __m128i numbers = _mm_add_epi32(running_sums(_mm_add_epi32(gaps, one)), running);
            running = _mm_shuffle_epi32(numbers, 0xFF);
            _mm_storeu_si128((__m128i *)(documents + index), _mm_add_epi32(numbers, offset));
            __m128i less = _mm_loadu_si128((const __m128i *)(frequencies + index));
            overflow = _mm_or_si128(overflow, _mm_cmpeq_epi32(less, allOnes));
            __m128i counts = _mm_add_epi32(less, one);
            __m128i through = _mm_add_epi32(running_sums(counts), positions);
            _mm_storeu_si128((__m128i *)(skips + index), _mm_sub_epi32(through, counts));
            positions = _mm_shuffle_epi32(through, 0xFF);
            _mm_storeu_si128((__m128i *)(frequencies + index), counts);
        }
        if (_mm_movemask_epi8(overflow) != 0) return -1;
        uint64_t totals[2];
        _mm_storeu_si128((__m128i *)totals, gapTotals);
        document += (int64_t)(totals[0] + totals[1]) + (int64_t)index;
        before = (uint32_t)_mm_cvtsi128_si32(positions);
    }
#endif
    for (; index < count; index++) {
        document += 1 + (int64_t)documents[index];
        documents[index] = base + (uint32_t)document;
        uint32_t less = frequencies[index];
        if (less == UINT32_MAX) return -1;
        skips[index] = before;
        before += less + 1;
        frequencies[index] = less + 1;
    }
    /* Documents increase, so the last one bounds them all. */
    if (document >= documentLimit) return -1;
    *previous = document;
    return (long)(documentBytes + frequencyBytes);
}
