#ifndef PONDER_CGUARD_H
#define PONDER_CGUARD_H
// Small C helpers for PonderCore: the SIGBUS guard, printf's %g, a prefetch hint, byte classes,
// glibc's memmem.

#include <stddef.h>
#include <stdint.h>
//
// A SIGBUS guard for memory-mapped dataset files. A file truncated while mapped raises SIGBUS on
// the next access past its new end; the handler maps a page of zeros over the faulting page, so
// the access reads zeros (records there fail to parse and are reported) instead of killing the
// process. Counted, so the loader can say the file changed underneath.

/// Installs the guard once; returns 0 on success.
int ponder_install_sigbus_guard(void);

/// How many faults the guard has absorbed since the process started.
long ponder_sigbus_hits(void);

/// Writes `value` as printf's "%.<precision>g" into `buffer` (NUL-terminated); returns the length
/// printf reports. Swift cannot call variadic C functions, and Foundation's String(format:) costs
/// microseconds a number.
int ponder_format_g(double value, int precision, char *buffer, int size);

/// The first occurrence of the `count` bytes at `needle` in the `length` bytes at `haystack`, or
/// NULL: glibc's `memmem` (a GNU extension, which Swift's Glibc module does not export).
const void *ponder_memmem(const void *haystack, size_t length, const void *needle, size_t count);

/// Asks the CPU to bring the cache line at `p` in (a hint: never faults).
static inline void ponder_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

/// The classes of the 64 bytes at `p`, one bit a byte (bit k for p[k]): ASCII letters, digits,
/// white space (space, U+0009...U+000D), newlines, punctuation (U+0021...U+007E but letters and
/// digits), bytes equal to the byte before them (bit 0 never set), non-ASCII bytes, the bytes that
/// end a sentence for `EnglishSentences` (. ! ? ; : and newline), the marks that open code or math
/// (` $ \\) and `<`. `wanted` (PONDER_* bits) says which to compute; the others are 0 (a portable
/// loop, where there is no SSE2, computes them all). `TokenEstimate`, `EnglishSentences`,
/// `ScriptMix` and `LanguageID.clean` read text from them: SSE2's byte compares and movemask, which
/// Swift cannot express, make a class of 64 bytes in a few instructions.
typedef struct {
    uint64_t letters, digits, spaces, newlines, punctuation, equal_to_previous, high, sentence_ends;
    uint64_t math_marks, less_than;
} ponder_byte_classes_t;
enum {
    PONDER_LETTERS = 1, PONDER_DIGITS = 2, PONDER_SPACES = 4, PONDER_NEWLINES = 8, PONDER_PUNCTUATION = 16,
    PONDER_EQUAL_TO_PREVIOUS = 32, PONDER_HIGH = 64, PONDER_SENTENCE_ENDS = 128, PONDER_MATH_MARKS = 256,
    PONDER_LESS_THAN = 512
};
ponder_byte_classes_t ponder_byte_classes(const unsigned char *p, unsigned wanted);
/// The classes each reader needs, computed alone: `TokenEstimate` (letters, digits, spaces,
/// newlines, punctuation, equal to previous), `EnglishSentences` (letters, high, sentence ends),
/// `ScriptMix` (letters, high, math marks), `LanguageID.clean` (digits, math marks, `<`).
ponder_byte_classes_t ponder_token_classes(const unsigned char *p);
ponder_byte_classes_t ponder_sentence_classes(const unsigned char *p);
ponder_byte_classes_t ponder_script_classes(const unsigned char *p);
ponder_byte_classes_t ponder_markup_classes(const unsigned char *p);
/// ICU's regular expressions with a time limit, behind plain functions (ICU's C names carry its
/// version through macros). A compiled pattern is shared read-only; each search clones it (ICU's
/// matchers are not thread-safe).
typedef struct ponder_regex ponder_regex_t;
/// Compiles a UTF-16 pattern; NULL when it is invalid (`error_offset`: where, or -1).
ponder_regex_t *ponder_regex_open(const uint16_t *pattern, int32_t length, int case_insensitive, int32_t *error_offset);
void ponder_regex_close(ponder_regex_t *regex);
/// Searches the UTF-16 `text` anywhere: 1 found, 0 not found, -1 stopped after `time_limit` steps
/// of ICU's engine (about a millisecond each), -2 another ICU error.
int ponder_regex_find(const ponder_regex_t *regex, const uint16_t *text, int32_t length, int32_t time_limit);
/// Flushes standard output's buffer: nonzero when it, or an earlier implicit flush, failed (errno
/// says why).
int ponder_stdout_failed(void);
#endif
