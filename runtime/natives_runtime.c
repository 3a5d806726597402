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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mprof.h"
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

/* runtime.setMemProfileRateVar(p *int): package runtime's init hands over &MemProfileRate, so
 * the allocator reads the program's variable from then on (runtime/mprof.h). */
static int nat_runtime_set_mem_profile_rate_var(GolG *g, uint8_t *frame) {
    (void)g;
    int64_t *p = ARG(frame, 0, int64_t *);
    if (p) mprof_rate = p;
    return NAT_RETURN;
}

/* runtime.MemProfile(p []MemProfileRecord, inuseZero bool) (n int, ok bool):
 * n @0, ok @8, p @16, inuseZero @40. */
static int nat_runtime_mem_profile(GolG *g, uint8_t *frame) {
    (void)g;
    GolSlice p = ARG(frame, 16, GolSlice);
    bool ok;
    ARG(frame, 0, int64_t) = mprof_records(p.ptr, p.len, ARG(frame, 40, bool), &ok);
    ARG(frame, 8, bool) = ok;
    return NAT_RETURN;
}

/* ---- the program's own stack (Go's runtime/extern.go, symtab.go) ----
 * PCs are gol's encoding (runtime/symtab.h): function index and code offset. */

/* runtime.Callers(skip int, pc []uintptr) int: result @0, skip @8, pc @16. Frame 0 is Callers
 * itself (this native's frame), 1 its caller. */
static int nat_runtime_callers(GolG *g, uint8_t *frame) {
    int64_t skip = ARG(frame, 8, int64_t), n = 0;
    GolSlice pc = ARG(frame, 16, GolSlice);
    uintptr_t *out = pc.ptr;
    StkFrame fr;
    for (bool ok = frame_first(g, &fr); ok && n < pc.len; ok = frame_next(g, &fr)) {
        if (skip > 0) { skip--; continue; }
        out[n++] = frame_pc(g->mod, &fr);
    }
    ARG(frame, 0, int64_t) = n;
    return NAT_RETURN;
}

static GolString cstr_string(const char *s) {
    return (GolString){ (uint8_t *)s, s ? (int64_t)strlen(s) : 0 };
}

/* runtime.funcForPC(pc uintptr) *Func: result @0, pc @8; nil when pc is no gol PC. As Go's
 * FuncForPC returns a pointer into the runtime's tables, this allocates nothing: each
 * function's Func {name string; entry uintptr} lives in an array made once per module from
 * the module's own memory (outside the collected heap, freed with the module; the collector
 * ignores pointers to it, as it ignores string constants). */
typedef struct GolFunc { GolString name; uintptr_t entry; } GolFunc;

static int nat_runtime_func_for_pc(GolG *g, uint8_t *frame) {
    Module *m = (Module *)g->mod;
    const FuncInfo *f = funcpc_func(m, ARG(frame, 8, uintptr_t));
    if (!f) { ARG(frame, 0, GolFunc *) = NULL; return NAT_RETURN; }
    uintptr_t entry = funcpc_entry(m, f);
    size_t idx = (size_t)(entry >> 32) - 1, n = m->nfuncs + 2;   /* + the runtime's two */
    if (!m->func_table) m->func_table = module_alloc(m, n * sizeof(GolFunc));
    GolFunc *funcs = m->func_table;
    if (idx >= n) { ARG(frame, 0, GolFunc *) = NULL; return NAT_RETURN; }
    if (funcs[idx].entry == 0) funcs[idx] = (GolFunc){ cstr_string(f->name), entry };
    ARG(frame, 0, GolFunc *) = &funcs[idx];
    return NAT_RETURN;
}

/* runtime.funcFileLine(pc uintptr) (file string, line int): file @0, line @16, pc @24. */
static int nat_runtime_func_file_line(GolG *g, uint8_t *frame) {
    uintptr_t pc = ARG(frame, 24, uintptr_t);
    const FuncInfo *f = funcpc_func(g->mod, pc);
    ARG(frame, 0, GolString) = f ? cstr_string(funcinfo_file(g->mod, f)) : cstr_string("?");
    ARG(frame, 16, int64_t) = f ? funcpc_line(f, pc) : 0;
    return NAT_RETURN;
}

/* runtime.Stack(buf []byte, all bool) int: result @0, buf @8, all @32. Go's format; the frame
 * of Stack itself is hidden as the runtime's own. */
static int nat_runtime_stack(GolG *g, uint8_t *frame) {
    GolSlice buf = ARG(frame, 8, GolSlice);
    size_t len;
    char *text = rt_traceback_text(g, ARG(frame, 32, bool), &len);
    size_t n = len < (size_t)buf.len ? len : (size_t)buf.len;
    memcpy(buf.ptr, text, n);
    free(text);
    ARG(frame, 0, int64_t) = (int64_t)n;
    return NAT_RETURN;
}

/* debug.SetMaxStack(bytes int) int: result @0, bytes @8. */
static int nat_debug_set_max_stack(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, int64_t) = stack_set_max(ARG(frame, 8, int64_t));
    return NAT_RETURN;
}

/* testing.benchTimeSetting() (d int64, n int): d @0, n @8. GOLDEBUG=benchtime=100ms sets the
 * benchmark time (units ns, us, ms, s, m), =50x a fixed b.N; default 1 s (go test's). */
static int nat_testing_bench_time(GolG *g, uint8_t *frame) {
    (void)g;
    int64_t d = 1000000000, n = 0;
    const char *env = getenv("GOLDEBUG"), *p = env ? strstr(env, "benchtime=") : NULL;
    if (p && (p == env || p[-1] == ',')) {
        char *end;
        double v = strtod(p + 10, &end);
        static const struct { const char *unit; double ns; } units[] = {
            {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {NULL, 0}};
        if (*end == 'x') n = (int64_t)v;
        for (int i = 0; units[i].unit; i++) {
            size_t k = strlen(units[i].unit);
            if (strncmp(end, units[i].unit, k) == 0 && (end[k] == 0 || end[k] == ',')) {
                d = (int64_t)(v * units[i].ns);
                break;
            }
        }
    }
    ARG(frame, 0, int64_t) = d;
    ARG(frame, 8, int64_t) = n;
    return NAT_RETURN;
}

/* debug.SetTraceback(level string): level @0. */
static int nat_debug_set_traceback(GolG *g, uint8_t *frame) {
    (void)g;
    GolString l = ARG(frame, 0, GolString);
    char level[32];
    size_t n = l.len < (int64_t)sizeof level - 1 ? (size_t)l.len : sizeof level - 1;
    memcpy(level, l.ptr, n);
    level[n] = 0;
    rt_set_traceback(level);
    return NAT_RETURN;
}

static const NativeEntry runtime_natives[] = {
    { "runtime/debug.SetTraceback",    nat_debug_set_traceback },
    { "testing.benchTimeSetting",      nat_testing_bench_time },
    { "runtime.Callers",               nat_runtime_callers },
    { "runtime.funcForPC",             nat_runtime_func_for_pc },
    { "runtime.funcFileLine",          nat_runtime_func_file_line },
    { "runtime.Stack",                 nat_runtime_stack },
    { "runtime/debug.SetMaxStack",     nat_debug_set_max_stack },
    { "runtime.setMemProfileRateVar",  nat_runtime_set_mem_profile_rate_var },
    { "runtime.MemProfile",            nat_runtime_mem_profile },
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
