/* runtime/mcache.c — the per-P cache of spans (see malloc.c for the whole allocation path).
 *
 * Each P (gol has one: mcache0) holds one current span per span class in alloc[]. mallocgc
 * takes a slot from alloc[spanclass] with span_next_free_fast and no lock, no list, no call:
 * that is why small allocation is cheap. Every entry starts as &span_empty, a span with no
 * slots, so the fast path needs no NULL test: on span_empty it just fails over to refill.
 *
 * refill (mcache_refill_alloc) gives the exhausted span back to its mcentral and takes another
 * one with a free slot (mcentral_cache_span). Just before, it lets the collector test its
 * trigger (gc_alloc_notify: Go's shouldhelpgc): a refill is when heapLive grows, since it
 * counts a cached span's free slots as in use. A cycle flushes the mcache, so the span is
 * read again after it.
 *
 * Counting. The fast path counts nothing: s->allocCount grows, and the span remembers its
 * allocCount when the mcache took it (allocCountBeforeCache). When the mcache lets go of the
 * span, the difference is published as MemStats.Mallocs for its class (mcentral.c). So
 * mstats_read first releases every cached span (mcache_release_all), exactly as Go's
 * ReadMemStats flushes the mcaches, and its counts are exact.
 *
 * The tiny allocator (malloc.c uses tiny/tinyoffset): pointer-free objects under 16 bytes are
 * packed into one 16-byte class-2 noscan block. Only the block is an object for the heap;
 * a sub-object packed into an existing block adds 1 to tinyAllocs, which is published to both
 * Mallocs and Frees (Go's rule: the block itself is the real heap object and is counted when it
 * is allocated and when it is swept).
 *
 * releaseAll (mcache_release_all, behind heap_flush_caches) returns every span and forgets the
 * tiny block: the collector calls it before marking, and heap_start_sweep calls it again so no
 * span is cached across a cycle and the tiny block, which a cycle may free, is never reused.
 */
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

mcache mcache0 = {.alloc = {[0 ... NUM_SPAN_CLASSES - 1] = &span_empty}};

void *mcache_refill_alloc(GolG *g, mcache *c, spanclass_t sc) {
    mspan *s = c->alloc[sc];
    uint32_t i = span_next_free_index(s);
    if (i >= s->nelems) {
        gc_alloc_notify(g, (size_t)s->elemsize);   /* may collect, which empties the mcache */
        s = c->alloc[sc];
        if (s != &span_empty) mcentral_uncache_span(&heap.central[sc], s);
        c->alloc[sc] = &span_empty;
        s = mcentral_cache_span(&heap.central[sc]);
        c->alloc[sc] = s;
        i = span_next_free_index(s);
        if (i >= s->nelems) rt_fatal(NULL, "runtime: mcentral gave a full span");
    }
    s->allocCount++;
    return (void *)(s->startAddr + (uintptr_t)i * s->elemsize);
}

void mcache_release_all(mcache *c) {
    for (int sc = 0; sc < NUM_SPAN_CLASSES; sc++) {
        mspan *s = c->alloc[sc];
        if (s != &span_empty && s != NULL) mcentral_uncache_span(&heap.central[sc], s);
        c->alloc[sc] = &span_empty;
    }
    c->tiny = 0;
    c->tinyoffset = 0;
    heap_stats.tiny_allocs += c->tinyAllocs;
    c->tinyAllocs = 0;
}

void heap_flush_caches(void) {
    mheap_init();
    mcache_release_all(&mcache0);
}
