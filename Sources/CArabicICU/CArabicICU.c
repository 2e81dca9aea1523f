// Plain-C wrapper over ICU for the Arabic analyzer. See include/CArabicICU.h.
#include "CArabicICU.h"
#include "word_classes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ushape.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

struct cai_word_cursor {
    // The fast path (see word_fast_path.c) when every character is simple, else ICU's iterator.
    const uint8_t *classes;
    int32_t fast_position;
    UBreakIterator *iterator;
    const uint8_t *bytes;
    int32_t length;
    // ICU segments UTF-16 much faster than UTF-8 text; boundaries are mapped back to UTF-8 offsets.
    UChar *utf16;
    int32_t utf16_length;
    int32_t previous16;  // last boundary, in UTF-16 units
    int32_t previous8;   // the same boundary, in UTF-8 bytes
};

static pthread_once_t prototype_once = PTHREAD_ONCE_INIT;
static UBreakIterator *prototype = NULL;
static UErrorCode prototype_status = U_ZERO_ERROR;

static void make_prototype(void) {
    // The root locale's word rules (UAX #29); Arabic needs no dictionary.
    prototype = ubrk_open(UBRK_WORD, "", NULL, 0, &prototype_status);
}

// Segments bytes[from...] with ICU's iterator from now on. `from` must be a word boundary of the
// whole text that is not followed by an Extend or Format character: ICU then finds the same
// boundaries after it as it would over the whole text.
static UErrorCode start_iterator(cai_word_cursor *cursor, int32_t from) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t length = cursor->length - from;
    // UTF-8 never takes fewer code units in UTF-16.
    cursor->utf16 = malloc(sizeof(UChar) * ((size_t)length + 1));
    if (cursor->utf16 == NULL) return U_MEMORY_ALLOCATION_ERROR;
    u_strFromUTF8Lenient(cursor->utf16, length + 1, &cursor->utf16_length,
                         (const char *)cursor->bytes + from, length, &err);
    if (U_SUCCESS(err)) cursor->iterator = ubrk_clone(prototype, &err);
    if (U_SUCCESS(err)) ubrk_setText(cursor->iterator, cursor->utf16, cursor->utf16_length, &err);
    if (U_FAILURE(err)) return err;
    cursor->previous16 = ubrk_first(cursor->iterator);
    cursor->previous8 = from;
    return err;
}

size_t cai_word_cursor_size(void) { return sizeof(cai_word_cursor); }

cai_word_cursor *cai_word_cursor_open_in(void *storage, const uint8_t *utf8, int64_t length, int32_t flags,
                                         int32_t *status) {
    *status = 0;
    if (length < 0 || length > INT32_MAX / 2) {
        *status = U_INDEX_OUTOFBOUNDS_ERROR;
        return NULL;
    }
    pthread_once(&prototype_once, make_prototype);
    if (U_FAILURE(prototype_status) || prototype == NULL) {
        *status = prototype_status == U_ZERO_ERROR ? U_INTERNAL_PROGRAM_ERROR : prototype_status;
        return NULL;
    }
    cai_word_cursor *cursor = storage;
    memset(cursor, 0, sizeof(cai_word_cursor));
    UErrorCode err = U_ZERO_ERROR;
    static const uint8_t empty = 0;
    cursor->bytes = length > 0 ? utf8 : &empty;
    cursor->length = (int32_t)length;
    if (!(flags & CAI_SEGMENT_ICU_ONLY)) {
        // The fast path starts; it hands over to ICU at the first character it does not model.
        cursor->classes = cai_word_class_table();
        return cursor;
    }
    err = start_iterator(cursor, 0);
    if (U_FAILURE(err)) {
        cai_word_cursor_release(cursor);
        *status = err;
        return NULL;
    }
    return cursor;
}

static int starts_with_bismillah_ligature(const UChar *text, int32_t start, int32_t end) {
    return end > start && text[start] == 0xFDFD;
}

// Whether text[start, end) holds a letter or digit. ICU 72 gives no status at all to some words:
// one that ends in an underscore and a mark or format character at the end of the text
// ("ab_" + RLM), or letters joined by ZWJ to a pictograph.
static int has_letter_or_digit(const UChar *text, int32_t start, int32_t end) {
    int32_t i = start;
    while (i < end) {
        UChar32 c;
        U16_NEXT(text, i, end, c);
        if (u_isalnum(c)) return 1;
    }
    return 0;
}

// Whether text[start, end) holds only CJK radicals and ideographic description characters. ICU's
// dictionary segmentation of a Han run marks every piece as a word, even a lone radical (⻌)
// that is no word on its own.
static int only_radicals(const UChar *text, int32_t start, int32_t end) {
    int32_t i = start;
    while (i < end) {
        UChar32 c;
        U16_NEXT(text, i, end, c);
        if (c < 0x2E80 || c > 0x2FFF) return 0;
    }
    return 1;
}

int32_t cai_word_cursor_next(cai_word_cursor *cursor, int32_t *spans, int32_t capacity) {
    if (cursor == NULL) return 0;
    if (cursor->classes != NULL) {
        int32_t handover = -1;
        int32_t found = cai_fast_word_spans(cursor->bytes, cursor->length, &cursor->fast_position,
                                            cursor->classes, spans, capacity, &handover);
        if (handover < 0) return found;
        cursor->classes = NULL;
        if (U_FAILURE(start_iterator(cursor, handover))) return found;  // no more words
        if (found > 0) return found;
    }
    if (cursor->iterator == NULL) return 0;
    int32_t count = 0;
    const UChar *text = cursor->utf16;
    while (count < capacity) {
        int32_t start16 = cursor->previous16;
        if (start16 == UBRK_DONE) break;
        int32_t end16 = ubrk_next(cursor->iterator);
        if (end16 == UBRK_DONE) {
            cursor->previous16 = UBRK_DONE;
            break;
        }
        int32_t start8 = cursor->previous8;
        int32_t end8 = start8;
        for (int32_t i = start16; i < end16; i++) {
            UChar u = text[i];
            if (u < 0x80) end8 += 1;
            else if (u < 0x800) end8 += 2;
            else if (U16_IS_LEAD(u) && i + 1 < end16 && U16_IS_TRAIL(text[i + 1])) { end8 += 4; i++; }
            else end8 += 3;
        }
        cursor->previous16 = end16;
        cursor->previous8 = end8;
        int32_t rule = ubrk_getRuleStatus(cursor->iterator);
        int word = rule < UBRK_WORD_NONE_LIMIT ? has_letter_or_digit(text, start16, end16)
                                               : rule < UBRK_WORD_KANA || !only_radicals(text, start16, end16);
        if (word || starts_with_bismillah_ligature(text, start16, end16)) {
            spans[2 * count] = start8;
            spans[2 * count + 1] = end8;
            count += 1;
        }
    }
    return count;
}

void cai_word_cursor_release(cai_word_cursor *cursor) {
    if (cursor == NULL) return;
    if (cursor->iterator != NULL) ubrk_close(cursor->iterator);
    cursor->iterator = NULL;
    free(cursor->utf16);
    cursor->utf16 = NULL;
}


static const UNormalizer2 *nfkc_instance(void) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&err);
    return U_SUCCESS(err) ? n : NULL;
}

int32_t cai_compatibility_fold(const uint16_t *src, int32_t length, uint16_t *dst,
                               int32_t dst_capacity, int32_t flags) {
    const UNormalizer2 *nfkc = nfkc_instance();
    if (nfkc == NULL || length < 0 || dst_capacity < 0) return -1;
    // NFKC expands one code unit to at most 18 (U+FDFA); case folding to at most 3.
    int64_t cap64 = (int64_t)length * 54 + 16;
    if (cap64 > INT32_MAX / 2) return -1;
    int32_t cap = (int32_t)cap64;
    UChar *a = malloc(sizeof(UChar) * (size_t)cap * 2);
    if (a == NULL) return -1;
    UChar *b = a + cap;
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = length;
    memcpy(a, src, sizeof(UChar) * (size_t)length);
    if (flags & CAI_FOLD_COMPATIBILITY) {
        n = unorm2_normalize(nfkc, a, n, b, cap, &err);
        if (U_SUCCESS(err)) { memcpy(a, b, sizeof(UChar) * (size_t)n); }
    }
    if (U_SUCCESS(err) && (flags & CAI_FOLD_CASE)) {
        n = u_strFoldCase(b, cap, a, n, U_FOLD_CASE_DEFAULT, &err);
        if (U_SUCCESS(err)) {
            // Folding can produce decomposed sequences; compose them again.
            const UNormalizer2 *recompose = (flags & CAI_FOLD_COMPATIBILITY) ? nfkc : NULL;
            if (recompose == NULL) {
                UErrorCode e2 = U_ZERO_ERROR;
                recompose = unorm2_getNFCInstance(&e2);
                if (U_FAILURE(e2)) recompose = NULL;
            }
            if (recompose != NULL) {
                n = unorm2_normalize(recompose, b, n, a, cap, &err);
            } else {
                memcpy(a, b, sizeof(UChar) * (size_t)n);
            }
        }
    }
    if (U_FAILURE(err)) { free(a); return -1; }
    if (n <= dst_capacity) memcpy(dst, a, sizeof(UChar) * (size_t)n);
    free(a);
    return n;
}

int32_t cai_character_changes(uint32_t c) {
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    int32_t result = 0;
    const UNormalizer2 *nfkc = nfkc_instance();
    UChar s[2];
    int32_t len = 0;
    UErrorCode err = U_ZERO_ERROR;
    U16_APPEND(s, len, 2, (UChar32)c, err);
    if (nfkc != NULL) {
        UErrorCode qerr = U_ZERO_ERROR;
        UNormalizationCheckResult r = unorm2_quickCheck(nfkc, s, len, &qerr);
        if (U_FAILURE(qerr) || r != UNORM_YES) result |= CAI_FOLD_COMPATIBILITY;
    }
    if (u_hasBinaryProperty((UChar32)c, UCHAR_CHANGES_WHEN_CASEFOLDED)) result |= CAI_FOLD_CASE;
    return result;
}

// Sets the bits of the BMP code points (surrogates left out) in `set`.
static void set_bmp_bits(const USet *set, uint64_t *bits) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t count = uset_getItemCount(set);
    for (int32_t item = 0; item < count; item++) {
        UChar32 start = 0, end = 0;
        err = U_ZERO_ERROR;
        // Sets built from properties hold ranges only (no strings).
        if (uset_getItem(set, item, &start, &end, NULL, 0, &err) != 0 || U_FAILURE(err)) continue;
        if (end > 0xFFFF) end = 0xFFFF;
        for (UChar32 c = start; c <= end; c++) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            bits[c >> 6] |= (uint64_t)1 << (c & 63);
        }
    }
}

int32_t cai_character_changes_bmp(uint64_t *compatibility, uint64_t *case_folding) {
    memset(compatibility, 0, 1024 * sizeof(uint64_t));
    memset(case_folding, 0, 1024 * sizeof(uint64_t));
    UErrorCode err = U_ZERO_ERROR;
    USet *set = uset_openEmpty();
    if (set == NULL) return -1;
    // NFKC quick check NO or MAYBE, as cai_character_changes asks of one code point.
    uset_applyIntPropertyValue(set, UCHAR_NFKC_QUICK_CHECK, UNORM_NO, &err);
    if (U_SUCCESS(err)) set_bmp_bits(set, compatibility);
    if (U_SUCCESS(err)) uset_applyIntPropertyValue(set, UCHAR_NFKC_QUICK_CHECK, UNORM_MAYBE, &err);
    if (U_SUCCESS(err)) set_bmp_bits(set, compatibility);
    if (U_SUCCESS(err)) uset_applyIntPropertyValue(set, UCHAR_CHANGES_WHEN_CASEFOLDED, 1, &err);
    if (U_SUCCESS(err)) set_bmp_bits(set, case_folding);
    uset_close(set);
    return U_FAILURE(err) ? -1 : 0;
}

int32_t cai_visual_line(const uint16_t *src, int32_t length, uint16_t *dst, int32_t dst_capacity) {
    if (length < 0) return -1;
    UErrorCode err = U_ZERO_ERROR;
    int32_t cap = length * 2 + 16;
    UChar *shaped = malloc(sizeof(UChar) * (size_t)cap);
    if (shaped == NULL) return -1;
    int32_t n = u_shapeArabic((const UChar *)src, length, shaped, cap,
                              U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL |
                                  U_SHAPE_LENGTH_GROW_SHRINK,
                              &err);
    if (U_FAILURE(err)) { free(shaped); return -1; }
    UBiDi *bidi = ubidi_open();
    if (bidi == NULL) { free(shaped); return -1; }
    ubidi_setPara(bidi, shaped, n, UBIDI_DEFAULT_LTR, NULL, &err);
    int32_t written = 0;
    if (U_SUCCESS(err)) {
        written = ubidi_writeReordered(bidi, (UChar *)dst, dst_capacity,
                                       UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &err);
    }
    ubidi_close(bidi);
    free(shaped);
    if (err == U_BUFFER_OVERFLOW_ERROR) return written > dst_capacity ? written : dst_capacity + 1;
    return U_FAILURE(err) ? -1 : written;
}

void cai_icu_version(char *buffer, int32_t capacity) {
    if (capacity <= 0) return;
    UVersionInfo v;
    char s[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, s);
    strncpy(buffer, s, (size_t)capacity - 1);
    buffer[capacity - 1] = 0;
}
