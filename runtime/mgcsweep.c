/* runtime/mgcsweep.c — sweeping: after a mark, reclaim every object that was not marked
 * (see malloc.c for the allocation path, mspan.h for the sweepgen rule).
 *
 * Sweeping one span (span_sweep, Go's sweepLocked.sweep) needs no look at the objects: the mark
 * bits already say which ones live. For a small-object span:
 *   1. nalloc = number of mark bits set; freed = allocCount - nalloc; Frees[class] += freed.
 *   2. The mark bits BECOME the alloc bits (a pointer swap), freeindex goes back to 0 and the
 *      old alloc buffer, cleared, is the next cycle's mark buffer. Freed slots hold old data,
 *      so the span now needs zeroing (needzero).
 *   3. A span left with no object goes back to mheap (its pages coalesce with free
 *      neighbours); otherwise it joins its mcentral's swept partial or full set.
 * A large object's span is freed whole if its one mark bit is clear.
 *
 * Laziness. heap_start_sweep (called by the collector right after mark) does almost nothing:
 * it adds 2 to heap.sweepgen, which turns every span in every mcentral into "unswept" at once
 * (mcentral.c). The real work happens later, span by span, when someone needs memory:
 *   - mcentral_cache_span sweeps unswept spans of its own class before asking mheap for pages;
 *   - mheap_alloc, before growing the arena, sweeps spans of any class until enough pages are
 *     free (heap_reclaim, Go's reclaim);
 *   - heap_finish_sweep sweeps what is left, before the next mark (Go's finishsweep_m).
 * So a cycle's pause does not include the sweep, and the heap is reclaimed where it is reused.
 * HeapAlloc falls gradually as spans are swept, as in Go.
 *
 * When the last unswept span has been swept, the scavenger runs once for the cycle
 * (mgcscavenge.c).
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

static int  sweep_cursor;             /* span class heap_sweep_one looks at first */
static bool scavenge_due;             /* the scavenger has not yet run for this cycle */
static bool marks_fresh;              /* marks are this cycle's: heap_marked_bytes can count */

static uint32_t bits_count(const uint64_t *b, uint32_t n) {
    uint32_t c = 0, i = 0;
    for (; i + 64 <= n; i += 64) c += (uint32_t)__builtin_popcountll(b[i >> 6]);
    if (i < n) c += (uint32_t)__builtin_popcountll(b[i >> 6] & (((uint64_t)1 << (n - i)) - 1));
    return c;
}

bool span_sweep(mspan *s, bool preserve) {
    uint32_t sg = heap.sweepgen;
    mcentral *c = &heap.central[s->spanclass];
    s->sweepgen = sg - 1;                         /* being swept */
    int sizeclass = span_class_size(s->spanclass);
    uint32_t nalloc = bits_count(s->gcmarkBits, s->nelems);
    if (sizeclass == 0) {
        if (nalloc == 0) {
            heap_stats.large_frees++;
            heap_stats.large_free_bytes += (uint64_t)s->npages * PAGE_SIZE;
            s->sweepgen = sg;
            mheap_free(s);
            return true;
        }
        s->gcmarkBits[0] = 0;
        s->sweepgen = sg;
        if (!preserve) mcentral_push(c, s, true, true);
        return false;
    }
    uint32_t freed = s->allocCount - nalloc;
#ifdef HEAP_ASAN
    for (uint32_t i = 0; i < s->nelems; i++)          /* poison what this sweep frees */
        if (!span_is_free(s, i) && !bits_get(s->gcmarkBits, i))
            HEAP_POISON(s->startAddr + (uintptr_t)i * s->elemsize, s->elemsize);
#endif
    if (freed > 0) {
        heap_stats.small_frees[sizeclass] += freed;
        s->needzero = true;
    }
    s->allocCount = nalloc;
    s->freeindex = 0;
    uint64_t *old = s->allocBits;
    s->allocBits = s->gcmarkBits;
    memset(old, 0, SPAN_BITS_WORDS * sizeof(uint64_t));
    s->gcmarkBits = old;
    span_refill_alloc_cache(s, 0);
    s->sweepgen = sg;
    if (preserve) return false;
    if (nalloc == 0) { mheap_free(s); return true; }
    mcentral_push(c, s, nalloc == s->nelems, true);
    return false;
}

bool heap_sweep_one(void) {
    while (heap.unswept > 0 && sweep_cursor < NUM_SPAN_CLASSES) {
        mspan *s = mcentral_pop_unswept(&heap.central[sweep_cursor]);
        if (s == NULL) { sweep_cursor++; continue; }
        span_sweep(s, false);
        return true;
    }
    if (scavenge_due) {
        scavenge_due = false;
        heap_scavenge_after_sweep();
    }
    return false;
}

uintptr_t heap_reclaim(uintptr_t npages) {
    uintptr_t before = heap.pages_inuse, freed = 0;
    while (freed < npages && heap_sweep_one())
        freed = before > heap.pages_inuse ? before - heap.pages_inuse : 0;
    return freed;
}

void heap_finish_sweep(void) {
    while (heap_sweep_one()) {}
}

/* Bytes in marked objects, counted from the mark bits of every in-use span. */
static uint64_t heap_count_marked(void) {
    uint64_t bytes = 0;
    for (int sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
        mcentral *c = &heap.central[sc];
        mspan *heads[4] = {c->partial[0], c->partial[1], c->full[0], c->full[1]};
        for (int k = 0; k < 4; k++)
            for (mspan *s = heads[k]; s; s = s->next)
                bytes += (uint64_t)bits_count(s->gcmarkBits, s->nelems) * s->elemsize;
        mspan *s = mcache0.alloc[sc];
        if (s != &span_empty)
            bytes += (uint64_t)bits_count(s->gcmarkBits, s->nelems) * s->elemsize;
    }
    return bytes;
}

void heap_clear_marks(void) {
    mheap_init();
    heap_finish_sweep();                          /* sweeping left every mark bit clear ... */
    for (int sc = 0; sc < NUM_SPAN_CLASSES; sc++) {   /* ... but say so rather than trust it */
        mcentral *c = &heap.central[sc];
        mspan *heads[4] = {c->partial[0], c->partial[1], c->full[0], c->full[1]};
        for (int k = 0; k < 4; k++)
            for (mspan *s = heads[k]; s; s = s->next)
                memset(s->gcmarkBits, 0, SPAN_BITS_WORDS * sizeof(uint64_t));
        mspan *s = mcache0.alloc[sc];
        if (s != &span_empty) memset(s->gcmarkBits, 0, SPAN_BITS_WORDS * sizeof(uint64_t));
    }
    marks_fresh = true;
}

uint64_t heap_marked_bytes(void) {
    return marks_fresh ? heap_count_marked() : heap_stats.heap_marked;
}

void heap_start_sweep(void) {
    mheap_init();
    mcache_release_all(&mcache0);                 /* no span stays cached across the flip */
    heap_stats.heap_marked = heap_count_marked();
    marks_fresh = false;
    heap.sweepgen += 2;
    uint64_t n = 0;
    for (int sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
        mcentral *c = &heap.central[sc];
        mspan *heads[4] = {c->partial[0], c->partial[1], c->full[0], c->full[1]};
        for (int k = 0; k < 4; k++)
            for (mspan *s = heads[k]; s; s = s->next) n++;
    }
    heap.unswept = n;                             /* every span in an mcentral: all unswept now */
    heap_stats.heap_live = heap_stats.heap_marked;   /* the pacer restarts from the live heap */
    sweep_cursor = 0;
    scavenge_due = true;
}

uint64_t heap_live_bytes(void) { return heap_stats.heap_live; }

void gc_sweep_background(size_t max_spans) {
    if (heap.unswept == 0 && !scavenge_due) return;
    for (size_t n = 0; (max_spans == 0 || n < max_spans) && heap_sweep_one(); n++) {}
}
