/* runtime/natives_runtime.c — the C side of packages runtime and runtime/debug.
 *
 * runtime/lib/runtime.gol and runtime/lib/runtime_debug.gol declare these functions without
 * bodies; runtime/natives.c's lookup falls back to rt_native_lookup_runtime for names it does
 * not know. Each native reads its arguments from its frame at the offsets the layout rule of
 * runtime/symtab.h gives (results first, then params, each 8-byte aligned):
 *
 *     runtime.ReadMemStats(m *MemStats)              m @0
 *     runtime.SetFinalizer(obj any, finalizer any)   obj @0 (2 words), finalizer @16
 *     runtime.NumGoroutine() int                     result @0
 *     runtime/debug.SetGCPercent(percent int) int    result @0, percent @8
 *
 * ReadMemStats copies the heap's GoMemStats (runtime/mstats.h, Go's exact layout, which
 * runtime.gol's MemStats repeats field for field) into the program's struct: the heap fills
 * its fields, the collector its own (gc_fill_stats).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))


/* Go's runtime.GC parks the caller while the cycle's phases run and yields (Gosched) while it
 * sweeps, so other goroutines run between collections: a goroutine calling runtime.GC in a loop
 * does not starve the others. gol's cycle is one stop-the-world step; the caller then yields,
 * and the finalizer goroutine, if the cycle gave it work, runs first (runnext). */
static int nat_runtime_gc(GolG *g, uint8_t *frame) {
    (void)frame;
    gc_collect(g, true);
    sched_gosched(g);
    return NAT_SWITCH;
}

static int nat_runtime_read_mem_stats(GolG *g, uint8_t *frame) {
    GoMemStats *m = ARG(frame, 0, GoMemStats *);
    if (!m) { rt_panic_nil(g); }
    GoMemStats ms;
    mstats_read(&ms);
    memcpy(m, &ms, sizeof ms);
    return NAT_RETURN;
}

static int nat_runtime_num_goroutine(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, int64_t) = sched_gcount();
    return NAT_RETURN;
}

/* One P: GOMAXPROCS(n) reports 1 and ignores requests to change it. */
static int nat_runtime_gomaxprocs(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, int64_t) = 1;
    return NAT_RETURN;
}

/* Go's NumCPU: the CPUs this process may run on (its affinity mask). */
static int nat_runtime_num_cpu(GolG *g, uint8_t *frame) {
    (void)g;
    cpu_set_t set;
    int64_t n = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
    if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
    ARG(frame, 0, int64_t) = n > 0 ? n : 1;
    return NAT_RETURN;
}

/* Go's Gosched: to the run queue's tail; the others waiting there run first. */
static int nat_runtime_gosched(GolG *g, uint8_t *frame) {
    (void)frame;
    sched_gosched(g);
    return NAT_SWITCH;
}

/* KeepAlive's whole effect is at compile time: its argument is read by a call, so it is live
 * in the caller's stack maps up to this point. */
static int nat_runtime_keep_alive(GolG *g, uint8_t *frame) { (void)g; (void)frame; return NAT_RETURN; }

static int nat_runtime_set_finalizer(GolG *g, uint8_t *frame) {
    gc_set_finalizer(g, ARG(frame, 0, GolIface), ARG(frame, 16, GolIface));
    return NAT_RETURN;
}

static int nat_debug_set_gc_percent(GolG *g, uint8_t *frame) {
    ARG(frame, 0, int64_t) = gc_set_percent(g, ARG(frame, 8, int64_t));
    return NAT_RETURN;
}

static int nat_debug_set_memory_limit(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, int64_t) = gc_set_memory_limit(ARG(frame, 8, int64_t));
    return NAT_RETURN;
}

/* Go: a forced collection, then every free page goes back to the OS. */
static int nat_debug_free_os_memory(GolG *g, uint8_t *frame) {
    (void)frame;
    gc_collect(g, true);
    heap_scavenge_all();
    return NAT_RETURN;
}

static const NativeEntry runtime_natives[] = {
    { "runtime.GC",                    nat_runtime_gc },
    { "runtime.ReadMemStats",          nat_runtime_read_mem_stats },
    { "runtime.NumGoroutine",          nat_runtime_num_goroutine },
    { "runtime.GOMAXPROCS",            nat_runtime_gomaxprocs },
    { "runtime.NumCPU",                nat_runtime_num_cpu },
    { "runtime.Gosched",               nat_runtime_gosched },
    { "runtime.Goexit",                rt_goexit, true },       /* runtime/panic.c */
    { "runtime.KeepAlive",             nat_runtime_keep_alive },
    { "runtime.SetFinalizer",          nat_runtime_set_finalizer },
    { "runtime/debug.SetGCPercent",    nat_debug_set_gc_percent },
    { "runtime/debug.SetMemoryLimit",  nat_debug_set_memory_limit },
    { "runtime/debug.FreeOSMemory",    nat_debug_free_os_memory },
    { NULL, NULL }
};

const NativeEntry *rt_native_lookup_runtime(const char *qualified_name) {
    for (const NativeEntry *e = runtime_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
