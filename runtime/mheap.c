/* runtime/mheap.c — the page heap: the arena, the page -> span table, free page runs
 * (see malloc.c for the whole allocation path).
 *
 * The arena. At start the heap reserves one large range of address space (64 GiB, or less if
 * the machine refuses: halved down to 256 MiB; at 0xc000000000 when it is free, as Go's first
 * arena) with mmap(PROT_NONE): reserving costs nothing,
 * no memory is behind it. The heap uses it from the bottom up; arena_used is the high-water
 * mark. When no free page run is big enough, mheap_grow commits the next piece (at least
 * 512 KiB) with mprotect(PROT_READ|PROT_WRITE) and counts it in HeapSys. The kernel gives the
 * memory only when a page is first touched, and it is zero.
 *
 * Pages and spans. The arena is cut into 8 KiB pages (the heap's page, not the OS's). Every
 * page belongs to at most one span, and heap.spans[page] says which: for an in-use span every
 * one of its pages points at it, so any address -- an interior pointer too -- finds its object's
 * span in O(1) (heap_find_object). For a free run only the first and last pages point at its
 * descriptor (that is all coalescing needs); pages inside a free run read NULL.
 *
 * The metadata beside the arena is reserved the same way and committed as the arena grows,
 * and counted in MemStats.GCSys: the page table (8 bytes per page), the heap bitmap (1 bit per
 * 8-byte word: is it a pointer slot, mbitmap.c) and the released bitmap (1 bit per page: was
 * it returned to the OS, mgcscavenge.c).
 *
 * Free page runs. Go 1.11's mheap: free runs of n < 128 pages wait on free[n], one list per
 * length; longer runs on free_large. mheap_alloc takes the best fit -- the first non-empty
 * free[n] from n upward, else the smallest large run, lowest address on ties -- and splits off
 * what it does not need, which stays free. mheap_free gives a span's pages back and coalesces
 * them at once with a free neighbour on either side (found through the page table), so two
 * adjacent free runs never exist: heap_verify checks it. Go 1.14+ replaced the lists with a
 * radix tree of bitmaps that scales to many threads; the lists are the simpler idea and a
 * single-threaded heap gains nothing from the tree.
 *
 * Each free run remembers whether its pages may hold old data (needzero) and how many of its
 * pages the scavenger released (npreleased). Allocating released pages "reacquires" them:
 * they leave HeapReleased (the released bitmap says which ones they are).
 *
 * Descriptors. mspan structs come from a fixed-size pool (Go's fixalloc): 16 KiB chunks from
 * mmap, a free list of returned descriptors; MSpanSys counts the chunks, MSpanInuse the
 * descriptors in use. The per-span mark/alloc bitmaps come from a second pool counted in GCSys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "runtime/runtime.h"
#include "runtime/malloc.h"
#include "runtime/mprof.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

mheap heap;
mspan span_empty;

#define ARENA_MAX        ((uintptr_t)64 << 30)
#define ARENA_MIN        ((uintptr_t)256 << 20)
#define GROW_MIN_PAGES   64                  /* commit at least 512 KiB at a time */
#define META_ROUND       ((uintptr_t)65536)  /* metadata commit granularity */
#define FREE_LISTS       128
#define FIXALLOC_CHUNK   16384

static mspan *free_small[FREE_LISTS];        /* free runs of exactly n pages */
static mspan *free_large;                    /* runs of FREE_LISTS pages or more */
static uintptr_t meta_committed;             /* metadata bytes committed for arena_used */
static bool heap_ready;

/* ---- fixalloc: fixed-size descriptors from 16 KiB chunks ---- */
typedef struct FixAlloc {
    size_t size;
    void *list;                 /* returned items, linked through their first word */
    uint8_t *chunk;
    size_t nchunk;              /* bytes left in chunk */
    uint64_t *inuse, *sys;      /* the MemStats pair it feeds */
} FixAlloc;

static void *sys_alloc(size_t n) {
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) rt_fatal(NULL, "runtime: out of memory");
    return p;
}

static void *fixalloc_alloc(FixAlloc *f) {
    void *p;
    if (f->list) {
        p = f->list;
        f->list = *(void **)p;
        memset(p, 0, f->size);
    } else {
        if (f->nchunk < f->size) {
            f->chunk = sys_alloc(FIXALLOC_CHUNK);
            f->nchunk = FIXALLOC_CHUNK;
            *f->sys += FIXALLOC_CHUNK;
        }
        p = f->chunk;                        /* fresh mmap memory: already zero */
        f->chunk += f->size;
        f->nchunk -= f->size;
    }
    *f->inuse += f->size;
    return p;
}

static void fixalloc_free(FixAlloc *f, void *p) {
    *(void **)p = f->list;
    f->list = p;
    *f->inuse -= f->size;
}

static uint64_t spanbits_inuse;              /* part of GCSys: counted through gc_sys */
static FixAlloc span_pool = {sizeof(mspan), 0, 0, 0, &heap_stats.mspan_inuse, &heap_stats.mspan_sys};
static FixAlloc bits_pool = {sizeof(SpanBits), 0, 0, 0, &spanbits_inuse, &heap_stats.gc_sys};

static mspan *span_new(void) { return fixalloc_alloc(&span_pool); }

static void span_dispose(mspan *s) {
    if (s->bits) fixalloc_free(&bits_pool, s->bits);
    s->state = SPAN_DEAD;
    fixalloc_free(&span_pool, s);
}

/* ---- the arena and its metadata ---- */
static void *sys_reserve_at(void *hint, size_t n) {
    void *p = mmap(hint, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void *sys_reserve(size_t n) { return sys_reserve_at(NULL, n); }

/* Go on linux/amd64 asks for its first heap arena at 0x00c000000000 (mallocinit's arena hints),
 * which is why Go's heap pointers print as 0xc000012345. The arena asks for the same address,
 * so that gol's %p and pointer output look like Go's. It is only a hint: when the range is
 * taken (a sanitizer's shadow memory, say), the kernel places the arena elsewhere. */
#define ARENA_HINT ((void *)(uintptr_t)0x00c000000000)

static void sys_commit(void *p, size_t n) {
    if (mprotect(p, n, PROT_READ | PROT_WRITE) != 0) rt_fatal(NULL, "runtime: out of memory");
}

void mheap_init(void) {
    if (heap_ready) return;
    heap_ready = true;
    mcache0.nextSample = mprof_next_sample();      /* the heap profile's first sampling point */
    uintptr_t size = ARENA_MAX;
    void *p = NULL;
    for (; size >= ARENA_MIN; size >>= 1)
        if ((p = sys_reserve_at(ARENA_HINT, size + PAGE_SIZE)) != NULL) break;
    if (p == NULL) rt_fatal(NULL, "runtime: cannot reserve arena virtual address space");
    heap.arena_start = ((uintptr_t)p + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    heap.arena_end = heap.arena_start + size;
    heap.arena_used = heap.arena_start;
    uintptr_t npages = size >> PAGE_SHIFT;
    heap.spans = sys_reserve(npages * sizeof(mspan *));
    heap.heap_bitmap = sys_reserve(size / 64);
    heap.released = sys_reserve(npages / 8 + 8);
    if (!heap.spans || !heap.heap_bitmap || !heap.released)
        rt_fatal(NULL, "runtime: cannot reserve arena virtual address space");
    heap.sweepgen = 2;          /* so that sweepgen - 2 never wraps */
    for (int c = 0; c < NUM_SPAN_CLASSES; c++) mcentral_init(&heap.central[c], (spanclass_t)c);
    for (int c = 0; c < NUM_SPAN_CLASSES; c++) mcache0.alloc[c] = &span_empty;
    heap_stats.mcache_inuse = heap_stats.mcache_sys = sizeof(mcache);
}

/* Commits the metadata describing the arena up to `used` bytes (in 4 MiB steps). */
static uintptr_t meta_done[3];

static void meta_commit(int i, void *base, uintptr_t need) {
    need = (need + 4095) & ~(uintptr_t)4095;
    if (need <= meta_done[i]) return;
    sys_commit((uint8_t *)base + meta_done[i], need - meta_done[i]);
    heap_stats.gc_sys += need - meta_done[i];
    meta_done[i] = need;
}

static void mheap_commit_meta(uintptr_t used) {
    uintptr_t covered = ((used - heap.arena_start) + ((uintptr_t)4 << 20) - 1) & ~(((uintptr_t)4 << 20) - 1);
    if (covered > heap.arena_end - heap.arena_start) covered = heap.arena_end - heap.arena_start;
    if (covered <= meta_committed) return;
    uintptr_t pages = covered >> PAGE_SHIFT;
    meta_commit(0, heap.spans, pages * sizeof(mspan *));
    meta_commit(1, heap.heap_bitmap, covered / 64);
    meta_commit(2, heap.released, pages / 8 + 8);
    meta_committed = covered;
}

/* ---- free page runs ---- */
static mspan **free_list_for(uintptr_t npages) {
    return npages < FREE_LISTS ? &free_small[npages] : &free_large;
}

static void free_list_insert(mspan *s) {
    mspan **head = free_list_for(s->npages);
    s->prev = NULL;
    s->next = *head;
    if (*head) (*head)->prev = s;
    *head = s;
    s->list = SL_FREE;
}

static void free_list_remove(mspan *s) {
    if (s->prev) s->prev->next = s->next;
    else *free_list_for(s->npages) = s->next;
    if (s->next) s->next->prev = s->prev;
    s->next = s->prev = NULL;
    s->list = SL_NONE;
}

static uintptr_t page_index(uintptr_t addr) { return (addr - heap.arena_start) >> PAGE_SHIFT; }

/* Marks s as a free run in the page table: first and last page only. */
static void free_run_publish(mspan *s) {
    uintptr_t p = page_index(s->startAddr);
    heap.spans[p] = s;
    heap.spans[p + s->npages - 1] = s;
}

/* Adds the pages of s (state SPAN_FREE, not on a list) to the free runs, merging neighbours. */
static void free_run_insert_coalesced(mspan *s) {
    uintptr_t p = page_index(s->startAddr);
    if (p > 0) {
        mspan *left = heap.spans[p - 1];
        if (left && left->state == SPAN_FREE) {
            free_list_remove(left);
            heap.spans[p - 1] = NULL;
            heap.spans[p] = NULL;
            s->startAddr = left->startAddr;
            s->npages += left->npages;
            s->npreleased += left->npreleased;
            s->needzero |= left->needzero;
            span_dispose(left);
        }
    }
    uintptr_t end = page_index(s->startAddr) + s->npages;
    if (s->startAddr + s->npages * PAGE_SIZE < heap.arena_used) {
        mspan *right = heap.spans[end];
        if (right && right->state == SPAN_FREE) {
            free_list_remove(right);
            heap.spans[end - 1] = NULL;
            heap.spans[end] = NULL;
            s->npages += right->npages;
            s->npreleased += right->npreleased;
            s->needzero |= right->needzero;
            span_dispose(right);
        }
    }
    free_run_publish(s);
    free_list_insert(s);
}

/* Commits at least npages more of the arena and adds them as a free run. */
static bool mheap_grow(uintptr_t npages) {
    if (npages < GROW_MIN_PAGES) npages = GROW_MIN_PAGES;
    uintptr_t bytes = npages << PAGE_SHIFT;
    if (heap.arena_end - heap.arena_used < bytes) {
        bytes = heap.arena_end - heap.arena_used;
        if (bytes == 0) return false;
    }
    mheap_commit_meta(heap.arena_used + bytes);
    sys_commit((void *)heap.arena_used, bytes);
    HEAP_POISON(heap.arena_used, bytes);
    heap_stats.heap_sys += bytes;
    mspan *s = span_new();
    s->startAddr = heap.arena_used;
    s->npages = bytes >> PAGE_SHIFT;
    s->state = SPAN_FREE;
    s->needzero = false;                 /* fresh from the OS */
    heap.arena_used += bytes;
    free_run_insert_coalesced(s);
    return true;
}

static mspan *free_run_find(uintptr_t npages) {
    for (uintptr_t n = npages; n < FREE_LISTS; n++)
        if (free_small[n]) return free_small[n];
    mspan *best = NULL;
    for (mspan *s = free_large; s; s = s->next)
        if (s->npages >= npages && (!best || s->npages < best->npages ||
                                    (s->npages == best->npages && s->startAddr < best->startAddr)))
            best = s;
    return best;
}

/* Pages [p, p+n) leave the released set; returns how many were released. */
static uintptr_t mheap_reacquire(uintptr_t p, uintptr_t n) {
    uintptr_t count = 0;
    for (uintptr_t i = p; i < p + n; i++)
        if (bits_get(heap.released, i)) {
            heap.released[i >> 6] &= ~((uint64_t)1 << (i & 63));
            count++;
        }
    heap.pages_released -= count;
    return count;
}

void mheap_set_released(uintptr_t page, bool on) {
    bool was = bits_get(heap.released, page);
    if (on && !was) { bits_set(heap.released, page); heap.pages_released++; }
    if (!on && was) { heap.released[page >> 6] &= ~((uint64_t)1 << (page & 63)); heap.pages_released--; }
}

/* Takes npages from the free runs (growing the arena if needed) as a span of class sc. */
mspan *mheap_alloc(uintptr_t npages, spanclass_t sc) {
    mheap_init();
    mspan *s = free_run_find(npages);
    if (s == NULL && heap.unswept > 0) {            /* Go's reclaim: sweep before growing */
        heap_reclaim(npages);
        s = free_run_find(npages);
    }
    if (s == NULL) {
        if (!mheap_grow(npages)) rt_fatal(NULL, "runtime: out of memory");
        s = free_run_find(npages);
        if (s == NULL) rt_fatal(NULL, "runtime: out of memory");
    }
    free_list_remove(s);
    uintptr_t p = page_index(s->startAddr);
    heap.spans[p] = heap.spans[p + s->npages - 1] = NULL;
    uintptr_t got_released = mheap_reacquire(p, npages);
    if (s->npages > npages) {                        /* split: the tail stays free */
        mspan *rest = span_new();
        rest->startAddr = s->startAddr + npages * PAGE_SIZE;
        rest->npages = s->npages - npages;
        rest->state = SPAN_FREE;
        rest->needzero = s->needzero;
        rest->npreleased = s->npreleased - (uint32_t)got_released;
        free_run_publish(rest);
        free_list_insert(rest);
        s->npages = npages;
    }
    for (uintptr_t i = 0; i < npages; i++) heap.spans[p + i] = s;
    s->npreleased = 0;
    s->state = SPAN_IN_USE;
    s->spanclass = sc;
    s->list = SL_NONE;
    s->sweepgen = heap.sweepgen;
    int sizeclass = span_class_size(sc);
    if (sizeclass == 0) {
        s->elemsize = npages * PAGE_SIZE;
        s->nelems = 1;
        s->divmagic = 0;
    } else {
        s->elemsize = class_to_size[sizeclass];
        s->nelems = (uint32_t)(npages * PAGE_SIZE / s->elemsize);
        s->divmagic = class_to_divmagic[sizeclass];
    }
    if (s->bits == NULL) s->bits = fixalloc_alloc(&bits_pool);
    span_init_bits(s);
    heap.pages_inuse += npages;
    return s;
}

/* Returns an in-use span's pages to the free runs. The slots may hold old data now. */
void mheap_free(mspan *s) {
    uintptr_t p = page_index(s->startAddr);
    HEAP_POISON(s->startAddr, s->npages * PAGE_SIZE);
    for (uintptr_t i = 0; i < s->npages; i++) heap.spans[p + i] = NULL;
    heap.pages_inuse -= s->npages;
    if (s->bits) { fixalloc_free(&bits_pool, s->bits); s->bits = NULL; }
    s->allocBits = s->gcmarkBits = NULL;
    s->state = SPAN_FREE;
    s->needzero = true;
    s->npreleased = 0;
    s->nelems = s->allocCount = s->freeindex = 0;
    free_run_insert_coalesced(s);
}

/* Calls fn on every free run -- the large ones first, then by length, longest first -- until
 * it returns false. The scavenger releases from the biggest runs. */
void mheap_for_each_free_run(bool (*fn)(mspan *s, void *arg), void *arg) {
    for (mspan *s = free_large, *next; s; s = next) { next = s->next; if (!fn(s, arg)) return; }
    for (int len = FREE_LISTS - 1; len > 0; len--)
        for (mspan *s = free_small[len], *next; s; s = next) { next = s->next; if (!fn(s, arg)) return; }
}

/* ---- objects, for the collector (mheap.h) ---- */
bool heap_find_object(const void *p, void **base, mspan **span, uintptr_t *index) {
    uintptr_t a = (uintptr_t)p;
    mspan *s = mheap_span_of(a);
    if (s == NULL || s->state != SPAN_IN_USE) return false;
    uintptr_t off = a - s->startAddr;
    uintptr_t i = s->divmagic ? (uintptr_t)(((uint64_t)off * s->divmagic) >> 32) : 0;
    if (i >= s->nelems || span_is_free(s, i)) return false;
    if (base) *base = (void *)(s->startAddr + i * s->elemsize);
    if (span) *span = s;
    if (index) *index = i;
    return true;
}

bool span_mark(mspan *s, uintptr_t index) {
    uint64_t *w = &s->gcmarkBits[index >> 6], bit = (uint64_t)1 << (index & 63);
    if (*w & bit) return false;
    *w |= bit;
    return true;
}

bool   span_is_marked(const mspan *s, uintptr_t index) { return bits_get(s->gcmarkBits, index); }
bool   span_noscan(const mspan *s) { return span_class_noscan(s->spanclass); }
size_t span_elem_size(const mspan *s) { return s->elemsize; }

/* ---- specials (Go's addspecial / removespecial) ---- */

/* The link that points at s's first special at or after (offset, kind): the list is sorted. */
mspecial **span_find_special(mspan *s, uint32_t offset, uint8_t kind) {
    mspecial **link = &s->specials;
    while (*link && ((*link)->offset < offset || ((*link)->offset == offset && (*link)->kind < kind)))
        link = &(*link)->next;
    return link;
}

bool span_add_special(mspan *s, mspecial *sp) {
    mspecial **link = span_find_special(s, sp->offset, sp->kind);
    if (*link && (*link)->offset == sp->offset && (*link)->kind == sp->kind) return false;
    sp->next = *link;
    *link = sp;
    heap.nspecials++;
    return true;
}

mspecial *span_remove_special(mspan *s, uint32_t offset, uint8_t kind) {
    mspecial **link = span_find_special(s, offset, kind);
    mspecial *sp = *link;
    if (!sp || sp->offset != offset || sp->kind != kind) return NULL;
    *link = sp->next;
    sp->next = NULL;
    heap.nspecials--;
    return sp;
}

/* Calls fn on every in-use span that has specials: they are all in an mcentral or the mcache.
 * fn may remove specials but must not move the span. Costs nothing when there are none. */
void heap_for_each_special_span(void (*fn)(mspan *s, void *arg), void *arg) {
    if (heap.nspecials == 0) return;
    for (int c = 0; c < NUM_SPAN_CLASSES; c++) {
        mcentral *mc = &heap.central[c];
        mspan *heads[4] = {mc->partial[0], mc->partial[1], mc->full[0], mc->full[1]};
        for (int k = 0; k < 4; k++)
            for (mspan *s = heads[k]; s; s = s->next)
                if (s->specials) fn(s, arg);
        mspan *s = mcache0.alloc[c];
        if (s != &span_empty && s->specials) fn(s, arg);
    }
}

/* ---- verification ---- */
static int verify_errors;

static void verify_fail(const mspan *s, const char *what) {
    if (verify_errors++ < 20)
        fprintf(stderr, "heap_verify: span %p [%#lx, +%lu pages) class %d: %s\n", (const void *)s,
                (unsigned long)s->startAddr, (unsigned long)s->npages, s->spanclass, what);
}

static int popcount_range(const uint64_t *b, uint32_t from, uint32_t to) {
    int n = 0;
    for (uint32_t i = from; i < to; i++) n += bits_get(b, i);
    return n;
}

static void verify_in_use(mspan *s) {
    uint32_t sg = heap.sweepgen;
    if (s->nelems == 0 || s->nelems > MAX_SPAN_ELEMS) verify_fail(s, "bad nelems");
    if (s->freeindex > s->nelems) verify_fail(s, "freeindex beyond nelems");
    if ((uint32_t)(s->freeindex + popcount_range(s->allocBits, s->freeindex, s->nelems)) != s->allocCount)
        verify_fail(s, "allocCount does not match the alloc bits");
    bool swept = s->sweepgen == sg;
    if (swept)
        for (uint32_t i = 0; i < s->nelems; i++)
            if (span_is_marked(s, i) && span_is_free(s, i)) verify_fail(s, "mark bit on a free slot");
    for (uintptr_t i = 0; i < s->npages; i++)
        if (heap.spans[page_index(s->startAddr) + i] != s) verify_fail(s, "page table entry wrong");
    for (mspecial *sp = s->specials; sp; sp = sp->next) {
        if (sp->offset >= s->npages * PAGE_SIZE) verify_fail(s, "special beyond the span");
        if (sp->next && (sp->next->offset < sp->offset ||
                         (sp->next->offset == sp->offset && sp->next->kind <= sp->kind)))
            verify_fail(s, "specials not sorted by offset");
        uint32_t i = s->divmagic ? (uint32_t)(((uint64_t)sp->offset * s->divmagic) >> 32) : 0;
        if (swept && span_is_free(s, i)) verify_fail(s, "special on a free slot");
    }
    int idx = (int)(sg / 2 % 2);
    bool full = s->allocCount == s->nelems;
    switch (s->list) {
    case SL_CACHED:
        if (mcache0.alloc[s->spanclass] != s) verify_fail(s, "marked cached but not in the mcache");
        if (s->sweepgen != sg + 3) verify_fail(s, "cached span with sweepgen != h+3");
        break;
    case SL_PARTIAL0: case SL_PARTIAL1:
        if ((s->list - SL_PARTIAL0 == idx) != swept) verify_fail(s, "partial set does not match sweepgen");
        if (swept && full) verify_fail(s, "full span in a swept partial set");
        if (!swept && s->sweepgen != sg - 2) verify_fail(s, "unswept span with sweepgen != h-2");
        break;
    case SL_FULL0: case SL_FULL1:
        if ((s->list - SL_FULL0 == idx) != swept) verify_fail(s, "full set does not match sweepgen");
        if (swept && !full) verify_fail(s, "span with free slots in a swept full set");
        if (!swept && s->sweepgen != sg - 2) verify_fail(s, "unswept span with sweepgen != h-2");
        break;
    default:
        verify_fail(s, "in-use span on no list");
    }
}

bool heap_verify(void) {
    mheap_init();
    verify_errors = 0;
    uintptr_t npages = (heap.arena_used - heap.arena_start) >> PAGE_SHIFT, inuse = 0, released = 0;
    uintptr_t freeruns = 0;
    bool prev_free = false;
    for (uintptr_t p = 0; p < npages;) {
        mspan *s = heap.spans[p];
        if (s == NULL || s->startAddr != heap.arena_start + (p << PAGE_SHIFT) || s->npages == 0) {
            fprintf(stderr, "heap_verify: page %lu starts no span\n", (unsigned long)p);
            verify_errors++;
            break;
        }
        if (s->state == SPAN_IN_USE) { verify_in_use(s); inuse += s->npages; prev_free = false; }
        else if (s->state == SPAN_FREE) {
            if (prev_free) verify_fail(s, "two adjacent free runs (not coalesced)");
            if (s->list != SL_FREE) verify_fail(s, "free run not on a free list");
            if (s->specials) verify_fail(s, "free run with specials");
            if (heap.spans[p + s->npages - 1] != s) verify_fail(s, "free run's last page not mapped");
            for (uintptr_t i = 1; i + 1 < s->npages; i++)
                if (heap.spans[p + i] != NULL) { verify_fail(s, "stale page entry inside a free run"); break; }
            uintptr_t r = 0;
            for (uintptr_t i = 0; i < s->npages; i++) r += bits_get(heap.released, p + i);
            if (r != s->npreleased) verify_fail(s, "npreleased does not match the released bits");
            released += r;
            freeruns++;
            prev_free = true;
        } else { verify_fail(s, "dead span in the page table"); break; }
        p += s->npages;
    }
    if (inuse != heap.pages_inuse) {
        fprintf(stderr, "heap_verify: pages_inuse %lu, page table says %lu\n",
                (unsigned long)heap.pages_inuse, (unsigned long)inuse);
        verify_errors++;
    }
    if (released != heap.pages_released) {
        fprintf(stderr, "heap_verify: pages_released %lu, free runs hold %lu\n",
                (unsigned long)heap.pages_released, (unsigned long)released);
        verify_errors++;
    }
    uintptr_t listed = 0;
    for (int n = 0; n < FREE_LISTS; n++)
        for (mspan *s = free_small[n]; s; s = s->next) {
            listed++;
            if (s->npages != (uintptr_t)n) verify_fail(s, "on the wrong free list");
        }
    for (mspan *s = free_large; s; s = s->next) {
        listed++;
        if (s->npages < FREE_LISTS) verify_fail(s, "small run on the large free list");
    }
    if (listed != freeruns) {
        fprintf(stderr, "heap_verify: %lu runs on free lists, %lu in the page table\n",
                (unsigned long)listed, (unsigned long)freeruns);
        verify_errors++;
    }
    for (int c = 0; c < NUM_SPAN_CLASSES; c++) {
        mcentral *mc = &heap.central[c];
        mspan *heads[4] = {mc->partial[0], mc->partial[1], mc->full[0], mc->full[1]};
        for (int k = 0; k < 4; k++)
            for (mspan *s = heads[k]; s; s = s->next) {
                if (s->spanclass != c) verify_fail(s, "in another class's mcentral");
                if (s->list != SL_PARTIAL0 + k) verify_fail(s, "list tag does not match its set");
                if (s->state != SPAN_IN_USE) verify_fail(s, "not in use but in an mcentral");
            }
    }
    return verify_errors == 0;
}

/* Reads the noscan object word by word (it is never scanned, so nothing it holds was marked):
 * a word that finds an allocated, unmarked object is a pointer the collector could not see. */
long heap_verify_noscan_object(void *base, mspan *s, void **target) {
    size_t words = span_elem_size(s) / 8;
    const uintptr_t *w = base;
    for (size_t i = 0; i < words; i++) {
        void *obj;
        mspan *ts;
        uintptr_t idx;
        if (w[i] < 4096 || !heap_find_object((const void *)w[i], &obj, &ts, &idx)) continue;
        if (span_is_marked(ts, idx)) continue;
        if (target) *target = obj;
        return (long)i;
    }
    return -1;
}

/* Calls fn on every in-use small-object span (the mcentrals' lists and the mcache's current
 * spans), for the REPL's :heap table. Large objects are counted in heap_stats instead. */
void heap_for_each_small_span(void (*fn)(const mspan *s, void *arg), void *arg) {
    for (int c = 2; c < NUM_SPAN_CLASSES; c++) {
        mcentral *mc = &heap.central[c];
        mspan *heads[4] = {mc->partial[0], mc->partial[1], mc->full[0], mc->full[1]};
        for (int k = 0; k < 4; k++)
            for (mspan *s = heads[k]; s; s = s->next)
                if (s->state == SPAN_IN_USE) fn(s, arg);
        mspan *s = mcache0.alloc[c];
        if (s != &span_empty && s->state == SPAN_IN_USE) fn(s, arg);
    }
}
