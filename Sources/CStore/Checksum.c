#include "Checksum.h"
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>

int cstore_crc32c_hardware(void) { return __builtin_cpu_supports("sse4.2") ? 1 : 0; }

__attribute__((target("sse4.2")))
uint32_t cstore_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length) {
    uint64_t value = ~crc;
    size_t index = 0;
    while (index + 8 <= length) {
        uint64_t word;
        memcpy(&word, bytes + index, 8);
        value = _mm_crc32_u64(value, word);
        index += 8;
    }
    uint32_t small = (uint32_t)value;
    while (index < length) small = _mm_crc32_u8(small, bytes[index++]);
    return ~small;
}
#else
int cstore_crc32c_hardware(void) { return 0; }

uint32_t cstore_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return crc;
}
#endif
