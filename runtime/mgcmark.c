/* runtime/mgcmark.c — marking: finding every object the program can still reach.
 *
 * Tri-colour marking. Every heap object is white (not yet found), grey (found, its pointers not
 * yet followed) or black (found and scanned). The span's mark bit says "found"; the gray queue —
 * an explicit stack of object bases, never C recursion, so a 10-million-node list needs no deep
 * C stack — holds the grey ones. Marking is:
 *
 *   1. roots: every pointer the program holds outside the heap is shaded (gc_mark_ptr):
 *        - globals of every registered module, word by word as Module.globals_ptrmask says;
 *        - every goroutine's frames (below);
 *        - the runtime's C root stack (gc_root_push: C code holding a pointer across an
 *          allocation), the finalizer queue (objects waiting for their finalizer) and the
 *          registered sync.Pools (runtime/pool.c), and the pending timers (runtime/timer.c).
 *   2. drain: pop a grey object, look at each of its words that the span's pointer bitmap
 *      marks as a pointer (heap_is_pointer_word), shade what it points to; until the queue is
 *      empty. Noscan spans (objects without pointers: strings' bytes, []int) are never scanned.
 *
 * The invariant that makes this correct: a black object never points to a white one (a
 * pointer is followed when its holder turns black). With the world stopped nothing changes
 * the graph meanwhile, so when the queue is empty every reachable object is black and every
 * white one is garbage, which the sweeper frees (runtime/mgcsweep.c).
 *
 * Shading a pointer (gc_mark_ptr). A value is resolved with heap_find_object: a pointer into
 * the middle of an object (a slice of an array, &s.f) finds the object's base through the
 * page -> span table; a pointer outside the heap (a string constant, a global, a static
 * closure, the stack) or into a free slot finds nothing and is ignored. So the collector is
 * exact about *where* pointers are, and tolerant about *what* they point to.
 *
 * Walking a goroutine's stack. runtime/traceback.c walks the frames (the same walker serves
 * stack copying and tracebacks); each frame is stopped somewhere its function's StackMap has a
 * bitmap for:
 *   - the innermost frame is stopped at g->pc (saved by the interpreter before it called into
 *     the runtime: NEW, CONCAT...), or is a native (g->pc NULL) whose one map covers its
 *     results, params and continuation wherever it is;
 *   - a caller is stopped inside its call instruction, which ends where the return pc begins:
 *     its map is the one of the last safepoint below the return pc (stackmap_for_caller);
 *   - a frame caught at its entry (stack growth at a call, g->entering) has valid params only:
 *     the params words of map 0.
 * A safepoint without a map is a compiler bug: the collector throws, naming the function and
 * pc, rather than guess. One frame is stopped where no map can be: the innermost frame of a
 * goroutine switched out between safepoints by GOLDEBUG=preempt=random (g->preempted_async,
 * runtime/preempt.c); it is scanned conservatively, as Go scans a frame stopped by an
 * asynchronous preemption. A native or entering frame from a module without maps is scanned
 * conservatively instead (every word that resolves to a heap object keeps it alive — safe,
 * because gol never moves objects).
 *
 * What is counted, for the pacer and gctrace: heap bytes scanned, stack bytes in use
 * (stack_lo up to the end of the innermost frame), and bytes of pointer-holding globals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/mgc.h"
#include "runtime/chan.h"
#include "runtime/mheap.h"
#include "runtime/mstats.h"

GcWork gc_work;

/* the registries live in mgc.c */
extern GolG **gc_gs;
extern size_t gc_ngs;
extern const Module **gc_mods;
extern size_t gc_nmods;
extern void ***gc_roots;
extern size_t gc_nroots;
extern bool gc_verify_mode;

/* ---- verification mode: a second traversal with its own visited set ---- */
typedef struct VisitSet { void **slot; size_t cap, len; } VisitSet;
static VisitSet *gc_visiting;       /* non-NULL while gc_verify_marks traverses */
static bool gc_verify_ok;

static bool gc_visit_add(VisitSet *v, void *p) {
    if ((v->len + 1) * 2 > v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 1024;
        void **ns = calloc(ncap, sizeof *ns);
        if (!ns) gc_throw("gcverify: out of memory");
        for (size_t i = 0; i < v->cap; i++) {
            if (!v->slot[i]) continue;
            size_t h = ((uintptr_t)v->slot[i] >> 3) * 0x9E3779B97F4A7C15ull % ncap;
            while (ns[h]) h = (h + 1) % ncap;
            ns[h] = v->slot[i];
        }
        free(v->slot);
        v->slot = ns;
        v->cap = ncap;
    }
    size_t h = ((uintptr_t)p >> 3) * 0x9E3779B97F4A7C15ull % v->cap;
    while (v->slot[h]) {
        if (v->slot[h] == p) return false;
        h = (h + 1) % v->cap;
    }
    v->slot[h] = p;
    v->len++;
    return true;
}

/* ---- the gray queue ---- */

static void gc_gray_push(void *base, mspan *s) {
    GcWork *w = &gc_work;
    if (w->ngray == w->capgray) {
        size_t ncap = w->capgray ? w->capgray * 2 : 4096;
        GcGray *n = realloc(w->gray, ncap * sizeof *n);
        if (!n) gc_throw("out of memory allocating the gray queue");
        mstats_gc_sys_add((int64_t)((ncap - w->capgray) * sizeof *n));   /* GC metadata: GCSys */
        w->gray = n;
        w->capgray = ncap;
    }
    w->gray[w->ngray++] = (GcGray){ base, s };
}

/* A reachable noscan object must hold no pointer to an object the sweep will free: that is a
 * pointer-holding object allocated as raw bytes (malloc.c's head comment). */
static void gc_verify_noscan(void *base, mspan *s) {
    void *target = NULL;
    long i = heap_verify_noscan_object(base, s, &target);
    if (i >= 0)
        gc_throw("gcverify: noscan object %p (%zu bytes) holds at offset %ld a pointer to %p, an "
                 "object this cycle did not mark: memory that holds pointers was allocated "
                 "without its type (mallocgc_noscan)", base, span_elem_size(s), i * 8, target);
}

void gc_mark_ptr(const void *p) {
    void *base;
    mspan *s;
    uintptr_t idx;
    if (!p || !heap_find_object(p, &base, &s, &idx)) return;
    if (gc_visiting) {
        if (!span_is_marked(s, idx)) {
            fprintf(stderr, "gcverify: reachable object %p (pointer %p, %zu bytes) is not marked\n",
                    base, p, span_elem_size(s));
            gc_verify_ok = false;
        }
        if (gc_visit_add(gc_visiting, base)) {
            if (!span_noscan(s)) gc_gray_push(base, s);
            else gc_verify_noscan(base, s);
        }
        return;
    }
    if (span_mark(s, idx)) {
        gc_work.objects_marked++;
        if (!span_noscan(s)) gc_gray_push(base, s);
    }
}

/* Every pointer word of the object at base (in span s), shaded. */
static void gc_scan_object(void *base, mspan *s) {
    size_t words = span_elem_size(s) / 8;
    void **obj = base;
    for (size_t i = 0; i < words; i++)
        if (heap_is_pointer_word(s, base, i)) gc_mark_ptr(obj[i]);
    gc_work.heap_scan += words * 8;
}

/* The fields of the object at base are shaded; the object itself is not marked. */
void gc_scan_object_fields(void *base) {
    void *b;
    mspan *s;
    uintptr_t idx;
    if (heap_find_object(base, &b, &s, &idx) && !span_noscan(s)) gc_scan_object(b, s);
}

/* Scanning an object means loading it, and a grey object is usually not in the cache: most
 * of marking is waiting for memory. So objects pass through a small FIFO between the gray
 * stack and the scanner: each is prefetched when it enters and scanned GC_PREFETCH_DEPTH
 * objects later, when its memory has had time to arrive (Boehm's and Go's trick). */
#define GC_PREFETCH_DEPTH 8

void gc_mark_drain(void) {
    GcWork *w = &gc_work;
    GcGray ring[GC_PREFETCH_DEPTH];
    unsigned head = 0, n = 0;
    for (;;) {
        while (n < GC_PREFETCH_DEPTH && w->ngray > 0) {
            GcGray o = w->gray[--w->ngray];
            __builtin_prefetch(o.base);
            ring[(head + n++) % GC_PREFETCH_DEPTH] = o;
        }
        if (n == 0) return;
        GcGray o = ring[head];
        head = (head + 1) % GC_PREFETCH_DEPTH;
        n--;
        gc_scan_object(o.base, o.span);
    }
}

/* ---- roots: globals ---- */

static void gc_scan_globals(const Module *m) {
    if (!m->globals || !m->globals_ptrmask) return;
    size_t nwords = (size_t)m->globals_size / 8, last = 0;
    void **words = (void **)m->globals;
    for (size_t i = 0; i < nwords; i++) {
        if (!(m->globals_ptrmask[i / 8] >> (i % 8) & 1)) continue;
        gc_mark_ptr(words[i]);
        last = i + 1;
    }
    gc_work.globals_scan += last * 8;
}

/* ---- roots: stacks ---- */

/* A word a stack map says holds a pointer (with GOLDEBUG=gcverify=1, Go's invalidptr check). */
static void gc_scan_slot(const FuncInfo *f, uint32_t pc, uint8_t *base, size_t i) {
    void *v;
    memcpy(&v, base + 8 * i, sizeof v);
    if (gc_verify_mode && v && (uintptr_t)v < 4096) {
        fprintf(stderr, "runtime: bad pointer in frame %s at pc %u: slot @%zu = %p\n",
                f->name ? f->name : "?", pc, 8 * i, v);
        gc_throw("invalid pointer found on stack");
    }
    gc_mark_ptr(v);
}


/* Every word of [p, p+n) that points into the heap keeps its object alive. */
static void gc_scan_conservative(const uint8_t *p, size_t n) {
    for (size_t i = 0; i + 8 <= n; i += 8) {
        void *v;
        memcpy(&v, p + i, sizeof v);
        gc_mark_ptr(v);
    }
}

/* Every frame of g, innermost first, by its stack map (runtime/traceback.c walks them). A frame
 * without a map where one must be is a compiler bug: the collector throws rather than guess. */
static void gc_scan_stack(GolG *g) {
    stack_shrink_if_idle(g);                /* Go's shrinkstack, before the scan (stack.c) */
    gc_work.stack_size += (uint64_t)(g->stack_hi - g->stack_lo);
    defer_scan(g, gc_mark_ptr);             /* pending deferred calls: func values and params */
    gc_mark_ptr(g->panic_start.data);       /* a panic value on its way to the loop */
    gc_mark_ptr(g->caught_value.data);      /* a panic value a native has caught */
    gc_mark_ptr(g->call_ctx);               /* a new goroutine's func value (runtime/sched.c) */
    chan_scan_waiting(g, gc_mark_ptr);      /* a value in flight on a channel */
    gc_mark_ptr(g->map_writing);            /* a map whose assignment g has not finished */
    if (!g->func || !g->base) return;
    gc_work.stack_scan += (uint64_t)(g->base + g->func->frame_size - g->stack_lo);
    StkFrame fr;
    for (bool ok = frame_first(g, &fr); ok; ok = frame_next(g, &fr)) {
        const FuncInfo *f = fr.fn;
        if (fr.base < g->stack_lo + sizeof(FrameHeader) || fr.base > g->stack_hi)
            gc_throw("gc: frame of %s outside its stack", f->name ? f->name : "?");
        if (fr.innermost && g->preempted_async) {
            /* stopped between safepoints (GOLDEBUG=preempt=random): no map, every word */
            gc_scan_conservative(fr.base, f->frame_size);
            continue;
        }
        uint32_t from, to;
        const uint8_t *bits = frame_pointer_map(&fr, &from, &to);
        if (bits) {
            for (uint32_t i = from; i < to; i++)
                if (bits[i / 8] >> (i % 8) & 1) gc_scan_slot(f, fr.pc, fr.base, i);
        } else if (fr.entering || f->native) {
            /* a frame from a module without maps: its params, word by word */
            uint32_t lo = fr.entering ? f->results_size : 0;
            gc_scan_conservative(fr.base + lo, f->args_size - lo);
        } else {
            gc_throw("gc: no stack map for %s at pc %u (%s)", f->name ? f->name : "?", fr.pc,
                     fr.innermost ? "stopped there" : "a caller, at its return pc");
        }
    }
}

/* ---- all roots ---- */

void gc_mark_roots(void) {
    for (size_t i = 0; i < gc_nmods; i++) gc_scan_globals(gc_mods[i]);
    for (size_t i = 0; i < gc_ngs; i++) gc_scan_stack(gc_gs[i]);
    for (size_t i = 0; i < gc_nroots; i++) gc_mark_ptr(*gc_roots[i]);
    gc_finalizers_scan_roots();
    pool_mark_roots();
    timer_scan(gc_mark_ptr);                /* pending Timers and Tickers (runtime/timer.c) */
}

/* After the drain: everything reachable from the roots must be marked. A second traversal
 * with its own visited set checks the first one (the queue, the bitmaps, the stack walk). */
bool gc_verify_marks(void) {
    VisitSet set = {0};
    GcWork saved = gc_work;
    gc_work.ngray = 0;
    gc_visiting = &set;
    gc_verify_ok = true;
    gc_mark_roots();
    gc_mark_drain();
    gc_visiting = NULL;
    free(set.slot);
    saved.gray = gc_work.gray;
    saved.capgray = gc_work.capgray;
    saved.ngray = 0;
    gc_work = saved;
    return gc_verify_ok;
}
