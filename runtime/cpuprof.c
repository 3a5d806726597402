/* runtime/cpuprof.c — the CPU profile: where the program spends its time (Go's cpuprof.go).
 *
 * A profiling clock ticks every 1/hz seconds of CPU time the process uses (Go's rate: 100 Hz,
 * 10 ms), and each tick is charged to the stack of the goroutine that was running. Go takes the
 * tick in a SIGPROF handler and walks the interrupted thread's stack right there. gol cannot:
 * between two safepoints the interpreter keeps its position in registers, so the saved
 * position (g->func, g->pc) may be stale, and the frames are only known to be consistent at a
 * safepoint. So the tick is taken in two halves:
 *
 *   1. the signal handler only counts the tick and sets rt_preempt_requested, the byte every
 *      loop back-edge already tests (the same request the scheduler's time slice and the
 *      background sweeper use);
 *   2. at the next back-edge the loop calls rt_preempt_point with its position saved, which
 *      calls cpuprof_tick: the goroutine's stack is walked with the one frame walker and the
 *      pending ticks are added to that stack's count.
 *
 * The cost: a tick is attributed to the first back-edge reached after it (or a function entry,
 * where those are safepoints too), which is where the time went for loop-heavy code, and to the
 * caller's loop for straight-line code that ran in between; time spent in C (the collector,
 * a long sort) goes to the stack that reaches the next back-edge. Profilers that sample at
 * safepoints (the JVM's classic ones) have the same bias.
 *
 * The clock is a POSIX timer on the process's CPU time delivering the real-time signal
 * CPUPROF_SIGNAL, separate from the scheduler's SIGPROF interval timer (runtime/sched.c): the
 * two never disturb each other's period, and the scheduler's code needs no change. Stacks are counted in an open-addressing table of
 * at most CPUPROF_MAX_STACKS distinct stacks (more are counted as lost, as Go's lostProfileEvent).
 * runtime/pprof.c turns the table into profile.proto (samples/count, cpu/nanoseconds).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/cpuprof.h"

#define CPUPROF_SIGNAL (SIGRTMIN + 2)
enum { CPUPROF_MAX_STACKS = 4096 };

static volatile sig_atomic_t cpuprof_pending;   /* ticks not yet charged to a stack */
static bool cpuprof_running;
static timer_t cpuprof_timer;
static int64_t cpuprof_hz;
static int64_t cpuprof_start_ns, cpuprof_end_ns;

static CpuProfStack *cpuprof_table;             /* CPUPROF_MAX_STACKS * 2 slots */
static size_t cpuprof_nstacks;
static int64_t cpuprof_lost;

static void cpuprof_on_signal(int sig) {
    (void)sig;
    cpuprof_pending++;
    rt_preempt_requested = true;
}

static int64_t cpuprof_wallclock(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool cpuprof_start(int64_t hz) {
    if (cpuprof_running) return false;
    if (hz <= 0) hz = 100;
    if (hz > 1000000) hz = 1000000;
    free(cpuprof_table);
    cpuprof_table = calloc(CPUPROF_MAX_STACKS * 2, sizeof *cpuprof_table);
    if (!cpuprof_table) return false;
    cpuprof_nstacks = 0;
    cpuprof_lost = 0;
    cpuprof_pending = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cpuprof_on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(CPUPROF_SIGNAL, &sa, NULL) != 0) return false;
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = CPUPROF_SIGNAL;
    if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &cpuprof_timer) != 0) return false;
    long period_ns = (long)(1000000000 / hz);
    struct itimerspec its = { { period_ns / 1000000000, period_ns % 1000000000 },
                              { period_ns / 1000000000, period_ns % 1000000000 } };
    timer_settime(cpuprof_timer, 0, &its, NULL);
    cpuprof_hz = hz;
    cpuprof_running = true;
    cpuprof_start_ns = cpuprof_wallclock();
    return true;
}

void cpuprof_stop(void) {
    if (!cpuprof_running) return;
    timer_delete(cpuprof_timer);
    cpuprof_running = false;
    cpuprof_end_ns = cpuprof_wallclock();
}

static uint64_t cpuprof_hash(const uintptr_t *stk, uint32_t n) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < n; i++) h = (h ^ stk[i]) * 1099511628211ull;
    return h;
}

void cpuprof_tick(GolG *g) {
    int64_t ticks = cpuprof_pending;
    cpuprof_pending = 0;
    if (!cpuprof_running || ticks <= 0 || !cpuprof_table) return;
    uintptr_t stk[CPUPROF_MAX_DEPTH];
    uint32_t n = 0;
    StkFrame fr;
    for (bool ok = frame_first(g, &fr); ok && n < CPUPROF_MAX_DEPTH; ok = frame_next(g, &fr))
        stk[n++] = frame_pc(g->mod, &fr);
    size_t mask = CPUPROF_MAX_STACKS * 2 - 1, i = (size_t)cpuprof_hash(stk, n) & mask;
    for (;; i = (i + 1) & mask) {
        CpuProfStack *e = &cpuprof_table[i];
        if (e->count == 0) {
            if (cpuprof_nstacks == CPUPROF_MAX_STACKS) { cpuprof_lost += ticks; return; }
            e->nstk = n;
            memcpy(e->stk, stk, n * sizeof *stk);
            e->count = ticks;
            cpuprof_nstacks++;
            return;
        }
        if (e->nstk == n && memcmp(e->stk, stk, n * sizeof *stk) == 0) { e->count += ticks; return; }
    }
}

const CpuProfStack *cpuprof_stacks(size_t *nslots, int64_t *hz, int64_t *duration_ns,
                                   int64_t *start_ns, int64_t *lost) {
    *nslots = cpuprof_table ? CPUPROF_MAX_STACKS * 2 : 0;
    *hz = cpuprof_hz;
    *start_ns = cpuprof_start_ns;
    *duration_ns = (cpuprof_running ? cpuprof_wallclock() : cpuprof_end_ns) - cpuprof_start_ns;
    *lost = cpuprof_lost;
    return cpuprof_table;
}
