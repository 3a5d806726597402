/* runtime/mspan.h — the span: a run of 8 KiB pages holding objects of one size (see malloc.c).
 *
 * Everything the heap knows about an object lives in its span, never in the object: gol objects
 * have no header. A span is npages contiguous pages starting at startAddr. A span "in use" is
 * cut into nelems slots of elemsize bytes (one slot for a large object); its descriptor says
 * which slots hold objects (allocBits + freeindex), which ones the collector found reachable
 * (gcmarkBits), and its span class:
 *
 *     spanclass = sizeclass << 1 | noscan          (136 classes: 68 size classes x scan/noscan)
 *
 * so pointer-free objects never share a span with pointerful ones and the collector never
 * looks inside a noscan span.
 *
 * Which slots are free. A slot i is allocated iff  i < freeindex  or  allocBits[i] is set.
 * Right after a sweep, allocBits is exactly the set of objects that survived (the old
 * gcmarkBits) and freeindex is 0. Allocation then moves freeindex forward over the free slots
 * one by one and never sets a bit: every slot below freeindex is in use. To find the next free
 * slot fast, allocCache holds the *inverted* allocBits of the 64 slots starting at freeindex
 * (rounded down to 64), shifted so that bit 0 is slot freeindex: count-trailing-zeros gives the
 * distance to the next free slot in one instruction (span_next_free_fast below, Go's
 * nextFreeFast). Invariant checked by heap_verify:
 *     allocCount == freeindex + popcount(allocBits[freeindex .. nelems))
 *
 * The sweep generation (Go's sweepgen rule; h = heap.sweepgen, which grows by 2 each cycle):
 *     s->sweepgen == h - 2   the span needs sweeping (it was swept before the last mark)
 *     s->sweepgen == h - 1   it is being swept
 *     s->sweepgen == h       it is swept and ready to use
 *     s->sweepgen == h + 1   it was cached in an mcache before sweeping began: sweep on release
 *     s->sweepgen == h + 3   it was swept and then cached, and is still cached
 * gol sweeps on one thread, so "being swept" lasts only inside span_sweep; the states are kept
 * because heap_verify checks them and a student reading Go's mgcsweep.go finds the same rule.
 *
 * The pointer bitmap. For scan spans the heap keeps one bit per 8-byte word of the arena (the
 * heap bitmap, mbitmap.c), written when an object is allocated from its TypeDesc's ptrmask;
 * heap_is_pointer_word reads it. Noscan spans never write or read it.
 */
#ifndef GOL_RUNTIME_MSPAN_H
#define GOL_RUNTIME_MSPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "runtime/mheap.h"
#include "runtime/sizeclasses.h"
#include "runtime/symtab.h"

#define PAGE_SHIFT        SC_PAGE_SHIFT            /* 13: the heap's own 8 KiB pages */
#define PAGE_SIZE         ((uintptr_t)SC_PAGE_SIZE)
#define NUM_SPAN_CLASSES  (SC_NUM_CLASSES << 1)    /* 136 */
#define MAX_SPAN_ELEMS    (PAGE_SIZE / 8)          /* 1024: class 1, 8-byte objects in one page */
#define SPAN_BITS_WORDS   (MAX_SPAN_ELEMS / 64)    /* 16 uint64 words per bitmap */

typedef uint8_t spanclass_t;
static inline spanclass_t span_class_make(int sizeclass, bool noscan) {
    return (spanclass_t)(sizeclass << 1 | (noscan ? 1 : 0));
}
static inline int  span_class_size(spanclass_t sc)   { return sc >> 1; }
static inline bool span_class_noscan(spanclass_t sc) { return sc & 1; }

typedef enum SpanState {
    SPAN_DEAD,      /* descriptor not describing any pages (in the descriptor pool) */
    SPAN_IN_USE,    /* holds objects: small-object span or one large object */
    SPAN_FREE,      /* a free page run owned by mheap, on one of its free lists */
} SpanState;

/* Which list the span is on: heap_verify checks that every span is where its state says. */
typedef enum SpanList {
    SL_NONE,                            /* nowhere (being moved) */
    SL_CACHED,                          /* an mcache's current span for its class */
    SL_PARTIAL0, SL_PARTIAL1,           /* mcentral partial sets, indexed by sweepgen/2 % 2 */
    SL_FULL0, SL_FULL1,                 /* mcentral full sets, same indexing */
    SL_FREE,                            /* mheap free page runs */
} SpanList;

/* The mark and alloc bitmaps of one span: two 1024-bit buffers, which swap roles at each sweep
 * (the marks become the new alloc bits; the old alloc buffer is cleared and becomes the next
 * cycle's mark buffer). Allocated from a pool accounted in MemStats.GCSys (mheap.c). */
typedef struct SpanBits { uint64_t w[2][SPAN_BITS_WORDS]; } SpanBits;

/* A special (Go's mheap.go `special`): a record attached to one object of a span -- a finalizer
 * (runtime/mfinal.c) or a heap-profile sample (runtime/mprof.c); each embeds mspecial first in
 * its record. The sweeper drops the profile record of an object it frees. Each span keeps
 * its specials in one singly linked list sorted by offset, then kind, so finding an object's
 * record is: page -> span table (O(1)), then a walk of that span's short list. */
typedef struct mspecial {
    struct mspecial *next;
    uint32_t offset;            /* of the object (the pointer SetFinalizer saw) from startAddr */
    uint8_t  kind;              /* SPECIAL_FINALIZER, SPECIAL_PROFILE */
} mspecial;
enum { SPECIAL_FINALIZER = 1, SPECIAL_PROFILE = 2 };

struct mspan {
    mspan *next, *prev;         /* links in the list named by `list` */
    uintptr_t startAddr;        /* address of the first byte */
    uintptr_t npages;           /* pages in the span */
    uintptr_t elemsize;         /* bytes per slot (npages * 8 KiB for a large object) */
    uint32_t  nelems;           /* slots */
    uint32_t  freeindex;        /* every slot below is allocated; search for free ones from here */
    uint64_t  allocCache;       /* inverted allocBits from freeindex on (see the head comment) */
    uint64_t *allocBits;        /* slot i allocated (below freeindex: always) */
    uint64_t *gcmarkBits;       /* slot i marked reachable in the current cycle */
    SpanBits *bits;             /* storage behind allocBits / gcmarkBits */
    mspecial *specials;         /* records attached to objects, sorted by offset (in use only) */
    uint32_t  allocCount;       /* allocated slots */
    uint32_t  allocCountBeforeCache;  /* allocCount when an mcache took it (for Mallocs) */
    uint32_t  sweepgen;         /* see the rule in the head comment */
    uint32_t  divmagic;         /* (offset * divmagic) >> 32 == offset / elemsize */
    uint32_t  npreleased;       /* free spans: pages returned to the OS (scavenged) */
    spanclass_t spanclass;
    uint8_t   state;            /* SpanState */
    uint8_t   list;             /* SpanList */
    bool      needzero;         /* slots or pages may hold old data: zero before reuse */
};

/* ---- AddressSanitizer: free heap memory is poisoned ----
 * Under ASan (make test-asan) every byte of the arena that holds no object is poisoned: free
 * page runs, fresh spans' unallocated slots, slots a sweep freed. mallocgc unpoisons a slot when
 * it hands it out. So a use of a freed object -- a collector bug, or C code that forgot
 * gc_root_push -- stops at once with ASan's report instead of corrupting a later object. In
 * other builds the macros cost nothing. */
#if defined(__SANITIZE_ADDRESS__)
#define HEAP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_ASAN 1
#endif
#endif
#ifdef HEAP_ASAN
#include <sanitizer/asan_interface.h>
#define HEAP_POISON(p, n)   ASAN_POISON_MEMORY_REGION((void *)(p), (size_t)(n))
#define HEAP_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((void *)(p), (size_t)(n))
#else
#define HEAP_POISON(p, n)   ((void)0)
#define HEAP_UNPOISON(p, n) ((void)0)
#endif

/* ---- bit helpers ---- */
static inline bool bits_get(const uint64_t *b, uintptr_t i) { return (b[i >> 6] >> (i & 63)) & 1; }
static inline void bits_set(uint64_t *b, uintptr_t i)       { b[i >> 6] |= (uint64_t)1 << (i & 63); }

/* Loads allocCache with the inverted alloc bits of slots [i, i+64), i a multiple of 64. */
static inline void span_refill_alloc_cache(mspan *s, uint32_t i) {
    s->allocCache = ~s->allocBits[i >> 6];
}

/* The free slot at freeindex's distance ctz(allocCache), if it is in the cached 64-slot window;
 * NULL sends the caller to the slow path (span_next_free_index, then refill). */
static inline void *span_next_free_fast(mspan *s) {
    uint64_t cache = s->allocCache;
    if (cache == 0) return NULL;
    unsigned bit = (unsigned)__builtin_ctzll(cache);
    uint32_t result = s->freeindex + bit;
    if (result >= s->nelems) return NULL;
    uint32_t next = result + 1;
    if ((next & 63) == 0 && next != s->nelems) return NULL;   /* the window ends: slow path */
    s->allocCache = (cache >> bit) >> 1;
    s->freeindex = next;
    s->allocCount++;
    return (void *)(s->startAddr + (uintptr_t)result * s->elemsize);
}

/* Is slot i free (neither below freeindex nor set in allocBits)? */
static inline bool span_is_free(const mspan *s, uintptr_t i) {
    return i >= s->freeindex && !bits_get(s->allocBits, i);
}

/* ---- the heap's internal interface (mheap.c, mcentral.c, mcache.c, mbitmap.c, mgcsweep.c) ---- */
typedef struct mcentral {
    spanclass_t spanclass;
    mspan *partial[2];          /* spans with free slots: [sweepgen/2%2] swept, the other unswept */
    mspan *full[2];             /* spans with no free slot, same split */
} mcentral;

typedef struct mcache {
    uintptr_t tiny;             /* the current 16-byte tiny block, 0 if none */
    uintptr_t tinyoffset;       /* bytes of it already used */
    uint64_t  tinyAllocs;       /* tiny sub-objects not yet published to Mallocs/Frees */
    uintptr_t nextSample;       /* heap profile: bytes to allocate before the next sample
                                   (runtime/mprof.c) */
    mspan    *alloc[NUM_SPAN_CLASSES];   /* current span per span class (&span_empty if none) */
} mcache;

typedef struct mheap {
    uint32_t  sweepgen;
    uintptr_t arena_start, arena_end;     /* reserved address range */
    uintptr_t arena_used;                 /* committed high-water mark */
    mspan   **spans;                      /* page -> span table, one entry per arena page */
    uint64_t *heap_bitmap;                /* one bit per arena word: pointer slot */
    uint64_t *released;                   /* one bit per arena page: returned to the OS */
    mcentral  central[NUM_SPAN_CLASSES];
    uintptr_t pages_inuse;                /* pages in SPAN_IN_USE spans */
    uintptr_t pages_released;             /* pages scavenged and not yet reacquired */
    uint64_t  unswept;                    /* spans in mcentral unswept sets */
    uint64_t  pages_swept;                /* pages swept since the last cycle (sweep pacing) */
    uint64_t  nspecials;                  /* specials attached in all spans */
} mheap;

extern mheap  heap;
extern mspan  span_empty;                 /* nelems 0: every mcache slot starts here */
extern mcache mcache0;                    /* gol runs one P */

/* mheap.c */
void      mheap_init(void);
mspan    *mheap_alloc(uintptr_t npages, spanclass_t sc);    /* an in-use span, bits ready */
void      mheap_free(mspan *s);                             /* back to free pages, coalesced */
static inline mspan *mheap_span_of(uintptr_t p) {
    if (p < heap.arena_start || p >= heap.arena_used) return NULL;
    return heap.spans[(p - heap.arena_start) >> PAGE_SHIFT];
}
void      mheap_set_released(uintptr_t page, bool on);      /* page index in the arena */
void      mheap_for_each_free_run(bool (*fn)(mspan *s, void *arg), void *arg);

mspecial **span_find_special(mspan *s, uint32_t offset, uint8_t kind);  /* where it is or goes */
bool      span_add_special(mspan *s, mspecial *sp);         /* false: one of its kind is there */
mspecial *span_remove_special(mspan *s, uint32_t offset, uint8_t kind);    /* NULL if none */
void      heap_for_each_special_span(void (*fn)(mspan *s, void *arg), void *arg);

/* mcentral.c */
void      mcentral_init(mcentral *c, spanclass_t sc);
mspan    *mcentral_cache_span(mcentral *c);
void      mcentral_uncache_span(mcentral *c, mspan *s);
void      mcentral_push(mcentral *c, mspan *s, bool full, bool swept);
void      mcentral_remove(mcentral *c, mspan *s);
mspan    *mcentral_pop_unswept(mcentral *c);

/* mcache.c */
void     *mcache_refill_alloc(struct GolG *g, mcache *c, spanclass_t sc);  /* slow path */
void      mcache_release_all(mcache *c);

/* mbitmap.c */
uint32_t  span_next_free_index(mspan *s);
void      heap_bits_write(uintptr_t base, uintptr_t elemsize, uintptr_t size, const TypeDesc *t);
void      span_init_bits(mspan *s);                         /* fresh span: nothing allocated */

/* mgcsweep.c */
bool      span_sweep(mspan *s, bool preserve);              /* true: the span went back to mheap */
bool      heap_sweep_one(void);                             /* sweep some unswept span */
uintptr_t heap_reclaim(uintptr_t npages);                   /* sweep until npages freed */
void      heap_sweep_credit(uintptr_t span_bytes, uintptr_t caller_pages);   /* proportional */

/* mgcscavenge.c */
void      heap_scavenge_to(uint64_t retain);                /* release idle pages above retain */
uint64_t  heap_scavenge_all(void);
void      heap_scavenge_after_sweep(void);

#endif
