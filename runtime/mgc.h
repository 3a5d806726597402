/* runtime/mgc.h — the collector's interface to the rest of the runtime (issue 3 contract).
 *
 * mallocgc calls gc_alloc_notify when it refills a span or allocates a large object; it may run a whole stop-the-world cycle
 * right there (gol runs one OS thread, so "stop the world" means: the goroutine that allocates
 * is at a safepoint whose position is saved in g->pc/g->base, and every other goroutine is
 * parked at a safepoint too). Roots are exact: module globals (Module.globals_ptrmask), every
 * goroutine's frames via their stack maps, and the C root stack below.
 *
 * Who implements what: mgc.c the cycle, registration, the C root stack, statistics and gctrace;
 * mgcmark.c roots and the gray queue; mgcpacer.c goal, trigger and the environment's settings;
 * mfinal.c finalizers. docs/gc.md explains the whole collector.
 */
#ifndef GOL_RUNTIME_MGC_H
#define GOL_RUNTIME_MGC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include "runtime/runtime.h"

/* ---- goroutines and modules known to the collector ---- */
void gc_register_g(GolG *g);
void gc_unregister_g(GolG *g);
void gc_register_module(const Module *m);
void gc_unregister_module(const Module *m);     /* before the module is freed */

/* ---- triggering ---- */
/* Called by mallocgc when heapLive may have grown: the mcache must refill a span, or the
 * object is large (Go's shouldhelpgc). Starts a cycle if heapLive has reached the trigger and
 * the CPU limiter (mgclimit.c) does not defer it. It may run a whole cycle, so it is called
 * before mallocgc takes the slot (runtime/malloc.c does): a new object held only in mallocgc's
 * C locals would be invisible to the collector. Automatic cycles start only once a goroutine
 * is registered (vm_run does that), so C code and unit tests that allocate before are never
 * collected behind their back; gc_collect always runs. */
void gc_alloc_notify(GolG *g, size_t size);
/* GOLDEBUG=gcstress=1 (read when the first goroutine registers): mallocgc calls
 * gc_alloc_stress at every allocation, and it runs a cycle each time. */
extern bool gc_stress_mode;
void gc_alloc_stress(GolG *g);
void gc_collect(GolG *g, bool forced);          /* runtime.GC(): a full cycle, then sweep */
bool gc_stress_enabled(void);                   /* GOLDEBUG=gcstress=1: collect at every allocation */
/* GOLDEBUG=clobberfree=1: the sweeper fills every object it frees with 0xdeadbeef words. */
extern bool gc_clobberfree_mode;

/* ---- background sweeping (mgcsweep.c) ----
 * Sweeps at most max_spans unswept spans (all of them if 0), at a point where the program is
 * not in the middle of an allocation: the interpreter's loop back-edges (rt_preempt_point,
 * GC_SWEEP_BACKGROUND_SPANS spans at each while rt_preempt_requested is set) and time.Sleep (until done or
 * the sleep's time is up: gc_sweep_until). Cheap when nothing is left to sweep: two loads and
 * a compare. Never call it during a cycle or inside mallocgc. */
#define GC_SWEEP_BACKGROUND_SPANS 64
void gc_sweep_background(size_t max_spans);
void gc_sweep_until(int64_t deadline_mono_ns);        /* CLOCK_MONOTONIC ns */

/* ---- the GC CPU limiter (mgclimit.c) ---- */
typedef struct GcLimiter {
    uint64_t fill, capacity;    /* ns of GC time in the bucket; 1 CPU-second per P */
    uint64_t overflow;          /* GC time that did not fit (cumulative) */
    uint64_t idle;              /* idle ns since last_update: they do not drain the bucket */
    uint64_t last_cycle;        /* the last cycle's duration */
    int64_t  last_update;       /* nanotime the bucket was last brought up to date */
    bool     limiting;          /* the last gc_limiter_defers answered true */
} GcLimiter;
void gc_limiter_init(GcLimiter *l, int64_t now, int nprocs);
void gc_limiter_add_cycle(GcLimiter *l, int64_t start, int64_t end);
void gc_limiter_add_idle(GcLimiter *l, uint64_t ns);
bool gc_limiter_defers(GcLimiter *l, int64_t now);    /* would the next cycle overflow it? */
bool gc_cpu_limited(void);                            /* the collector's bucket, now */
void gc_cpu_limiter_cycle(int64_t start, int64_t end);
void gc_cpu_limiter_idle(int64_t ns);                 /* time.Sleep reports its sleep */

/* ---- C code holding heap pointers across an allocation (mruby's GC arena, Wren's pushRoot) ----
 *   size_t mark = gc_root_save();
 *   gc_root_push(&p);        p stays reachable and is updated if it ever moves
 *   ... allocate ...
 *   gc_root_restore(mark);
 */
size_t gc_root_save(void);
void   gc_root_push(void **slot);
void   gc_root_restore(size_t mark);

/* ---- pacer (mgcpacer.c) ---- */
int64_t gc_set_percent(GolG *g, int64_t percent);     /* debug.SetGCPercent: returns old */
int64_t gc_set_memory_limit(int64_t limit);            /* debug.SetMemoryLimit: returns old */
uint64_t gc_heap_goal(void);                          /* MemStats.NextGC */

/* ---- finalizers (mfinal.c) ----
 * Objects whose finalizer is due are queued by the cycle; at its end gc_finalizers_start
 * starts the finalizer goroutine, which calls them (runtime.GC yields, and it runs first). */
void gc_finalizers_start(GolG *g);
void gc_set_finalizer(GolG *g, GolIface obj, GolIface finalizer);   /* runtime.SetFinalizer */
size_t gc_finalizers_pending(void);             /* recorded + queued (tests) */
void gc_finalizers_reset(void);                 /* the program ended: forget them all */

/* ---- collector internals shared by mgc.c, mgcmark.c, mgcpacer.c and mfinal.c ---- */
typedef struct GcGray { void *base; struct mspan *span; } GcGray;
typedef struct GcWork {             /* one cycle's mark state and scan counts */
    GcGray  *gray;                  /* the gray queue: objects to scan (a stack) */
    size_t   ngray, capgray;
    uint64_t heap_scan, stack_scan, stack_size, globals_scan;
    uint64_t objects_marked;
} GcWork;
extern GcWork gc_work;
extern bool gc_verify_mode;                      /* GOLDEBUG=gcverify=1 */
void gc_mark_ptr(const void *p);                 /* grey p's object if p points into the heap */
void gc_mark_roots(void);                        /* globals, goroutine stacks, C roots, finq */
void gc_mark_drain(void);                        /* scan gray objects until none is left */
void gc_scan_object_fields(void *base);          /* mark what an object points to, not itself */
bool gc_verify_marks(void);                      /* GOLDEBUG=gcverify=1: every reachable object marked */
void gc_finalizers_scan_roots(void);             /* finalizable objects keep their referents */
void gc_finalizers_mark_queue(void);             /* queue the unreachable ones (after drain) */
void pool_cleanup(void);                         /* runtime/pool.c: sync.Pool caches age a cycle */
void pool_mark_roots(void);                      /* the registered pools */
void pool_reset(void);                           /* the program ended: forget them */
noreturn void gc_throw(const char *fmt, ...);    /* "fatal error: ..." for collector bugs */

/* mgcpacer.c: settings from the environment and the pacer's arithmetic (pure, tested) */
int64_t  gc_parse_gogc(const char *s);                         /* NULL, "", junk -> 100; "off" -> -1 */
bool     gc_parse_byte_count(const char *s, int64_t *out);     /* Go's parseByteCount */
int64_t  gc_godebug_value(const char *env, const char *key);   /* GODEBUG=a=1,b=2 -> value, or -1 */
uint64_t gc_goal_gogc(uint64_t heap_marked, uint64_t stack_scan, uint64_t globals_scan,
                      int64_t percent);
uint64_t gc_goal_limit(int64_t limit, uint64_t mapped_ready, uint64_t heap_free,
                       uint64_t heap_alloc, uint64_t heap_marked);
uint64_t gc_trigger_for(uint64_t goal, uint64_t heap_marked, uint64_t min_trigger);
size_t   gc_fmt_ns_as_ms(char *buf, size_t size, uint64_t ns);  /* Go's fmtNSAsMS */
void     gc_pacer_init(void);
void     gc_pacer_commit(void);                  /* recompute goal and trigger */
void     gc_pacer_end_cycle(uint64_t heap_marked, uint64_t stack_scan, uint64_t globals_scan,
                            uint64_t heap_scan);
uint64_t gc_trigger(void);
int64_t  gc_percent(void);
int64_t  gc_memory_limit(void);
bool     gc_trace_enabled(void);
void     gc_pacer_reset(void);                   /* unit tests: back to the environment's settings */

#endif
