/* runtime/mprof.c — the heap profile: which call stacks allocate, and what is still in use
 * (Go's mprof.go; read it alongside).
 *
 * Sampling. Recording every allocation would cost more than the allocation itself, so the
 * allocator samples one allocation per runtime.MemProfileRate bytes on average (512 KiB by
 * default; 1 records every object, 0 none). The points are a Poisson process over the bytes
 * allocated: the distance to the next sample is drawn from an exponential distribution with
 * mean MemProfileRate (mprof_next_sample, Go's nextSample/fastexprand). The mcache keeps the
 * countdown; mallocgc subtracts each object's size in three instructions (mprof_note_alloc,
 * mprof.h) and only the allocation that crosses zero pays for the rest (mprof_alloc): a walk of
 * the gol stack (at most 32 frames), a bucket lookup, a record attached to the object. The size
 * counted is what the heap gives: the class size of a small object, 16 for a new tiny block
 * (sub-objects packed into an existing block are not sampled, as in Go 1.19), whole pages for
 * a large object. pprof divides by the sampling probability 1 - exp(-size/rate) to estimate the
 * true totals (runtime/pprof.c).
 *
 * Buckets. A bucket is one (stack, size) pair with its counts; buckets live in a hash table
 * keyed by the stack's PCs and the size (Go's stkbucket and its hash), and on one list of all
 * buckets. They are never freed. Their memory and the table's come straight from the OS in
 * chunks (mprof_persistent_alloc, Go's persistentalloc) and are MemStats.BuckHashSys; the
 * table has Go's 179,999 slots (1.4 MB of address space, touched only where used).
 *
 * Frees. A sampled object gets a SPECIAL_PROFILE record on its span naming its bucket (Go's
 * specialprofile; runtime/mspan.h). When the sweeper frees an unmarked object that has one, it
 * calls mprof_free_special: the bucket counts a free and the record goes.
 *
 * Cycles (the hard part, Go's three-stage scheme). Allocations happen in real time, frees only
 * when the sweeper gets to the object after a collection. Counting both as they come would
 * skew the profile toward allocations: the garbage made since the last collection would look
 * live. So every event is booked to a *future* profile cycle, and a cycle is published into
 * the bucket's `active` counts only once all its events are in:
 *
 *     cycle C = the number of mark terminations so far (mprof_cycle)
 *     an allocation now           -> future[(C+2) % 3]
 *     a free found by the sweeper -> future[(C+1) % 3]   (the object died before the last MT)
 *     at mark termination: C += 1 (mprof_next_cycle), then future[C % 3] -> active (mprof_flush)
 *
 * So `active` describes the heap as of the mark termination before last: every allocation made
 * before it, and every free of those objects (which the sweep after that collection finds).
 * runtime.GC() finishes its sweep before returning, so it can publish future[(C+1) % 3] at once
 * (mprof_post_sweep): after runtime.GC(), the profile reflects that collection. If nothing at
 * all was published yet (no collection ran), MemProfile folds every future cycle into active,
 * so a program that never collects still sees its allocations (Go's "clear" case).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "runtime/mprof.h"
#include "runtime/mgc.h"

static int64_t mprof_rate_default = 512 * 1024;
int64_t *mprof_rate = &mprof_rate_default;

typedef struct MemRecordCycle { uint64_t allocs, frees, alloc_bytes, free_bytes; } MemRecordCycle;

typedef struct MProfBucket {
    struct MProfBucket *next;       /* hash chain */
    struct MProfBucket *allnext;    /* every bucket, newest first */
    uintptr_t hash, size;
    uint32_t nstk;
    MemRecordCycle active;          /* the published profile (cumulative) */
    MemRecordCycle future[3];       /* cycles C, C+1, C+2 (see the head comment) */
    uintptr_t stk[];
} MProfBucket;

/* The record on a sampled object's span. */
typedef struct ProfSpecial {
    mspecial sp;                    /* first: the span's list links these */
    MProfBucket *b;
} ProfSpecial;

enum { BUCKHASH_SIZE = 179999 };    /* Go's buckHashSize */

static MProfBucket **buckhash;
static MProfBucket *mbuckets;       /* all buckets */
static uint32_t mprof_cycle;        /* mark terminations so far (mod 3 is what matters) */
static bool mprof_flushed;          /* future[cycle % 3] went to active already */
static uint64_t buckhash_sys;       /* BuckHashSys */
static uint64_t rand_state = 0x9e3779b97f4a7c15ull;

/* ---- memory that is never freed (Go's persistentalloc), counted in BuckHashSys ---- */
static uint8_t *persist_next, *persist_end;

static void *mprof_persistent_alloc(size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (persist_next == NULL || (size_t)(persist_end - persist_next) < size) {
        size_t chunk = size > 256 * 1024 ? size : 256 * 1024;
        void *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) gc_throw("runtime: cannot allocate memory for the heap profile");
        buckhash_sys += chunk;
        persist_next = p;
        persist_end = persist_next + chunk;
    }
    void *r = persist_next;
    persist_next += size;
    return r;
}

uint64_t mprof_sys_bytes(void) { return buckhash_sys; }

/* ---- the sampling distance ---- */

/* wyrand, as Go's fastrand: a fixed seed, so the same program samples the same allocations
 * from run to run (Go seeds from random data; a reproducible profile is easier to teach with). */
static uint64_t mprof_rand(void) {
    rand_state += 0xa0761d6478bd642full;
    __uint128_t m = (__uint128_t)rand_state * (rand_state ^ 0xe7037ed1a0b428dbull);
    return (uint64_t)(m >> 64) ^ (uint64_t)m;
}

/* Go's fastexprand: -ln(q) * mean for q uniform in (0, 1], from 26 random bits. */
uintptr_t mprof_next_sample(void) {
    int64_t mean = *mprof_rate;
    if (mean <= 1) return 0;                 /* 0: off, 1: every allocation (not read) */
    if (mean > 0x7000000) mean = 0x7000000;
    enum { RANDOM_BITS = 26 };
    uint64_t q = (mprof_rand() >> (64 - RANDOM_BITS)) + 1;
    double qlog = log2((double)q) - RANDOM_BITS;
    if (qlog > 0) qlog = 0;
    return (uintptr_t)(int64_t)(qlog * (-0.6931471805599453 * (double)mean)) + 1;
}

/* ---- buckets ---- */

static uintptr_t stack_hash(const uintptr_t *stk, uint32_t n, uintptr_t size) {
    uintptr_t h = 0;
    for (uint32_t i = 0; i < n; i++) { h += stk[i]; h += h << 10; h ^= h >> 6; }
    h += size; h += h << 10; h ^= h >> 6;
    h += h << 3; h ^= h >> 11;
    return h;
}

static MProfBucket *mprof_bucket(const uintptr_t *stk, uint32_t n, uintptr_t size) {
    if (buckhash == NULL) buckhash = mprof_persistent_alloc(BUCKHASH_SIZE * sizeof *buckhash);
    uintptr_t h = stack_hash(stk, n, size);
    size_t i = h % BUCKHASH_SIZE;
    for (MProfBucket *b = buckhash[i]; b; b = b->next)
        if (b->hash == h && b->size == size && b->nstk == n && memcmp(b->stk, stk, n * sizeof *stk) == 0)
            return b;
    MProfBucket *b = mprof_persistent_alloc(sizeof *b + n * sizeof *stk);
    memset(b, 0, sizeof *b);
    memcpy(b->stk, stk, n * sizeof *stk);
    b->nstk = n;
    b->hash = h;
    b->size = size;
    b->next = buckhash[i];
    buckhash[i] = b;
    b->allnext = mbuckets;
    mbuckets = b;
    return b;
}

/* ---- profile records on objects (chunks of the C heap, as mfinal.c's) ---- */
#define PROF_CHUNK_RECORDS 256
static mspecial *prof_free_list;

static ProfSpecial *prof_special_alloc(void) {
    if (!prof_free_list) {
        ProfSpecial *c = malloc(PROF_CHUNK_RECORDS * sizeof *c);
        if (!c) gc_throw("out of memory recording a heap profile sample");
        for (int i = PROF_CHUNK_RECORDS - 1; i >= 0; i--) {
            c[i].sp.next = prof_free_list;
            prof_free_list = &c[i].sp;
        }
    }
    ProfSpecial *p = (ProfSpecial *)prof_free_list;
    prof_free_list = p->sp.next;
    return p;
}

/* ---- the events ---- */

void mprof_alloc(GolG *g, mcache *c, void *x, uintptr_t size) {
    c->nextSample = mprof_next_sample();
    uintptr_t stk[MPROF_MAX_STACK];
    uint32_t n = 0;
    StkFrame fr;
    for (bool ok = frame_first(g, &fr); ok && n < MPROF_MAX_STACK; ok = frame_next(g, &fr))
        stk[n++] = frame_pc(g->mod, &fr);
    MProfBucket *b = mprof_bucket(stk, n, size);
    MemRecordCycle *mc = &b->future[(mprof_cycle + 2) % 3];
    mc->allocs++;
    mc->alloc_bytes += size;
    mspan *s = mheap_span_of((uintptr_t)x);
    if (!s) return;
    ProfSpecial *p = prof_special_alloc();
    p->sp.offset = (uint32_t)((uintptr_t)x - s->startAddr);
    p->sp.kind = SPECIAL_PROFILE;
    p->b = b;
    if (!span_add_special(s, &p->sp)) {       /* a slot reused before its sweep: cannot be */
        p->sp.next = prof_free_list;
        prof_free_list = &p->sp;
    }
}

void mprof_free_special(mspan *s, mspecial *sp) {
    ProfSpecial *p = (ProfSpecial *)sp;
    MemRecordCycle *mc = &p->b->future[(mprof_cycle + 1) % 3];
    mc->frees++;
    mc->free_bytes += s->elemsize;
    sp->next = prof_free_list;
    prof_free_list = sp;
}

/* ---- cycles ---- */

static void mprof_flush_index(uint32_t index) {
    for (MProfBucket *b = mbuckets; b; b = b->allnext) {
        MemRecordCycle *f = &b->future[index];
        b->active.allocs += f->allocs;
        b->active.frees += f->frees;
        b->active.alloc_bytes += f->alloc_bytes;
        b->active.free_bytes += f->free_bytes;
        memset(f, 0, sizeof *f);
    }
}

void mprof_next_cycle(void) {
    mprof_cycle = (mprof_cycle + 1) % (3u << 24);
    mprof_flushed = false;
}

void mprof_flush(void) {
    if (mprof_flushed) return;
    mprof_flushed = true;
    mprof_flush_index(mprof_cycle % 3);
}

void mprof_post_sweep(void) { mprof_flush_index((mprof_cycle + 1) % 3); }

/* ---- reading it: Go's runtime.MemProfile ---- */

static bool mprof_counts(const MProfBucket *b, bool inuse_zero) {
    return inuse_zero || b->active.alloc_bytes != b->active.free_bytes;
}

int64_t mprof_records(MemProfileRecord *p, int64_t cap, bool inuse_zero, bool *ok) {
    mprof_flush_index(mprof_cycle % 3);
    int64_t n = 0;
    bool clear = true;
    for (MProfBucket *b = mbuckets; b; b = b->allnext) {
        if (mprof_counts(b, inuse_zero)) n++;
        if (b->active.allocs || b->active.frees) clear = false;
    }
    if (clear) {                              /* no collection published anything yet */
        n = 0;
        for (MProfBucket *b = mbuckets; b; b = b->allnext) {
            for (int c = 0; c < 3; c++) {
                b->active.allocs += b->future[c].allocs;
                b->active.frees += b->future[c].frees;
                b->active.alloc_bytes += b->future[c].alloc_bytes;
                b->active.free_bytes += b->future[c].free_bytes;
                memset(&b->future[c], 0, sizeof b->future[c]);
            }
            if (mprof_counts(b, inuse_zero)) n++;
        }
    }
    *ok = n <= cap;
    if (!*ok || p == NULL) return n;
    int64_t i = 0;
    for (MProfBucket *b = mbuckets; b; b = b->allnext) {
        if (!mprof_counts(b, inuse_zero)) continue;
        MemProfileRecord *r = &p[i++];
        r->AllocBytes = (int64_t)b->active.alloc_bytes;
        r->FreeBytes = (int64_t)b->active.free_bytes;
        r->AllocObjects = (int64_t)b->active.allocs;
        r->FreeObjects = (int64_t)b->active.frees;
        memset(r->Stack0, 0, sizeof r->Stack0);
        memcpy(r->Stack0, b->stk, b->nstk * sizeof *b->stk);
    }
    return n;
}
