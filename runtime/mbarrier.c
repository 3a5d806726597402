/* runtime/mbarrier.c — the write barrier point, and the mode that proves every store uses it.
 *
 * Why a barrier. A collector that marks while the program runs (the incremental collector gol
 * is built to receive; Go's is concurrent) must hear about every pointer the program writes
 * into memory it has already scanned, or a black object could come to point at a white one
 * that is then freed. Go's answer is the hybrid barrier (go-runtime-facts.md §2.9):
 *
 *     writePointer(slot, ptr): shade(*slot); shade(ptr); *slot = ptr
 *
 * applied to every pointer store into the heap and the globals, and to stores through a
 * pointer that may point into a stack or into another goroutine's frames; stores into the
 * running goroutine's own frames need none, since stacks are scanned once per cycle. The
 * barrier only has work while marking (Go's writeBarrier.enabled): otherwise a store costs one
 * flag test. gol's collector stops the world today, so the flag is off except under wbcheck.
 *
 * The one point. For the barrier to be added in one place, every such store must already go
 * through one:
 *   - the interpreter's pointer stores are their own opcodes (ST_PTR, ST_TYPED, SLICE_ST_PTR,
 *     COPYSLICE_TYPED: vm/opcodes.h), which call wb_store_ptr / typedmemmove(_n);
 *   - the runtime copies pointer-holding memory only with typedmemmove and typedmemmove_n
 *     (Go's typedmemmove, typedslicecopy) and stores single pointers
 *     with wb_store_ptr. A fresh object's first contents count too (Go's growslice runs
 *     bulkBarrierPreWriteSrcOnly over the new array).
 *
 * GOLDEBUG=wbcheck=1 proves the set complete. It keeps a shadow copy of every heap and global
 * pointer slot that only two things write: the barrier (wb_slow) and allocation (a new object's
 * shadow takes its initial bytes). At each collection, before marking, every pointer slot of
 * every allocated object and of the globals is compared with its shadow: a slot that differs
 * was written around the barrier, and the collector reports each one and stops (fatal error).
 * The golden suite runs clean under it (make test). The shadow of the heap is a second
 * reservation as large as the arena (MAP_NORESERVE: only touched pages cost memory), at the
 * same offset; the globals' shadows are per module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mspan.h"

bool wb_enabled;

/* ---- the barrier ---- */

static bool wbc_on;
static uint8_t *wbc_heap_shadow;            /* shadow of [arena_start, arena_end) */

typedef struct WbcGlobals { const uint8_t *base; size_t size; uint8_t *shadow; } WbcGlobals;
static WbcGlobals *wbc_globals;
static size_t wbc_nglobals;

static void **wbc_shadow_of(void **slot) {
    uintptr_t p = (uintptr_t)slot;
    if (wbc_heap_shadow && p >= heap.arena_start && p < heap.arena_end)
        return (void **)(wbc_heap_shadow + (p - heap.arena_start));
    for (size_t i = 0; i < wbc_nglobals; i++) {
        WbcGlobals *w = &wbc_globals[i];
        if (p >= (uintptr_t)w->base && p < (uintptr_t)w->base + w->size)
            return (void **)(w->shadow + (p - (uintptr_t)w->base));
    }
    return NULL;                            /* a stack or C memory: nothing to shadow */
}

void wb_slow(void **slot, void *ptr) {
    if (wbc_on) {
        void **sh = wbc_shadow_of(slot);
        if (sh) *sh = ptr;
    }
}

/* ---- typed copies ---- */

/* The barrier half of a bulk copy, before the memmove (Go's bulkBarrierPreWrite): n values of
 * type t are about to be copied from src to dst; every pointer slot of dst goes through the
 * barrier with the value it will hold, all before the copy, so overlapping copies are right. */
static void wb_bulk_prewrite(const TypeDesc *t, void *dst, const void *src, size_t n) {
    if (!wb_enabled || t == NULL || t->ptrdata == 0 || n == 0) return;
    size_t words = (size_t)t->ptrdata / 8;
    for (size_t e = 0; e < n; e++) {
        uint8_t *d = (uint8_t *)dst + e * (size_t)t->size;
        const uint8_t *s = src ? (const uint8_t *)src + e * (size_t)t->size : NULL;
        for (size_t w = 0; w < words; w++) {
            if (!(t->ptrmask[w / 8] >> (w % 8) & 1)) continue;
            void *v = NULL;
            if (s) memcpy(&v, s + 8 * w, sizeof v);
            wb_slow((void **)(d + 8 * w), v);
        }
    }
}

void typedmemmove_n(const TypeDesc *t, void *dst, const void *src, size_t n) {
    if (dst == src || n == 0 || t->size == 0) return;
    wb_bulk_prewrite(t, dst, src, n);
    memmove(dst, src, n * (size_t)t->size);
}

void typedmemmove(const TypeDesc *t, void *dst, const void *src) {
    typedmemmove_n(t, dst, src, 1);
}

void typedmemclr(const TypeDesc *t, void *dst) {
    if (t->size == 0) return;
    wb_bulk_prewrite(t, dst, NULL, 1);      /* every pointer slot is about to hold nil */
    memset(dst, 0, (size_t)t->size);
}

/* ---- GOLDEBUG=wbcheck=1 ---- */

bool wbcheck_enabled(void) { return wbc_on; }

void wbcheck_init(void) {
    if (wbc_on || gc_godebug_value(getenv("GOLDEBUG"), "wbcheck") != 1) return;
    size_t size = heap.arena_end - heap.arena_start;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) gc_throw("wbcheck: cannot reserve the shadow heap");
    wbc_heap_shadow = p;
    wbc_on = true;
    wb_enabled = true;
}

void wbcheck_note_alloc(void *obj, size_t size) {
    void **sh = wbc_shadow_of(obj);
    if (sh) memcpy(sh, obj, size);
}

void wbcheck_note_globals(const void *g, size_t size, bool add) {
    if (!wbc_on || g == NULL) return;
    if (!add) {
        for (size_t i = 0; i < wbc_nglobals; i++) {
            if (wbc_globals[i].base != g) continue;
            free(wbc_globals[i].shadow);
            wbc_globals[i] = wbc_globals[--wbc_nglobals];
            return;
        }
        return;
    }
    WbcGlobals *ng = realloc(wbc_globals, (wbc_nglobals + 1) * sizeof *ng);
    uint8_t *sh = malloc(size ? size : 1);
    if (!ng || !sh) gc_throw("wbcheck: out of memory");
    memcpy(sh, g, size);
    wbc_globals = ng;
    wbc_globals[wbc_nglobals++] = (WbcGlobals){ g, size, sh };
}

enum { WBC_MAX_REPORTS = 20 };
static size_t wbc_bad;

static void wbc_compare(void **slot, const char *what, const void *obj, size_t word) {
    void **sh = wbc_shadow_of(slot);
    if (!sh || *sh == *slot) return;
    if (wbc_bad++ < WBC_MAX_REPORTS)
        fprintf(stderr, "wbcheck: %s %p word %zu (slot %p) = %p, but the barrier last stored %p\n",
                what, obj, word, (void *)slot, *slot, *sh);
}

static void wbc_verify_span(mspan *s) {
    if (span_noscan(s)) return;
    for (uint32_t i = 0; i < s->nelems; i++) {
        if (span_is_free(s, i)) continue;
        uint8_t *base = (uint8_t *)(s->startAddr + (uintptr_t)i * s->elemsize);
        size_t nwords = s->elemsize / 8;
        for (size_t w = 0; w < nwords; w += 64)
            for (uint64_t m = heap_pointer_bits64(s, base, w); m; m &= m - 1) {
                size_t word = w + (size_t)__builtin_ctzll(m);
                wbc_compare((void **)(base + 8 * word), "object", base, word);
            }
    }
}

void wbcheck_verify(void) {
    if (!wbc_on) return;
    wbc_bad = 0;
    for (uintptr_t p = heap.arena_start; p < heap.arena_used;) {
        mspan *s = heap.spans[(p - heap.arena_start) >> PAGE_SHIFT];
        if (s == NULL || s->startAddr != p) { p += PAGE_SIZE; continue; }
        if (s->state == SPAN_IN_USE) wbc_verify_span(s);
        p += s->npages << PAGE_SHIFT;
    }
    extern const Module **gc_mods;
    extern size_t gc_nmods;
    for (size_t i = 0; i < gc_nmods; i++) {
        const Module *m = gc_mods[i];
        if (!m->globals || !m->globals_ptrmask) continue;
        for (size_t w = 0; w < (size_t)m->globals_size / 8; w++)
            if (m->globals_ptrmask[w / 8] >> (w % 8) & 1)
                wbc_compare((void **)(m->globals + 8 * w), "globals", m->globals, w);
    }
    if (wbc_bad) gc_throw("wbcheck: %zu pointer slots were written without the write barrier", wbc_bad);
}
