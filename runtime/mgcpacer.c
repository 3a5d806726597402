/* runtime/mgcpacer.c — the pacer: when the next collection starts (Go 1.19's mgcpacer.go).
 *
 * A collector that runs too often wastes CPU; one that runs too rarely wastes memory. Go's
 * answer, which gol copies, is one knob: GOGC. After each cycle the pacer knows how much of
 * the heap was live (heapMarked, the bytes the mark found) and sets the heap goal, the size
 * the heap may reach before the next cycle must be over:
 *
 *     goal = heapMarked + (heapMarked + stackScan + globalsScan) * GOGC / 100
 *            at least heapMinimum = 4 MiB * GOGC / 100
 *
 * GOGC=100 lets the heap grow by as much as is live (plus what the roots cost to scan: since
 * Go 1.18 stacks and globals count, because scanning them is GC work too). GOGC=off (-1)
 * makes the GOGC goal infinite.
 *
 * The memory limit (GOMEMLIMIT, debug.SetMemoryLimit) is a second goal. The runtime's whole
 * footprint — heap, stacks, metadata: mappedReady = Sys - HeapReleased — should stay under
 * the limit, so the heap may take what the rest leaves, minus 1 MiB of headroom:
 *
 *     nonHeap = mappedReady - heapFree - heapAlloc      overage = max(mappedReady - limit, 0)
 *     goal_limit = limit - (nonHeap + overage) - 1 MiB, never below heapMarked
 *
 * and the goal is min(goal_gogc, goal_limit). When the GOGC goal governs it is also raised to
 * heapMarked + 1 MiB (Go's sweep distance: the sweeper needs room to finish first).
 *
 * The trigger. Go marks concurrently, so a cycle must start before the goal, early enough that
 * the mutator's allocation during marking (the runway) still fits: trigger = goal - runway,
 * clamped to [heapMarked + 45/64 of the way to the goal, heapMarked + 61/64 of the way]
 * (for big heaps the upper bound becomes goal - 4 MiB). gol's collector stops the world, so
 * nothing is allocated while it marks: its runway is 0 and the trigger is the upper clamp.
 * Keeping Go's clamp keeps the shape of Go's sawtooth (a cycle starts a little before the goal)
 * and leaves the code ready for incremental marking, where the runway becomes real.
 * A cycle starts when the heap's heapLive (bytes in use, counting cached spans' free slots)
 * reaches the trigger (mgc.c, gc_alloc_notify).
 *
 * Everything here that computes is a pure function of its arguments (gc_goal_gogc,
 * gc_goal_limit, gc_trigger_for, the parsers, the ms formatting), so tests/unit/test_gc.c
 * checks the arithmetic against the formulas without running a program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mstats.h"

#define HEAP_MINIMUM_DEFAULT  (4ull << 20)   /* the heap minimum at GOGC=100 */
#define LIMIT_HEADROOM        (1ull << 20)   /* kept free below the memory limit */
#define SWEEP_MIN_DISTANCE    (1ull << 20)   /* the sweeper's room after a cycle */
#define TRIGGER_DEN           64
#define TRIGGER_MIN_NUM       45
#define TRIGGER_MAX_NUM       61

typedef struct GcPacer {
    bool     ready;             /* the environment has been read */
    int64_t  percent;           /* GOGC, -1 for off */
    int64_t  limit;             /* GOMEMLIMIT, INT64_MAX for none */
    uint64_t heap_minimum;
    uint64_t heap_marked;       /* live bytes found by the last mark */
    uint64_t stack_scan;        /* stack bytes scanned by the last mark */
    uint64_t globals_scan;      /* bytes of pointer-holding globals */
    uint64_t heap_scan;         /* heap bytes scanned by the last mark */
    uint64_t goal, trigger;
    int64_t  gctrace;           /* GODEBUG=gctrace=N */
} GcPacer;

static GcPacer pacer;
uint64_t gc_trigger_bytes = UINT64_MAX;    /* pacer.trigger, read by every allocation (mgc.c) */

/* ---- parsing the environment ---- */

/* Go's atoi64: an optional sign and decimal digits, no overflow. */
static bool gc_atoi64(const char *s, size_t n, int64_t *out) {
    if (n == 0) return false;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '-' || s[0] == '+') { neg = s[0] == '-'; i = 1; if (n == 1) return false; }
    uint64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    if (!neg && v > (uint64_t)INT64_MAX) return false;
    if (neg && v > (uint64_t)INT64_MAX + 1) return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

int64_t gc_parse_gogc(const char *s) {
    if (s && strcmp(s, "off") == 0) return -1;
    int64_t n;
    if (s && gc_atoi64(s, strlen(s), &n) && n >= INT32_MIN && n <= INT32_MAX) return n < 0 ? -1 : n;
    return 100;
}

/* "123", "123B", "4KiB", "64MiB", "1GiB", "2TiB": non-negative, no overflow past int64. */
bool gc_parse_byte_count(const char *s, int64_t *out) {
    size_t n = s ? strlen(s) : 0;
    if (n == 0) return false;
    char last = s[n - 1];
    int64_t v;
    if (last >= '0' && last <= '9') {
        if (!gc_atoi64(s, n, &v) || v < 0) return false;
        *out = v;
        return true;
    }
    if (last != 'B' || n < 2) return false;
    char c = s[n - 2];
    if (c >= '0' && c <= '9') {
        if (!gc_atoi64(s, n - 1, &v) || v < 0) return false;
        *out = v;
        return true;
    }
    if (c != 'i' || n < 4) return false;
    int power;
    switch (s[n - 3]) {
    case 'K': power = 1; break;
    case 'M': power = 2; break;
    case 'G': power = 3; break;
    case 'T': power = 4; break;
    default: return false;
    }
    uint64_t m = 1;
    for (int i = 0; i < power; i++) m *= 1024;
    if (!gc_atoi64(s, n - 3, &v) || v < 0) return false;
    uint64_t u = (uint64_t)v;
    if (u > UINT64_MAX / m) return false;
    u *= m;
    if (u > (uint64_t)INT64_MAX) return false;
    *out = (int64_t)u;
    return true;
}

/* GODEBUG is comma-separated key=value pairs; the last setting of a key wins, as in Go.
 * Returns the integer value, or -1 when the key is absent or not a number. */
int64_t gc_godebug_value(const char *env, const char *key) {
    int64_t result = -1;
    size_t klen = strlen(key);
    for (const char *p = env; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            int64_t v;
            if (gc_atoi64(p + klen + 1, len - klen - 1, &v)) result = v;
        }
        p = end ? end + 1 : NULL;
    }
    return result;
}

/* ---- the arithmetic ---- */

uint64_t gc_goal_gogc(uint64_t heap_marked, uint64_t stack_scan, uint64_t globals_scan,
                      int64_t percent) {
    if (percent < 0) return UINT64_MAX;
    uint64_t goal = heap_marked + (heap_marked + stack_scan + globals_scan) * (uint64_t)percent / 100;
    uint64_t minimum = HEAP_MINIMUM_DEFAULT * (uint64_t)percent / 100;
    return goal < minimum ? minimum : goal;
}

uint64_t gc_goal_limit(int64_t limit, uint64_t mapped_ready, uint64_t heap_free,
                       uint64_t heap_alloc, uint64_t heap_marked) {
    uint64_t lim = (uint64_t)limit;
    uint64_t non_heap = mapped_ready >= heap_free + heap_alloc ? mapped_ready - heap_free - heap_alloc : 0;
    uint64_t overage = mapped_ready > lim ? mapped_ready - lim : 0;
    if (non_heap + overage >= lim) return heap_marked;      /* nothing left: collect continuously */
    uint64_t goal = lim - (non_heap + overage);
    if (goal < LIMIT_HEADROOM || goal - LIMIT_HEADROOM < LIMIT_HEADROOM) goal = LIMIT_HEADROOM;
    else goal -= LIMIT_HEADROOM;
    return goal < heap_marked ? heap_marked : goal;
}

/* Go's trigger() with a runway of 0 (gol marks with the world stopped). */
uint64_t gc_trigger_for(uint64_t goal, uint64_t heap_marked, uint64_t min_trigger) {
    if (heap_marked >= goal) return goal;
    if (min_trigger < heap_marked) min_trigger = heap_marked;
    uint64_t lower = (goal - heap_marked) / TRIGGER_DEN * TRIGGER_MIN_NUM + heap_marked;
    if (min_trigger < lower) min_trigger = lower;
    uint64_t upper = (goal - heap_marked) / TRIGGER_DEN * TRIGGER_MAX_NUM + heap_marked;
    if (goal > HEAP_MINIMUM_DEFAULT && goal - HEAP_MINIMUM_DEFAULT > upper) upper = goal - HEAP_MINIMUM_DEFAULT;
    if (upper < min_trigger) upper = min_trigger;
    uint64_t trigger = goal;                                /* goal - runway, runway = 0 */
    if (trigger < min_trigger) trigger = min_trigger;
    if (trigger > upper) trigger = upper;
    return trigger;
}

/* Go's itoaDiv: val with a decimal point dec digits from the right. */
static size_t gc_itoa_div(char *buf, size_t size, uint64_t val, int dec) {
    char tmp[32];
    int i = (int)sizeof tmp - 1, idec = i - dec;
    while (val >= 10 || i >= idec) {
        tmp[i--] = (char)('0' + val % 10);
        if (i == idec) tmp[i--] = '.';
        val /= 10;
    }
    tmp[i] = (char)('0' + val);
    size_t n = sizeof tmp - (size_t)i;
    if (n >= size) n = size - 1;
    memcpy(buf, tmp + i, n);
    buf[n] = 0;
    return n;
}

/* 10 ms or more: whole milliseconds; less: two significant digits, at most three decimals. */
size_t gc_fmt_ns_as_ms(char *buf, size_t size, uint64_t ns) {
    if (ns >= 10000000) return gc_itoa_div(buf, size, ns / 1000000, 0);
    uint64_t x = ns / 1000;
    if (x == 0) { snprintf(buf, size, "0"); return 1; }
    int dec = 3;
    while (x >= 100) { x /= 10; dec--; }
    return gc_itoa_div(buf, size, x, dec);
}

/* ---- the pacer's state ---- */

static void gc_pacer_read_env(void) {
    pacer.percent = gc_parse_gogc(getenv("GOGC"));
    pacer.heap_minimum = pacer.percent < 0 ? 0 : HEAP_MINIMUM_DEFAULT * (uint64_t)pacer.percent / 100;
    const char *lim = getenv("GOMEMLIMIT");
    pacer.limit = INT64_MAX;
    if (lim && *lim && strcmp(lim, "off") != 0 && !gc_parse_byte_count(lim, &pacer.limit)) {
        char msg[256];
        snprintf(msg, sizeof msg, "GOMEMLIMIT=%s\n", lim);
        fputs(msg, stderr);
        gc_throw("malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`");
    }
    pacer.gctrace = gc_godebug_value(getenv("GODEBUG"), "gctrace");
}

void gc_pacer_init(void) {
    if (pacer.ready) return;
    pacer.ready = true;
    gc_pacer_read_env();
    gc_pacer_commit();
}

void gc_pacer_reset(void) {
    memset(&pacer, 0, sizeof pacer);
    gc_pacer_init();
}

/* The memory-limit inputs, from the heap's counters (Sys - HeapReleased is what is mapped and
 * ready; idle unreleased pages are free heap). */
static void gc_limit_inputs(uint64_t *mapped_ready, uint64_t *heap_free, uint64_t *heap_alloc) {
    GoMemStats ms;
    mstats_read(&ms);
    *mapped_ready = ms.Sys - ms.HeapReleased;
    *heap_free = ms.HeapIdle - ms.HeapReleased;
    *heap_alloc = ms.HeapAlloc;
}

void gc_pacer_commit(void) {
    uint64_t goal = gc_goal_gogc(pacer.heap_marked, pacer.stack_scan, pacer.globals_scan, pacer.percent);
    if (pacer.percent >= 0 && goal < pacer.heap_minimum) goal = pacer.heap_minimum;
    uint64_t min_trigger = 0;
    uint64_t limit_goal = UINT64_MAX;
    if (pacer.limit != INT64_MAX) {
        uint64_t mapped, hfree, halloc;
        gc_limit_inputs(&mapped, &hfree, &halloc);
        limit_goal = gc_goal_limit(pacer.limit, mapped, hfree, halloc, pacer.heap_marked);
    } else {
        limit_goal = (uint64_t)INT64_MAX;   /* Go's goal from MaxInt64: NextGC near 2^63 when GOGC=off */
        if (limit_goal > LIMIT_HEADROOM) limit_goal -= LIMIT_HEADROOM;
    }
    if (limit_goal < goal) {
        goal = limit_goal;
    } else {
        uint64_t sweep_dist = pacer.heap_marked + SWEEP_MIN_DISTANCE;
        if (pacer.heap_marked > 0 && sweep_dist > goal) goal = sweep_dist;
        if (pacer.heap_marked > 0) min_trigger = sweep_dist;
    }
    pacer.goal = goal;
    pacer.trigger = gc_trigger_for(goal, pacer.heap_marked, min_trigger);
    gc_trigger_bytes = pacer.trigger;
}

void gc_pacer_end_cycle(uint64_t heap_marked, uint64_t stack_scan, uint64_t globals_scan,
                        uint64_t heap_scan) {
    pacer.heap_marked = heap_marked;
    pacer.stack_scan = stack_scan;
    pacer.globals_scan = globals_scan;
    pacer.heap_scan = heap_scan;
    gc_pacer_commit();
}

uint64_t gc_heap_goal(void)    { gc_pacer_init(); return pacer.goal; }
uint64_t gc_trigger(void)      { gc_pacer_init(); return pacer.trigger; }
int64_t  gc_percent(void)      { gc_pacer_init(); return pacer.percent; }
int64_t  gc_memory_limit(void) { gc_pacer_init(); return pacer.limit; }
bool     gc_trace_enabled(void) { gc_pacer_init(); return pacer.gctrace > 0; }

int64_t gc_set_percent(GolG *g, int64_t percent) {
    (void)g;                    /* no mark is ever in progress when gol code runs: nothing to wait for */
    gc_pacer_init();
    int64_t old = pacer.percent;
    if (percent < 0) percent = -1;
    if (percent > INT32_MAX) percent = INT32_MAX;   /* Go stores it as an int32 */
    pacer.percent = percent;
    pacer.heap_minimum = percent < 0 ? 0 : HEAP_MINIMUM_DEFAULT * (uint64_t)percent / 100;
    gc_pacer_commit();
    return old;
}

int64_t gc_set_memory_limit(int64_t limit) {
    gc_pacer_init();
    int64_t old = pacer.limit;
    if (limit >= 0) pacer.limit = limit;
    gc_pacer_commit();
    return old;
}
