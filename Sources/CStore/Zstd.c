/* zstd, loaded at run time from the system's runtime library (libzstd.so.1 on Linux,
   libzstd.1.dylib on macOS), so building needs no zstd header and no -dev package: a fresh
   Debian or Ubuntu system carries libzstd1 (dpkg itself depends on it).

   The declarations below are the few zstd functions, types and constants this file uses, as
   zstd 1.4 and 1.5 define them (docs/DEPENDENCIES.md). Four are in zstd's "experimental"
   section: the raw-content dictionaries (`ZSTD_createCDict_advanced`,
   `ZSTD_createDDict_advanced`), `ZSTD_getCParams` and the parameter that attaches a dictionary;
   the shared library exports them, and the values used have not changed since zstd 1.4.0. The
   library is accepted from version 1.4.0 on and below 2.0. */
#include "Zstd.h"
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* zstd's types and constants (zstd.h, 1.4.0 to 1.5.x). */
typedef struct {
    unsigned windowLog, chainLog, hashLog, searchLog, minMatch, targetLength;
    int strategy;
} zstd_compression_parameters;
typedef struct {
    void *(*customAlloc)(void *, size_t);
    void (*customFree)(void *, void *);
    void *opaque;
} zstd_custom_memory;
enum {
    zstd_dlm_by_copy = 0, zstd_dlm_by_ref = 1,   /* ZSTD_dictLoadMethod_e */
    zstd_dct_raw_content = 1,                    /* ZSTD_dictContentType_e */
    zstd_c_content_size_flag = 200,              /* ZSTD_cParameter */
    zstd_c_checksum_flag = 201,
    zstd_c_dict_id_flag = 202,
    zstd_c_force_attach_dict = 1001,             /* ZSTD_c_experimentalParam4 */
    zstd_dict_force_attach = 1,                  /* ZSTD_dictAttachPref_e */
    zstd_reset_session_only = 1,                 /* ZSTD_ResetDirective */
};

/* The functions, resolved once. */
static struct {
    unsigned (*versionNumber)(void);
    unsigned (*isError)(size_t);
    size_t (*compressBound)(size_t);
    zstd_compression_parameters (*getCParams)(int, unsigned long long, size_t);
    void *(*createCDict_advanced)(const void *, size_t, int, int, zstd_compression_parameters, zstd_custom_memory);
    size_t (*freeCDict)(void *);
    void *(*createCCtx)(void);
    size_t (*freeCCtx)(void *);
    size_t (*CCtx_setParameter)(void *, int, int);
    size_t (*CCtx_reset)(void *, int);
    size_t (*CCtx_refCDict)(void *, const void *);
    size_t (*compress2)(void *, void *, size_t, const void *, size_t);
    void *(*createDDict_advanced)(const void *, size_t, int, int, zstd_custom_memory);
    size_t (*freeDDict)(void *);
    void *(*createDCtx)(void);
    size_t (*freeDCtx)(void *);
    size_t (*findFrameCompressedSize)(const void *, size_t);
    unsigned long long (*getFrameContentSize)(const void *, size_t);
    size_t (*decompress_usingDDict)(void *, void *, size_t, const void *, size_t, const void *);
    size_t (*decompressDCtx)(void *, void *, size_t, const void *, size_t);
} zstd;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[320];

#if defined(__APPLE__)
static const char *const library_names[] = {
    "libzstd.1.dylib", "/opt/homebrew/lib/libzstd.1.dylib", "/usr/local/lib/libzstd.1.dylib",
    "/opt/local/lib/libzstd.1.dylib", NULL,
};
#define LIBRARY_NAME "libzstd.1.dylib"
#define LIBRARY_HINT "install it with `brew install zstd` or `port install zstd`"
#else
static const char *const library_names[] = {"libzstd.so.1", NULL};
#define LIBRARY_NAME "libzstd.so.1"
#define LIBRARY_HINT "install the runtime library (Debian and Ubuntu: libzstd1; Fedora: libzstd)"
#endif

static void load(void) {
    void *library = NULL;
    for (const char *const *name = library_names; *name != NULL && library == NULL; name++) {
        library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "the zstd library (%s) was not found: %s", LIBRARY_NAME,
                 LIBRARY_HINT);
        return;
    }
    /* Each symbol by name; the first missing one is named in the error. */
    struct { const char *name; void **slot; } const symbols[] = {
#define SYMBOL(function) {"ZSTD_" #function, (void **)&zstd.function}
        SYMBOL(versionNumber), SYMBOL(isError), SYMBOL(compressBound), SYMBOL(getCParams),
        SYMBOL(createCDict_advanced), SYMBOL(freeCDict), SYMBOL(createCCtx), SYMBOL(freeCCtx),
        SYMBOL(CCtx_setParameter), SYMBOL(CCtx_reset), SYMBOL(CCtx_refCDict), SYMBOL(compress2),
        SYMBOL(createDDict_advanced), SYMBOL(freeDDict), SYMBOL(createDCtx), SYMBOL(freeDCtx),
        SYMBOL(findFrameCompressedSize), SYMBOL(getFrameContentSize), SYMBOL(decompress_usingDDict),
        SYMBOL(decompressDCtx),
#undef SYMBOL
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *address = dlsym(library, symbols[i].name);
        if (address == NULL) {
            snprintf(load_error, sizeof load_error, "the zstd library (%s) lacks %s: zstd 1.4 or later is needed",
                     LIBRARY_NAME, symbols[i].name);
            dlclose(library);
            return;
        }
        memcpy(symbols[i].slot, &address, sizeof address);
    }
    unsigned version = zstd.versionNumber();
    if (version < 10400 || version >= 20000) {
        snprintf(load_error, sizeof load_error,
                 "the zstd library (%s) is version %u.%u.%u: versions 1.4.0 to 1.x are supported", LIBRARY_NAME,
                 version / 10000, version / 100 % 100, version % 100);
        dlclose(library);
        return;
    }
    loaded = 1; /* The library stays loaded for the life of the process. */
}

static int available(void) {
    pthread_once(&load_once, load);
    return loaded;
}

const char *czstd_unavailable_reason(void) {
    return available() ? NULL : load_error;
}

unsigned czstd_version(void) {
    return available() ? zstd.versionNumber() : 0;
}

size_t czstd_compress_bound(size_t length) {
    return available() ? zstd.compressBound(length) : 0;
}

void *czstd_cdict_create(const uint8_t *content, size_t length, int level, size_t sizeHint) {
    if (!available()) return NULL;
    /* Raw content: the bytes are a prefix the frames refer to, not a trained dictionary (even
       if they happen to start with the dictionary magic number). The parameters are those of
       `level` for inputs of `sizeHint` bytes with such a dictionary (small tables, cheap to
       reset for every frame). */
    zstd_custom_memory default_memory = {NULL, NULL, NULL};
    return zstd.createCDict_advanced(content, length, zstd_dlm_by_copy, zstd_dct_raw_content,
                                     zstd.getCParams(level, sizeHint, length), default_memory);
}

void czstd_cdict_free(void *cdict) {
    if (cdict != NULL && available()) zstd.freeCDict(cdict);
}

void *czstd_cctx_create(void) {
    if (!available()) return NULL;
    void *cctx = zstd.createCCtx();
    if (cctx == NULL) return NULL;
    /* The frame declares its content size and carries no checksum (the caller checksums the
       frame) and no dictionary ID (a raw-content dictionary has none). The dictionary's tables
       are always searched in place ("attached") rather than copied into the context for every
       frame: for 16 KiB inputs at level 3 the copy took about a third of the time. */
    if (zstd.isError(zstd.CCtx_setParameter(cctx, zstd_c_content_size_flag, 1)) ||
        zstd.isError(zstd.CCtx_setParameter(cctx, zstd_c_checksum_flag, 0)) ||
        zstd.isError(zstd.CCtx_setParameter(cctx, zstd_c_dict_id_flag, 0)) ||
        zstd.isError(zstd.CCtx_setParameter(cctx, zstd_c_force_attach_dict, zstd_dict_force_attach))) {
        zstd.freeCCtx(cctx);
        return NULL;
    }
    return cctx;
}

void czstd_cctx_free(void *cctx) {
    if (cctx != NULL && available()) zstd.freeCCtx(cctx);
}

long czstd_compress(void *cctx, const uint8_t *source, size_t length, uint8_t *destination, size_t capacity,
                    const void *cdict) {
    if (cctx == NULL || !available()) return -1;
    /* A new frame, keeping the context's parameters; the compression parameters are the
       dictionary's (zstd's default level, 3, without one). */
    if (zstd.isError(zstd.CCtx_reset(cctx, zstd_reset_session_only)) ||
        zstd.isError(zstd.CCtx_refCDict(cctx, cdict))) return -1;
    size_t produced = zstd.compress2(cctx, destination, capacity, source, length);
    if (zstd.isError(produced) || produced > (size_t)LONG_MAX) return -1;
    return (long)produced;
}

void *czstd_ddict_create(const uint8_t *content, size_t length) {
    if (!available()) return NULL;
    zstd_custom_memory default_memory = {NULL, NULL, NULL};
    return zstd.createDDict_advanced(content, length, zstd_dlm_by_ref, zstd_dct_raw_content, default_memory);
}

void czstd_ddict_free(void *ddict) {
    if (ddict != NULL && available()) zstd.freeDDict(ddict);
}

void *czstd_dctx_create(void) {
    return available() ? zstd.createDCtx() : NULL;
}

void czstd_dctx_free(void *dctx) {
    if (dctx != NULL && available()) zstd.freeDCtx(dctx);
}

int czstd_decompress(void *dctx, const uint8_t *source, size_t length, uint8_t *destination, size_t expected,
                     const void *ddict) {
    if (dctx == NULL || !available()) return -1;
    /* The frame must be exactly `length` bytes and declare exactly `expected` bytes (a
       damaged frame gives an error code or "unknown", neither of which equals them). */
    if (zstd.findFrameCompressedSize(source, length) != length) return -1;
    if (zstd.getFrameContentSize(source, length) != (unsigned long long)expected) return -1;
    size_t produced = ddict != NULL
        ? zstd.decompress_usingDDict(dctx, destination, expected, source, length, ddict)
        : zstd.decompressDCtx(dctx, destination, expected, source, length);
    return !zstd.isError(produced) && produced == expected ? 0 : -1;
}
