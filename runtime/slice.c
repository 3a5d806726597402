/* runtime/slice.c — make, append and Go's growth rule for slices.
 *
 * A slice is a {ptr, len, cap} header over a backing array (runtime/type.h). append only
 * allocates when len would pass cap; it then allocates a larger array, copies the old
 * elements, and the caller stores the new header. How much larger is Go 1.19's growslice, and
 * gol follows it exactly so that cap() prints the numbers Go prints:
 *
 *   1. needed = len + added. If needed > 2*cap, the new capacity is `needed`.
 *   2. Otherwise, below a capacity of 256 the capacity doubles; from 256 on it grows by
 *      (cap + 3*256)/4 per step — a smooth change from 2x for small slices to 1.25x for
 *      large ones — until it reaches `needed`.
 *   3. The byte size cap*elemsize is rounded up to the allocator's size class
 *      (round_up_size), and the capacity becomes whatever fits in those bytes: the bytes are
 *      paid for anyway. That is why appending ints one at a time gives
 *      1 2 4 8 16 32 64 128 256 512 848 1280 ... and bytes give 8 16 32 64 ...
 *
 * The new array is zeroed beyond the copied elements, so pointer slots never hold garbage
 * (the collector of issue 3 relies on it) and re-slicing up to cap shows zero values.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/mbarrier.h"
#include "runtime/malloc.h"

#define MAX_ALLOC ((int64_t)1 << 48)    /* Go's maxAlloc on amd64 */

GolSlice slice_make(GolG *g, const TypeDesc *elem, int64_t len, int64_t cap) {
    int64_t size = elem->size;
    bool cap_bad = cap < 0 || (size > 0 && cap > MAX_ALLOC / size);
    if (cap_bad || len < 0 || len > cap) {
        bool len_bad = len < 0 || (size > 0 && len > MAX_ALLOC / size);
        rt_panic_msg(g, len_bad ? "makeslice: len out of range" : "makeslice: cap out of range");
    }
    void *p = mallocgc(g, (size_t)(size * cap), elem, true);
    return (GolSlice){p, len, cap};
}

/* Steps 1 and 2 of the head comment: the capacity before size-class rounding. */
static int64_t slice_next_cap(int64_t oldcap, int64_t needed) {
    int64_t doublecap = oldcap + oldcap;
    if (needed > doublecap) return needed;
    if (oldcap < 256) return doublecap;
    int64_t newcap = oldcap;
    while (0 < newcap && newcap < needed) newcap += (newcap + 3 * 256) / 4;
    return newcap <= 0 ? needed : newcap;
}

GolSlice slice_grow(GolG *g, GolSlice s, const TypeDesc *elem, int64_t add) {
    if (add < 0 || s.len > INT64_MAX - add) rt_panic_msg(g, "growslice: cap out of range");
    int64_t needed = s.len + add;
    if (needed <= s.cap) { s.len = needed; return s; }
    int64_t size = elem->size;
    if (size == 0) return (GolSlice){&zerobase, needed, needed};
    int64_t newcap = slice_next_cap(s.cap, needed);
    if (newcap > MAX_ALLOC / size) rt_panic_msg(g, "growslice: cap out of range");
    int64_t capmem = round_up_size(newcap * size);
    newcap = capmem / size;
    int64_t oldmem = s.len * size;
    uint8_t *p;
    if (elem->ptrdata == 0) {           /* raw bytes: only the tail needs zeroing */
        p = mallocgc(g, (size_t)capmem, elem, false);
        if (oldmem > 0) memmove(p, s.ptr, (size_t)oldmem);
        memset(p + oldmem, 0, (size_t)(capmem - oldmem));
    } else {                            /* pointers: zeroed, then copied through the barrier */
        p = mallocgc(g, (size_t)capmem, elem, true);
        typedmemmove_n(elem, p, s.ptr, (size_t)s.len);
    }
    return (GolSlice){p, needed, newcap};
}

GolSlice slice_append_slice(GolG *g, GolSlice a, GolSlice b, const TypeDesc *elem) {
    if (b.len == 0) return a;
    int64_t oldlen = a.len;
    GolSlice r = slice_grow(g, a, elem, b.len);
    if (elem->size > 0) typedmemmove_n(elem, (uint8_t *)r.ptr + oldlen * elem->size, b.ptr, (size_t)b.len);
    return r;
}
