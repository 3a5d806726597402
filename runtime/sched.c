/* runtime/sched.c — goroutines and the scheduler: which goroutine the loop runs next.
 *
 * Go's way (runtime/proc.go). A goroutine is a g: a stack, a saved position and a status.
 * `go f(x)` is newproc: a new g whose stack holds f's frame with x already copied in, put on
 * the run queue of the current P (a P is the right to run Go code; an M, an OS thread, must
 * hold one). schedule() takes the next runnable g off the queue and switches to it; a g that
 * blocks calls gopark (status _Gwaiting, with a wait reason such as "chan receive") and is
 * made runnable again by goready from whoever unblocks it. When nothing is runnable and
 * nothing could ever become runnable (no timer, no network poller, no other M), checkdead
 * reports "all goroutines are asleep - deadlock!".
 *
 * gol's way, the same with one thread:
 *
 *      sched_p:       runnext [g9]   runq: head ─► [g7] ─► [g3] ◄─ tail   (G_RUNNABLE)
 *      sched_globrunq: head ─► [g1] ◄─ tail       (yielded: Gosched, preempted)
 *      running:       sched_curg                                   (G_RUNNING)
 *      parked:        in a channel's wait queue, or nowhere        (G_WAITING, waitreason)
 *      free:          sched_gfree ─► dead G structs, reused by newproc
 *
 *   - One dispatch loop (vm/interp.c) runs every goroutine: switching is switching which stack
 *     the loop's registers point into. The loop saves the current g's position (func, pc, base
 *     and how to take it up again: g->resume), asks sched_schedule for the next g, and loads
 *     its position. No C stack is kept per goroutine (DESIGN §6), so a goroutine costs its G
 *     struct and its stack, nothing more.
 *   - Switches happen only at safepoints: a blocking operation (a channel, runtime.Gosched),
 *     the end of a goroutine, and preemption. Preemption is Go's cooperative one: a time slice
 *     of SCHED_SLICE_US of CPU time (a SIGPROF timer, armed once a second goroutine or a timer exists)
 *     sets rt_preempt_requested, the byte every loop back-edge already tests; the back-edge
 *     then yields (sched_preempt_due). So a goroutine spinning in `for {}` cannot starve the
 *     others, and a program with one goroutine pays nothing new. A back-edge is a safepoint
 *     with a stack map (vm/opcodes.h op_is_backedge), since a goroutine parked there has its
 *     frames scanned while others run.
 *   - A new goroutine's stack starts at SCHED_STACK_MIN bytes, from the stack pool
 *     (runtime/stack.c), and grows by copying like any other. Go starts at 2 KiB; gol at 512
 *     bytes, which holds the frames of a goroutine parked in a receive or a short task (a
 *     goroutine costs its G, 240 bytes, and its stack: under 1 KiB in all when parked, against
 *     Go's 2.7 KiB); one that calls deeper grows once or twice, a copy of a few hundred bytes.
 *   - The queues are Go's: a new or readied goroutine becomes the P's runnext (the one before
 *     it moves to the P's FIFO), a yielded or preempted one goes to the global FIFO, and the
 *     scheduler takes runnext, then the P's queue, then the global one (the global one first
 *     at every 61st schedule, so that it cannot starve). Programs then interleave as they do
 *     under Go with GOMAXPROCS=1. The local queue holds RUNQ_MAX (Go's 256) and spills its
 *     older half to the global one when full. The P's queue belongs to the one P, so that several Ps (one per
 *     thread) can come later without changing its users.
 *
 * Invariants: exactly one g is G_RUNNING (sched_curg); a G_RUNNABLE g is on the run queue
 * exactly once; a G_WAITING g is on no run queue and someone (a channel's queue) will ready it,
 * or nobody will (a leak, or a deadlock when every g is waiting). Every g that is not dead is on
 * the all-g list (tracebacks, NumGoroutine) and registered with the collector (its stack is a
 * root, runtime/mgcmark.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"

enum { SCHED_STACK_MIN = 512, SCHED_SLICE_US = 10000, RUNQ_MAX = 256 };

/* A FIFO of goroutines linked through schedlink. */
typedef struct GQueue { GolG *head, *tail; } GQueue;

/* The one P: its run queue, and runnext, the goroutine readied last, which runs before the
 * queue (Go's p.runnext: a goroutine that wakes another and then blocks hands over at once, as
 * in a ping-pong, and the newest `go` runs first). */
typedef struct GolP {
    GolG *runnext;
    GQueue runq;
    uint32_t runqsize;      /* goroutines on runq: at RUNQ_MAX, half spill to the global queue */
    uint32_t schedtick;     /* schedules so far: every 61st takes the global queue first */
} GolP;

static GolP sched_p;
static GQueue sched_globrunq;      /* yielded and preempted goroutines (Go's sched.runq) */
GolG *sched_curg;                  /* the goroutine the loop runs */
static GolG *sched_allg;           /* every goroutine not dead, newest first */
static GolG *sched_gfree;          /* dead G structs for reuse */
static int64_t sched_ngoroutines;  /* live goroutines, main included */
static int64_t sched_goid_next = 2;
static volatile sig_atomic_t sched_slice_over;   /* SIGPROF: the time slice is used up */
static bool sched_timer_armed;

/* The all-g list is doubly linked, newest first: newproc adds, goexit removes, both O(1). */
static void sched_allg_add(GolG *gp) {
    gp->allprev = NULL;
    gp->alllink = sched_allg;
    if (sched_allg) sched_allg->allprev = gp;
    sched_allg = gp;
}

static void sched_allg_remove(GolG *gp) {
    if (gp->allprev) gp->allprev->alllink = gp->alllink;
    else sched_allg = gp->alllink;
    if (gp->alllink) gp->alllink->allprev = gp->allprev;
    gp->alllink = gp->allprev = NULL;
}

void sched_init(GolG *g) {
    g->status = G_RUNNING;
    sched_allg_add(g);
    sched_curg = g;
    sched_ngoroutines = 1;
}

int64_t sched_gcount(void) { return sched_ngoroutines; }
GolG *sched_allgs(void) { return sched_allg; }

/* ---- the run queue ---- */

static void gqueue_put(GQueue *q, GolG *gp) {
    gp->schedlink = NULL;
    if (q->tail) q->tail->schedlink = gp;
    else q->head = gp;
    q->tail = gp;
}

static GolG *gqueue_get(GQueue *q) {
    GolG *gp = q->head;
    if (!gp) return NULL;
    q->head = gp->schedlink;
    if (!q->head) q->tail = NULL;
    gp->schedlink = NULL;
    return gp;
}

/* Go's runqputslow: the local queue is full, its older half moves to the global queue. So a
 * goroutine that starts goroutines faster than they run (a million `go` in a loop) leaves them
 * mostly on the global queue, ahead of itself once it is preempted: they run before it goes
 * on, and their number stays bounded by what it starts in one time slice. */
static void runq_spill(GolP *p) {
    for (uint32_t i = 0; i < RUNQ_MAX / 2; i++) gqueue_put(&sched_globrunq, gqueue_get(&p->runq));
    p->runqsize -= RUNQ_MAX / 2;
}

/* Go's runqput(p, gp, next=true): gp becomes runnext, the previous one goes to the queue. */
static void runq_put_next(GolP *p, GolG *gp) {
    if (p->runnext) {
        if (p->runqsize == RUNQ_MAX) runq_spill(p);
        gqueue_put(&p->runq, p->runnext);
        p->runqsize++;
    }
    p->runnext = gp;
}

/* Go's findRunnable, without stealing: the global queue now and then (fairness), runnext,
 * the local queue, the global queue. */
static GolG *runq_get(GolP *p) {
    GolG *gp;
    if (++p->schedtick % 61 == 0 && (gp = gqueue_get(&sched_globrunq))) return gp;
    if ((gp = p->runnext)) { p->runnext = NULL; return gp; }
    if ((gp = gqueue_get(&p->runq))) { p->runqsize--; return gp; }
    return gqueue_get(&sched_globrunq);
}

static bool runq_empty(const GolP *p) {
    return !p->runnext && !p->runq.head && !sched_globrunq.head;
}

bool sched_runnable_waiting(void) { return !runq_empty(&sched_p); }

/* Takes gp off the run queues and the timer heap (the REPL stops its input: main starts again). */
static void gqueue_remove(GQueue *q, GolG *gp) {
    GolG *prev = NULL;
    for (GolG *x = q->head; x; prev = x, x = x->schedlink)
        if (x == gp) {
            if (prev) prev->schedlink = x->schedlink; else q->head = x->schedlink;
            if (q->tail == x) q->tail = prev;
            x->schedlink = NULL;
            return;
        }
}

void sched_forget(GolG *gp) {
    timer_forget(gp);
    if (sched_p.runnext == gp) sched_p.runnext = NULL;
    gqueue_remove(&sched_p.runq, gp);
    gqueue_remove(&sched_globrunq, gp);
}

/* ---- preemption: a time slice of CPU time ---- */

static void sched_on_sigprof(int sig) {
    (void)sig;
    sched_slice_over = 1;
    rt_preempt_requested = true;
}

/* Armed once a second goroutine or a timer exists: a program with one goroutine and no timer
 * never gets a signal. */
void sched_arm_timer(void) {
    if (sched_timer_armed || preempt_random) return;   /* preempt=random switches by itself */
    sched_timer_armed = true;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sched_on_sigprof;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPROF, &sa, NULL);
    struct itimerval it = { { 0, SCHED_SLICE_US }, { 0, SCHED_SLICE_US } };
    setitimer(ITIMER_PROF, &it, NULL);
}

static int64_t sched_now(void);

/* The slice is over and someone waits to run: a runnable goroutine, or a sleeper whose time
 * has come (the scheduler wakes it when the running one yields). */
bool sched_preempt_due(void) {
    if (!sched_slice_over) return false;
    sched_slice_over = 0;
    timer_run_due();                /* a spinning goroutine must not starve sleepers and tickers */
    return !runq_empty(&sched_p);
}

/* ---- creating and ending goroutines ---- */

static GolG *sched_galloc(void) {
    GolG *gp = sched_gfree;
    if (gp) sched_gfree = gp->schedlink;
    else if (!(gp = malloc(sizeof *gp))) rt_fatal(NULL, "runtime: out of memory");
    memset(gp, 0, sizeof *gp);
    return gp;
}

GolG *sched_newproc(GolG *g, const void *fnval, const uint8_t *callee_base, uint32_t go_pc) {
    const FuncInfo *f;
    memcpy(&f, fnval, sizeof f);
    GolG *gp = sched_galloc();
    size_t size = SCHED_STACK_MIN, got = 0;
    while (size < sizeof(FrameHeader) + f->frame_size) size *= 2;
    gp->stack_lo = stack_alloc(size, &got);
    gp->stack_hi = gp->stack_lo + got;
    gp->goid = sched_goid_next++;
    gp->mod = g->mod;
    gp->loop_jmp = g->loop_jmp;
    gp->created_by = g->func;
    gp->created_pc = go_pc;
    /* the bottom frame: a header that ends the goroutine, then f's frame with its params */
    FrameHeader h = { NULL, RETPC_EXIT, 0 };
    memcpy(gp->stack_lo, &h, sizeof h);
    uint8_t *base = gp->stack_lo + sizeof(FrameHeader);
    uint32_t params = f->args_size - f->results_size;
    if (params) memcpy(base + f->results_size, callee_base + f->results_size, params);
    /* until it runs, its frame is "being entered": only the params hold values (the walker,
     * the collector and the traceback see it so) */
    gp->func = f;
    gp->pc = f->native ? NULL : f->code;
    gp->base = base;
    gp->entering = true;
    gp->call_ctx = fnval;
    gp->resume = G_RESUME_ENTER;
    gp->status = G_RUNNABLE;
    sched_allg_add(gp);
    sched_ngoroutines++;
    gc_register_g(gp);
    runq_put_next(&sched_p, gp);
    sched_arm_timer();
    return gp;
}

/* gp is the runtime's (the finalizer goroutine): runtime.NumGoroutine does not count it and
 * the deadlock report does not list it, as Go's isSystemGoroutine. */
void sched_mark_system(GolG *gp) {
    gp->system = true;
    sched_ngoroutines--;
}

void sched_goexit(GolG *g) {
    g->status = G_DEAD;
    gc_unregister_g(g);
    sched_allg_remove(g);
    if (!g->system) sched_ngoroutines--;
    if (g->goid == 1) return;       /* main called runtime.Goexit: vm_run owns its G and stack */
    stack_free(g->stack_lo, g->stack_hi);
    g->stack_lo = g->stack_hi = NULL;
    g->schedlink = sched_gfree;
    sched_gfree = g;
}

/* ---- parking and readying ---- */

void sched_gosched(GolG *g) {
    g->status = G_RUNNABLE;
    gqueue_put(&sched_globrunq, g);
}

void sched_park(GolG *g, const char *reason) {
    g->status = G_WAITING;
    g->waitreason = reason;
}

void sched_ready(GolG *gp) {
    gp->waitreason = NULL;
    gp->status = G_RUNNABLE;
    runq_put_next(&sched_p, gp);
}

/* The goroutine readied or started last, unless it is `before` (nothing new was readied), goes
 * to the tail of the P's queue instead of running next: timers fired together start their
 * goroutines in the order of their deadlines (runtime/timer.c). */
GolG *sched_runnext(void) { return sched_p.runnext; }

void sched_runnext_to_tail(const GolG *before) {
    if (sched_p.runnext && sched_p.runnext != before) {
        gqueue_put(&sched_p.runq, sched_p.runnext);
        sched_p.runnext = NULL;
    }
}

/* ---- idling: nothing runnable until the soonest timer (runtime/timer.c) ---- */

static int64_t sched_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Nothing can run before the soonest timer fires: the idle time goes to the background
 * sweeper first (runtime/mgcsweep.c), the rest is slept and reported to the GC CPU limiter as
 * idle (runtime/mgclimit.c). nanosleep restarts with the remaining time after a signal, unless
 * it is one os/signal delivers (runtime/signal.c): then the scheduler looks again at once. */
static void sched_idle_until(int64_t wake_ns) {
    gc_sweep_until(wake_ns);
    int64_t d = wake_ns - sched_now();
    if (d <= 0) return;
    gc_cpu_limiter_idle(d);
    struct timespec req = { (time_t)(d / 1000000000), (long)(d % 1000000000) }, rem;
    while (nanosleep(&req, &rem) != 0 && errno == EINTR && !sig_arrived() && !rt_interrupt_pending) req = rem;
}

static int g_by_id(const void *a, const void *b) {
    int64_t x = (*(GolG *const *)a)->goid, y = (*(GolG *const *)b)->goid;
    return (x > y) - (x < y);
}

void sched_for_each_g(void (*fn)(GolG *gp, void *arg), void *arg) {
    size_t n = 0, i = 0;
    for (GolG *gp = sched_allg; gp; gp = gp->alllink) n++;   /* the runtime's own left out, */
    GolG **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) rt_fatal(NULL, "runtime: out of memory");
    for (GolG *gp = sched_allg; gp; gp = gp->alllink)   /* as Go's tracebacks leave them */
        if (!gp->system) v[i++] = gp;
    n = i;
    qsort(v, n, sizeof *v, g_by_id);              /* oldest first, as Go lists them */
    for (i = 0; i < n; i++) fn(v[i], arg);
    free(v);
}

/* Go's checkdead, for one thread: every goroutine waits, and no timer is pending. */
static noreturn void sched_deadlock(GolG *g) {
    rt_stdout_flush();
    if (sched_ngoroutines == 0) {   /* Go's checkdead: main has called Goexit, the rest ended */
        fputs("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n", stderr);
        rt_exit(2);
    }
    fputs("fatal error: all goroutines are asleep - deadlock!\n", stderr);
    /* Go prints the goroutines oldest first: main, then the others by id */
    int64_t maxid = sched_goid_next;
    for (int64_t id = 1; id < maxid; id++)
        for (GolG *gp = sched_allg; gp; gp = gp->alllink) {
            if (gp->goid != id || gp->system) continue;
            fprintf(stderr, "\ngoroutine %lld [%s]:\n", (long long)gp->goid,
                    gp->waitreason ? gp->waitreason : "runnable");
            rt_traceback(gp, stderr);
        }
    fflush(stderr);
    (void)g;
    rt_exit_fatal();
}

GolG *sched_schedule(GolG *g) {
    GolG *next;
    for (;;) {
        int64_t when;
        timer_run_due();
        sig_poll();                                 /* os/signal's loop, if a signal came */
        if ((next = runq_get(&sched_p))) break;
        if (rt_interrupt_pending) rt_interrupt(g);      /* Ctrl-C in the REPL while all wait */
        if (!timer_next_when(&when)) {
            if (!sig_waiting()) sched_deadlock(g);
            sig_idle();                             /* only a signal can wake anyone */
            continue;
        }
        sched_idle_until(when);
    }
    next->status = G_RUNNING;
    sched_curg = next;
    return next;
}
