#ifndef PONDER_FUZZ_DRIVER_H
#define PONDER_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

typedef int (*ponder_fuzz_target)(const uint8_t *data, size_t size);

/// Runs libFuzzer on `target` with the program's arguments and returns its exit status, or
/// returns -1 at once when the program was not linked with libFuzzer (a build without
/// `-sanitize=fuzzer`).
int ponder_fuzz_run(int *argc, char ***argv, ponder_fuzz_target target);

#endif
