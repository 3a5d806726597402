/* tests/unit/test_gc.c — the collector (runtime/mgc*.c, mfinal.c): suite `gc`.
 *
 * Three kinds of tests:
 *   - the pacer's arithmetic, checked against the formulas of reference §2.4 written out again
 *     here (goal for several heapMarked / GOGC / limit combinations, GOGC=off, the trigger's
 *     clamp, SetGCPercent and SetMemoryLimit round trips);
 *   - the parsers and the gctrace number format (GOGC, GOMEMLIMIT's suffixes, GODEBUG lists,
 *     Go's fmtNSAsMS);
 *   - end-to-end collections: small programs compiled with the real pipeline and run by vm_run,
 *     which record runtime.MemStats figures in package variables; the test reads them from the
 *     module's globals afterwards and checks that reachable data survived (its contents are
 *     recomputed after the collections) and garbage was freed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"
#include "compiler/gen.h"
#include "lang/parse.h"
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mspan.h"
#include "runtime/runtime.h"
#include "vm/bytecode.h"
#include "vm/interp.h"

#define MiB (1ull << 20)

/* ---- pacer arithmetic ---- */

START_TEST(test_goal_gogc) {
    /* goal = marked + (marked + stacks + globals) * GOGC/100, at least 4 MiB * GOGC/100 */
    ck_assert_uint_eq(gc_goal_gogc(0, 0, 0, 100), 4 * MiB);
    ck_assert_uint_eq(gc_goal_gogc(1 * MiB, 0, 0, 100), 4 * MiB);
    ck_assert_uint_eq(gc_goal_gogc(8 * MiB, 0, 0, 100), 16 * MiB);
    ck_assert_uint_eq(gc_goal_gogc(8 * MiB, 1 * MiB, 1 * MiB, 100), 18 * MiB);
    ck_assert_uint_eq(gc_goal_gogc(8 * MiB, 0, 0, 50), 12 * MiB);
    ck_assert_uint_eq(gc_goal_gogc(8 * MiB, 0, 0, 400), 40 * MiB);
    ck_assert_uint_eq(gc_goal_gogc(1 * MiB, 0, 0, 50), 2 * MiB);          /* minimum 2 MiB */
    ck_assert_uint_eq(gc_goal_gogc(1000, 24, 0, 200), 16 * MiB / 2);      /* minimum 8 MiB */
    ck_assert_uint_eq(gc_goal_gogc(100 * MiB, 0, 0, 0), 100 * MiB);       /* GOGC=0 */
    ck_assert_uint_eq(gc_goal_gogc(100 * MiB, 0, 0, -1), UINT64_MAX);     /* off */
}
END_TEST

START_TEST(test_goal_limit) {
    /* limit - (nonHeap + overage) - 1 MiB, never below heapMarked */
    /* 100 MiB limit, 30 MiB mapped of which 5 free and 20 in objects: nonHeap = 5 MiB */
    ck_assert_uint_eq(gc_goal_limit(100 * MiB, 30 * MiB, 5 * MiB, 20 * MiB, 10 * MiB), 94 * MiB);
    /* over the limit: overage counts too */
    ck_assert_uint_eq(gc_goal_limit(20 * MiB, 30 * MiB, 0, 28 * MiB, 5 * MiB), 7 * MiB);
    /* never below heapMarked */
    ck_assert_uint_eq(gc_goal_limit(20 * MiB, 30 * MiB, 0, 28 * MiB, 15 * MiB), 15 * MiB);
    /* the rest alone reaches the limit: collect continuously at heapMarked */
    ck_assert_uint_eq(gc_goal_limit(10 * MiB, 40 * MiB, 0, 10 * MiB, 3 * MiB), 3 * MiB);
    /* tiny limits keep 1 MiB */
    ck_assert_uint_eq(gc_goal_limit(3 * MiB / 2, 0, 0, 0, 0), 1 * MiB);
}
END_TEST

START_TEST(test_trigger) {
    /* runway 0: the upper clamp, 61/64 of the way from marked to goal */
    ck_assert_uint_eq(gc_trigger_for(16 * MiB, 8 * MiB, 0), 8 * MiB + 8 * MiB / 64 * 61);
    ck_assert_uint_eq(gc_trigger_for(4 * MiB, 0, 0), 4 * MiB / 64 * 61);
    /* big heaps: goal - 4 MiB when that is higher */
    ck_assert_uint_eq(gc_trigger_for(200 * MiB, 100 * MiB, 0), 196 * MiB);
    /* a minimum trigger above the clamp wins, never above the goal */
    ck_assert_uint_eq(gc_trigger_for(16 * MiB, 8 * MiB, 16 * MiB), 16 * MiB);
    ck_assert_uint_eq(gc_trigger_for(8 * MiB, 8 * MiB, 0), 8 * MiB);
    ck_assert(gc_trigger_for(16 * MiB, 8 * MiB, 0) <= 16 * MiB);
}
END_TEST

/* The CPU limiter's leaky bucket (mgclimit.c), on a made-up clock. */
START_TEST(test_cpu_limiter) {
    const int64_t ms = 1000000;
    GcLimiter l;
    gc_limiter_init(&l, 0, 1);
    ck_assert_uint_eq(l.capacity, (uint64_t)1000 * ms);          /* 1 CPU-second per P */
    /* a spike: ten 50 ms cycles 1 ms apart are all allowed; the bucket keeps 50 + 9 x 49 ms */
    int64_t t = 0;
    for (int i = 0; i < 10; i++) {
        t += ms;
        ck_assert(!gc_limiter_defers(&l, t));
        gc_limiter_add_cycle(&l, t, t + 50 * ms);
        t += 50 * ms;
    }
    ck_assert_uint_eq(l.fill, (uint64_t)491 * ms);
    /* mutator time drains it, never below 0 */
    ck_assert(!gc_limiter_defers(&l, t + 200 * ms));
    ck_assert_uint_eq(l.fill, (uint64_t)291 * ms);
    ck_assert(!gc_limiter_defers(&l, t + 2000 * ms));
    ck_assert_uint_eq(l.fill, 0);
    /* idle time (a sleep) does not drain it */
    t += 2000 * ms;
    gc_limiter_add_cycle(&l, t, t + 100 * ms);
    t += 100 * ms;
    gc_limiter_add_idle(&l, 60 * ms);
    ck_assert(!gc_limiter_defers(&l, t + 100 * ms));
    ck_assert_uint_eq(l.fill, (uint64_t)60 * ms);
    t += 100 * ms;
    /* a death spiral: a cycle at every chance. Once the bucket is nearly full, cycles are
     * deferred until the mutator has run as long as the last cycle took: over the next
     * 20 s the collector gets about half of the time */
    uint64_t gc_ns = 0, deferred = 0;
    int64_t t0 = t;
    while (t - t0 < 20000 * ms) {
        t += ms / 10;                                   /* the mutator reaches the next trigger */
        if (gc_limiter_defers(&l, t)) { deferred++; continue; }
        gc_limiter_add_cycle(&l, t, t + 5 * ms);
        t += 5 * ms;
        gc_ns += 5 * ms;
        ck_assert_uint_le(l.fill, l.capacity);
    }
    double share = (double)gc_ns / (double)(t - t0);
    ck_assert_msg(share > 0.5 && share < 0.56, "GC share %.3f", share);
    ck_assert_uint_gt(deferred, 0);
    ck_assert_uint_eq(l.overflow, 0);
}
END_TEST

START_TEST(test_set_percent_round_trip) {
    unsetenv("GOGC");
    unsetenv("GOMEMLIMIT");
    gc_pacer_reset();
    ck_assert_int_eq(gc_percent(), 100);
    ck_assert_int_eq(gc_set_percent(NULL, 50), 100);
    ck_assert_int_eq(gc_set_percent(NULL, -7), 50);
    ck_assert_int_eq(gc_percent(), -1);
    ck_assert(gc_heap_goal() > (1ull << 62));                 /* off: NextGC near 2^63 */
    ck_assert_int_eq(gc_set_percent(NULL, 100), -1);
    ck_assert_uint_eq(gc_heap_goal(), 4 * MiB);                 /* nothing marked yet */
    ck_assert_int_eq(gc_set_memory_limit(-1), INT64_MAX);       /* negative reads it */
    ck_assert_int_eq(gc_set_memory_limit(64 * MiB), INT64_MAX);
    ck_assert_int_eq(gc_set_memory_limit(-1), 64 * MiB);
    ck_assert_int_eq(gc_set_memory_limit(INT64_MAX), 64 * MiB);
    setenv("GOGC", "off", 1);
    gc_pacer_reset();
    ck_assert_int_eq(gc_percent(), -1);
    setenv("GOGC", "250", 1);
    gc_pacer_reset();
    ck_assert_int_eq(gc_percent(), 250);
    ck_assert_uint_eq(gc_heap_goal(), 10 * MiB);
    setenv("GOMEMLIMIT", "1GiB", 1);
    gc_pacer_reset();
    ck_assert_int_eq(gc_memory_limit(), 1 << 30);
    unsetenv("GOGC");
    unsetenv("GOMEMLIMIT");
    gc_pacer_reset();
}
END_TEST

/* ---- parsing and formatting ---- */

START_TEST(test_parse_gogc) {
    ck_assert_int_eq(gc_parse_gogc(NULL), 100);
    ck_assert_int_eq(gc_parse_gogc(""), 100);
    ck_assert_int_eq(gc_parse_gogc("off"), -1);
    ck_assert_int_eq(gc_parse_gogc("50"), 50);
    ck_assert_int_eq(gc_parse_gogc("0"), 0);
    ck_assert_int_eq(gc_parse_gogc("-20"), -1);
    ck_assert_int_eq(gc_parse_gogc("abc"), 100);
    ck_assert_int_eq(gc_parse_gogc("99999999999"), 100);        /* not an int32 */
}
END_TEST

START_TEST(test_parse_byte_count) {
    int64_t v = -1;
    ck_assert(gc_parse_byte_count("12345", &v)); ck_assert_int_eq(v, 12345);
    ck_assert(gc_parse_byte_count("100B", &v)); ck_assert_int_eq(v, 100);
    ck_assert(gc_parse_byte_count("4KiB", &v)); ck_assert_int_eq(v, 4096);
    ck_assert(gc_parse_byte_count("64MiB", &v)); ck_assert_int_eq(v, 64 << 20);
    ck_assert(gc_parse_byte_count("2GiB", &v)); ck_assert_int_eq(v, 2ll << 30);
    ck_assert(gc_parse_byte_count("3TiB", &v)); ck_assert_int_eq(v, 3ll << 40);
    ck_assert(gc_parse_byte_count("0", &v)); ck_assert_int_eq(v, 0);
    ck_assert(!gc_parse_byte_count("", &v));
    ck_assert(!gc_parse_byte_count("B", &v));
    ck_assert(!gc_parse_byte_count("10MB", &v));                /* Go wants MiB */
    ck_assert(!gc_parse_byte_count("10KB", &v));
    ck_assert(!gc_parse_byte_count("KiB", &v));
    ck_assert(!gc_parse_byte_count("-5", &v));
    ck_assert(!gc_parse_byte_count("5PiB", &v));
    ck_assert(!gc_parse_byte_count("10000000TiB", &v));         /* overflows int64 */
    ck_assert(!gc_parse_byte_count("1.5GiB", &v));
}
END_TEST

START_TEST(test_godebug) {
    ck_assert_int_eq(gc_godebug_value(NULL, "gctrace"), -1);
    ck_assert_int_eq(gc_godebug_value("gctrace=1", "gctrace"), 1);
    ck_assert_int_eq(gc_godebug_value("madvdontneed=1,gctrace=2", "gctrace"), 2);
    ck_assert_int_eq(gc_godebug_value("gctrace=1,gctrace=0", "gctrace"), 0);   /* last wins */
    ck_assert_int_eq(gc_godebug_value("xgctrace=1", "gctrace"), -1);
    ck_assert_int_eq(gc_godebug_value("gctrace", "gctrace"), -1);
    ck_assert_int_eq(gc_godebug_value("gcstress=1,gcverify=1", "gcverify"), 1);
}
END_TEST

static const char *fmt_ms(uint64_t ns) {
    static char buf[32];
    gc_fmt_ns_as_ms(buf, sizeof buf, ns);
    return buf;
}

START_TEST(test_fmt_ms) {
    /* Go's fmtNSAsMS: >= 10 ms whole ms; else two significant digits, at most 3 decimals */
    ck_assert_str_eq(fmt_ms(0), "0");
    ck_assert_str_eq(fmt_ms(999), "0");
    ck_assert_str_eq(fmt_ms(18000), "0.018");
    ck_assert_str_eq(fmt_ms(1000), "0.001");
    ck_assert_str_eq(fmt_ms(350000), "0.35");
    ck_assert_str_eq(fmt_ms(1234567), "1.2");
    ck_assert_str_eq(fmt_ms(4000000), "4.0");
    ck_assert_str_eq(fmt_ms(9999999), "9.9");
    ck_assert_str_eq(fmt_ms(10000000), "10");
    ck_assert_str_eq(fmt_ms(123456789), "123");
}
END_TEST

/* ---- end to end ---- */

typedef struct Run { SourceFile *file; Program *prog; Module *mod; } Run;

static Run run_program(const char *src) {
    DiagList diags;
    memset(&diags, 0, sizeof diags);
    SourceFile *f = parse_source("gc.gol", src, strlen(src), &diags);
    ck_assert_msg(diags.nerrors == 0, "parse: %s", diags.len ? diags.items[0].msg : "");
    Program *prog = check_program(f, &diags);
    ck_assert_msg(prog != NULL && diags.nerrors == 0, "check: %s", diags.len ? diags.items[0].msg : "");
    GenOptions opt = { false };
    Module *m = gen_module(prog, &opt, &diags);
    ck_assert_msg(m != NULL, "gen: %s", diags.len ? diags.items[0].msg : "");
    char err[256];
    ck_assert_msg(module_verify(m, err, sizeof err), "verify: %s", err);
    ck_assert_int_eq(vm_run(m), 0);
    diag_free(&diags);
    return (Run){ f, prog, m };
}

/* Frees what run_program made, once the test has read the globals it wanted. */
static void run_free(Run r) {
    module_free(r.mod);
    source_free(r.file);
}

/* The value of package variable `name` (an 8-byte integer) after the run. */
static int64_t global_int(Run r, const char *name) {
    Node *root = r.prog->main->file->root;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d->kind != N_VARDECL) continue;
        for (int j = 0; j < d->list.len; j++)
            for (int k = 0; k < d->list.items[j]->list.len; k++) {
                Node *id = d->list.items[j]->list.items[k];
                if (strcmp(id->name, name) == 0 && id->obj) {
                    int64_t v;
                    memcpy(&v, r.mod->globals + id->obj->global_off, sizeof v);
                    return v;
                }
            }
    }
    ck_abort_msg("no global %s", name);
    return 0;
}

/* A list kept in a global survives many collections caused by garbage. */
START_TEST(test_reachable_survives) {
    Run r = run_program(
        "package main\n"
        "import \"runtime\"\n"
        "type Node struct { next *Node; val int; name string }\n"
        "var head *Node\n"
        "var sum, count, numgc int\n"
        "var sink []byte\n"
        "func build(n int) {\n"
        "	for i := 1; i <= n; i++ { head = &Node{head, i, \"n\"} }\n"
        "}\n"
        "func churn() {\n"
        "	for i := 0; i < 20000; i++ { sink = make([]byte, 1024) }\n"
        "}\n"
        "func main() {\n"
        "	build(1000)\n"
        "	local := &Node{nil, 5000, \"local\"}\n"
        "	churn()\n"
        "	runtime.GC()\n"
        "	churn()\n"
        "	for p := head; p != nil; p = p.next { sum += p.val; count++ }\n"
        "	sum += local.val\n"
        "	var m runtime.MemStats\n"
        "	runtime.ReadMemStats(&m)\n"
        "	numgc = int(m.NumGC)\n"
        "}\n");
    ck_assert_int_eq(global_int(r, "count"), 1000);
    ck_assert_int_eq(global_int(r, "sum"), 1000 * 1001 / 2 + 5000);
    ck_assert_int_ge(global_int(r, "numgc"), 2);     /* the forced one and at least one paced */
    run_free(r);
}
END_TEST

/* Holding 10,000 &[1024]byte{} and dropping them: HeapAlloc comes back (issue 3's test). */
START_TEST(test_garbage_freed) {
    Run r = run_program(
        "package main\n"
        "import \"runtime\"\n"
        "var before, during, after, objs, gcs, forced int\n"
        "var keep []*[1024]byte\n"
        "func main() {\n"
        "	var m runtime.MemStats\n"
        "	runtime.GC()\n"
        "	runtime.ReadMemStats(&m)\n"
        "	before = int(m.HeapAlloc)\n"
        "	objs = int(m.HeapObjects)\n"
        "	gcs = int(m.NumGC)\n"
        "	for i := 0; i < 10000; i++ { keep = append(keep, &[1024]byte{}) }\n"
        "	runtime.ReadMemStats(&m)\n"
        "	during = int(m.HeapAlloc)\n"
        "	objs = int(m.HeapObjects) - objs\n"
        "	keep = nil\n"
        "	runtime.GC()\n"
        "	runtime.ReadMemStats(&m)\n"
        "	after = int(m.HeapAlloc)\n"
        "	gcs = int(m.NumGC) - gcs\n"
        "	forced = int(m.NumForcedGC)\n"
        "}\n");
    int64_t before = global_int(r, "before"), during = global_int(r, "during"), after = global_int(r, "after");
    ck_assert_msg(during - before >= 10240000 - 102400, "grew by %lld", (long long)(during - before));
    ck_assert_int_ge(global_int(r, "objs"), 10000 - 50);
    ck_assert_msg(after - before < 64 * 1024 && before - after < 64 * 1024,
                  "before %lld after %lld", (long long)before, (long long)after);
    ck_assert_int_ge(global_int(r, "gcs"), 1);
    ck_assert_int_ge(global_int(r, "forced"), 2);
    run_free(r);
}
END_TEST

/* Finalizers run once their object is unreachable, and get the object. */
START_TEST(test_finalizer_runs) {
    Run r = run_program(
        "package main\n"
        "import \"runtime\"\n"
        "type T struct { id int; p *int }\n"
        "var ran, got, alive int\n"
        "func fin(t *T) { ran++; got = t.id + *t.p }\n"
        "func make1(id int) { v := 40; t := &T{id, &v}; runtime.SetFinalizer(t, fin) }\n"
        "func main() {\n"
        "	make1(2)\n"
        "	k := &T{7, nil}\n"
        "	runtime.SetFinalizer(k, fin)\n"
        "	runtime.GC()\n"
        "	runtime.GC()\n"
        "	runtime.KeepAlive(k)\n"
        "	alive = k.id\n"
        "}\n");
    ck_assert_int_eq(global_int(r, "ran"), 1);
    ck_assert_int_eq(global_int(r, "got"), 42);
    ck_assert_int_eq(global_int(r, "alive"), 7);
    run_free(r);
}
END_TEST

/* debug.SetGCPercent(-1) stops paced cycles; runtime.GC still works. */
START_TEST(test_gc_off) {
    Run r = run_program(
        "package main\n"
        "import (\"runtime\"; \"runtime/debug\")\n"
        "var old, back, paced, forced int\n"
        "var sink []byte\n"
        "func main() {\n"
        "	var m runtime.MemStats\n"
        "	old = debug.SetGCPercent(-1)\n"
        "	runtime.ReadMemStats(&m)\n"
        "	n := m.NumGC\n"
        "	for i := 0; i < 20000; i++ { sink = make([]byte, 1024) }\n"
        "	runtime.ReadMemStats(&m)\n"
        "	paced = int(m.NumGC - n)\n"
        "	runtime.GC()\n"
        "	runtime.ReadMemStats(&m)\n"
        "	forced = int(m.NumGC - n)\n"
        "	back = debug.SetGCPercent(100)\n"
        "}\n");
    ck_assert_int_eq(global_int(r, "old"), 100);
    ck_assert_int_eq(global_int(r, "back"), -1);
    if (!gc_stress_enabled()) {             /* gcstress collects at every allocation anyway */
        ck_assert_int_eq(global_int(r, "paced"), 0);
        ck_assert_int_eq(global_int(r, "forced"), 1);
    }
    run_free(r);
}
END_TEST

/* ---- GOLDEBUG=gcverify=1: pointers kept in raw-bytes memory ----
 * The os.Args bug, built by hand: an array of string headers allocated as raw bytes
 * (mallocgc_noscan), reachable from a C root, holds the only pointer to a string's bytes. */
static void **noscan_box;

static void verify_on(void) {
    gc_stress_enabled();            /* reads GOLDEBUG once; then the switch is ours */
    gc_verify_mode = true;
}

static void build_box(bool typed) {
    static const TypeDesc t_ptr = { .kind = K_POINTER, .size = 8, .align = 8, .ptrdata = 8,
                                    .ptrmask = (const uint8_t *)"\1", .name = "*byte" };
    noscan_box = typed ? mallocgc(NULL, 16, &t_ptr, true) : mallocgc_noscan(NULL, 16, true);
    gc_root_push((void **)&noscan_box);
    uint8_t *bytes = mallocgc_noscan(NULL, 64, false);
    memset(bytes, 'x', 64);
    noscan_box[0] = bytes;
}

/* The check itself: after marking, the box's word 0 points at an unmarked object. */
START_TEST(test_noscan_check_finds_word) {
    build_box(false);
    heap_finish_sweep();
    heap_flush_caches();
    heap_clear_marks();
    gc_mark_roots();
    gc_mark_drain();
    void *b, *target = NULL;
    mspan *s;
    uintptr_t idx;
    ck_assert(heap_find_object(noscan_box, &b, &s, &idx));
    ck_assert(span_is_marked(s, idx));                  /* the box is reachable ... */
    ck_assert_int_eq(heap_verify_noscan_object(b, s, &target), 0);
    ck_assert_ptr_eq(target, noscan_box[0]);            /* ... its pointee is not marked */
    noscan_box[0] = (void *)(uintptr_t)0x6162636465666768ull;   /* bytes, not a pointer */
    ck_assert_int_eq(heap_verify_noscan_object(b, s, NULL), -1);
    heap_start_sweep();
}
END_TEST

/* End to end: a collection under gcverify is a fatal error (exit status 2), not a silent free. */
START_TEST(test_gcverify_catches_pointer_in_noscan) {
    verify_on();
    build_box(false);
    gc_collect(NULL, true);
}
END_TEST

/* The same memory allocated with its type is scanned: no error, and the bytes survive. */
START_TEST(test_gcverify_typed_box_keeps_bytes) {
    verify_on();
    build_box(true);
    gc_collect(NULL, true);
    gc_collect(NULL, true);
    ck_assert(heap_find_object(noscan_box[0], NULL, NULL, NULL));
    ck_assert_int_eq(((uint8_t *)noscan_box[0])[63], 'x');
    gc_verify_mode = false;
}
END_TEST

/* mallocgc wants a type: NULL is a fatal error, raw bytes have their own entry point. */
START_TEST(test_mallocgc_refuses_null_type) {
    mallocgc(NULL, 16, NULL, true);
}
END_TEST

/* ---- GOLDEBUG=wbcheck=1: pointer stores around the write barrier ----
 * A pointer-holding object whose slots are written through wb_store_ptr and typedmemmove passes
 * the check; one raw store into it is reported at the next collection (fatal error, exit 2). */
static void **wb_pair;
static const TypeDesc t_ptr_pair = { .kind = K_STRUCT, .size = 16, .align = 8, .ptrdata = 16,
                                     .ptrmask = (const uint8_t *)"\3", .name = "main.pair" };

static void *wbcheck_setup(void) {
    setenv("GOLDEBUG", "wbcheck=1", 1);
    mheap_init();
    wbcheck_init();
    ck_assert(wbcheck_enabled());
    wb_pair = mallocgc(NULL, 16, &t_ptr_pair, true);
    gc_root_push((void **)&wb_pair);
    void *x = mallocgc_noscan(NULL, 8, true);
    wb_store_ptr(&wb_pair[0], x);
    void *both[2] = { x, x };
    typedmemmove(&t_ptr_pair, wb_pair, both);
    return x;
}

START_TEST(test_wbcheck_barrier_stores_pass) {
    wbcheck_setup();
    wbcheck_verify();                               /* returns: nothing was missed */
    gc_collect(NULL, true);
    ck_assert_ptr_nonnull(wb_pair[1]);
}
END_TEST

START_TEST(test_wbcheck_catches_raw_store) {
    void *x = wbcheck_setup();
    wb_pair[1] = (uint8_t *)x + 0;                  /* the same value, but not through the barrier */
    wb_pair[1] = NULL;
    wbcheck_verify();
}
END_TEST

Suite *gc_suite(void) {
    Suite *s = suite_create("gc");
    TCase *t = tcase_create("pacer");
    tcase_add_test(t, test_goal_gogc);
    tcase_add_test(t, test_goal_limit);
    tcase_add_test(t, test_trigger);
    tcase_add_test(t, test_cpu_limiter);
    tcase_add_test(t, test_set_percent_round_trip);
    suite_add_tcase(s, t);
    t = tcase_create("parse");
    tcase_add_test(t, test_parse_gogc);
    tcase_add_test(t, test_parse_byte_count);
    tcase_add_test(t, test_godebug);
    tcase_add_test(t, test_fmt_ms);
    suite_add_tcase(s, t);
    t = tcase_create("collect");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_reachable_survives);
    tcase_add_test(t, test_garbage_freed);
    tcase_add_test(t, test_finalizer_runs);
    tcase_add_test(t, test_gc_off);
    suite_add_tcase(s, t);
    t = tcase_create("verify");
    tcase_add_test(t, test_noscan_check_finds_word);
    tcase_add_exit_test(t, test_gcverify_catches_pointer_in_noscan, 2);
    tcase_add_test(t, test_gcverify_typed_box_keeps_bytes);
    tcase_add_exit_test(t, test_mallocgc_refuses_null_type, 2);
    tcase_add_test(t, test_wbcheck_barrier_stores_pass);
    tcase_add_exit_test(t, test_wbcheck_catches_raw_store, 2);
    suite_add_tcase(s, t);
    return s;
}
