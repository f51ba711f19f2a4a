#define _GNU_SOURCE
#include <string.h>
#include "guard.h"

const void *ponder_memmem(const void *haystack, size_t length, const void *needle, size_t count) {
    return memmem(haystack, length, needle, count);
}
