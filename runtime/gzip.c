/* runtime/gzip.c — a gzip writer (RFC 1952 around RFC 1951 deflate), for runtime/pprof.
 *
 * `go tool pprof` reads a profile as gzip-compressed protobuf, so the profiles gol writes are
 * gzip files. A gzip file is a 10-byte header, a deflate stream, and a trailer holding the
 * CRC-32 of the data and its length mod 2^32. This writer makes the deflate stream one final
 * block with the *fixed* Huffman codes (BTYPE 01), whose code tables are defined by the RFC and
 * need not be stored in the stream:
 *
 *   literal/length symbol   bits  codes
 *       0 - 143               8   00110000 .. 10111111
 *     144 - 255               9   110010000 .. 111111111
 *     256 - 279               7   0000000 .. 0010111      (256 ends the block)
 *     280 - 287               8   11000000 .. 11000111
 *   distance 0 - 29           5   the number itself
 *
 * Matches come from a greedy LZ77 search: a hash of the next 3 bytes gives the last position
 * where they occurred (if within the 32 KiB window); the match is extended up to 258 bytes.
 * A length (3..258) and a distance (1..32768) are each sent as a symbol for their range plus
 * extra bits (the tables below are RFC 1951 §3.2.5). Profiles repeat their strings, stack
 * PCs and field tags, so this gets most of what dynamic Huffman codes would, in 150 lines.
 *
 * Bits go out least significant first; Huffman codes are defined most significant bit first,
 * so they are reversed before being written (gz_put_code).
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/gzip.h"

/* ---- growing byte buffer ---- */

void bytebuf_put(ByteBuf *b, const void *p, size_t n) {
    if (b->len + n > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 256;
        while (c < b->len + n) c *= 2;
        uint8_t *q = realloc(b->p, c);
        if (!q) abort();
        b->p = q;
        b->cap = c;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

void bytebuf_byte(ByteBuf *b, uint8_t c) { bytebuf_put(b, &c, 1); }

void bytebuf_free(ByteBuf *b) { free(b->p); *b = (ByteBuf){0}; }

/* ---- CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as gzip's trailer wants ---- */

uint32_t crc32_ieee(const uint8_t *p, size_t n) {
    static uint32_t table[256];
    if (table[1] == 0)
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ---- the bit writer ---- */

typedef struct BitWriter { ByteBuf *out; uint64_t bits; int nbits; } BitWriter;

static void gz_put_bits(BitWriter *w, uint32_t v, int n) {
    w->bits |= (uint64_t)v << w->nbits;
    w->nbits += n;
    while (w->nbits >= 8) {
        bytebuf_byte(w->out, (uint8_t)w->bits);
        w->bits >>= 8;
        w->nbits -= 8;
    }
}

static void gz_put_code(BitWriter *w, uint32_t code, int n) {   /* MSB-first Huffman code */
    uint32_t r = 0;
    for (int i = 0; i < n; i++) r |= ((code >> i) & 1) << (n - 1 - i);
    gz_put_bits(w, r, n);
}

static void gz_put_litlen(BitWriter *w, int sym) {
    if (sym < 144)      gz_put_code(w, 0x30 + sym, 8);
    else if (sym < 256) gz_put_code(w, 0x190 + sym - 144, 9);
    else if (sym < 280) gz_put_code(w, sym - 256, 7);
    else                gz_put_code(w, 0xC0 + sym - 280, 8);
}

static const uint16_t len_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                      35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                      3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                       257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                       8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                       7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static void gz_put_match(BitWriter *w, int len, int dist) {
    int i = 28;
    while (len_base[i] > len) i--;
    gz_put_litlen(w, 257 + i);
    gz_put_bits(w, (uint32_t)(len - len_base[i]), len_extra[i]);
    int d = 29;
    while (dist_base[d] > dist) d--;
    gz_put_code(w, (uint32_t)d, 5);
    gz_put_bits(w, (uint32_t)(dist - dist_base[d]), dist_extra[d]);
}

/* ---- deflate: one fixed-Huffman block, greedy LZ77 ---- */

enum { WINDOW = 32768, MIN_MATCH = 3, MAX_MATCH = 258, HASH_BITS = 15 };

static uint32_t gz_hash3(const uint8_t *p) {
    return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - HASH_BITS);
}

static void deflate_fixed(ByteBuf *out, const uint8_t *in, size_t n) {
    BitWriter w = { .out = out };
    gz_put_bits(&w, 1, 1);                      /* BFINAL */
    gz_put_bits(&w, 1, 2);                      /* BTYPE 01: fixed Huffman codes */
    int64_t *head = malloc(sizeof(int64_t) << HASH_BITS);
    if (!head) abort();
    for (size_t i = 0; i < (size_t)1 << HASH_BITS; i++) head[i] = -1;
    size_t i = 0;
    while (i < n) {
        int best = 0;
        size_t dist = 0;
        if (i + MIN_MATCH <= n) {
            uint32_t h = gz_hash3(in + i);
            int64_t cand = head[h];
            head[h] = (int64_t)i;
            if (cand >= 0 && i - (size_t)cand <= WINDOW) {
                size_t max = n - i < MAX_MATCH ? n - i : MAX_MATCH, l = 0;
                while (l < max && in[(size_t)cand + l] == in[i + l]) l++;
                if (l >= MIN_MATCH) { best = (int)l; dist = i - (size_t)cand; }
            }
        }
        if (best) {
            gz_put_match(&w, best, (int)dist);
            for (size_t k = i + 1; k < i + (size_t)best && k + MIN_MATCH <= n; k++)
                head[gz_hash3(in + k)] = (int64_t)k;
            i += (size_t)best;
        } else {
            gz_put_litlen(&w, in[i]);
            i++;
        }
    }
    gz_put_litlen(&w, 256);                     /* end of block */
    if (w.nbits > 0) gz_put_bits(&w, 0, 8 - w.nbits);
    free(head);
}

static void put_le32(ByteBuf *b, uint32_t v) {
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    bytebuf_put(b, x, 4);
}

void gzip_compress(ByteBuf *out, const uint8_t *in, size_t n) {
    /* ID1 ID2, CM = 8 (deflate), FLG = 0, MTIME = 0, XFL = 0, OS = 255 (unknown), as Go's */
    static const uint8_t header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
    bytebuf_put(out, header, sizeof header);
    deflate_fixed(out, in, n);
    put_le32(out, crc32_ieee(in, n));
    put_le32(out, (uint32_t)n);
}
