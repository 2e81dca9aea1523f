// Internal: the UAX #29 fast path's character classes (not part of the public header).
#ifndef CARABICICU_WORD_CLASSES_H
#define CARABICICU_WORD_CLASSES_H

#include <stdint.h>

enum {
    WC_OTHER = 0,       // breaks on both sides (punctuation, symbols, spaces)
    WC_LETTER,          // ALetter (less the dictionary scripts)
    WC_NUMERIC,         // Numeric
    WC_MIDLETTER,       // MidLetter
    WC_MIDNUM,          // MidNum
    WC_MIDNUMLET,       // MidNumLet and Single_Quote
    WC_EXTEND,          // Extend, Format, ZWJ: attach to the preceding character (WB4)
    WC_NEWLINE,         // CR, LF, Newline: never take Extend characters
    WC_COMPLEX,         // anything the fast path does not model: ICU segments the text
};

/** The class of each BMP code point, built once from ICU's properties. */
const uint8_t *cai_word_class_table(void);

/**
 * Writes up to `capacity` word spans (start, end) found from `*position` on, advancing
 * `*position`; returns the number written (0 at the end of the text). At a character the fast
 * path does not model it stops and sets `*handover` to the offset from which ICU's iterator must
 * go on (the start of the word or piece of punctuation that holds it); otherwise `*handover` is -1.
 */
int32_t cai_fast_word_spans(const uint8_t *text, int32_t length, int32_t *position,
                            const uint8_t *classes, int32_t *spans, int32_t capacity, int32_t *handover);

#endif
