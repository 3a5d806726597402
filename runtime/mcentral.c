/* runtime/mcentral.c — the central free lists: all spans of one span class
 * (see malloc.c for the whole allocation path).
 *
 * There is one mcentral per span class (136). It owns every in-use span of its class that no
 * mcache holds, in four doubly linked sets, as Go 1.19 does:
 *
 *     partial[sweepgen/2 % 2]        swept, with free slots         <- cacheSpan looks here first
 *     partial[1 - sweepgen/2 % 2]    not yet swept this cycle, had free slots
 *     full[sweepgen/2 % 2]           swept, no free slot
 *     full[1 - sweepgen/2 % 2]       not yet swept, was full
 *
 * When a cycle ends, heap_start_sweep adds 2 to heap.sweepgen: the index flips, and every
 * "swept" set becomes an "unswept" one at no cost -- no span moves. Spans then leave the unswept
 * sets one by one as the sweeper (mgcsweep.c) or cacheSpan sweeps them.
 *
 * cacheSpan (mcentral_cache_span) first pays its sweep credit (heap_sweep_credit: proportional
 * sweeping, mgcsweep.c), then finds a span with a free slot for the mcache: a swept partial
 * span; else an unswept partial one, swept right now (lazy sweeping: memory is reclaimed when
 * someone needs it); else an unswept full one that sweeping turns partial (at most 100 tries, as
 * Go, so one allocation never sweeps a whole class); else a fresh span from mheap. Large
 * objects (class 0) are not cached but their spans live here too, in the full sets, so the
 * sweeper finds them (Go does the same).
 *
 * uncacheSpan puts a span the mcache lets go of back on the right swept set and publishes its
 * object count (Mallocs are counted when a span leaves an mcache, see mcache.c).
 */
#include "runtime/runtime.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

#define SPAN_BUDGET 100

void mcentral_init(mcentral *c, spanclass_t sc) {
    c->spanclass = sc;
    c->partial[0] = c->partial[1] = c->full[0] = c->full[1] = NULL;
}

static int swept_index(void) { return (int)(heap.sweepgen / 2 % 2); }

static mspan **mcentral_list_head(mcentral *c, int list) {
    switch (list) {
    case SL_PARTIAL0: return &c->partial[0];
    case SL_PARTIAL1: return &c->partial[1];
    case SL_FULL0:    return &c->full[0];
    default:          return &c->full[1];
    }
}

void mcentral_push(mcentral *c, mspan *s, bool full, bool swept) {
    int idx = swept ? swept_index() : 1 - swept_index();
    int list = (full ? SL_FULL0 : SL_PARTIAL0) + idx;
    mspan **head = mcentral_list_head(c, list);
    s->prev = NULL;
    s->next = *head;
    if (*head) (*head)->prev = s;
    *head = s;
    s->list = (uint8_t)list;
    if (!swept) heap.unswept++;
}

void mcentral_remove(mcentral *c, mspan *s) {
    int idx = swept_index();
    bool unswept = (s->list == SL_PARTIAL0 || s->list == SL_FULL0) ? idx != 0 : idx != 1;
    if (s->prev) s->prev->next = s->next;
    else *mcentral_list_head(c, s->list) = s->next;
    if (s->next) s->next->prev = s->prev;
    s->next = s->prev = NULL;
    s->list = SL_NONE;
    if (unswept) heap.unswept--;
}

mspan *mcentral_pop_unswept(mcentral *c) {
    int u = 1 - swept_index();
    mspan *s = c->partial[u] ? c->partial[u] : c->full[u];
    if (s) mcentral_remove(c, s);
    return s;
}

/* Makes s the mcache's span: Go's mcache.refill bookkeeping. */
static mspan *mcentral_have_span(mspan *s) {
    s->sweepgen = heap.sweepgen + 3;            /* swept, then cached */
    s->list = SL_CACHED;
    s->allocCountBeforeCache = s->allocCount;
    uint32_t base = s->freeindex & ~(uint32_t)63;
    if (base < s->nelems) {
        span_refill_alloc_cache(s, base);
        s->allocCache >>= (s->freeindex & 63);
    } else s->allocCache = 0;
    /* The pacer counts a cached span's free slots as live until the span is given back. */
    heap_stats.heap_live += (uint64_t)(s->nelems - s->allocCount) * s->elemsize;
    return s;
}

mspan *mcentral_cache_span(mcentral *c) {
    spanclass_t sc = (spanclass_t)(c - heap.central);     /* valid before mheap_init ran */
    heap_sweep_credit(class_to_allocnpages[span_class_size(sc)] * PAGE_SIZE, 0);
    int sw = swept_index(), un = 1 - sw;
    mspan *s = c->partial[sw];
    if (s) { mcentral_remove(c, s); return mcentral_have_span(s); }
    int budget = SPAN_BUDGET;
    if ((s = c->partial[un]) != NULL) {
        mcentral_remove(c, s);
        span_sweep(s, true);                    /* sweeping only frees: still partial */
        return mcentral_have_span(s);
    }
    while ((s = c->full[un]) != NULL && budget-- > 0) {
        mcentral_remove(c, s);
        span_sweep(s, true);
        if (s->allocCount < s->nelems) return mcentral_have_span(s);
        mcentral_push(c, s, true, true);
    }
    s = mheap_alloc(class_to_allocnpages[span_class_size(sc)], sc);
    return mcentral_have_span(s);
}

void mcentral_uncache_span(mcentral *c, mspan *s) {
    uint32_t sg = heap.sweepgen;
    bool stale = s->sweepgen == sg + 1;         /* cached before the sweep began */
    int sizeclass = span_class_size(s->spanclass);
    heap_stats.small_mallocs[sizeclass] += s->allocCount - s->allocCountBeforeCache;
    heap_stats.heap_live -= (uint64_t)(s->nelems - s->allocCount) * s->elemsize;
    s->allocCountBeforeCache = 0;
    s->list = SL_NONE;
    if (stale) {
        s->sweepgen = sg - 2;
        span_sweep(s, false);                   /* relinks it, or frees it if empty */
        return;
    }
    s->sweepgen = sg;
    mcentral_push(c, s, s->allocCount == s->nelems, true);
}
