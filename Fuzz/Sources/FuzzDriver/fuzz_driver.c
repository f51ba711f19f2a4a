// Why a C shim: SwiftPM links executables with `--defsym main=<Module>_main`, so libFuzzer's own
// `main` is never the entry point; the Swift entry point has to start libFuzzer itself through
// `LLVMFuzzerRunDriver`. A weak reference lets the same code link without the fuzzer runtime.
#include "fuzz_driver.h"

extern int LLVMFuzzerRunDriver(int *argc, char ***argv, ponder_fuzz_target target) __attribute__((weak));

int ponder_fuzz_run(int *argc, char ***argv, ponder_fuzz_target target) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, target);
}
