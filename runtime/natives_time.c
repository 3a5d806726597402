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
 *     time.readFileNative(path string) (data string, ok bool)   a zone file, for Local
 *
 * Sleep parks the goroutine until its wake time (runtime/timer.c timer_sleep): the others run
 * meanwhile, and when none can, the scheduler gives the time to the background sweeper and
 * sleeps in the kernel, so the program always sleeps at least d, as Go promises.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The goroutine parks until the deadline; its frame returns when it runs again (NAT_SWITCH). */
static int nat_time_sleep(GolG *g, uint8_t *frame) {
    int64_t d = ARG(frame, 0, int64_t);
    if (d <= 0) return NAT_RETURN;
    timer_sleep(g, rt_clock_nanos(CLOCK_MONOTONIC) + d);
    return NAT_SWITCH;
}

/* time.readFileNative(path string) (data string, ok bool): data @0, ok @16, path @24. A whole
 * zone file (TZif, a few KiB), for Local and LoadLocation. */
static int nat_time_read_file(GolG *g, uint8_t *frame) {
    ARG(frame, 0, GolString) = (GolString){NULL, 0};
    ARG(frame, 16, int64_t) = 0;
    GolString p = ARG(frame, 24, GolString);
    char path[4096];
    if (p.len <= 0 || p.len >= (int64_t)sizeof path || memchr(p.ptr, 0, (size_t)p.len)) return NAT_RETURN;
    memcpy(path, p.ptr, (size_t)p.len);
    path[p.len] = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NAT_RETURN;
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap && len < (1 << 22)) buf = realloc(buf, cap *= 2);
        else if (len == cap) break;
    }
    bool ok = buf && !ferror(f);
    fclose(f);
    if (ok) {
        GolString s = {NULL, (int64_t)len};
        if (len) {
            uint8_t *d = mallocgc_noscan(g, len, false);
            memcpy(d, buf, len);
            s.ptr = d;
        }
        ARG(frame, 0, GolString) = s;
        ARG(frame, 16, int64_t) = 1;
    }
    free(buf);
    return NAT_RETURN;
}

static const NativeEntry time_natives[] = {
    { "time.readFileNative", nat_time_read_file },
    { "time.walltimeNano",   nat_time_walltime_nano },
    { "time.monotonicNano",  nat_time_monotonic_nano },
    { "time.Sleep",          nat_time_sleep },
    { "time.startTimer",     timer_nat_start },     /* runtime/timer.c */
    { "time.stopTimer",      timer_nat_stop },
    { "time.resetTimer",     timer_nat_reset },
    { NULL, NULL }
};

const NativeEntry *rt_native_lookup_time(const char *qualified_name) {
    for (const NativeEntry *e = time_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
