/* runtime/timer.c — timers: time.Sleep, Timer, Ticker, After, AfterFunc, on one heap.
 *
 * Go's way (runtime/time.go). Every pending timer is a `timer {when, period, f, arg, seq}` in a
 * min-heap ordered by `when` (a CLOCK_MONOTONIC instant). Each P has its own heap, a 4-ary
 * one (a node's children are 4i+1..4i+4: half the depth of a binary heap, and sifting down
 * compares four siblings that share a cache line). The scheduler checks the heap of its P each
 * time it looks for work (checkTimers): every timer whose `when` has passed is taken off and its
 * f(arg) called; a periodic timer (a Ticker) goes back with when += period. When nothing is
 * runnable the M sleeps in the kernel until the soonest `when` (netpoll with a timeout), so a
 * program whose goroutines all wait on timers uses no CPU. A pending timer also means "no
 * deadlock": checkdead gives up if any P has timers.
 *
 * What f is decides the kind of timer:
 *   time.Sleep        f = goroutineReady: the sleeping g is readied (each g has one timer);
 *   NewTimer, After   f = sendTime: a non-blocking send of Now() on C, a channel of capacity 1;
 *   NewTicker, Tick   the same with period > 0: a receiver that falls behind loses ticks,
 *                     since a send to the full channel is dropped rather than waited for;
 *   AfterFunc(d, g)   f = goFunc: `go g()`, so the callback runs on a goroutine of its own.
 * Stop takes a pending timer off the heap and says whether it did (false: it already fired or
 * was stopped); Reset is Stop and re-add with a new `when`, returning what Stop said.
 *
 * gol's way, the same with one heap (one P):
 *
 *      timer_heap:   [0] when=105 ─┬─ [1] when=230   [2] when=110   [3] ...   [4] ...
 *                                   └─ children of i: 4i+1 .. 4i+4
 *      an entry:     { when, seq, t: time.runtimeTimer (a heap object), g: a sleeper }
 *
 *   - A sleeping goroutine's entry names the g (time.Sleep needs no object). Every other
 *     timer is a `runtimeTimer` of runtime/lib/time.gol, embedded in its Timer or Ticker:
 *     {when, period, f func(), c chan Time, idx, where a Time keeps its clocks, a Time}. The runtime reads when, period, f and c and keeps idx (the
 *     entry's heap position + 1; 0: not pending), so that Stop finds it in O(log n).
 *   - A Timer or Ticker has its channel c: firing is Go's sendTime, done at once in C (a
 *     non-blocking send of the current time, chan_try_send), so a receiver that falls behind
 *     loses ticks, and after Stop or Reset no stale value can arrive. The Time value is the
 *     timer's own Time template with its clocks set, at the offsets time.gol records in the
 *     runtimeTimer (unsafe.Offsetof), so Time's layout is known in one place.
 *   - An AfterFunc has its f, a gol func value; no gol code ever runs on a nested C loop
 *     (DESIGN §6), so firing starts a new goroutine running f(). time.gol's AfterFunc makes f
 *     `func() { goFunc(callback) }`, and goFunc's `go callback()` gives the callback Go's
 *     traceback line "created by time.goFunc".
 *   - The scheduler (runtime/sched.c) runs timer_run_due each time it picks a goroutine, and
 *     also when a time slice ends (sched_preempt_due), so a goroutine spinning in `for {}`
 *     cannot starve a sleeper or a ticker. With nothing runnable it sleeps in the kernel until
 *     timer_next_when.
 *   - Equal `when`s fire in the order they were added (seq): Go's heap does not promise it, but
 *     a deterministic order makes programs reproducible.
 *   - The heap is C memory; the runtimeTimers it holds are GC roots (timer_scan) for as long as
 *     they are pending, which keeps their channels and callbacks alive, as Go's P heap does.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/runtime.h"
#include "runtime/chan.h"

/* time.runtimeTimer's layout (runtime/lib/time.gol): the runtime's view of a Timer. */
typedef struct RuntimeTimer {
    int64_t when;           /* CLOCK_MONOTONIC ns when it fires next */
    int64_t period;         /* > 0: fire again every period ns (a Ticker) */
    const void *f;          /* AfterFunc: func value run on a new goroutine when it fires */
    GolChan *c;             /* Timer, Ticker: the time is sent here, without waiting */
    int64_t idx;            /* its heap position + 1 while pending, else 0 (the runtime's) */
    uint64_t sec_off, nsec_off, mono_off;   /* where a Time keeps its clocks (in now) */
    int64_t sec_base, mono_base;            /* added to / taken from the clock readings */
    uint8_t now[];          /* the Time sent, clocks aside (its zone: Local) */
} RuntimeTimer;

typedef struct TimerEntry {
    int64_t when;
    uint64_t seq;           /* insertion order: ties fire first-in first-out */
    RuntimeTimer *t;        /* a Timer or Ticker, or */
    GolG *g;                /* a goroutine in time.Sleep */
} TimerEntry;

static TimerEntry *timer_heap;
static size_t timer_n, timer_cap;
static uint64_t timer_seq;
static const Module *timer_mod;     /* the module whose func values timers run */

int64_t timer_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the 4-ary heap ---- */

static bool timer_less(const TimerEntry *a, const TimerEntry *b) {
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void timer_place(size_t i, TimerEntry e) {
    timer_heap[i] = e;
    if (e.t) e.t->idx = (int64_t)i + 1;
}

static void timer_sift_up(size_t i) {
    TimerEntry e = timer_heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (!timer_less(&e, &timer_heap[p])) break;
        timer_place(i, timer_heap[p]);
        i = p;
    }
    timer_place(i, e);
}

static void timer_sift_down(size_t i) {
    TimerEntry e = timer_heap[i];
    for (;;) {
        size_t c = 4 * i + 1, best = i;
        const TimerEntry *min = &e;
        for (size_t k = c; k < c + 4 && k < timer_n; k++)
            if (timer_less(&timer_heap[k], min)) { best = k; min = &timer_heap[k]; }
        if (best == i) break;
        timer_place(i, timer_heap[best]);
        i = best;
    }
    timer_place(i, e);
}

static void timer_push(GolG *g, TimerEntry e) {
    if (timer_n == timer_cap) {
        size_t cap = timer_cap ? 2 * timer_cap : 16;
        TimerEntry *h = realloc(timer_heap, cap * sizeof *h);
        if (!h) rt_fatal(g, "runtime: out of memory");
        timer_heap = h;
        timer_cap = cap;
    }
    e.seq = timer_seq++;
    timer_heap[timer_n++] = e;
    timer_sift_up(timer_n - 1);
    sched_arm_timer();      /* a spinning goroutine must yield when the timer is due */
}

/* Take entry i off the heap: the last entry fills its place and sifts whichever way it must. */
static TimerEntry timer_remove(size_t i) {
    TimerEntry e = timer_heap[i];
    if (e.t) e.t->idx = 0;
    if (--timer_n > i) {
        timer_place(i, timer_heap[timer_n]);
        timer_sift_down(i);
        timer_sift_up(i);
    }
    return e;
}

/* gp's time.Sleep entry, if it has one, off the heap (the REPL abandons a sleeping input). */
void timer_forget(GolG *gp) {
    for (size_t i = 0; i < timer_n; i++)
        if (timer_heap[i].g == gp) {
            timer_remove(i);
            return;
        }
}

/* ---- what the scheduler asks ---- */

bool timer_next_when(int64_t *when) {
    if (timer_n == 0) return false;
    *when = timer_heap[0].when;
    return true;
}

/* A timer fired: its callback starts on a goroutine of its own, with no parameters (a closure
 * brings what it needs), created by no function (it only runs time.goFunc, which starts the
 * callback's goroutine). */
static void timer_start_callback(const void *f) {
    GolG parent;
    memset(&parent, 0, sizeof parent);
    parent.mod = timer_mod;
    sched_newproc(&parent, f, NULL, 0);
}

/* Go's sendTime, done at once: t's Time with its clocks set to now (where time.gol said they
 * are) into t's channel, unless its one slot is full: the tick is dropped. */
static void timer_send_time(RuntimeTimer *t) {
    GolChan *c = t->c;
    if (c->closed || c->elemsize > 64) return;
    uint8_t value[64];
    memcpy(value, t->now, c->elemsize);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t sec = (int64_t)ts.tv_sec + t->sec_base, nsec = ts.tv_nsec, mono = timer_now() - t->mono_base;
    memcpy(value + t->sec_off, &sec, 8);
    memcpy(value + t->nsec_off, &nsec, 8);
    memcpy(value + t->mono_off, &mono, 8);
    chan_try_send(c, value);
}

/* Go's checkTimers: fire everything due by now. A Ticker goes back on the heap at its next
 * multiple of period after now (ticks missed meanwhile are dropped, as in Go). The goroutines
 * that firing readies or starts queue up in the order of their deadlines (Go makes each the
 * P's runnext, so two timers due at one check run newest first: a program that slept too long
 * would see its timers out of order). */
static void timer_fire(TimerEntry e, int64_t now);

void timer_run_due(void) {
    if (timer_n == 0) return;       /* the common case: no clock reading */
    int64_t now = timer_now();
    while (timer_n > 0 && timer_heap[0].when <= now) {
        GolG *before = sched_runnext();
        timer_fire(timer_remove(0), now);
        sched_runnext_to_tail(before);
    }
}

/* One due timer: a sleeper is readied; a Timer or Ticker sends; an AfterFunc starts f. */
static void timer_fire(TimerEntry e, int64_t now) {
    if (e.g) {
        sched_ready(e.g);
        return;
    }
    RuntimeTimer *t = e.t;
    if (t->period > 0) {
        t->when += t->period * (1 + (now - t->when) / t->period);
        if (t->when < 0) t->when = INT64_MAX;           /* overflow: never again */
        timer_push(NULL, (TimerEntry){ .when = t->when, .t = t });
    }
    if (t->c) timer_send_time(t);
    else if (t->f) timer_start_callback(t->f);
}

/* The collector's roots: every pending Timer and Ticker (its channel and callback with it). */
void timer_scan(void (*mark)(const void *p)) {
    for (size_t i = 0; i < timer_n; i++)
        if (timer_heap[i].t) mark(timer_heap[i].t);
}

/* Whether t is on the heap. Its idx says where; a copy of a Timer struct carries the idx of
 * the original, whose entry is not its own, so the entry is checked too. */
static bool timer_pending(const RuntimeTimer *t) {
    return t->idx > 0 && (size_t)t->idx <= timer_n && timer_heap[t->idx - 1].t == t;
}

/* ---- time.Sleep and the natives of time.gol's Timer region ---- */

void timer_sleep(GolG *g, int64_t wake_ns) {
    timer_push(g, (TimerEntry){ .when = wake_ns, .g = g });
    sched_park(g, "sleep");
}

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* time.startTimer(t *runtimeTimer)   t @0 */
int timer_nat_start(GolG *g, uint8_t *frame) {
    RuntimeTimer *t = ARG(frame, 0, RuntimeTimer *);
    if (t->sec_off > 56 || t->nsec_off > 56 || t->mono_off > 56) rt_fatal(g, "time.Time: unexpected layout");
    timer_mod = g->mod;
    if (timer_pending(t)) rt_fatal(g, "timer already started");
    timer_push(g, (TimerEntry){ .when = t->when, .t = t });
    return NAT_RETURN;
}

/* time.stopTimer(t *runtimeTimer) bool   result @0, t @8: whether it was pending */
int timer_nat_stop(GolG *g, uint8_t *frame) {
    (void)g;
    RuntimeTimer *t = ARG(frame, 8, RuntimeTimer *);
    bool pending = timer_pending(t);
    if (pending) timer_remove((size_t)(t->idx - 1));
    t->idx = 0;
    ARG(frame, 0, int64_t) = pending;
    return NAT_RETURN;
}

/* time.resetTimer(t *runtimeTimer, when, period int64) bool   result @0, t @8, when @16,
 * period @24: stop, then pending again at when; the result is what stop said. */
int timer_nat_reset(GolG *g, uint8_t *frame) {
    RuntimeTimer *t = ARG(frame, 8, RuntimeTimer *);
    bool pending = timer_pending(t);
    if (pending) timer_remove((size_t)(t->idx - 1));
    t->idx = 0;
    t->when = ARG(frame, 16, int64_t);
    t->period = ARG(frame, 24, int64_t);
    timer_mod = g->mod;
    timer_push(g, (TimerEntry){ .when = t->when, .t = t });
    ARG(frame, 0, int64_t) = pending;
    return NAT_RETURN;
}
