#ifndef CSTORE_CHECKSUM_H
#define CSTORE_CHECKSUM_H
#include <stddef.h>
#include <stdint.h>

/// 1 when this processor computes CRC-32C in hardware (x86-64 with SSE 4.2), else 0.
int cstore_crc32c_hardware(void);
/// The CRC-32C of `length` bytes at `bytes`, continuing from `crc` (the checksum of the bytes
/// before them), computed in hardware: call it only when `cstore_crc32c_hardware()` is 1.
uint32_t cstore_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t length);
#endif
