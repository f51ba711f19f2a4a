#include "guard.h"

#if defined(__SSE2__)
#include <emmintrin.h>

// Bytes of x in lo...hi (unsigned): x - lo wraps below lo, so one unsigned minimum decides.
static inline __m128i in_range(__m128i x, unsigned char lo, unsigned char hi) {
    __m128i t = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8((char)(hi - lo))), t);
}

static inline __m128i equal_to(__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); }

static inline uint64_t bits(__m128i m, int k) {
    return (uint64_t)(uint16_t)_mm_movemask_epi8(m) << (16 * k);
}

static inline ponder_byte_classes_t classes(const unsigned char *p, unsigned wanted) {
    ponder_byte_classes_t c = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    __m128i last = _mm_setzero_si128();
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i letter = _mm_setzero_si128(), digit = _mm_setzero_si128();
        if (wanted & (PONDER_LETTERS | PONDER_PUNCTUATION)) {
            letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
            c.letters |= bits(letter, k);
        }
        if (wanted & (PONDER_DIGITS | PONDER_PUNCTUATION)) {
            digit = in_range(v, '0', '9');
            c.digits |= bits(digit, k);
        }
        if (wanted & PONDER_PUNCTUATION)
            c.punctuation |= bits(_mm_andnot_si128(_mm_or_si128(letter, digit), in_range(v, 0x21, 0x7E)), k);
        if (wanted & PONDER_SPACES)
            c.spaces |= bits(_mm_or_si128(equal_to(v, ' '), in_range(v, 0x09, 0x0D)), k);
        if (wanted & (PONDER_NEWLINES | PONDER_SENTENCE_ENDS)) {
            __m128i newline = equal_to(v, '\n');
            c.newlines |= bits(newline, k);
            if (wanted & PONDER_SENTENCE_ENDS)
                c.sentence_ends |= bits(_mm_or_si128(
                    _mm_or_si128(equal_to(v, '.'), equal_to(v, '!')),
                    _mm_or_si128(_mm_or_si128(equal_to(v, '?'), equal_to(v, ';')),
                                 _mm_or_si128(equal_to(v, ':'), newline))), k);
        }
        if (wanted & PONDER_EQUAL_TO_PREVIOUS) {
            __m128i previous = _mm_or_si128(_mm_slli_si128(v, 1), _mm_srli_si128(last, 15));
            c.equal_to_previous |= bits(_mm_cmpeq_epi8(v, previous), k);
            last = v;
        }
        if (wanted & PONDER_HIGH) c.high |= bits(v, k);
        if (wanted & PONDER_MATH_MARKS)
            c.math_marks |= bits(_mm_or_si128(equal_to(v, '`'), _mm_or_si128(equal_to(v, '$'), equal_to(v, '\\'))), k);
        if (wanted & PONDER_LESS_THAN) c.less_than |= bits(equal_to(v, '<'), k);
    }
    c.equal_to_previous &= ~(uint64_t)1;
    return c;
}

#else

static inline ponder_byte_classes_t classes(const unsigned char *p, unsigned wanted) {
    ponder_byte_classes_t c = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    (void)wanted;  // every class is computed
    for (int k = 0; k < 64; k++) {
        unsigned char b = p[k];
        uint64_t bit = (uint64_t)1 << k;
        unsigned char f = b | 0x20;
        int letter = f >= 'a' && f <= 'z';
        int digit = b >= '0' && b <= '9';
        if (letter) c.letters |= bit;
        if (digit) c.digits |= bit;
        if (b == ' ' || (b >= 0x09 && b <= 0x0D)) c.spaces |= bit;
        if (b == '\n') c.newlines |= bit;
        if (b >= 0x21 && b <= 0x7E && !letter && !digit) c.punctuation |= bit;
        if (k > 0 && b == p[k - 1]) c.equal_to_previous |= bit;
        if (b >= 0x80) c.high |= bit;
        if (b == '.' || b == '!' || b == '?' || b == ';' || b == ':' || b == '\n') c.sentence_ends |= bit;
        if (b == '`' || b == '$' || b == '\\') c.math_marks |= bit;
        if (b == '<') c.less_than |= bit;
    }
    return c;
}

#endif

// One function a reader, each with its classes fixed, so that the compiler drops the others.
ponder_byte_classes_t ponder_byte_classes(const unsigned char *p, unsigned wanted) { return classes(p, wanted); }
ponder_byte_classes_t ponder_token_classes(const unsigned char *p) {
    return classes(p, PONDER_LETTERS | PONDER_DIGITS | PONDER_SPACES | PONDER_NEWLINES | PONDER_PUNCTUATION
                          | PONDER_EQUAL_TO_PREVIOUS);
}
ponder_byte_classes_t ponder_sentence_classes(const unsigned char *p) {
    return classes(p, PONDER_LETTERS | PONDER_HIGH | PONDER_SENTENCE_ENDS);
}
ponder_byte_classes_t ponder_script_classes(const unsigned char *p) {
    return classes(p, PONDER_LETTERS | PONDER_HIGH | PONDER_MATH_MARKS);
}
ponder_byte_classes_t ponder_markup_classes(const unsigned char *p) {
    return classes(p, PONDER_DIGITS | PONDER_MATH_MARKS | PONDER_LESS_THAN);
}
