/* runtime/preempt.c — where a goroutine may be stopped, and GOLDEBUG=preempt=random.
 *
 * Go's way (runtime/preempt.go). A goroutine is stopped for the scheduler or the collector
 * either at a synchronous safepoint -- a function prologue's stack check, a blocking call --
 * where the compiler knows exactly which stack slots hold pointers, or, since Go 1.14,
 * asynchronously: a signal interrupts it at any instruction. At such an "async safepoint" the
 * innermost frame has no pointer map, so the collector scans it conservatively (every word that
 * looks like a pointer into the heap keeps its object alive: scanframeworker's
 * scanConservative), and the stack of a goroutine stopped there is not shrunk (its frame may
 * hold pointers into its own stack that no map lets the copier find: gp.asyncSafePoint).
 *
 * gol's ordinary switches are all synchronous: a blocking operation, runtime.Gosched, a loop
 * back-edge or a call once the time slice is over (the SIGPROF timer of runtime/sched.c sets
 * rt_preempt_requested, the byte both test). Every one of those points has a stack map, and no
 * goroutine is ever stopped between two of them. That is correct, and it hides races: `n++` is
 * a load, an add and a store with no safepoint between, so a thousand goroutines incrementing
 * a shared counter without a lock never lose an update, and a lesson on data races would teach
 * the wrong thing.
 *
 * GOLDEBUG=preempt=random makes gol behave like a multiprocessor. Before every instruction the
 * loop asks preempt_async_due, which answers yes on average once in PREEMPT_RANDOM_PERIOD
 * instructions (when another goroutine is runnable); the goroutine then yields right there, at
 * an instruction boundary that need not be a safepoint, like Go's asynchronous preemption:
 *   - its innermost frame is marked (g->preempted_async) and the collector scans it
 *     conservatively (runtime/mgcmark.c), the frames below it are stopped at calls and have
 *     maps as usual;
 *   - its stack is not moved while it is stopped there (runtime/stack.c's shrinking skips it;
 *     stacks only grow at calls, which are safepoints, and only the running goroutine's);
 *   - the one loop register that lives between two instructions, the closure context from a
 *     call to the callee's first GETCTX, is never cut: no switch before a GETCTX.
 * The choices come from a xorshift generator seeded with GOLDEBUG=preemptseed=N (default 1),
 * and the SIGPROF time slice is off in this mode, so a program that does not read the clock
 * interleaves the same way at every run with the same seed: a lost update or a crash can be
 * reproduced, and another seed gives another interleaving. The cost is a function call per
 * instruction (the loop's stepping table, as for vmtrace): a debugging mode.
 *
 * Concurrent map writes. Go's mapassign sets hashWriting while it runs and another thread that
 * enters the map meanwhile dies with "fatal error: concurrent map writes" (or "concurrent map
 * read and map write", "concurrent map iteration and map write"): not a panic, recover cannot
 * stop it. A gol map operation is one instruction, but an assignment is two: MAPASSIGN finds or
 * makes the slot, the next instruction stores the value into it; a goroutine switched out in
 * between would store into a slot that another writer's growth has moved. Under preempt=random
 * MAPASSIGN therefore leaves the map's MAP_WRITING flag set until its goroutine has run one more
 * instruction (map_write_window below): another goroutine that touches the map in that window
 * dies with Go's message. Outside this mode no switch can fall in the window, and the flag is
 * cleared before MAPASSIGN ends, as Go clears it before mapassign returns.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/map.h"

enum { PREEMPT_RANDOM_PERIOD = 50 };

bool preempt_random;                /* GOLDEBUG=preempt=random */
static uint64_t preempt_rng = 1;    /* xorshift64 state: GOLDEBUG=preemptseed=N */

/* The value of GOLDEBUG's key `name`, or NULL. */
static const char *preempt_debug_value(const char *goldebug, const char *name) {
    size_t n = strlen(name);
    for (const char *p = goldebug; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, name, n) == 0 && p[n] == '=') return p + n + 1;
    return NULL;
}

void preempt_init(const char *goldebug) {
    const char *mode = preempt_debug_value(goldebug, "preempt");
    preempt_random = mode && strncmp(mode, "random", 6) == 0 && (mode[6] == ',' || mode[6] == 0);
    const char *seed = preempt_debug_value(goldebug, "preemptseed");
    if (seed) preempt_rng = strtoull(seed, NULL, 10);
    if (preempt_rng == 0) preempt_rng = 1;   /* xorshift's one fixed point */
}

static uint64_t preempt_next_random(void) {
    uint64_t x = preempt_rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return preempt_rng = x;
}

/* The map write g left open (MAPASSIGN, then one more instruction) ends. */
static void map_write_window(GolG *g) {
    if (!g->map_writing) return;
    if (g->map_write_age++ == 0) return;    /* the instruction after MAPASSIGN has not run yet */
    g->map_writing->flags &= ~(uint32_t)MAP_WRITING;
    g->map_writing = NULL;
}

bool preempt_async_due(GolG *g) {
    map_write_window(g);
    if (preempt_next_random() % PREEMPT_RANDOM_PERIOD != 0) return false;
    return sched_runnable_waiting();
}

/* ---- the map side: the checks Go's map functions make on hashWriting ----
 * g is NULL when the map is used outside any goroutine (unit tests): no window is kept then. */

static bool map_write_is_mine(const GolG *g, const GolMap *m) { return g && g->map_writing == m; }

void map_write_begin(GolG *g, GolMap *m) {
    if ((m->flags & MAP_WRITING) && !map_write_is_mine(g, m)) rt_fatal(g, "concurrent map writes");
    m->flags |= MAP_WRITING;
}

/* A write ends: the flag is cleared, or under preempt=random left set for one more instruction
 * of g when `open` (an assignment, whose value is stored by the next instruction). */
void map_write_end(GolG *g, GolMap *m, bool open) {
    if (preempt_random && open && g) {
        if (g->map_writing && g->map_writing != m) g->map_writing->flags &= ~(uint32_t)MAP_WRITING;
        g->map_writing = m;
        g->map_write_age = 0;
        return;
    }
    if (map_write_is_mine(g, m)) g->map_writing = NULL;
    m->flags &= ~(uint32_t)MAP_WRITING;
}

void map_check_read(GolG *g, const GolMap *m, bool iterating) {
    if ((m->flags & MAP_WRITING) && !map_write_is_mine(g, m))
        rt_fatal(g, iterating ? "concurrent map iteration and map write" : "concurrent map read and map write");
}
