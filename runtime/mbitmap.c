/* runtime/mbitmap.c — the bits: alloc/mark bitmaps of a span and the heap's pointer bitmap
 * (see malloc.c for the allocation path, mspan.h for the alloc-bit invariants).
 *
 * Finding a free slot. span_next_free_fast (mspan.h) handles the common case from allocCache
 * alone. span_next_free_index is the slow path, Go's nextFreeIndex: when the 64-slot window is
 * used up, move freeindex to the next multiple of 64, load the next word of allocBits inverted
 * into allocCache, count trailing zeros again. It returns nelems when the span is full.
 *
 * The pointer bitmap. The collector must know which words of an object hold pointers, and a
 * gol object has no header to say so. The heap keeps one bit for every 8-byte word of the arena
 * (heap.heap_bitmap: 1/64 of the arena, committed with it), and mallocgc writes the bits of a
 * scan object when it allocates it:
 *
 *     bit(word w of the object) = w < n*ew  &&  (w mod ew) < ptrdata/8  &&  ptrmask[w mod ew]
 *
 * where ew = type->size/8 words per element and n = size / type->size elements. The rule for
 * `type` (documented in runtime.h's mallocgc): it describes ONE element, and an allocation of
 * n*type->size bytes is an array of n of them. That is how every caller uses it -- new(T) and
 * iface_box pass T with size T.size; slice_make and slice_grow pass the element type with the
 * size of the whole backing array (slice_grow's size-class rounding may leave a tail that is not
 * a whole element: its words are not pointers). Words past the last element are cleared, so
 * bits left by an earlier object in the same memory never survive. Go 1.19 does the same with
 * 2 bits per word (pointer + "more pointers follow"); gol keeps Go 1.20's 1 bit per word.
 * Noscan spans never touch the bitmap, and heap_is_pointer_word answers false for them. A
 * descriptor with ptrdata but no ptrmask (hand-built ones in tests) counts every word of its
 * ptrdata prefix as a pointer slot: conservative, and safe since marking checks every value.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/mspan.h"

void span_init_bits(mspan *s) {
    memset(s->bits, 0, sizeof *s->bits);
    s->allocBits = s->bits->w[0];
    s->gcmarkBits = s->bits->w[1];
    s->freeindex = 0;
    s->allocCount = 0;
    s->allocCountBeforeCache = 0;
    span_refill_alloc_cache(s, 0);
}

uint32_t span_next_free_index(mspan *s) {
    uint32_t fi = s->freeindex, n = s->nelems;
    if (fi >= n) return n;
    uint64_t cache = s->allocCache;
    unsigned bit = cache ? (unsigned)__builtin_ctzll(cache) : 64;
    while (bit == 64) {
        fi = (fi + 64) & ~(uint32_t)63;             /* the next window */
        if (fi >= n) { s->freeindex = n; return n; }
        span_refill_alloc_cache(s, fi);
        cache = s->allocCache;
        bit = cache ? (unsigned)__builtin_ctzll(cache) : 64;
    }
    uint32_t result = fi + bit;
    if (result >= n) { s->freeindex = n; return n; }
    s->allocCache = (cache >> bit) >> 1;
    fi = result + 1;
    if ((fi & 63) == 0 && fi != n) span_refill_alloc_cache(s, fi);
    s->freeindex = fi;
    return result;
}

/* Clears bits [from, to) of the heap bitmap. */
static void heap_bits_clear(uintptr_t from, uintptr_t to) {
    uint64_t *b = heap.heap_bitmap;
    while (from < to && (from & 63)) { b[from >> 6] &= ~((uint64_t)1 << (from & 63)); from++; }
    if (to - from >= 64 && from < to) {
        memset(&b[from >> 6], 0, ((to - from) >> 6) * 8);
        from += (to - from) & ~(uintptr_t)63;
    }
    while (from < to) { b[from >> 6] &= ~((uint64_t)1 << (from & 63)); from++; }
}

/* Objects of up to 64 words: build the object's bits in one register and store them with at
 * most two masked writes (the common case: binary-trees' 16-byte nodes take a few instructions). */
static bool heap_bits_write_small(uintptr_t first, uintptr_t words, uintptr_t size, const TypeDesc *t) {
    uintptr_t tsize = (uintptr_t)t->size;
    if (words > 64 || t->ptrmask == NULL || tsize == 0 || tsize > size) return false;
    uintptr_t n = size / tsize, ew = tsize >> 3, pw = (uintptr_t)t->ptrdata >> 3;
    uint64_t elem = 0;
    for (uintptr_t j = 0; j < pw; j++)
        if ((t->ptrmask[j >> 3] >> (j & 7)) & 1) elem |= (uint64_t)1 << j;
    uint64_t pat = 0;
    for (uintptr_t e = 0; e < n; e++) pat |= elem << (e * ew);
    uint64_t keep = words == 64 ? ~(uint64_t)0 : (((uint64_t)1 << words) - 1);
    uint64_t *b = heap.heap_bitmap + (first >> 6);
    unsigned o = (unsigned)(first & 63);
    b[0] = (b[0] & ~(keep << o)) | (pat << o);
    if (o + words > 64) b[1] = (b[1] & ~(keep >> (64 - o))) | (pat >> (64 - o));
    return true;
}

void heap_bits_write(uintptr_t base, uintptr_t elemsize, uintptr_t size, const TypeDesc *t) {
    uintptr_t first = (base - heap.arena_start) >> 3, words = elemsize >> 3;
    if (size > elemsize) size = elemsize;
    if (heap_bits_write_small(first, words, size, t)) return;
    heap_bits_clear(first, first + words);
    uintptr_t tsize = (uintptr_t)t->size;
    if (tsize == 0 || t->ptrdata == 0) return;
    if (size > elemsize) size = elemsize;
    uintptr_t n = size / tsize, ew = tsize >> 3, pw = (uintptr_t)t->ptrdata >> 3;
    if (n == 0) { n = 1; ew = words; if (pw > words) pw = words; }   /* a type larger than the object */
    const uint8_t *mask = t->ptrmask;
    uint64_t *b = heap.heap_bitmap;
    if (mask == NULL) {                              /* no mask given: every word may point */
        for (uintptr_t e = 0; e < n; e++)
            for (uintptr_t j = 0; j < pw; j++) bits_set(b, first + e * ew + j);
        return;
    }
    if (ew == 1 && pw == 1 && (mask[0] & 1)) {      /* []*T, []map, []chan...: every word */
        for (uintptr_t w = first; w < first + n; w++) bits_set(b, w);
        return;
    }
    for (uintptr_t j = 0; j < pw; j++) {
        if (!((mask[j >> 3] >> (j & 7)) & 1)) continue;
        for (uintptr_t e = 0, w = first + j; e < n; e++, w += ew) bits_set(b, w);
    }
}

bool heap_is_pointer_word(const mspan *s, const void *base, size_t word) {
    if (span_class_noscan(s->spanclass) || word >= s->elemsize / 8) return false;
    uintptr_t bit = (((uintptr_t)base - heap.arena_start) >> 3) + word;
    return bits_get(heap.heap_bitmap, bit);
}

uint64_t heap_pointer_bits64(const mspan *s, const void *base, size_t word) {
    size_t words = s->elemsize / 8;
    if (span_class_noscan(s->spanclass) || word >= words) return 0;
    uintptr_t bit = (((uintptr_t)base - heap.arena_start) >> 3) + word;
    const uint64_t *b = heap.heap_bitmap + (bit >> 6);
    unsigned o = (unsigned)(bit & 63);
    size_t left = words - word;
    uint64_t v = b[0] >> o;
    if (o && left > 64 - o) v |= b[1] << (64 - o);   /* never reads a word past the object */
    return left >= 64 ? v : v & (((uint64_t)1 << left) - 1);
}
