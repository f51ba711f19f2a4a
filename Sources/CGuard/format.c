#include <stdio.h>
#include "guard.h"

int ponder_format_g(double value, int precision, char *buffer, int size) {
    return snprintf(buffer, (size_t)size, "%.*g", precision, value);
}

int ponder_stdout_failed(void) {
    return fflush(stdout) != 0 || ferror(stdout);
}
