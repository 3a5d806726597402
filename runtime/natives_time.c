/* runtime/natives_time.c — the C side of package time: two clock readings and a sleep.
 *
 * runtime/lib/time.gol declares these without bodies; runtime/natives.c's lookup asks
 * rt_native_lookup_time for the names it does not know. Everything else in the package
 * (Duration formatting, Sub, Since) is gol code over these three. Frame offsets follow the
 * layout rule of runtime/symtab.h (results first, then params, each 8-byte aligned):
 *
 *     time.walltimeNano() int64       result @0   CLOCK_REALTIME, ns since 1970
 *     time.monotonicNano() int64      result @0   CLOCK_MONOTONIC, ns since boot
 *     time.Sleep(d Duration)          d @0
 *
 * Sleep blocks the whole OS thread: there is no scheduler yet to run other goroutines while
 * this one waits; the background sweeper gets the time first (nat_time_sleep). nanosleep is restarted with the remaining time when a signal interrupts it,
 * so the program always sleeps at least d, as Go promises.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <time.h>
#include "runtime/mgc.h"
#include "runtime/runtime.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* A clock's reading in nanoseconds. */
static int64_t rt_clock_nanos(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int nat_time_walltime_nano(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, int64_t) = rt_clock_nanos(CLOCK_REALTIME);
    return NAT_RETURN;
}

static int nat_time_monotonic_nano(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, int64_t) = rt_clock_nanos(CLOCK_MONOTONIC);
    return NAT_RETURN;
}

/* Before sleeping, the idle time goes to the background sweeper (runtime/mgcsweep.c) until the
 * sweep is done or d has passed; only what is left is slept, and it is reported to the GC CPU
 * limiter as idle time (runtime/mgclimit.c), which does not count as the program's own. */
static int nat_time_sleep(GolG *g, uint8_t *frame) {
    (void)g;
    int64_t d = ARG(frame, 0, int64_t);
    if (d <= 0) return NAT_RETURN;
    int64_t start = rt_clock_nanos(CLOCK_MONOTONIC), deadline = start + d;
    gc_sweep_until(deadline);
    d = deadline - rt_clock_nanos(CLOCK_MONOTONIC);
    if (d <= 0) return NAT_RETURN;
    gc_cpu_limiter_idle(d);
    struct timespec req = { (time_t)(d / 1000000000), (long)(d % 1000000000) }, rem;
    while (nanosleep(&req, &rem) != 0 && errno == EINTR) req = rem;
    return NAT_RETURN;
}

static const NativeEntry time_natives[] = {
    { "time.walltimeNano",   nat_time_walltime_nano },
    { "time.monotonicNano",  nat_time_monotonic_nano },
    { "time.Sleep",          nat_time_sleep },
    { NULL, NULL }
};

const NativeEntry *rt_native_lookup_time(const char *qualified_name) {
    for (const NativeEntry *e = time_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
