#ifndef PONDER_CGUARD_H
#define PONDER_CGUARD_H
// Small C helpers for PonderCore: the SIGBUS guard, printf's %g, a prefetch hint.
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
#endif
