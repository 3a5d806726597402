/* runtime/mgclimit.c — the GC CPU limiter (Go 1.19's mgclimit.go), for a stop-the-world collector.
 *
 * The problem it solves. When the live heap does not fit under the memory limit
 * (GOMEMLIMIT=1MiB with 2.5 MiB of live data), the pacer can never reach its goal: every trigger
 * test starts a cycle, and each cycle finds the same live heap. Left alone the program spends
 * nearly all its time collecting and makes no progress: Go calls it a death spiral. Go 1.19's
 * answer is to let the heap exceed the limit rather than let the collector take more than about
 * half of the CPU.
 *
 * The mechanism is a leaky bucket measured in nanoseconds of CPU time:
 *
 *     a cycle of d ns                  fill += d       (GC time pours in)
 *     m ns of mutator time             fill -= m       (the program's own time drains it)
 *     idle time (time.Sleep)           neither         (sleeping is not the program working)
 *     0 <= fill <= capacity = 1 CPU-second per P       (what would overflow is counted, lost)
 *
 * Because GC time fills and mutator time drains at the same rate, a full bucket means the
 * collector has been taking more than 50% of the CPU for long enough to use up its leeway: the
 * capacity is the size of the spike the limiter tolerates ("the limiter will not kick in until at
 * least 1 full cpu-second in the last 2 cpu-second window is spent on GC"). The bucket never goes
 * negative, so a long quiet period builds up no credit for a later spiral.
 *
 * What "limiting" means here. Go's collector runs concurrently: when the bucket is full it stops
 * making goroutines assist the marking, so the heap outgrows the goal while the background
 * workers carry on at their 25%. gol collects with the world stopped, so the stop-the-world
 * version is to *defer the next automatic cycle*: a trigger test that finds
 *
 *     fill (drained up to now) + last cycle's duration > capacity
 *
 * does not collect, and the heap grows past the trigger until the program has run long enough
 * for the next cycle to fit in the bucket. In a death spiral that alternates one cycle with at
 * least as much mutator time: the collector keeps to about half of the CPU, as Go's does, and
 * the memory limit is exceeded instead, as Go documents. runtime.GC() is never deferred.
 *
 * Everything that computes takes the bucket and the time as arguments (gc_limiter_*), so
 * tests/unit/test_gc.c can drive it with made-up clocks; the collector uses one instance
 * through gc_cpu_limited / gc_cpu_limiter_cycle / gc_cpu_limiter_idle.
 */
#include <time.h>
#include "runtime/mgc.h"

#define LIMITER_CAPACITY_PER_PROC 1000000000ull   /* 1 CPU-second, Go's capacityPerProc */

void gc_limiter_init(GcLimiter *l, int64_t now, int nprocs) {
    *l = (GcLimiter){ .capacity = LIMITER_CAPACITY_PER_PROC * (uint64_t)nprocs, .last_update = now };
}

/* Mutator time since the last update drains the bucket. */
static void gc_limiter_drain(GcLimiter *l, int64_t now) {
    uint64_t elapsed = now > l->last_update ? (uint64_t)(now - l->last_update) : 0;
    uint64_t mutator = elapsed > l->idle ? elapsed - l->idle : 0;
    l->idle = 0;
    l->fill = l->fill > mutator ? l->fill - mutator : 0;
    l->last_update = now;
}

void gc_limiter_add_cycle(GcLimiter *l, int64_t start, int64_t end) {
    gc_limiter_drain(l, start);
    uint64_t d = end > start ? (uint64_t)(end - start) : 0;
    l->fill += d;
    if (l->fill > l->capacity) {
        l->overflow += l->fill - l->capacity;
        l->fill = l->capacity;
    }
    l->last_cycle = d;
    l->last_update = end;
}

void gc_limiter_add_idle(GcLimiter *l, uint64_t ns) { l->idle += ns; }

bool gc_limiter_defers(GcLimiter *l, int64_t now) {
    gc_limiter_drain(l, now);
    l->limiting = l->fill + l->last_cycle > l->capacity;
    return l->limiting;
}

/* ---- the collector's instance ---- */

static GcLimiter limiter;
static bool limiter_ready;

static int64_t limiter_nanotime(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static GcLimiter *limiter_get(int64_t now) {
    if (!limiter_ready) {
        limiter_ready = true;
        gc_limiter_init(&limiter, now, 1);         /* gol runs one P */
    }
    return &limiter;
}

bool gc_cpu_limited(void) {
    int64_t now = limiter_nanotime();
    return gc_limiter_defers(limiter_get(now), now);
}

void gc_cpu_limiter_cycle(int64_t start, int64_t end) { gc_limiter_add_cycle(limiter_get(start), start, end); }

void gc_cpu_limiter_idle(int64_t ns) {
    if (ns > 0) gc_limiter_add_idle(limiter_get(limiter_nanotime()), (uint64_t)ns);
}
