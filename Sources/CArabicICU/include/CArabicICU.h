/*
 * CArabicICU: the few ICU services the Arabic analyzer needs, behind plain C types.
 *
 * Swift never imports ICU headers: Debian renames every ICU symbol with a version suffix through
 * C macros, and ICU's types clash with the ICU copy inside Foundation. Everything here takes and
 * returns integers and byte/UTF-16 buffers only.
 */
#ifndef CARABICICU_H
#define CARABICICU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Word segmentation (UAX #29) over UTF-8 text ---- */

/** Opaque word-break cursor over one UTF-8 text. Not thread-safe; one per thread at a time. */
typedef struct cai_word_cursor cai_word_cursor;

/** Segment with ICU's iterator even where the UTF-8 fast path would give the same words. */
#define CAI_SEGMENT_ICU_ONLY 1

/** The bytes a cursor takes: the caller provides them (on its stack, say). */
size_t cai_word_cursor_size(void);

/**
 * Opens a cursor in the caller's `storage` (cai_word_cursor_size() bytes, aligned for a pointer,
 * which must outlive the cursor) over `length` bytes of well-formed UTF-8 at `utf8` (the bytes
 * must stay alive and unchanged until the cursor is released). `flags` is 0 or
 * CAI_SEGMENT_ICU_ONLY. Returns NULL and sets *status to a non-zero ICU error code on failure.
 * `length` must not exceed INT32_MAX / 2. End it with cai_word_cursor_release.
 *
 * Text made only of letters, digits, marks, punctuation and spaces is segmented by a fast path
 * that reads the UTF-8 directly and reports the same words as ICU's iterator; other text (CJK,
 * Thai, emoji, Hebrew, ...) goes to the iterator.
 */
cai_word_cursor *cai_word_cursor_open_in(void *storage, const uint8_t *utf8, int64_t length, int32_t flags,
                                         int32_t *status);

/**
 * Fills `spans` with up to `capacity` word segments as consecutive (start, end) UTF-8 byte offsets,
 * and returns how many segments were written (0 when the text is exhausted). Only segments that
 * ICU classifies as words or numbers are returned (except lone CJK radicals, which ICU's
 * dictionary segmentation marks as words inside a Han run), other segments that hold a letter or
 * digit (ICU 72 leaves "ab_" + mark at the end of a text unclassified), and segments that begin
 * with U+FDFD (a ligature of four words that Unicode classes as a symbol).
 */
int32_t cai_word_cursor_next(cai_word_cursor *cursor, int32_t *spans, int32_t capacity);

/** Ends a cursor (what it holds besides its storage, which is the caller's). NULL is accepted. */
void cai_word_cursor_release(cai_word_cursor *cursor);

/* ---- Normalization and case folding ---- */

/** Apply Unicode compatibility normalization (NFKC). */
#define CAI_FOLD_COMPATIBILITY 1
/** Apply full Unicode case folding. */
#define CAI_FOLD_CASE 2

/**
 * Normalizes `length` UTF-16 code units at `src` into `dst` (capacity `dst_capacity`): NFKC when
 * `flags` has CAI_FOLD_COMPATIBILITY, then full case folding when it has CAI_FOLD_CASE. Returns
 * the number of code units of the result; when that exceeds `dst_capacity` nothing was written
 * and the call should be repeated with a larger buffer. Returns -1 on an ICU error.
 */
int32_t cai_compatibility_fold(const uint16_t *src, int32_t length, uint16_t *dst,
                               int32_t dst_capacity, int32_t flags);

/**
 * Which of the foldings above can change the code point `c`: CAI_FOLD_COMPATIBILITY when its NFKC
 * quick check is not YES (it has a compatibility mapping or may compose with a neighbour),
 * CAI_FOLD_CASE when it changes under case folding.
 */
int32_t cai_character_changes(uint32_t c);

/**
 * The same for every code point of the Basic Multilingual Plane at once (surrogates excluded):
 * sets bit `c % 64` of `compatibility[c / 64]` and of `case_folding[c / 64]` (1024 words each,
 * cleared first) as cai_character_changes(c) has CAI_FOLD_COMPATIBILITY and CAI_FOLD_CASE.
 * Reads ICU's property ranges rather than asking about each code point. Returns 0, or -1 on an
 * ICU error (the bits are then incomplete).
 */
int32_t cai_character_changes_bmp(uint64_t *compatibility, uint64_t *case_folding);

/* ---- Bidi and shaping (for terminals that do not reorder right-to-left text) ---- */

/**
 * Shapes Arabic letters into presentation forms and reorders one line of UTF-16 text from logical
 * to visual order. Returns the number of code units written to `dst`, a value larger than
 * `dst_capacity` when the buffer is too small, or -1 on an ICU error.
 */
int32_t cai_visual_line(const uint16_t *src, int32_t length, uint16_t *dst, int32_t dst_capacity);

/** The ICU version in use, e.g. "72.1", written into `buffer` (NUL-terminated). */
void cai_icu_version(char *buffer, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
