// A fast path for ICU's word break rules (UAX #29) on text whose characters are all letters,
// digits, marks, punctuation and spaces of the kinds these rules treat simply: Arabic and Latin
// prose. It reads the UTF-8 directly and reproduces the word segments (and only those) that ICU's
// iterator reports with a word or number status; any other text goes to ICU itself. The classes
// come from ICU's own Word_Break property data, and a differential test checks the spans against
// ICU's iterator.
#include "word_classes.h"

#include <pthread.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

static uint8_t classes[0x10000];
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;


static uint8_t classify(UChar32 c) {
    if (c >= 0xD800 && c <= 0xDFFF) return WC_COMPLEX;
    // ICU's root rules tailor UAX #29 in two ways the property data does not show: the colons are
    // not MidLetter, and '@' is a letter (so e-mail addresses stay one word).
    if (c == 0x3A || c == 0xFE55 || c == 0xFF1A) return WC_OTHER;
    if (c == 0x40) return WC_LETTER;
    int32_t wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
    if (c >= 0x80 && (u_hasBinaryProperty(c, UCHAR_EMOJI) || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)))
        return WC_COMPLEX;
    if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return WC_COMPLEX;
    if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return WC_COMPLEX;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &err);
    if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
        script == USCRIPT_HANGUL)
        return WC_COMPLEX;
    // A letter or digit that UAX #29 does not class as one: its segments count as words all the
    // same (see cai_word_cursor_next), which the fast path does not model.
    if (u_isalnum(c) && wb != U_WB_ALETTER && wb != U_WB_NUMERIC) return WC_COMPLEX;
    switch (wb) {
    case U_WB_OTHER: return WC_OTHER;
    case U_WB_WSEGSPACE: return WC_OTHER;
    case U_WB_ALETTER: return WC_LETTER;
    case U_WB_NUMERIC: return WC_NUMERIC;
    case U_WB_MIDLETTER: return WC_MIDLETTER;
    case U_WB_MIDNUM: return WC_MIDNUM;
    case U_WB_MIDNUMLET: return WC_MIDNUMLET;
    case U_WB_SINGLE_QUOTE: return WC_MIDNUMLET;
    // ICU's statuses around ExtendNumLet (_ and its kin) followed by marks differ from plain
    // UAX #29 in ways not worth modelling: text holding one goes to ICU.
    case U_WB_EXTENDNUMLET: return WC_COMPLEX;
    // Double quotes join only Hebrew letters (WB7b, WB7c), which the fast path leaves to ICU.
    case U_WB_DOUBLE_QUOTE: return WC_OTHER;
    case U_WB_EXTEND: return WC_EXTEND;
    case U_WB_FORMAT: return WC_EXTEND;
    case U_WB_ZWJ: return WC_EXTEND;
    case U_WB_CR: return WC_NEWLINE;
    case U_WB_LF: return WC_NEWLINE;
    case U_WB_NEWLINE: return WC_NEWLINE;
    default: return WC_COMPLEX;  // Hebrew letters, Katakana, regional indicators, emoji
    }
}

static void build_classes(void) {
    for (UChar32 c = 0; c < 0x10000; c++) classes[c] = classify(c);
}

const uint8_t *cai_word_class_table(void) {
    pthread_once(&classes_once, build_classes);
    return classes;
}

// Decodes the well-formed UTF-8 at text[i]; supplementary characters are WC_COMPLEX.
static inline uint8_t class_at(const uint8_t *text, int32_t i, const uint8_t *table, int32_t *length) {
    uint8_t b0 = text[i];
    if (b0 < 0x80) { *length = 1; return table[b0]; }
    if (b0 < 0xE0) {
        *length = 2;
        return table[((uint32_t)(b0 & 0x1F) << 6) | (text[i + 1] & 0x3F)];
    }
    if (b0 < 0xF0) {
        *length = 3;
        return table[((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F)];
    }
    *length = 4;
    return WC_COMPLEX;
}

// The end of the run of Extend/Format/ZWJ characters starting at i.
static inline int32_t skip_extend(const uint8_t *text, int32_t length, int32_t i, const uint8_t *table) {
    while (i < length) {
        int32_t n;
        if (class_at(text, i, table, &n) != WC_EXTEND) break;
        i += n;
    }
    return i;
}

static inline int joins(uint8_t left, uint8_t right) {
    // WB5, WB8, WB9, WB10.
    return (left == WC_LETTER || left == WC_NUMERIC) && (right == WC_LETTER || right == WC_NUMERIC);
}

int32_t cai_fast_word_spans(const uint8_t *text, int32_t length, int32_t *position,
                            const uint8_t *table, int32_t *spans, int32_t capacity, int32_t *handover) {
    int32_t count = 0;
    int32_t pos = *position;
    *handover = -1;
    while (pos < length && count < capacity) {
        int32_t n;
        uint8_t first = class_at(text, pos, table, &n);
        if (first == WC_COMPLEX) {
            // The previous piece did not join this character; ICU goes on from here.
            *handover = pos;
            break;
        }
        if (first == WC_LETTER || first == WC_NUMERIC) {
            int32_t start = pos;
            uint8_t previous = first;
            int32_t end = skip_extend(text, length, pos + n, table);
            while (end < length) {
                int32_t n2;
                uint8_t next = class_at(text, end, table, &n2);
                if (next == WC_COMPLEX) break;  // may join this word: handed over below
                if (joins(previous, next)) {
                    previous = next;
                    end = skip_extend(text, length, end + n2, table);
                    continue;
                }
                // WB6/WB7: letter (MidLetter | MidNumLet | Single_Quote) letter;
                // WB11/WB12: digit (MidNum | MidNumLet | Single_Quote) digit.
                uint8_t wanted = 0;
                if (previous == WC_LETTER && (next == WC_MIDLETTER || next == WC_MIDNUMLET)) wanted = WC_LETTER;
                if (previous == WC_NUMERIC && (next == WC_MIDNUM || next == WC_MIDNUMLET)) wanted = WC_NUMERIC;
                if (wanted == 0) break;
                int32_t after_mid = skip_extend(text, length, end + n2, table);
                if (after_mid >= length) break;
                int32_t n3;
                uint8_t third = class_at(text, after_mid, table, &n3);
                if (third == WC_COMPLEX) {
                    end = after_mid;  // a Hebrew letter could join across the punctuation
                    break;
                }
                if (third != wanted) break;
                previous = wanted;
                end = skip_extend(text, length, after_mid + n3, table);
            }
            if (end < length) {
                int32_t n4;
                if (class_at(text, end, table, &n4) == WC_COMPLEX) {
                    // A character the fast path does not model follows: ICU decides this word.
                    *handover = start;
                    pos = start;
                    break;
                }
            }
            spans[2 * count] = start;
            spans[2 * count + 1] = end;
            count += 1;
            pos = end;
        } else {
            int32_t start = pos;
            // WB4: a character takes the Extend/Format/ZWJ characters after it, except line breaks.
            pos = first == WC_NEWLINE ? pos + n : skip_extend(text, length, pos + n, table);
            int32_t n5;
            if (pos < length && class_at(text, pos, table, &n5) == WC_COMPLEX) {
                // It may attach to this character (a mark of a complex script): ICU decides.
                *handover = start;
                pos = start;
                break;
            }
            // U+FDFD (EF B7 BD) is a symbol that stands for four words: report it like a word.
            if (n == 3 && text[start] == 0xEF && text[start + 1] == 0xB7 && text[start + 2] == 0xBD) {
                spans[2 * count] = start;
                spans[2 * count + 1] = pos;
                count += 1;
            }
        }
    }
    *position = pos;
    return count;
}
