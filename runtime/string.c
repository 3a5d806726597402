/* runtime/string.c — strings: concatenation, comparison, conversions, UTF-8.
 *
 * A gol string is Go's {ptr, len} header over immutable bytes (runtime/type.h). Nothing ever
 * writes through a string's ptr after the string is made, which is why slicing a string and
 * assigning it copy only the header, and why a string may point at a constant outside the heap
 * (Module.strings) or at argv. Every function here that builds a new string allocates its bytes
 * with mallocgc_noscan (raw bytes) and fills them before anyone sees the header.
 *
 * UTF-8 follows Go's unicode/utf8 exactly (the tests in tests/unit/test_strings.c are Go's edge
 * cases): a sequence is valid only in its shortest form, surrogate halves (U+D800..U+DFFF) and
 * values above U+10FFFF are invalid, and each invalid or truncated sequence decodes as
 * RuneError (U+FFFD) consuming exactly one byte — so `for range` over bad bytes makes progress
 * one byte at a time, as Go's does. Encoding an invalid rune writes RuneError's 3 bytes.
 *
 * Capacities of []byte(s) and []rune(s) are rounded up to the allocator's size class, as Go's
 * rawbyteslice/rawruneslice do for a result that escapes.
 */
#include <string.h>
#include "runtime/runtime.h"

/* The string type, for the runtime's own []string (os.Args): one pointer word, then the length. */
const TypeDesc rt_type_string = {
    .kind = K_STRING, .flags = TDF_COMPARABLE, .size = 16, .align = 8, .ptrdata = 8,
    .ptrmask = (const uint8_t *)"\1", .name = "string",
};

#define RUNE_ERROR 0xFFFD
#define MAX_RUNE   0x10FFFF

/* Bounds of the second byte of a multi-byte sequence, by its first byte (Go's acceptRanges). */
static void utf8_second_range(uint8_t b0, uint8_t *lo, uint8_t *hi) {
    *lo = 0x80; *hi = 0xBF;
    if (b0 == 0xE0) *lo = 0xA0;          /* no overlong 3-byte forms */
    else if (b0 == 0xED) *hi = 0x9F;     /* no surrogates */
    else if (b0 == 0xF0) *lo = 0x90;     /* no overlong 4-byte forms */
    else if (b0 == 0xF4) *hi = 0x8F;     /* nothing above U+10FFFF */
}

static bool utf8_is_cont(uint8_t b) { return (b & 0xC0) == 0x80; }

int32_t utf8_decode(const uint8_t *p, int64_t n, int *width) {
    if (n <= 0) { *width = 0; return RUNE_ERROR; }
    uint8_t b0 = p[0];
    if (b0 < 0x80) { *width = 1; return b0; }
    int need = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
    *width = 1;
    if (need == 0 || n < 2) return RUNE_ERROR;
    uint8_t lo, hi;
    utf8_second_range(b0, &lo, &hi);
    if (p[1] < lo || p[1] > hi) return RUNE_ERROR;
    if (need == 2) { *width = 2; return (int32_t)(b0 & 0x1F) << 6 | (p[1] & 0x3F); }
    if (n < 3 || !utf8_is_cont(p[2])) return RUNE_ERROR;
    if (need == 3) {
        *width = 3;
        return (int32_t)(b0 & 0x0F) << 12 | (int32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    if (n < 4 || !utf8_is_cont(p[3])) return RUNE_ERROR;
    *width = 4;
    return (int32_t)(b0 & 0x07) << 18 | (int32_t)(p[1] & 0x3F) << 12 | (int32_t)(p[2] & 0x3F) << 6 |
           (p[3] & 0x3F);
}

int utf8_encode(uint8_t *out, int32_t r) {
    if (r < 0 || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) r = RUNE_ERROR;
    if (r < 0x80) { out[0] = (uint8_t)r; return 1; }
    if (r < 0x800) {
        out[0] = (uint8_t)(0xC0 | r >> 6); out[1] = (uint8_t)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        out[0] = (uint8_t)(0xE0 | r >> 12); out[1] = (uint8_t)(0x80 | (r >> 6 & 0x3F));
        out[2] = (uint8_t)(0x80 | (r & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | r >> 18); out[1] = (uint8_t)(0x80 | (r >> 12 & 0x3F));
    out[2] = (uint8_t)(0x80 | (r >> 6 & 0x3F)); out[3] = (uint8_t)(0x80 | (r & 0x3F));
    return 4;
}

static int utf8_len(int64_t r) {
    if (r < 0 || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) return 3;
    return r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
}

/* A fresh string of n bytes; the caller fills it. */
static uint8_t *str_alloc(GolG *g, int64_t n) {
    return mallocgc_noscan(g, (size_t)n, false);
}

GolString str_concat(GolG *g, GolString a, GolString b) {
    if (a.len == 0) return b;
    if (b.len == 0) return a;
    if (a.len > INT64_MAX - b.len) rt_fatal(g, "string concatenation too long");
    uint8_t *p = str_alloc(g, a.len + b.len);
    memcpy(p, a.ptr, (size_t)a.len);
    memcpy(p + a.len, b.ptr, (size_t)b.len);
    return (GolString){p, a.len + b.len};
}

int str_compare(GolString a, GolString b) {
    int64_t n = a.len < b.len ? a.len : b.len;
    int c = n > 0 ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
    if (c != 0) return c < 0 ? -1 : 1;
    return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

GolString str_from_bytes(GolG *g, GolSlice b) {
    if (b.len == 0) return (GolString){NULL, 0};
    uint8_t *p = str_alloc(g, b.len);
    memcpy(p, b.ptr, (size_t)b.len);
    return (GolString){p, b.len};
}

GolSlice bytes_from_str(GolG *g, GolString s) {
    int64_t cap = round_up_size(s.len);
    uint8_t *p = mallocgc_noscan(g, (size_t)cap, false);
    if (s.len > 0) memcpy(p, s.ptr, (size_t)s.len);
    if (cap > s.len) memset(p + s.len, 0, (size_t)(cap - s.len));
    return (GolSlice){p, s.len, cap};
}

GolString str_from_runes(GolG *g, GolSlice r) {
    const int32_t *rs = r.ptr;
    int64_t n = 0;
    for (int64_t i = 0; i < r.len; i++) n += utf8_len(rs[i]);
    if (n == 0) return (GolString){NULL, 0};
    uint8_t *p = str_alloc(g, n), *q = p;
    for (int64_t i = 0; i < r.len; i++) q += utf8_encode(q, rs[i]);
    return (GolString){p, n};
}

GolSlice runes_from_str(GolG *g, GolString s) {
    int64_t n = 0;
    for (int64_t i = 0; i < s.len; n++) {
        int w;
        utf8_decode(s.ptr + i, s.len - i, &w);
        i += w;
    }
    int64_t cap = round_up_size(n * 4) / 4;
    int32_t *p = mallocgc_noscan(g, (size_t)(cap * 4), true);
    for (int64_t i = 0, k = 0; i < s.len; k++) {
        int w;
        p[k] = utf8_decode(s.ptr + i, s.len - i, &w);
        i += w;
    }
    return (GolSlice){p, n, cap};
}

GolString str_from_rune(GolG *g, int64_t r) {
    if (r < 0 || r > MAX_RUNE) r = RUNE_ERROR;   /* string(rune) of any out-of-range integer */
    uint8_t *p = str_alloc(g, 4);                /* Go's intstring allocates 4 and slices */
    int n = utf8_encode(p, (int32_t)r);
    return (GolString){p, n};
}
