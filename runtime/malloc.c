/* runtime/malloc.c — mallocgc and the overview of gol's heap (Go's segregated-fit allocator).
 *
 * Every heap object a gol program creates -- new(T), &T{}, make([]T, n), a string built at run
 * time, an interface box, a growing slice -- comes from mallocgc(g, size, type, needzero). The
 * files of the heap, read in this order, are laid out as Go's runtime so both can be read side
 * by side:
 *
 *   mspan.h        the span: pages holding objects of one size; alloc/mark bits; sweepgen
 *   mheap.c        the arena, the page -> span table, free page runs (coalesced), verification
 *   mcentral.c     per span class: partial/full spans, swept/unswept
 *   mcache.c       per P: the current span of every class; refill; flushing
 *   mbitmap.c      finding free slots; the pointer bitmap the collector reads
 *   mgcsweep.c     sweeping: mark bits become alloc bits, empty spans go back to mheap
 *   mgcscavenge.c  returning idle pages to the OS (HeapReleased)
 *   mstats.c       the counters and runtime.MemStats
 *
 * The allocation path, step by step (mallocgc below):
 *
 *   1. size 0: return &zerobase. Nothing can be stored in a zero-sized object, so they may all
 *      share one address; no object is counted.
 *   2. The collector's turn. Only when heapLive can have changed -- the mcache must refill a
 *      span (step 5) or the object is large (step 6) -- does mallocgc ask gc_alloc_notify(g,
 *      size) whether the trigger is reached (Go's shouldhelpgc): heapLive counts a cached
 *      span's free slots already, so testing at every allocation would only repeat the last
 *      answer, and with a memory limit below the live heap it would collect at every object.
 *      (GOLDEBUG=gcstress=1 collects at every allocation, here, first.) gol asks BEFORE
 *      taking the slot (Go starts its cycle after): the C frames of mallocgc are not roots, so
 *      a cycle run after the slot was taken would see the new object unreachable and free it.
 *      Asked first, the cycle sees the heap as it was and the new object is born after it,
 *      which is what Go's "allocate black" achieves.
 *   3. noscan = the object holds no pointers: mallocgc_noscan (raw bytes), or a type with
 *      ptrdata == 0. Such objects live in their own spans, which the collector never scans.
 *   4. Tiny (noscan and size < 16): pack it into the mcache's current 16-byte block at the
 *      next offset aligned to 8, 4 or 2 (whichever divides size); if it does not fit, take a new
 *      16-byte block from the class-2 noscan span, zero it, and keep it as the current block
 *      only if it leaves more room than the old one.
 *   5. Small (size <= 32 KiB): size class from size_to_class8 (size <= 1016) or
 *      size_to_class128, span class = class<<1 | noscan. Take the next free slot of the
 *      mcache's span of that class: allocCache + count-trailing-zeros (span_next_free_fast, a
 *      few instructions), else the next 64-slot window (span_next_free_index), else refill: the
 *      collector's turn (step 2), then the mcache swaps its span for one from mcentral, which
 *      sweeps an unswept span of the class or takes fresh pages from mheap.
 *   6. Large (> 32 KiB): ceil(size / 8 KiB) pages straight from mheap, a span of its own
 *      (class 0), kept on mcentral[0|noscan]'s full set for the sweeper.
 *   7. Zero only when needed: if the caller asked for zeroed memory and the span says its
 *      memory may hold old data (needzero: pages reused after a free, slots freed by a sweep).
 *      Fresh pages from the OS are already zero; so are released (scavenged) ones.
 *   8. Scan objects: write the pointer bitmap from type (mbitmap.c; the `type` rule is there:
 *      type describes one element, size may be n elements of it).
 *   9. Counting: the fast path counts nothing; the span's allocCount is published when the
 *      mcache lets the span go (mcache.c). Large objects are counted at once.
 *  10. The heap profile (runtime/mprof.c): the object's size comes off the mcache's sampling
 *      countdown; the allocation that crosses zero is recorded with its call stack. A tiny
 *      sub-object packed into an existing block is not sampled (Go 1.19 returns before).
 *
 * Freeing is the collector's: it marks reachable objects (span_mark, mheap.h), then the
 * sweeper turns each span's mark bits into its alloc bits (mgcsweep.c).
 *
 * Typed or raw: two entry points, so that every call site says what it allocates.
 * mallocgc(g, size, type, needzero) takes the type descriptor and refuses NULL; the collector
 * learns from it which words are pointers. mallocgc_noscan(g, size, needzero) is for raw bytes
 * that never hold a pointer (Go's rawstring, rawbyteslice, rawruneslice). The bug this split
 * exists to prevent: memory that holds pointers allocated as raw bytes. The collector never
 * scans it, so whatever its pointers reach is freed while still in use and its slot handed to
 * the next allocation (os.Args' array of strings was once allocated so: a string stored into
 * os.Args[0] was overwritten by the next fmt.Sprint). Such a bug cannot be seen where it is
 * made, only where the freed memory is reused; so GOLDEBUG=gcverify=1 looks for its trace in
 * every cycle: after marking, every reachable noscan object is read word by word, and a word
 * that points into a heap object the cycle did not mark -- one the sweep is about to free while
 * a live object still refers to it -- is a fatal error naming both objects
 * (heap_verify_noscan_object, mheap.c). Noscan allocations are zeroed in that mode, so the
 * words a caller did not write (the tail of a size class) are never stale pointers. The check can be
 * fooled only by bytes that happen to equal the address of a dead object (the arena lives at
 * mmap's high addresses, 0x7f..., which text and small numbers never spell). docs/heap.md.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/malloc.h"
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"
#include "runtime/mprof.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

uint64_t zerobase;

#define MALLOC_MAX_ALLOC ((size_t)1 << 48)   /* Go's maxAlloc on amd64; the arena is smaller */

int malloc_size_class(size_t size) {
    if (size == 0 || size > SC_MAX_SMALL_SIZE) return 0;
    if (size <= SC_SMALL_SIZE_MAX - 8)
        return size_to_class8[(size + SC_SMALL_SIZE_DIV - 1) / SC_SMALL_SIZE_DIV];
    return size_to_class128[(size - SC_SMALL_SIZE_MAX + SC_LARGE_SIZE_DIV - 1) / SC_LARGE_SIZE_DIV];
}

size_t malloc_alloc_size(size_t size) {
    if (size == 0) return 0;
    int c = malloc_size_class(size);
    if (c != 0) return class_to_size[c];
    if (size > SIZE_MAX - SC_PAGE_SIZE) return size;        /* cannot round; the allocation fails */
    return (size + SC_PAGE_SIZE - 1) & ~(size_t)(SC_PAGE_SIZE - 1);
}

/* Go's roundupsize: the capacity growslice may use for free. */
int64_t round_up_size(int64_t size) {
    if (size <= 0) return size;
    return (int64_t)malloc_alloc_size((size_t)size);
}

/* Step 4: the tiny allocator. */
static void *malloc_tiny(GolG *g, mcache *c, size_t size) {
    uintptr_t off = c->tinyoffset;
    if ((size & 7) == 0) off = (off + 7) & ~(uintptr_t)7;
    else if ((size & 3) == 0) off = (off + 3) & ~(uintptr_t)3;
    else if ((size & 1) == 0) off = (off + 1) & ~(uintptr_t)1;
    if (off + size <= TINY_SIZE && c->tiny != 0) {
        c->tinyoffset = off + size;
        c->tinyAllocs++;
        return (void *)(c->tiny + off);
    }
    spanclass_t sc = span_class_make(2, true);
    void *x = span_next_free_fast(c->alloc[sc]);
    if (x == NULL) x = mcache_refill_alloc(g, c, sc);
    HEAP_UNPOISON(x, TINY_SIZE);
    ((uint64_t *)x)[0] = 0;
    ((uint64_t *)x)[1] = 0;
    if (size < c->tinyoffset || c->tiny == 0) {      /* keep the block with more room left */
        c->tiny = (uintptr_t)x;
        c->tinyoffset = size;
    }
    mprof_note_alloc(g, c, x, TINY_SIZE);
    return x;
}

/* Step 6: a large object in a span of its own. */
static void *malloc_large(GolG *g, size_t size, const TypeDesc *type, bool noscan, bool needzero) {
    if (size > MALLOC_MAX_ALLOC) rt_fatal(g, "runtime: out of memory");
    gc_alloc_notify(g, size);
    uintptr_t npages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
    heap_sweep_credit(npages * PAGE_SIZE, npages);
    spanclass_t sc = span_class_make(0, noscan);
    mspan *s = mheap_alloc(npages, sc);
    s->freeindex = 1;
    s->allocCount = 1;
    s->allocCache = 0;
    uint64_t bytes = (uint64_t)npages * PAGE_SIZE;
    heap_stats.large_mallocs++;
    heap_stats.large_alloc_bytes += bytes;
    heap_stats.heap_live += bytes;
    mcentral_push(&heap.central[sc], s, true, true);
    void *x = (void *)s->startAddr;
    HEAP_UNPOISON(x, bytes);
    if (needzero && s->needzero) memset(x, 0, bytes);
    if (!noscan) heap_bits_write(s->startAddr, s->elemsize, size, type);
    mprof_note_alloc(g, &mcache0, x, bytes);
    return x;
}

/* Steps 1 to 8 for both entry points; type is NULL only for raw bytes (noscan). */
static void *malloc_object(GolG *g, size_t size, const TypeDesc *type, bool noscan, bool needzero) {
    if (size == 0) return &zerobase;
    if (__builtin_expect(gc_stress_mode, 0)) gc_alloc_stress(g);
    mcache *c = &mcache0;
    if (size > SC_MAX_SMALL_SIZE) return malloc_large(g, size, type, noscan, needzero);
    if (noscan && size < TINY_SIZE) return malloc_tiny(g, c, size);
    int sizeclass = size <= SC_SMALL_SIZE_MAX - 8
                        ? size_to_class8[(size + 7) >> 3]
                        : size_to_class128[(size - SC_SMALL_SIZE_MAX + 127) >> 7];
    spanclass_t sc = span_class_make(sizeclass, noscan);
    mspan *s = c->alloc[sc];
    void *x = span_next_free_fast(s);
    if (x == NULL) { x = mcache_refill_alloc(g, c, sc); s = c->alloc[sc]; }
    HEAP_UNPOISON(x, s->elemsize);
    if (needzero && s->needzero) memset(x, 0, s->elemsize);
    if (!noscan) heap_bits_write((uintptr_t)x, s->elemsize, size, type);
    mprof_note_alloc(g, c, x, s->elemsize);
    return x;
}

void *mallocgc(GolG *g, size_t size, const TypeDesc *type, bool needzero) {
    if (__builtin_expect(type == NULL, 0))
        rt_fatal(g, "mallocgc: no type descriptor (raw bytes come from mallocgc_noscan)");
    bool noscan = type->ptrdata == 0;
    /* pointer-holding memory is always zeroed: the collector must never read a stale word in
     * a pointer slot, whatever the caller means to write there */
    void *x = malloc_object(g, size, type, noscan, needzero || !noscan || gc_verify_mode);
    if (__builtin_expect(wb_enabled, 0) && !noscan) wbcheck_note_alloc(x, size);
    return x;
}

void *mallocgc_noscan(GolG *g, size_t size, bool needzero) {
    return malloc_object(g, size, NULL, true, needzero || gc_verify_mode);
}
