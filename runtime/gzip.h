/* runtime/gzip.h — a growing byte buffer and a gzip writer (runtime/gzip.c), for the profiles
 * of runtime/pprof (runtime/pprof.c). */
#ifndef GOL_RUNTIME_GZIP_H
#define GOL_RUNTIME_GZIP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ByteBuf { uint8_t *p; size_t len, cap; } ByteBuf;   /* C heap; zero value: empty */
void bytebuf_put(ByteBuf *b, const void *p, size_t n);
void bytebuf_byte(ByteBuf *b, uint8_t c);
void bytebuf_free(ByteBuf *b);

uint32_t crc32_ieee(const uint8_t *p, size_t n);
void gzip_compress(ByteBuf *out, const uint8_t *in, size_t n);   /* appends a whole gzip file */

#endif
