#ifndef PONDER_CGUARD_H
#define PONDER_CGUARD_H
// Small C helpers for PonderCore: the SIGBUS guard, printf's %g, a prefetch hint, byte classes.

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

/// Asks the CPU to bring the cache line at `p` in (a hint: never faults).
static inline void ponder_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

/// The classes of the 64 bytes at `p`, one bit a byte (bit k for p[k]): ASCII letters, digits,
/// white space (space, U+0009...U+000D) and the newlines among it, punctuation (U+0021...U+007E
/// but letters and digits), bytes equal to the byte before them (bit 0 never set), non-ASCII
/// bytes, and the bytes that end a sentence for `EnglishSentences` (. ! ? ; : and newline).
/// `TokenEstimate` and `EnglishSentences` read text from them; SSE2's byte compares and movemask
/// make them in a few dozen instructions, which Swift cannot express (a portable loop elsewhere).
typedef struct {
    uint64_t letters, digits, spaces, newlines, punctuation, equal_to_previous, high, sentence_ends;
} ponder_byte_classes_t;
ponder_byte_classes_t ponder_byte_classes(const unsigned char *p);
#endif
