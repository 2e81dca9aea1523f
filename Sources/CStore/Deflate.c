#include "Deflate.h"
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

#include <stdlib.h>

void *czlib_inflater_open(const uint8_t *source, size_t length, const uint8_t *dictionary, size_t dictionaryLength) {
    z_stream *stream = calloc(1, sizeof *stream);
    if (stream == NULL) return NULL;
    if (inflateInit2(stream, -15) != Z_OK) {
        free(stream);
        return NULL;
    }
    if (dictionaryLength > 0 && inflateSetDictionary(stream, dictionary, (uInt)dictionaryLength) != Z_OK) {
        inflateEnd(stream);
        free(stream);
        return NULL;
    }
    stream->next_in = (Bytef *)source;
    stream->avail_in = (uInt)length;
    return stream;
}

long czlib_inflater_read(void *inflater, uint8_t *destination, size_t capacity) {
    z_stream *stream = inflater;
    if (capacity == 0) return 0;
    stream->next_out = destination;
    stream->avail_out = (uInt)capacity;
    int status = inflate(stream, Z_SYNC_FLUSH);
    long produced = (long)(capacity - stream->avail_out);
    if (status == Z_STREAM_END || (status == Z_OK && produced > 0)) return produced;
    return -1;
}

void czlib_inflater_close(void *inflater) {
    if (inflater == NULL) return;
    inflateEnd(inflater);
    free(inflater);
}
