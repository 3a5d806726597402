/* runtime/signal.c — operating-system signals delivered to goroutines (package os/signal).
 *
 * Go's way (runtime/sigqueue.go): the signal handler only sets a bit in a mask; one goroutine,
 * os/signal's loop, sleeps in signal_recv until a bit is set, takes the signal and sends it on
 * every channel Notify registered for it. Nothing of gol code runs in the handler, and nothing
 * the handler touches needs a lock but the one atomic word.
 *
 * gol's way, the same on one thread:
 *
 *     kernel ──SIGINT──► sig_handler: sig_pending |= 1<<SIGINT   (atomic; nothing else)
 *                                           │
 *     sched_schedule (runtime/sched.c) ─────┴─► sig_poll: a bit is set and os/signal's loop
 *                                               waits in signalWait? ready it
 *     os/signal.loop (runtime/lib/os_signal.gol):  for { signalWait(); for s := signalNext();
 *                                               s != 0; ... { send s to the channels } }
 *
 *   - signalWait (a native) returns at once when a signal is pending, else parks the loop's
 *     goroutine (wait reason "signal wait") and records it in sig_waiter; signalNext takes the
 *     lowest pending signal and clears its bit. The loop sends on the channels in gol, through
 *     the ordinary channel code, so no runtime code writes into a channel.
 *   - The scheduler asks sig_poll at each schedule. When no goroutine can run, a waiting loop
 *     means the program waits for a signal rather than being deadlocked: sig_idle sleeps in
 *     sigsuspend until one arrives (or, with sleepers, sched_idle_until's nanosleep returns
 *     early: sig_arrived tells it to stop sleeping).
 *   - enableSignal installs the handler (SA_RESTART, so a blocking read is resumed after it);
 *     disableSignal restores the default action, ignoreSignal ignores the signal. A signal that
 *     no Notify asked for keeps its default action: SIGINT ends the program, as in Go.
 */
#include <signal.h>
#include <string.h>
#include "runtime/runtime.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

static uint64_t sig_pending;         /* bit n: signal n arrived, not yet taken (atomic) */
static GolG *sig_waiter;             /* os/signal's loop, parked in signalWait, or NULL */

static void sig_handler(int sig) {
    __atomic_fetch_or(&sig_pending, (uint64_t)1 << sig, __ATOMIC_SEQ_CST);
}

bool sig_arrived(void) {
    return __atomic_load_n(&sig_pending, __ATOMIC_SEQ_CST) != 0;
}

bool sig_waiting(void) {
    return sig_waiter != NULL;
}

void sig_poll(void) {
    if (sig_waiter && sig_arrived()) {
        GolG *gp = sig_waiter;
        sig_waiter = NULL;
        sched_ready(gp);
    }
}

/* Sleeps until a signal handler has run. The handled signals are blocked while the mask is
 * tested, and sigsuspend unblocks them atomically, so a signal cannot slip in between. */
void sig_idle(void) {
    sigset_t block, old;
    sigfillset(&block);
    sigprocmask(SIG_BLOCK, &block, &old);
    if (!sig_arrived()) sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* os/signal.signalWait(): returns when a signal is pending, parking until then. */
static int nat_signal_wait(GolG *g, uint8_t *f) {
    if (sig_arrived()) return NAT_RETURN;
    sig_waiter = g;
    sched_park(g, "signal wait");
    return NAT_SWITCH;
}

/* os/signal.signalNext() int: result @0; the lowest pending signal, its bit cleared; 0 if none. */
static int nat_signal_next(GolG *g, uint8_t *f) {
    uint64_t m = __atomic_load_n(&sig_pending, __ATOMIC_SEQ_CST);
    int sig = 0;
    if (m) {
        sig = __builtin_ctzll(m);
        __atomic_fetch_and(&sig_pending, ~((uint64_t)1 << sig), __ATOMIC_SEQ_CST);
    }
    ARG(f, 0, int64_t) = sig;
    return NAT_RETURN;
}

/* Installs action for the signal @0 (ignored when out of range or uncatchable). */
static void sig_set(uint8_t *f, void (*action)(int)) {
    int64_t sig = ARG(f, 0, int64_t);
    if (sig <= 0 || sig >= 64 || sig == SIGKILL || sig == SIGSTOP) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = action;
    sa.sa_flags = action == sig_handler ? SA_RESTART : 0;
    sigfillset(&sa.sa_mask);
    sigaction((int)sig, &sa, NULL);
}

static int nat_enable_signal(GolG *g, uint8_t *f)  { sig_set(f, sig_handler); return NAT_RETURN; }
static int nat_disable_signal(GolG *g, uint8_t *f) { sig_set(f, SIG_DFL); return NAT_RETURN; }
static int nat_ignore_signal(GolG *g, uint8_t *f)  { sig_set(f, SIG_IGN); return NAT_RETURN; }

/* os/signal.signalIgnored(sig int) bool: result @0, sig @8. */
static int nat_signal_ignored(GolG *g, uint8_t *f) {
    struct sigaction sa;
    int64_t sig = ARG(f, 8, int64_t);
    ARG(f, 0, int64_t) = sig > 0 && sig < 64 && sigaction((int)sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN;
    return NAT_RETURN;
}

static const NativeEntry signal_natives[] = {
    { "os/signal.signalWait",    nat_signal_wait },
    { "os/signal.signalNext",    nat_signal_next },
    { "os/signal.enableSignal",  nat_enable_signal },
    { "os/signal.disableSignal", nat_disable_signal },
    { "os/signal.ignoreSignal",  nat_ignore_signal },
    { "os/signal.signalIgnored", nat_signal_ignored },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_signal(const char *qualified_name) {
    for (const NativeEntry *e = signal_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
