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
 * (mcentral.c). The real work happens later, span by span, so a cycle's pause does not include
 * the sweep. Go sweeps in four places, and so does gol:
 *   - in the background. Go's bgsweep goroutine sweeps one span at a time whenever a P is
 *     idle, so a moment after a cycle the sweep is usually done and MemStats.HeapAlloc has
 *     fallen to about the live heap. gol has one thread and no idle P: it lends the sweeper
 *     bounded moments where the program is between allocations -- after a cycle the loop's
 *     next back-edges (rt_preempt_requested, runtime/runtime.h) each sweep up to
 *     GC_SWEEP_BACKGROUND_SPANS spans (gc_sweep_background, from rt_preempt_point) until
 *     none is left, and time.Sleep sweeps until done or its time is up before it
 *     sleeps (gc_sweep_until). So a program that computes or sleeps after a cycle reads what
 *     Go's would. The work is the same as lazy sweeping, only earlier.
 *   - in proportion to allocation (Go's deductSweepCredit). After a cycle the sweeper is paced
 *     so that every unswept page is swept by the time heapLive reaches the next trigger (less
 *     1 MiB of margin): sweep_pages_per_byte = unswept pages / (trigger - heapLive - 1 MiB).
 *     Each span refill and large allocation (heap_sweep_credit) first sweeps until
 *     pages_swept >= sweep_pages_per_byte x (bytes allocated since the cycle + this span);
 *   - on demand: mcentral_cache_span sweeps unswept spans of its own class before asking
 *     mheap for pages; mheap_alloc, before growing the arena, sweeps spans of any class until
 *     enough pages are free (heap_reclaim, Go's reclaim);
 *   - heap_finish_sweep sweeps what is left, before the next mark (Go's finishsweep_m) and
 *     when runtime.GC() returns.
 * HeapAlloc falls gradually as spans are swept, as in Go.
 *
 * GOLDEBUG=clobberfree=1 (Go's clobberfree): the sweeper fills every object it frees with the
 * 32-bit word 0xdeadbeef before the slot is reused. A use after free -- a collector bug that
 * freed a live object, C code holding a pointer it forgot to gc_root_push -- then reads
 * 0xdeadbeef (3735928559) or crashes on the bad pointer, instead of silently reading old data
 * that happens to look right. Freed slots are zeroed before reuse (needzero) in any case.
 *
 * When the last unswept span has been swept, the scavenger runs once for the cycle
 * (mgcscavenge.c).
 */
#include <string.h>
#include <time.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mprof.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

static int  sweep_cursor;             /* span class heap_sweep_one looks at first */
static bool scavenge_due;             /* the scavenger has not yet run for this cycle */
static bool marks_fresh;              /* marks are this cycle's: heap_marked_bytes can count */
static double   sweep_pages_per_byte; /* proportional sweep: 0 when off or done */
static uint64_t sweep_live_basis;     /* heapLive when the pacing was set */

/* GOLDEBUG=clobberfree=1: Go's clobberfree, 0xdeadbeef over a freed object. */
static void clobber_free(uintptr_t p, uintptr_t size) {
    uint32_t *w = (uint32_t *)p;
    for (uintptr_t i = 0; i < size / 4; i++) w[i] = 0xdeadbeef;
}

static uint32_t bits_count(const uint64_t *b, uint32_t n) {
    uint32_t c = 0, i = 0;
    for (; i + 64 <= n; i += 64) c += (uint32_t)__builtin_popcountll(b[i >> 6]);
    if (i < n) c += (uint32_t)__builtin_popcountll(b[i >> 6] & (((uint64_t)1 << (n - i)) - 1));
    return c;
}

/* Go's sweep of specials: a heap-profile record whose object is freed now reports the free
 * (runtime/mprof.c) and goes. Finalizer records never meet an unmarked object here: the
 * collector marked and queued those objects (runtime/mfinal.c). */
static void sweep_specials(mspan *s) {
    for (mspecial **link = &s->specials; *link;) {
        mspecial *sp = *link;
        uint32_t i = s->divmagic ? (uint32_t)(((uint64_t)sp->offset * s->divmagic) >> 32) : 0;
        if (sp->kind == SPECIAL_PROFILE && !bits_get(s->gcmarkBits, i)) {
            *link = sp->next;
            heap.nspecials--;
            mprof_free_special(s, sp);
        } else {
            link = &sp->next;
        }
    }
}

bool span_sweep(mspan *s, bool preserve) {
    uint32_t sg = heap.sweepgen;
    mcentral *c = &heap.central[s->spanclass];
    s->sweepgen = sg - 1;                         /* being swept */
    int sizeclass = span_class_size(s->spanclass);
    uint32_t nalloc = bits_count(s->gcmarkBits, s->nelems);
    heap.pages_swept += s->npages;
    if (s->specials) sweep_specials(s);
    if (sizeclass == 0) {
        if (nalloc == 0) {
            if (gc_clobberfree_mode) clobber_free(s->startAddr, s->elemsize);
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
    if (gc_clobberfree_mode && freed > 0)
        for (uint32_t i = 0; i < s->nelems; i++)
            if (!span_is_free(s, i) && !bits_get(s->gcmarkBits, i))
                clobber_free(s->startAddr + (uintptr_t)i * s->elemsize, s->elemsize);
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
    sweep_pages_per_byte = 0;
}

/* Go's gcPaceSweeper: spread the sweep of every unswept page over the allocation until the
 * next trigger. Called when a cycle has flipped sweepgen. */
static void heap_pace_sweeper(void) {
    uint64_t live = heap_stats.heap_live, trigger = gc_trigger();
    int64_t distance = trigger > live ? (int64_t)(trigger - live) : 0;
    distance -= 1 << 20;                          /* Go's margin: be done a little early */
    if (distance < (int64_t)PAGE_SIZE) distance = (int64_t)PAGE_SIZE;
    heap.pages_swept = 0;
    sweep_live_basis = live;
    sweep_pages_per_byte = heap.unswept ? (double)heap.pages_inuse / (double)distance : 0;
}

/* Go's deductSweepCredit: before taking a span of span_bytes (caller_pages of which it will
 * sweep or reclaim itself), sweep until the pages swept keep pace with the bytes allocated. */
void heap_sweep_credit(uintptr_t span_bytes, uintptr_t caller_pages) {
    if (sweep_pages_per_byte == 0) return;
    uint64_t live = heap_stats.heap_live;
    uint64_t grown = span_bytes + (live > sweep_live_basis ? live - sweep_live_basis : 0);
    int64_t target = (int64_t)(sweep_pages_per_byte * (double)grown) - (int64_t)caller_pages;
    while (target > (int64_t)heap.pages_swept)
        if (!heap_sweep_one()) { sweep_pages_per_byte = 0; break; }
}

void gc_sweep_background(size_t max_spans) {
    if (heap.unswept == 0 && !scavenge_due) return;
    for (size_t n = 0; (max_spans == 0 || n < max_spans) && heap_sweep_one(); n++) {}
    if (heap.unswept > 0 || scavenge_due) rt_preempt_requested = true;   /* more next time */
}

void gc_sweep_until(int64_t deadline) {
    if (heap.unswept == 0 && !scavenge_due) return;
    struct timespec ts;
    do {
        for (int n = 0; n < GC_SWEEP_BACKGROUND_SPANS; n++)
            if (!heap_sweep_one()) return;
        clock_gettime(CLOCK_MONOTONIC, &ts);
    } while ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec < deadline);
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
    heap_pace_sweeper();
    rt_preempt_requested = true;                  /* the background sweeper's turn (below) */
}

uint64_t heap_live_bytes(void) { return heap_stats.heap_live; }
