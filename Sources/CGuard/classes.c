#include "guard.h"

#if defined(__SSE2__)
#include <emmintrin.h>

// Bytes of x in lo...hi (unsigned): x - lo wraps below lo, so one unsigned minimum decides.
static inline __m128i in_range(__m128i x, unsigned char lo, unsigned char hi) {
    __m128i t = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8((char)(hi - lo))), t);
}

static inline uint64_t bits(__m128i m, int k) {
    return (uint64_t)(uint16_t)_mm_movemask_epi8(m) << (16 * k);
}

ponder_byte_classes_t ponder_byte_classes(const unsigned char *p) {
    ponder_byte_classes_t c = {0, 0, 0, 0, 0, 0, 0, 0};
    __m128i last = _mm_setzero_si128();
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
        __m128i digit = in_range(v, '0', '9');
        __m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), in_range(v, 0x09, 0x0D));
        __m128i newline = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
        __m128i punctuation = _mm_andnot_si128(_mm_or_si128(letter, digit), in_range(v, 0x21, 0x7E));
        __m128i ends = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')), _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), newline)));
        __m128i previous = _mm_or_si128(_mm_slli_si128(v, 1), _mm_srli_si128(last, 15));
        __m128i equal = _mm_cmpeq_epi8(v, previous);
        last = v;
        c.letters |= bits(letter, k);
        c.digits |= bits(digit, k);
        c.spaces |= bits(space, k);
        c.newlines |= bits(newline, k);
        c.punctuation |= bits(punctuation, k);
        c.equal_to_previous |= bits(equal, k);
        c.high |= bits(v, k);
        c.sentence_ends |= bits(ends, k);
    }
    c.equal_to_previous &= ~(uint64_t)1;
    return c;
}

#else

ponder_byte_classes_t ponder_byte_classes(const unsigned char *p) {
    ponder_byte_classes_t c = {0, 0, 0, 0, 0, 0, 0, 0};
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
    }
    return c;
}

#endif
