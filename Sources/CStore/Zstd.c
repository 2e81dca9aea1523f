/* The dictionary functions that take raw content whatever its first bytes (`_advanced`) and
   the parameter that attaches a dictionary are in zstd's "experimental" section, exported by
   libzstd 1.5. */
#define ZSTD_STATIC_LINKING_ONLY
#include "Zstd.h"
#include <limits.h>
#include <zstd.h>

size_t czstd_compress_bound(size_t length) {
    return ZSTD_compressBound(length);
}

void *czstd_cdict_create(const uint8_t *content, size_t length, int level, size_t sizeHint) {
    /* Raw content: the bytes are a prefix the frames refer to, not a trained dictionary (even
       if they happen to start with the dictionary magic number). The parameters are those of
       `level` for inputs of `sizeHint` bytes with such a dictionary (small tables, cheap to
       reset for every frame). */
    return ZSTD_createCDict_advanced(content, length, ZSTD_dlm_byCopy, ZSTD_dct_rawContent,
                                     ZSTD_getCParams(level, sizeHint, length), ZSTD_defaultCMem);
}

void czstd_cdict_free(void *cdict) {
    ZSTD_freeCDict(cdict);
}

void *czstd_cctx_create(void) {
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    if (cctx == NULL) return NULL;
    /* The frame declares its content size and carries no checksum (the caller checksums the
       frame) and no dictionary ID (a raw-content dictionary has none). The dictionary's tables
       are always searched in place ("attached") rather than copied into the context for every
       frame: for 16 KiB inputs at level 3 the copy took about a third of the time. */
    if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_forceAttachDict, ZSTD_dictForceAttach))) {
        ZSTD_freeCCtx(cctx);
        return NULL;
    }
    return cctx;
}

void czstd_cctx_free(void *cctx) {
    ZSTD_freeCCtx(cctx);
}

long czstd_compress(void *cctx, const uint8_t *source, size_t length, uint8_t *destination, size_t capacity,
                    const void *cdict) {
    if (cctx == NULL) return -1;
    /* A new frame, keeping the context's parameters; the compression parameters are the
       dictionary's (zstd's default level, 3, without one). */
    if (ZSTD_isError(ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only)) ||
        ZSTD_isError(ZSTD_CCtx_refCDict(cctx, cdict))) return -1;
    size_t produced = ZSTD_compress2(cctx, destination, capacity, source, length);
    if (ZSTD_isError(produced) || produced > (size_t)LONG_MAX) return -1;
    return (long)produced;
}

void *czstd_ddict_create(const uint8_t *content, size_t length) {
    return ZSTD_createDDict_advanced(content, length, ZSTD_dlm_byRef, ZSTD_dct_rawContent, ZSTD_defaultCMem);
}

void czstd_ddict_free(void *ddict) {
    ZSTD_freeDDict(ddict);
}

void *czstd_dctx_create(void) {
    return ZSTD_createDCtx();
}

void czstd_dctx_free(void *dctx) {
    ZSTD_freeDCtx(dctx);
}

int czstd_decompress(void *dctx, const uint8_t *source, size_t length, uint8_t *destination, size_t expected,
                     const void *ddict) {
    if (dctx == NULL) return -1;
    /* The frame must be exactly `length` bytes and declare exactly `expected` bytes. */
    if (ZSTD_findFrameCompressedSize(source, length) != length) return -1;
    if (ZSTD_getFrameContentSize(source, length) != (unsigned long long)expected) return -1;
    size_t produced = ddict != NULL
        ? ZSTD_decompress_usingDDict(dctx, destination, expected, source, length, ddict)
        : ZSTD_decompressDCtx(dctx, destination, expected, source, length);
    return !ZSTD_isError(produced) && produced == expected ? 0 : -1;
}
