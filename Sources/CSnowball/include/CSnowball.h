#ifndef CSNOWBALL_H
#define CSNOWBALL_H

#include <stddef.h>
#include <stdint.h>

/* Snowball's Arabic stemmer, from the system's libstemmer runtime library (libstemmer.so.0d on
   Debian and Ubuntu, package libstemmer0d; libstemmer.0.dylib on macOS), loaded at run time the
   first time it is used: building needs no libstemmer header. Each thread stems with its own
   stemmer, made the first time that thread stems. */

/// Why the Snowball stemmer cannot be used (the library is missing, lacks a function or has no
/// Arabic stemmer), as one line; NULL when it can.
const char *csnowball_unavailable_reason(void);

/// Stems the UTF-8 word `word` (`length` bytes) with Snowball's Arabic stemmer into
/// `destination` (`capacity` bytes). Returns the stem's length in bytes, or -1 when the stemmer
/// is unavailable, fails, or the stem does not fit.
long csnowball_arabic_stem(const uint8_t *word, size_t length, uint8_t *destination, size_t capacity);

#endif
