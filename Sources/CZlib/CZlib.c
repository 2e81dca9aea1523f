#include "CZlib.h"
#include <string.h>
#include <zlib.h>

size_t czlib_deflate_bound(size_t length) {
    /* deflateBound's figure for raw deflate with the default memory level, plus slack. */
    return length + (length >> 12) + (length >> 14) + (length >> 25) + 64;
}

long czlib_deflate(const uint8_t *source, size_t length, uint8_t *destination, size_t capacity, int level,
                   const uint8_t *dictionary, size_t dictionaryLength) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    if (dictionaryLength > 0 && deflateSetDictionary(&stream, dictionary, (uInt)dictionaryLength) != Z_OK) {
        deflateEnd(&stream);
        return -1;
    }
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)length;
    stream.next_out = destination;
    stream.avail_out = (uInt)capacity;
    int status = deflate(&stream, Z_FINISH);
    long produced = (long)stream.total_out;
    deflateEnd(&stream);
    return status == Z_STREAM_END ? produced : -1;
}

int czlib_inflate(const uint8_t *source, size_t length, uint8_t *destination, size_t expected,
                  const uint8_t *dictionary, size_t dictionaryLength) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, -15) != Z_OK) return -1;
    /* Raw inflate takes its dictionary before any input. */
    if (dictionaryLength > 0 && inflateSetDictionary(&stream, dictionary, (uInt)dictionaryLength) != Z_OK) {
        inflateEnd(&stream);
        return -1;
    }
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)length;
    stream.next_out = destination;
    stream.avail_out = (uInt)expected;
    int status = inflate(&stream, Z_FINISH);
    int ok = status == Z_STREAM_END && stream.total_out == expected && stream.avail_in == 0;
    inflateEnd(&stream);
    return ok ? 0 : -1;
}
