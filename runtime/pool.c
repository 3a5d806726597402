/* runtime/pool.c — sync.Pool's runtime half: which pools exist, and their cleanup at every GC.
 *
 * runtime/lib/sync.gol implements Put and Get in gol; what it cannot do itself is notice that
 * a collection is starting. Go's answer, kept here: a pool registers itself at its first use
 * after a cleanup (sync.gol's pin calls runtime_registerPool), and at the start of every cycle,
 * with the world stopped and before anything is marked, pool_cleanup
 *
 *     1. drops the victim cache of every pool registered one cycle ago (old_pools),
 *     2. moves every registered pool's local cache into its victim slot (all_pools),
 *     3. makes all_pools the new old_pools and starts an empty all_pools.
 *
 * Step 2 is why a pooled object survives exactly one collection: the cycle that starts right
 * after a Put still reaches the object through pool.victim; the next one drops the victim first,
 * and then nothing refers to the object and the sweep frees it. A pool with nothing in it is not
 * registered, so a program with many idle pools pays nothing at each GC.
 *
 * The registry keeps the pools themselves alive (Go's allPools is an ordinary global slice):
 * pool_mark_roots shades them with the other roots, so a pool whose last user dropped it is
 * freed two cycles later, once it has been cleaned into nothing. Pools in a program's globals
 * are not heap objects; shading ignores them and their fields are scanned with the globals.
 * sync.gol hands each pool over as an interface, so escape analysis has moved it to the heap:
 * no pointer kept here points into a goroutine stack, which could move.
 *
 * The cleanup's stores go through the write barrier point (runtime/mbarrier.h) like every other
 * pointer store, although no marking is running yet, so GOLDEBUG=wbcheck=1 sees them.
 *
 * The counters behind runtime/metrics' /gol/sync/pool/... samples (a gol extension, documented
 * in docs/stdlib.md) are kept here too: sync.gol reports each Put and how each Get was served.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* sync.Pool's layout (runtime/lib/sync.gol; Go's on 64-bit machines). */
typedef struct GolPool {
    void     *local;          /* *poolLocal */
    uintptr_t local_size;
    void     *victim;         /* *poolLocal */
    uintptr_t victim_size;
    void     *new_fn;         /* New func() any */
} GolPool;

typedef struct PoolList { GolPool **p; size_t n, cap; } PoolList;

static PoolList all_pools;    /* used since the last cleanup: their local caches move at the next */
static PoolList old_pools;    /* cleaned by the last cycle: their victims are dropped at the next */

/* Indexed by sync.gol's count* constants: Puts, then Gets served by the private slot, by the
 * shared list, by the victim cache, and Gets that found nothing. */
enum { POOL_NCOUNTS = 5 };
static uint64_t pool_counts[POOL_NCOUNTS];

static void pool_list_add(GolG *g, PoolList *l, GolPool *p) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        GolPool **np = realloc(l->p, cap * sizeof *np);
        if (!np) rt_fatal(g, "out of memory registering a sync.Pool");
        l->p = np;
        l->cap = cap;
    }
    l->p[l->n++] = p;
}

/* Called at the start of every cycle, after sweep termination and before marking. */
void pool_cleanup(void) {
    for (size_t i = 0; i < old_pools.n; i++) {
        GolPool *p = old_pools.p[i];
        wb_store_ptr(&p->victim, NULL);
        p->victim_size = 0;
    }
    for (size_t i = 0; i < all_pools.n; i++) {
        GolPool *p = all_pools.p[i];
        wb_store_ptr(&p->victim, p->local);
        p->victim_size = p->local_size;
        wb_store_ptr(&p->local, NULL);
        p->local_size = 0;
    }
    PoolList t = old_pools;
    old_pools = all_pools;
    all_pools = t;
    all_pools.n = 0;
}

/* The registry as roots: every registered pool stays alive until cleaned out of it. */
void pool_mark_roots(void) {
    for (size_t i = 0; i < all_pools.n; i++) gc_mark_ptr(all_pools.p[i]);
    for (size_t i = 0; i < old_pools.n; i++) gc_mark_ptr(old_pools.p[i]);
}

/* The program ended (the last goroutine is gone): forget every pool. */
void pool_reset(void) {
    all_pools.n = old_pools.n = 0;
    memset(pool_counts, 0, sizeof pool_counts);
}

/* sync.runtime_registerPool(p any): p @0 (2 words), its data word the *Pool. */
static int nat_sync_register_pool(GolG *g, uint8_t *frame) {
    pool_list_add(g, &all_pools, ARG(frame, 8, GolPool *));
    return NAT_RETURN;
}

/* sync.poolCount(what int): what @0. */
static int nat_sync_pool_count(GolG *g, uint8_t *frame) {
    (void)g;
    int64_t what = ARG(frame, 0, int64_t);
    if (what >= 0 && what < POOL_NCOUNTS) pool_counts[what]++;
    return NAT_RETURN;
}

/* runtime/metrics.poolCount(what int) uint64: result @0, what @8. */
static int nat_metrics_pool_count(GolG *g, uint8_t *frame) {
    (void)g;
    int64_t what = ARG(frame, 8, int64_t);
    ARG(frame, 0, uint64_t) = what >= 0 && what < POOL_NCOUNTS ? pool_counts[what] : 0;
    return NAT_RETURN;
}

static const NativeEntry pool_natives[] = {
    { "sync.runtime_registerPool",   nat_sync_register_pool },
    { "sync.poolCount",              nat_sync_pool_count },
    { "runtime/metrics.poolCount",   nat_metrics_pool_count },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_pool(const char *qualified_name) {
    for (const NativeEntry *e = pool_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
