#ifndef PLANTAR_CZLIB_SHIM_H
#define PLANTAR_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros (they pass zlib's version and the stream's size): Swift cannot call them.
   Window bits 15 + 16: a gzip stream (header and CRC-32 trailer), the format gzip, zcat and gunzip read. */
static inline int plantar_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

static inline int plantar_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
