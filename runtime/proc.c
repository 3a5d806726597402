/* runtime/proc.c — process start and exit: os.Args, stdout, exit.
 *
 * rt_init runs before any gol code: it remembers the program's arguments (os.Args is filled from
 * them by the native os.runtime_args, which os.gol calls in its `var Args = runtime_args()`).
 *
 * stdout is unbuffered, as Go's os.Stdout is: each fmt.Print/Printf/Println formats its whole
 * text into a buffer first (runtime/fmt.c) and hands it over in one rt_stdout_write, which is
 * one write(2). So the output has reached the file descriptor when the call returns: a program
 * that prints and then sleeps shows its line through a pipe at once, a program killed by a
 * signal has lost nothing it printed, and stdout and stderr (builtin print, panics, gctrace)
 * interleave exactly as Go's do. The price is a system call per fmt call, which is Go's price
 * too (a Go program that prints a lot wraps os.Stdout in a bufio.Writer). rt_stdout_flush is
 * kept for the callers that flushed the old buffer before writing to stderr; it has nothing
 * left to do.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runtime/runtime.h"
#include "runtime/proc.h"
#include "runtime/mgc.h"
#include "runtime/cpuprof.h"

static int rt_argc;
static char **rt_argv;

/* ---- the C stack (runtime/runtime.h) ---- */

uintptr_t rt_cstack_limit;

void rt_cstack_set_limit(uintptr_t lowest_usable) { rt_cstack_limit = lowest_usable; }

noreturn void rt_cstack_overflow(GolG *g) {
    rt_cstack_limit = 0;                    /* the fatal error's own printing may recurse */
    fprintf(stderr, "runtime: goroutine stack exceeds %zu-byte limit\n", stack_max_size);
    rt_fatal(g, "stack overflow");
}

/* ---- the loop's attention (runtime/runtime.h) ---- */

volatile bool rt_preempt_requested;

/* ---- a program inside the REPL (vm/repl.c) ----
 * The REPL runs each input as a small program on one long-lived runtime. When that program
 * dies — an unrecovered panic, a fatal error, a deadlock, an interrupt — the runtime prints
 * Go's report as always and then, instead of exiting, jumps back to the REPL's prompt through
 * rt_exit_trap (a jmp_buf the REPL set; NULL outside the REPL). Ctrl-C sets
 * rt_interrupt_pending and rt_preempt_requested; the next loop back-edge sees it here. */
void *rt_exit_trap;
volatile sig_atomic_t rt_interrupt_pending;

noreturn void rt_exit_fatal(void) {
    if (rt_exit_trap) longjmp(*(jmp_buf *)rt_exit_trap, 1);
    rt_exit(2);
    abort();
}

noreturn void rt_interrupt(GolG *g) {
    rt_interrupt_pending = 0;
    for (GolG *gp = sched_allgs(); gp; gp = gp->alllink)   /* the input is main's: show main */
        if (gp->goid == 1) g = gp;
    fprintf(stderr, "interrupted\n\ngoroutine %lld [%s]:\n", (long long)(g ? g->goid : 1),
            g && g->status == G_WAITING && g->waitreason ? g->waitreason : "running");
    rt_traceback(g, stderr);
    fflush(stderr);
    rt_exit_fatal();
}

void rt_preempt_point(GolG *g) {
    if (rt_interrupt_pending) rt_interrupt(g);
    rt_preempt_requested = false;
    cpuprof_tick(g);                                    /* CPU profile ticks, if any pending */
    gc_sweep_background(GC_SWEEP_BACKGROUND_SPANS);     /* asks again while spans are left */
}

void rt_init(int argc, char **argv, int first_arg) {
    if (first_arg > argc) first_arg = argc;
    rt_argc = argc - first_arg;
    rt_argv = argv + first_arg;
}

int rt_args(char ***argv) {
    *argv = rt_argv;
    return rt_argc;
}

/* write(2) all of p, retrying on short writes; a closed pipe just drops the output. */
void rt_write_fd(int fd, const void *p, size_t n) {
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w < 0) { if (errno == EINTR) continue; return; }
        b += w;
        n -= (size_t)w;
    }
}

void rt_stdout_flush(void) {}

uint64_t rt_output_writes;      /* writes to stdout and stderr so far (the REPL redraws its line) */

void rt_stdout_write(const void *p, size_t n) {
    rt_output_writes++;
    if (n > 0) rt_write_fd(1, p, n);
}

void rt_stderr_write(const void *p, size_t n) {
    rt_output_writes++;
    rt_write_fd(2, p, n);
}

void rt_exit(int code) {
    exit(code);
}
