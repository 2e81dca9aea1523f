/* Snowball's Arabic stemmer through the system's libstemmer runtime library, loaded with dlopen:
   no header, no -dev package (docs/DEPENDENCIES.md). The four functions used are libstemmer's
   whole stable API (libstemmer.h, Snowball 2.x):

     struct sb_stemmer *sb_stemmer_new(const char *algorithm, const char *charenc);
     void sb_stemmer_delete(struct sb_stemmer *stemmer);
     const unsigned char *sb_stemmer_stem(struct sb_stemmer *stemmer, const unsigned char *word, int size);
     int sb_stemmer_length(struct sb_stemmer *stemmer);

   A stemmer keeps state between calls, so each thread has its own (a thread-specific key, the
   stemmer deleted when the thread ends). */
#include "CSnowball.h"
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
    void *(*create)(const char *, const char *);
    void (*destroy)(void *);
    const unsigned char *(*stem)(void *, const unsigned char *, int);
    int (*length)(void *);
} snowball;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static pthread_key_t thread_stemmer;
static int loaded = 0;
static char load_error[320];

#if defined(__APPLE__)
static const char *const library_names[] = {
    "libstemmer.0.dylib", "/opt/homebrew/lib/libstemmer.0.dylib", "/usr/local/lib/libstemmer.0.dylib",
    "/opt/local/lib/libstemmer.0.dylib", NULL,
};
#define LIBRARY_NAME "libstemmer.0.dylib"
#define LIBRARY_HINT "install it with `brew install snowball`"
#else
static const char *const library_names[] = {"libstemmer.so.0d", "libstemmer.so.0", NULL};
#define LIBRARY_NAME "libstemmer.so.0d"
#define LIBRARY_HINT "install the runtime library (Debian and Ubuntu: libstemmer0d)"
#endif

static void delete_stemmer(void *stemmer) {
    if (stemmer != NULL) snowball.destroy(stemmer);
}

static void load(void) {
    void *library = NULL;
    for (const char *const *name = library_names; *name != NULL && library == NULL; name++) {
        library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "the Snowball stemmer library (%s) was not found: %s", LIBRARY_NAME,
                 LIBRARY_HINT);
        return;
    }
    struct { const char *name; void **slot; } const symbols[] = {
        {"sb_stemmer_new", (void **)&snowball.create},
        {"sb_stemmer_delete", (void **)&snowball.destroy},
        {"sb_stemmer_stem", (void **)&snowball.stem},
        {"sb_stemmer_length", (void **)&snowball.length},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *address = dlsym(library, symbols[i].name);
        if (address == NULL) {
            snprintf(load_error, sizeof load_error, "the Snowball stemmer library (%s) lacks %s", LIBRARY_NAME,
                     symbols[i].name);
            dlclose(library);
            return;
        }
        memcpy(symbols[i].slot, &address, sizeof address);
    }
    void *probe = snowball.create("arabic", "UTF_8");
    if (probe == NULL) {
        snprintf(load_error, sizeof load_error, "the Snowball stemmer library (%s) has no Arabic stemmer (Snowball 2.0 or later is needed)",
                 LIBRARY_NAME);
        dlclose(library);
        return;
    }
    snowball.destroy(probe);
    if (pthread_key_create(&thread_stemmer, delete_stemmer) != 0) {
        snprintf(load_error, sizeof load_error, "cannot keep a Snowball stemmer per thread");
        return;
    }
    loaded = 1; /* The library stays loaded for the life of the process. */
}

const char *csnowball_unavailable_reason(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : load_error;
}

long csnowball_arabic_stem(const uint8_t *word, size_t length, uint8_t *destination, size_t capacity) {
    pthread_once(&load_once, load);
    if (!loaded || length > INT_MAX) return -1;
    void *stemmer = pthread_getspecific(thread_stemmer);
    if (stemmer == NULL) {
        stemmer = snowball.create("arabic", "UTF_8");
        if (stemmer == NULL || pthread_setspecific(thread_stemmer, stemmer) != 0) {
            if (stemmer != NULL) snowball.destroy(stemmer);
            return -1;
        }
    }
    const unsigned char *stem = snowball.stem(stemmer, word, (int)length);
    if (stem == NULL) return -1;
    int produced = snowball.length(stemmer);
    if (produced < 0 || (size_t)produced > capacity) return -1;
    memcpy(destination, stem, (size_t)produced);
    return produced;
}
