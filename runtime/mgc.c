/* runtime/mgc.c — the garbage collector's cycle (Go's mgc.go, stop-the-world).
 *
 * gol's collector is a precise, non-moving mark-sweep collector with Go's structure. The
 * whole design in ten points (the files named hold the details):
 *
 *  1. Every heap object comes from mallocgc (runtime/malloc.c) and lives in a span of one size
 *     class; the span keeps alloc bits, mark bits and a pointer bitmap (runtime/mheap.h). There
 *     are no object headers and objects never move.
 *  2. When mallocgc refills a span or allocates a large object it calls gc_alloc_notify. When
 *     the pacer's heapLive has reached the trigger (runtime/mgcpacer.c) and the CPU limiter
 *     (runtime/mgclimit.c) does not defer it — or at every allocation, under
 *     GOLDEBUG=gcstress=1 — a cycle runs right there, with the allocating goroutine stopped at
 *     a safepoint (its position saved in g->func/g->pc/g->base) and every other goroutine
 *     parked at one too.
 *  3. Sweep termination: the previous cycle's lazy sweep is finished (heap_finish_sweep) and
 *     every mcache gives its spans back (heap_flush_caches), so all spans are in a known state.
 *  4. Mark, roots (runtime/mgcmark.c): globals through each module's pointer bitmap, every
 *     goroutine's frames through the compiler's stack maps, the C root stack below, the
 *     finalizer queue, and what finalizable objects point to.
 *  5. Mark, drain: the gray queue is emptied; every object reachable from a root gets its mark
 *     bit. Interior pointers find their object through the span; other pointers are ignored.
 *  6. Finalizers (runtime/mfinal.c): an object with a finalizer that was not reached is marked
 *     now (with what it reaches) and queued; its finalizer runs later, and the object is freed
 *     by a later cycle once nothing refers to it.
 *  7. Mark termination: heapMarked (bytes of marked objects) and the scanned bytes of stacks and
 *     globals go to the pacer, which sets the next goal and trigger; the pause is recorded
 *     (MemStats.PauseNs, NumGC...), GODEBUG=gctrace=1 prints Go's line.
 *  8. Sweep start (heap_start_sweep): the heap flips its sweep generation; each span is swept
 *     later — its unmarked slots become free — in the background (a few spans at the
 *     interpreter's loop back-edges, and in time.Sleep), in proportion to allocation, when the
 *     allocator needs it, or all at once before the next cycle (point 3) or after runtime.GC()
 *     (runtime/mgcsweep.c).
 *  9. Safety nets: GOLDEBUG=gcstress=1 collects at every allocation (make test runs the golden
 *     suite so); GOLDEBUG=gcverify=1 checks the heap's invariants (heap_verify) and that every
 *     object reachable from the roots was marked, after every cycle; GOLDEBUG=clobberfree=1
 *     makes the sweeper fill freed objects with 0xdeadbeef, so a use after free shows.
 * 10. C code that holds a heap pointer in a C variable across an allocation pushes the
 *     variable's address on the root stack (gc_root_save/push/restore) for the duration.
 *
 * Why stop the world: gol runs its goroutines on one OS thread, so a stopped world is simply
 * "the collector runs on the allocating goroutine's C stack". Incremental marking would add a
 * write barrier to pointer stores and assists charged to allocation; the phases are already
 * separated here so that it could.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/mgc.h"
#include "runtime/mbarrier.h"
#include "runtime/mspan.h"
#include "runtime/mheap.h"
#include "runtime/mprof.h"
#include "runtime/mstats.h"
#include "runtime/proc.h"

/* ---- registries (read by mgcmark.c) ---- */
GolG **gc_gs;
size_t gc_ngs;
static size_t gc_capgs;
const Module **gc_mods;
size_t gc_nmods;
static size_t gc_capmods;
void ***gc_roots;
size_t gc_nroots;
static size_t gc_caproots;
bool gc_verify_mode;

static GolG *gc_cur_g;           /* the goroutine that started the running cycle */
static bool gc_running;
static int gc_stress = -1;       /* GOLDEBUG=gcstress: -1 until read */
bool gc_stress_mode;             /* gc_stress > 0, for mallocgc's one test */
bool gc_clobberfree_mode;        /* GOLDEBUG=clobberfree=1, for the sweeper */

/* ---- statistics ---- */
static struct {
    int64_t  start_mono;         /* nanotime at start-up, for gctrace's @T and CPU fraction */
    uint64_t total_ns;           /* GC time over all cycles (one P: wall time = CPU time) */
    double   cpu_fraction;
    uint64_t pause_total_ns, last_gc;
    uint64_t pause_ns[256], pause_end[256];
    uint32_t num_gc, num_forced_gc;
} gc_stats;

static int64_t gc_nanotime(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t gc_unixnano(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

__attribute__((constructor)) static void gc_record_start(void) { gc_stats.start_mono = gc_nanotime(); }

noreturn void gc_throw(const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rt_fatal(gc_cur_g, msg);
}

/* ---- registration ---- */

#define GC_APPEND(arr, n, cap, v) do { \
        if ((n) == (cap)) { \
            size_t nc_ = (cap) ? (cap) * 2 : 8; \
            void *p_ = realloc((void *)(arr), nc_ * sizeof *(arr)); \
            if (!p_) gc_throw("out of memory registering a GC root"); \
            (arr) = p_; (cap) = nc_; \
        } \
        (arr)[(n)++] = (v); } while (0)

/* Goroutines register and unregister in O(1): each knows its index in gc_gs (a million
 * short goroutines must not make a quadratic program). */
static bool gc_g_registered(const GolG *g) { return g->gc_index < gc_ngs && gc_gs[g->gc_index] == g; }

void gc_register_g(GolG *g) {
    gc_pacer_init();                 /* GOGC, GOMEMLIMIT, GODEBUG: read (and checked) at start-up */
    gc_stress_enabled();
    if (gc_g_registered(g)) return;
    g->gc_index = gc_ngs;
    GC_APPEND(gc_gs, gc_ngs, gc_capgs, g);
}

void gc_unregister_g(GolG *g) {
    if (!gc_g_registered(g)) return;
    GolG *last = gc_gs[--gc_ngs];
    gc_gs[g->gc_index] = last;          /* the last one takes g's place */
    last->gc_index = g->gc_index;
    if (gc_ngs == 0) { gc_finalizers_reset(); pool_reset(); }
}

void gc_register_module(const Module *m) {
    for (size_t i = 0; i < gc_nmods; i++) if (gc_mods[i] == m) return;
    GC_APPEND(gc_mods, gc_nmods, gc_capmods, m);
    mheap_init();
    wbcheck_init();
    wbcheck_note_globals(m->globals, (size_t)m->globals_size, true);
}

void gc_unregister_module(const Module *m) {
    for (size_t i = 0; i < gc_nmods; i++)
        if (gc_mods[i] == m) {
            gc_mods[i] = gc_mods[--gc_nmods];
            wbcheck_note_globals(m->globals, (size_t)m->globals_size, false);
            return;
        }
}

/* ---- the C root stack ---- */

size_t gc_root_save(void) { return gc_nroots; }
void gc_root_push(void **slot) { GC_APPEND(gc_roots, gc_nroots, gc_caproots, slot); }
void gc_root_restore(size_t mark) { if (mark <= gc_nroots) gc_nroots = mark; }

/* ---- switches ---- */

bool gc_stress_enabled(void) {
    if (gc_stress < 0) {
        const char *env = getenv("GOLDEBUG");
        gc_stress = gc_godebug_value(env, "gcstress") > 0;
        gc_stress_mode = gc_stress > 0;
        gc_verify_mode = gc_godebug_value(env, "gcverify") > 0;
        gc_clobberfree_mode = gc_godebug_value(env, "clobberfree") > 0;
    }
    return gc_stress > 0;
}

/* ---- the cycle ---- */

typedef struct GcCycle {
    bool forced;
    int64_t t_sweep_term, t_mark, t_mark_term, t_end;   /* nanotime at each phase's start */
    uint64_t heap0, heap1, heap2, goal;
} GcCycle;

/* gctrace: Go's line, field for field (reference §2.3). */
static void gc_trace_print(const GcCycle *c) {
    char line[512], a[24], b[24], d[24];
    int n = snprintf(line, sizeof line, "gc %u @", gc_stats.num_gc);
    uint64_t ms = (uint64_t)(c->t_sweep_term - gc_stats.start_mono) / 1000000;
    n += snprintf(line + n, sizeof line - n, "%llu.%03llus %d%%: ", (unsigned long long)(ms / 1000),
                  (unsigned long long)(ms % 1000), (int)(gc_stats.cpu_fraction * 100));
    uint64_t st = (uint64_t)(c->t_mark - c->t_sweep_term), mk = (uint64_t)(c->t_mark_term - c->t_mark),
             mt = (uint64_t)(c->t_end - c->t_mark_term);
    gc_fmt_ns_as_ms(a, sizeof a, st);
    gc_fmt_ns_as_ms(b, sizeof b, mk);
    gc_fmt_ns_as_ms(d, sizeof d, mt);
    n += snprintf(line + n, sizeof line - n, "%s+%s+%s ms clock, ", a, b, d);
    /* cpu: sweep termination (x 1 P), assists 0, the marking itself counts as the dedicated
     * worker's time, idle marking 0, mark termination (x 1 P) */
    n += snprintf(line + n, sizeof line - n, "%s+0/%s/0+%s ms cpu, ", a, b, d);
    n += snprintf(line + n, sizeof line - n,
                  "%llu->%llu->%llu MB, %llu MB goal, %llu MB stacks, %llu MB globals, 1 P%s\n",
                  (unsigned long long)(c->heap0 >> 20), (unsigned long long)(c->heap1 >> 20),
                  (unsigned long long)(c->heap2 >> 20), (unsigned long long)(c->goal >> 20),
                  (unsigned long long)(gc_work.stack_size >> 20),
                  (unsigned long long)(gc_work.globals_scan >> 20), c->forced ? " (forced)" : "");
    rt_stderr_write(line, strlen(line));
}

static void gc_reset_work(void) {
    gc_work.ngray = 0;
    gc_work.heap_scan = gc_work.stack_scan = gc_work.stack_size = gc_work.globals_scan = 0;
    gc_work.objects_marked = 0;
}

/* Mark termination's bookkeeping: the pause, NumGC, the CPU fraction. */
static void gc_record_cycle(const GcCycle *c, int64_t now) {
    uint64_t pause = (uint64_t)(now - c->t_sweep_term);
    uint64_t end = gc_unixnano();
    gc_stats.pause_ns[gc_stats.num_gc % 256] = pause;
    gc_stats.pause_end[gc_stats.num_gc % 256] = end;
    gc_stats.pause_total_ns += pause;
    gc_stats.last_gc = end;
    gc_stats.num_gc++;
    if (c->forced) gc_stats.num_forced_gc++;
    gc_stats.total_ns += pause;
    int64_t elapsed = now - gc_stats.start_mono;           /* x GOMAXPROCS = 1 */
    gc_stats.cpu_fraction = elapsed > 0 ? (double)gc_stats.total_ns / (double)elapsed : 0;
    if (gc_stats.cpu_fraction >= 1) gc_stats.cpu_fraction = 0.999999;
}

static void gc_cycle(GolG *g, bool forced) {
    GcCycle c = { .forced = forced };
    gc_running = true;
    gc_cur_g = g;
    gc_stress_enabled();                                    /* reads gcverify too */
    gc_pacer_init();

    /* sweep termination */
    c.t_sweep_term = gc_nanotime();
    heap_finish_sweep();
    heap_flush_caches();
    wbcheck_verify();                   /* GOLDEBUG=wbcheck=1: every pointer store was seen */
    pool_cleanup();                     /* sync.Pool: drop victims, locals become victims */
    c.heap0 = heap_live_bytes();
    c.goal = gc_heap_goal();

    /* mark */
    c.t_mark = gc_nanotime();
    gc_reset_work();
    heap_clear_marks();
    gc_mark_roots();
    gc_mark_drain();
    gc_finalizers_mark_queue();
    gc_mark_drain();
    if (gc_verify_mode && !gc_verify_marks()) gc_throw("gcverify: mark phase missed reachable objects");

    /* mark termination */
    c.t_mark_term = gc_nanotime();
    c.heap1 = heap_live_bytes();
    c.heap2 = heap_marked_bytes();
    gc_pacer_end_cycle(c.heap2, gc_work.stack_scan, gc_work.globals_scan, gc_work.heap_scan);
    mprof_next_cycle();                 /* the heap profile: this cycle's events are complete */
    heap_start_sweep();
    c.t_end = gc_nanotime();
    gc_record_cycle(&c, c.t_end);
    gc_cpu_limiter_cycle(c.t_sweep_term, c.t_end);
    if (gc_trace_enabled()) gc_trace_print(&c);
    mprof_flush();                      /* publish the cycle before last (runtime/mprof.c) */

    if (gc_verify_mode) {
        heap_finish_sweep();
        if (!heap_verify()) gc_throw("gcverify: heap invariants broken after cycle %u", gc_stats.num_gc);
    }
    gc_cur_g = NULL;
    gc_running = false;
    gc_finalizers_start(g);             /* due finalizers run on their own goroutine */
}

extern uint64_t gc_trigger_bytes;            /* mgcpacer.c: the current trigger */

/* The trigger test, Go's gcTrigger{kind: gcTriggerHeap}.test(): mallocgc asks only when it
 * refills a span or allocates a large object, which is when heapLive grows. Two loads and a
 * compare; the clock is read only when the trigger is reached, for the CPU limiter. Under
 * gcstress the cycle already ran at the top of mallocgc. */
void gc_alloc_notify(GolG *g, size_t size) {
    (void)size;
    if (gc_running || gc_ngs == 0 || gc_stress_mode) return;
    if (heap_live_bytes() >= gc_trigger_bytes && !gc_cpu_limited()) gc_cycle(g, false);
}

/* GOLDEBUG=gcstress=1: a cycle at every allocation (registration has read the environment, so
 * gc_stress_mode is settled once a goroutine exists). */
void gc_alloc_stress(GolG *g) {
    if (gc_running || gc_ngs == 0) return;
    gc_cycle(g, false);
}

void gc_collect(GolG *g, bool forced) {
    if (gc_running) return;
    gc_cycle(g, forced);
    heap_finish_sweep();                  /* runtime.GC returns with the sweep done, as Go's */
    mprof_post_sweep();                   /* so the heap profile can show this collection */
}

/* The collector's fields of runtime.MemStats (mstats_read fills the heap's and calls this). */
void gc_fill_stats(GoMemStats *out) {
    out->NextGC = gc_heap_goal();
    out->LastGC = gc_stats.last_gc;
    out->PauseTotalNs = gc_stats.pause_total_ns;
    memcpy(out->PauseNs, gc_stats.pause_ns, sizeof out->PauseNs);
    memcpy(out->PauseEnd, gc_stats.pause_end, sizeof out->PauseEnd);
    out->NumGC = gc_stats.num_gc;
    out->NumForcedGC = gc_stats.num_forced_gc;
    out->GCCPUFraction = gc_stats.cpu_fraction;
    out->EnableGC = true;
    out->DebugGC = false;
}
