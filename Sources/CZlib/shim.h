#ifndef PONDER_CZLIB_SHIM_H
#define PONDER_CZLIB_SHIM_H
#include <zlib.h>
// inflateInit2 is a macro; wrap it so Swift can call it.
static inline int ponder_inflate_init_gzip(z_streamp strm) {
    return inflateInit2(strm, 15 + 32); // 32: detect gzip or zlib header automatically
}
#endif
