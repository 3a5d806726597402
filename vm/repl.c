/* vm/repl.c — `gol` with no arguments (or `gol repl`): the interactive session (docs/repl.md).
 *
 * A REPL session is one long program that grows at the prompt. There is one runtime for the
 * whole session — one heap and collector, one scheduler, one main goroutine — and one module
 * that each input extends (compiler/session.c compiles an input against the session's package
 * scope; gen.c appends its functions, types and globals to the module without moving anything
 * already there). So what the user declares is ordinary runtime data: a session variable is a
 * global of the module, a GC root, and survives every collection; what the user drops is
 * garbage and `:mem` shows it go.
 *
 *   read      a line (libedit or readline when stdin is a terminal, with ~/.gol_history; plain
 *             reads otherwise, so scripts and tests can pipe a session in), more lines while
 *             brackets are open or the line ends in an operator;
 *   compile   session_input: a declaration, statements, or an expression to print;
 *   bind      the new functions' natives and static closures (module_bind_new), verify;
 *   run       the input's entry function on the main goroutine (vm_session_call), which runs
 *             the scheduler as `gol run` does until main's frame returns.
 *
 * When the input's program dies — an unrecovered panic, a fatal error, a deadlock, Ctrl-C —
 * the runtime prints Go's report and jumps back here through rt_exit_trap (runtime/proc.c)
 * instead of exiting. The session goes on: the main goroutine is reset to an empty stack, a
 * background goroutine that panicked is dropped and the others resume, the goroutines of a
 * deadlock are taken off their channels and dropped. This longjmp leaves only C frames of the
 * dispatch loop and the runtime (no gol frame lives on the C stack, DESIGN §6).
 *
 * Goroutines started at the prompt run while an input runs (the scheduler interleaves them
 * with it) and also while the prompt waits: then the main goroutine runs a small loop that
 * yields to them and polls stdin between their turns (below, "the prompt while goroutines
 * run"), so a line is read without blocking the scheduler.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "compiler/compiler.h"
#include "runtime/chan.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"
#include "vm/bytecode.h"
#include "vm/interp.h"
#include "vm/module.h"
#include "vm/repl.h"

#if defined(GOL_HAVE_LIBEDIT)
#include <editline/readline.h>
#define REPL_LINE_EDITING 1
#elif defined(GOL_HAVE_READLINE)
#include <readline/history.h>
#include <readline/readline.h>
#define REPL_LINE_EDITING 1
#endif

enum { REPL_GLOBALS_MAX = 256 << 20 };   /* reserved for session variables, committed on use */

typedef struct Repl {
    Module *m;
    Session *s;
    GolG *g;
    bool tty;               /* line editing and prompts */
    char *history;          /* ~/.gol_history */
    char *last_escape;      /* the -m lines of the last input (:escape) */
    size_t last_escape_len;
    jmp_buf trap;
    int idle_state;         /* the prompt's goroutine-friendly wait: 0 not built yet, 1 ready, -1 failed */
    uint32_t idle_entry;    /* the entry that runs main.__replIdle */
    int64_t globals_seen;   /* the module's globals_size when last registered with the collector */
} Repl;

static volatile sig_atomic_t repl_sigint;
static volatile sig_atomic_t repl_idling;   /* the main goroutine waits at the prompt */

static pthread_t repl_thread;               /* the thread the REPL runs on (vm/main.c makes one) */

static void repl_on_sigint(int sig) {
    if (!pthread_equal(pthread_self(), repl_thread)) {     /* so that its sleep is interrupted */
        pthread_kill(repl_thread, sig);
        return;
    }
    repl_sigint = 1;
    if (repl_idling) return;                /* Ctrl-C at the prompt drops the line only */
    rt_interrupt_pending = 1;
    rt_preempt_requested = true;
}

/* ---- reading input ---- */

/* One line from stdin without stdio's buffering (so :reset can exec with the rest of a piped
 * session still unread); NULL at end of input. */
static char *repl_read_plain(void) {
    size_t n = 0, cap = 128;
    char *buf = malloc(cap);
    for (;;) {
        char ch;
        ssize_t r = read(0, &ch, 1);
        if (r < 0 && errno == EINTR) {
            if (repl_sigint) { repl_sigint = 0; rt_interrupt_pending = 0; n = 0; }
            continue;
        }
        if (r <= 0) {
            if (n == 0) { free(buf); return NULL; }
            break;
        }
        if (ch == '\n') break;
        if (n + 2 >= cap) buf = realloc(buf, cap *= 2);
        buf[n++] = ch;
    }
    buf[n] = 0;
    return buf;
}

static bool repl_idle_ready(Repl *r);
static char *repl_read_line_idle(Repl *r, const char *prompt);

static char *repl_read_line(Repl *r, const char *prompt) {
    if (sched_gcount() > 1 && repl_idle_ready(r)) return repl_read_line_idle(r, prompt);
#ifdef REPL_LINE_EDITING
    if (r->tty) {
        char *line = readline(prompt);
        if (line && *line) add_history(line);
        return line;
    }
#endif
    if (r->tty) { fputs(prompt, stdout); fflush(stdout); }
    return repl_read_plain();
}

/* Does the input go on on the next line? While (, [ or { are open, a raw string is open, or
 * the last token is a binary operator, a comma or a dot (Go's semicolon rule would not end the
 * statement there). */
static bool repl_needs_more(const char *text) {
    int depth = 0;
    char last = 0, before = 0;
    for (const char *p = text; *p; p++) {
        char ch = *p;
        if (ch == '/' && p[1] == '/') { while (p[1] && p[1] != '\n') p++; continue; }
        if (ch == '"' || ch == '\'' || ch == '`') {
            char q = ch;
            for (p++; *p && *p != q; p++)
                if (*p == '\\' && q != '`' && p[1]) p++;
            if (!*p) return q == '`';
            before = last; last = q;
            continue;
        }
        if (ch == '(' || ch == '[' || ch == '{') depth++;
        if (ch == ')' || ch == ']' || ch == '}') depth--;
        if (ch == '\n') {
            if (depth <= 0 && !strchr("+-*/%&|^<>=!,.", last)) continue;
        }
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') { before = last; last = ch; }
    }
    if (depth > 0) return true;
    if ((last == '+' && before == '+') || (last == '-' && before == '-')) return false;
    return last && strchr("+-*/%&|^<>=!,.", last) != NULL;
}

/* ---- running an input ---- */

static void repl_print_diags(DiagList *d) {
    DiagList errs = { 0 };
    for (int i = 0; i < d->len; i++)
        if (d->items[i].level == DIAG_ERROR)
            diag_add(&errs, DIAG_ERROR, d->items[i].file, d->items[i].pos, "%s", d->items[i].msg);
    diag_print(&errs, stderr, 10);
    diag_free(&errs);
}

/* A goroutine the REPL drops or restarts: off its channel's wait queue. (A goroutine parked in
 * a select is not found this way: runtime/select.c keeps its cases with the select, not in
 * g->waiting; docs/repl.md.) */
static void repl_unpark(GolG *gp) {
    select_abandon(gp);
    Sudog *sg = gp->waiting;
    if (sg && !sg->sel) {
        if (sg->c) chan_dequeue(sg->c, sg);
        sudog_release(sg);
    }
    gp->waiting = NULL;
    gp->waitreason = NULL;
}

/* The main goroutine starts the next input from an empty stack. */
static void repl_reset_main(Repl *r) {
    GolG *g = r->g;
    repl_unpark(g);
    rt_panics_drop(g);
    g->panic_start = (GolIface){ NULL, NULL };
    g->caught = false;
    g->sig_panic = false;
    g->func = NULL; g->pc = NULL; g->base = NULL;
    g->status = G_RUNNING;
    g->loop_jmp = NULL;
    sched_curg = g;
}

/* Runs f on the main goroutine; a program that dies comes back through the trap. */
static void repl_run(Repl *r, const FuncInfo *f) {
    size_t roots = gc_root_save();
    rt_exit_trap = &r->trap;
    repl_sigint = 0;
    rt_interrupt_pending = 0;
    if (setjmp(r->trap) == 0) {
        vm_session_call(r->g, f);
    } else {
        for (;;) {
            gc_root_restore(roots);
            GolG *cur = sched_curg;
            if (repl_sigint) {
                /* Ctrl-C: the input stops; a goroutine caught at its loop back-edge (where its
                 * position is saved) goes back to the run queue, as a preempted one does */
                if (cur && cur != r->g && cur->status == G_RUNNING) {
                    cur->resume = G_RESUME_PC;
                    sched_gosched(cur);
                }
                sched_forget(r->g);
                break;
            }
            if (cur && cur != r->g && r->g->status != G_DEAD && cur->status == G_RUNNING) {
                /* a background goroutine panicked: it goes, the others and the input go on */
                rt_panics_drop(cur);
                sched_goexit(cur);
                if (setjmp(r->trap) == 0) { vm_session_resume(r->g); break; }
                continue;
            }
            if (r->g->status == G_WAITING) {
                /* a deadlock: every goroutine waits; they are all dropped */
                for (GolG *gp = sched_allgs(), *next; gp; gp = next) {
                    next = gp->alllink;
                    if (gp == r->g || gp->status != G_WAITING) continue;
                    repl_unpark(gp);
                    rt_panics_drop(gp);
                    sched_goexit(gp);
                }
            }
            break;
        }
        repl_reset_main(r);
        fflush(stderr);
    }
    rt_exit_trap = NULL;
    rt_interrupt_pending = 0;
    repl_sigint = 0;
}

static bool repl_prepare(Repl *r, uint32_t from) {
    char err[512];
    if (r->m->globals_size != r->globals_seen) {
        /* the globals grew: the collector's view of them is renewed (GOLDEBUG=wbcheck=1 keeps a
         * shadow copy of the globals as large as they were when the module was registered) */
        gc_unregister_module(r->m);
        gc_register_module(r->m);
        r->globals_seen = r->m->globals_size;
    }
    if (!module_bind_new(r->m, from, err, sizeof err) || !module_verify(r->m, err, sizeof err)) {
        fprintf(stderr, "gol: internal compiler error: %s\n", err);
        return false;
    }
    return true;
}

/* Same signature: the new code replaces the old in place, for callers compiled before — unless
 * a goroutine other than main exists, which might be running the old code. */
static void repl_redefine(Repl *r, const SessionResult *res) {
    for (int i = 0; i < res->nredef; i++) {
        FuncInfo *old = &r->m->funcs[res->redef[i][0]];
        FuncInfo nf = r->m->funcs[res->redef[i][1]];
        if (sched_gcount() > 1) {
            fprintf(stderr, "note: %s is redefined for new code only: goroutines may be running the old one\n", old->name);
            continue;
        }
        nf.index = old->index;
        nf.closure = old->closure;
        *old = nf;
    }
}

/* The -m lines as the input's positions: `<input>:1:37:` is column 37 of the compiled file,
 * whose first line starts with what the session put before the input. */
static char *repl_escape_lines(const char *text, int shift) {
    size_t n = strlen(text);
    char *out = malloc(n + 1), *o = out;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);
        if (strncmp(p, "./", 2) == 0) { p += 2; len -= 2; }
        int line = 0, col = 0, used = 0;
        if (sscanf(p, SESSION_INPUT_NAME ":%d:%d:%n", &line, &col, &used) == 2 && used > 0) {
            if (line == 1 && col > shift) col -= shift;
            o += sprintf(o, SESSION_INPUT_NAME ":%d:%d:", line, col);
            memcpy(o, p + used, len - (size_t)used);
            o += len - (size_t)used;
        } else {
            memcpy(o, p, len);
            o += len;
        }
        p += len;
    }
    *o = 0;
    return out;
}

static void repl_eval(Repl *r, const char *text) {
    DiagList diags = { 0 };
    SessionResult res;
    SessionOptions opt = { 0 };
    char *esc = NULL;
    size_t esclen = 0;
    FILE *escf = open_memstream(&esc, &esclen);
    opt.escape_report = true;
    opt.escape_out = escf;
    uint32_t from = r->m->nfuncs;
    bool ok = session_input(r->s, text, &opt, &diags, &res);
    fclose(escf);
    if (ok || res.has_prelude) {
        free(r->last_escape);
        r->last_escape = repl_escape_lines(esc, res.col_shift);
        r->last_escape_len = strlen(r->last_escape);
        free(esc);
    } else {
        free(esc);
    }
    if (!ok) repl_print_diags(&diags);
    diag_free(&diags);
    if (!ok && !res.has_prelude) return;
    r->m->entry = ok && res.has_entry && res.has_prelude ? res.entry2 : res.entry;
    if (!repl_prepare(r, from)) return;
    if (ok) repl_redefine(r, &res);
    if (res.has_prelude) repl_run(r, &r->m->funcs[res.entry]);
    if (ok && res.has_entry) repl_run(r, &r->m->funcs[res.has_prelude ? res.entry2 : res.entry]);
}

/* ---- the prompt while goroutines run ----
 * When goroutines started at the prompt are alive, the main goroutine does not block the
 * scheduler while the user types: it runs main.__replIdle, a loop that yields to the others
 * (runtime.Gosched) and asks the native main.__replPoll between turns whether the prompt has
 * input. __replPoll looks at stdin without waiting while another goroutine can run, and
 * otherwise sleeps in poll() until input comes or the soonest sleeping goroutine is due (Go's
 * netpoller does the same for a goroutine blocked on a read). With line editing, the editor is
 * driven through its callback interface: each byte that arrives is handed to
 * rl_callback_read_char, and the loop ends when a whole line is there. Without goroutines
 * nothing of this runs: the prompt reads as before. */

static char *repl_cb_line;
static bool repl_cb_done;
static bool repl_cb_mode;

#ifdef REPL_LINE_EDITING
static void repl_on_line(char *line) {
    repl_cb_line = line;
    repl_cb_done = true;
    rl_callback_handler_remove();
}
#endif

/* main.__replPoll() bool: true while the prompt has nothing to read (go on idling). When a
 * goroutine printed since the last turn, its text went where the cursor was, after the line
 * being typed: the editor draws the prompt and that line again below it. */
static int repl_nat_poll(GolG *g, uint8_t *frame) {
    (void)g;
    bool more = true;
#ifdef REPL_LINE_EDITING
    static uint64_t writes_seen;
    if (repl_cb_mode && writes_seen != rt_output_writes) {
        writes_seen = rt_output_writes;
        rl_forced_update_display();
    }
#endif
    if (repl_cb_done || repl_sigint || sched_gcount() <= 1) {
        more = false;
    } else {
        int timeout = 0;
        int64_t wake;
        if (!sched_runnable_waiting()) {
            bool pending = timer_next_when(&wake);
            timeout = !pending ? -1 : (int)((wake - timer_now()) / 1000000 + 1);
            if (pending && timeout < 0) timeout = 0;
        }
        struct pollfd pfd = { 0, POLLIN, 0 };
        if (poll(&pfd, 1, timeout) > 0) {
#ifdef REPL_LINE_EDITING
            if (repl_cb_mode) { rl_callback_read_char(); more = !repl_cb_done; }
            else more = false;
#else
            more = false;
#endif
        }
        if (repl_sigint) more = false;
    }
    int64_t v = more;
    memcpy(frame, &v, sizeof v);
    return NAT_RETURN;
}

/* The native behind the func value __replPoll: a static FuncInfo and closure, outside the heap
 * (the collector ignores pointers to them), as the runtime's own runtime.gopanic is. */
static const uint8_t repl_poll_ptrmask[] = { 0 };
static const FuncInfo repl_poll_func = {
    .name = "main.__replPoll", .results_size = 8, .args_size = 8, .frame_size = 8,
    .stackmap = { .nwords = 1, .nmaps = 1, .bits = repl_poll_ptrmask },
    .native = repl_nat_poll,
};
static const FuncInfo *const repl_poll_closure = &repl_poll_func;

/* Builds the idle loop once: its declarations, the native bound to __replPoll, and an input
 * that calls it (whose entry is run again at each prompt). */
static bool repl_idle_ready(Repl *r) {
    if (r->idle_state) return r->idle_state > 0;
    r->idle_state = -1;
    static const char *const steps[] = {
        "var __replPoll func() bool\n"
        "func __replIdle() { runtime.Gosched(); for __replPoll() { runtime.Gosched() } }",
        "__replIdle()",
    };
    for (int k = 0; k < 2; k++) {
        DiagList diags = { 0 };
        SessionResult res;
        SessionOptions opt = { 0 };
        opt.no_show = true;
        uint32_t from = r->m->nfuncs;
        bool ok = session_input(r->s, steps[k], &opt, &diags, &res);
        if (!ok) repl_print_diags(&diags);
        diag_free(&diags);
        if (!ok) return false;
        int64_t off = session_global_offset(r->s, "__replPoll");
        if (k == 0 && off >= 0) {
            const void *fv = &repl_poll_closure;
            memcpy(r->m->globals + off, &fv, sizeof fv);
        }
        r->m->entry = res.has_prelude ? res.entry2 : res.entry;
        if (!repl_prepare(r, from)) return false;
        if (res.has_prelude) repl_run(r, &r->m->funcs[res.entry]);
        if (k == 0) repl_run(r, &r->m->funcs[r->m->entry]);    /* runtime's initialisers */
        else r->idle_entry = r->m->entry;
    }
    r->idle_state = 1;
    return true;
}

static char *repl_read_line_idle(Repl *r, const char *prompt) {
    repl_cb_line = NULL;
    repl_cb_done = false;
    repl_cb_mode = false;
#ifdef REPL_LINE_EDITING
    if (r->tty) { rl_callback_handler_install(prompt, repl_on_line); repl_cb_mode = true; }
#endif
    if (!repl_cb_mode && r->tty) { fputs(prompt, stdout); fflush(stdout); }
    for (;;) {
        if (sched_gcount() > 1) {
            repl_idling = 1;
            repl_run(r, &r->m->funcs[r->idle_entry]);
            repl_idling = 0;
        }
        if (repl_sigint) {                  /* Ctrl-C at the prompt: a fresh line */
            repl_sigint = 0;
#ifdef REPL_LINE_EDITING
            if (repl_cb_mode) {
                rl_callback_handler_remove();
                fputs("\n", stdout);
                rl_callback_handler_install(prompt, repl_on_line);
            }
#endif
            continue;
        }
        if (!repl_cb_mode) return repl_read_plain();
#ifdef REPL_LINE_EDITING
        if (!repl_cb_done && sched_gcount() <= 1)      /* the goroutines are gone: just read */
            while (!repl_cb_done) rl_callback_read_char();
        if (repl_cb_done) break;
#endif
    }
#ifdef REPL_LINE_EDITING
    if (repl_cb_line && *repl_cb_line) add_history(repl_cb_line);
#endif
    return repl_cb_line;
}

/* ---- commands ---- */

static const char repl_help[] =
    "Type Go: declarations (import, const, type, var, func), statements, or an expression to\n"
    "print with its type. x := ... declares a session variable. Standard packages are imported\n"
    "when first named. Input goes on while brackets are open or a line ends in an operator.\n"
    "\n"
    "  :help          this text\n"
    "  :mem           heap in use, objects, next GC goal, collections, last pause, stacks\n"
    "  :gc            run a collection and say what it freed\n"
    "  :heap          per size class: spans, objects in use, bytes, fragmentation\n"
    "  :stack         each goroutine's stack size and frames\n"
    "  :type expr     the type of an expression, without running it\n"
    "  :disasm f      the bytecode of function f (or T.M), with frame layout and stack maps\n"
    "  :escape        the escape analysis decisions of the last input (gol build -m)\n"
    "  :reset         start a fresh session\n"
    "  :quit          leave (so does Ctrl-D); Ctrl-C stops a running input\n";

static void repl_bytes(char *buf, size_t n, double b) {
    const char *units[] = { "B", "KiB", "MiB", "GiB" };
    int u = 0;
    while (b >= 1024 && u < 3) { b /= 1024; u++; }
    if (u == 0) snprintf(buf, n, "%.0f B", b);
    else snprintf(buf, n, "%.1f %s", b, units[u]);
}

static void repl_cmd_mem(void) {
    GoMemStats ms;
    mstats_read(&ms);
    char a[32], b[32], c[32], d[32];
    repl_bytes(a, sizeof a, (double)ms.HeapAlloc);
    repl_bytes(b, sizeof b, (double)ms.NextGC);
    repl_bytes(c, sizeof c, (double)ms.StackInuse);
    repl_bytes(d, sizeof d, (double)ms.HeapSys);
    uint64_t last = ms.NumGC ? ms.PauseNs[(ms.NumGC + 255) % 256] : 0;
    printf("heap in use   %s in %llu objects (HeapAlloc, HeapObjects)\n", a, (unsigned long long)ms.HeapObjects);
    printf("heap from OS  %s (HeapSys), %llu bytes released\n", d, (unsigned long long)ms.HeapReleased);
    printf("next GC       at %s (NextGC)\n", b);
    printf("collections   %u (NumGC), last pause %.3f ms, total %.3f ms\n", ms.NumGC, (double)last / 1e6,
           (double)ms.PauseTotalNs / 1e6);
    printf("stacks        %s (StackInuse), %lld goroutines\n", c, (long long)sched_gcount());
    printf("allocated     %llu bytes in %llu objects since start (TotalAlloc, Mallocs)\n",
           (unsigned long long)ms.TotalAlloc, (unsigned long long)ms.Mallocs);
}

static void repl_cmd_gc(Repl *r) {
    GoMemStats before, after;
    mstats_read(&before);
    gc_collect(r->g, true);
    mstats_read(&after);
    char a[32], b[32], f[32];
    repl_bytes(a, sizeof a, (double)before.HeapAlloc);
    repl_bytes(b, sizeof b, (double)after.HeapAlloc);
    int64_t freed = (int64_t)before.HeapAlloc - (int64_t)after.HeapAlloc;
    repl_bytes(f, sizeof f, (double)(freed > 0 ? freed : 0));
    long long objs = (long long)before.HeapObjects - (long long)after.HeapObjects;
    printf("gc %u: freed %s in %lld objects; heap %s -> %s, pause %.3f ms\n", after.NumGC, f,
           objs > 0 ? objs : 0, a, b, (double)after.PauseNs[(after.NumGC + 255) % 256] / 1e6);
}

typedef struct HeapRow { uint64_t spans, objects, slots, bytes; } HeapRow;

static void repl_heap_span(const mspan *s, void *arg) {
    HeapRow *rows = arg;
    HeapRow *row = &rows[span_class_size(s->spanclass)];
    row->spans++;
    row->objects += s->allocCount;
    row->slots += s->nelems;
    row->bytes += (uint64_t)s->allocCount * s->elemsize;
}

static void repl_cmd_heap(void) {
    heap_flush_caches();
    HeapRow rows[SC_NUM_CLASSES];
    memset(rows, 0, sizeof rows);
    heap_for_each_small_span(repl_heap_span, rows);
    printf("class  size  spans  objects  in use bytes  span bytes  free slots\n");
    uint64_t tspans = 0, tobj = 0, tbytes = 0, tspan_bytes = 0;
    for (int c = 1; c < SC_NUM_CLASSES; c++) {
        HeapRow *row = &rows[c];
        if (!row->spans) continue;
        uint64_t span_bytes = row->spans * (uint64_t)class_to_allocnpages[c] * PAGE_SIZE;
        printf("%5d %5u %6llu %8llu %13llu %11llu %10.1f%%\n", c, (unsigned)class_to_size[c],
               (unsigned long long)row->spans, (unsigned long long)row->objects,
               (unsigned long long)row->bytes, (unsigned long long)span_bytes,
               row->slots ? 100.0 * (double)(row->slots - row->objects) / (double)row->slots : 0.0);
        tspans += row->spans; tobj += row->objects; tbytes += row->bytes; tspan_bytes += span_bytes;
    }
    uint64_t lobj = heap_stats.large_mallocs - heap_stats.large_frees;
    uint64_t lbytes = heap_stats.large_alloc_bytes - heap_stats.large_free_bytes;
    printf("large       %6s %8llu %13llu %11llu\n", "-", (unsigned long long)lobj,
           (unsigned long long)lbytes, (unsigned long long)lbytes);
    printf("total       %6llu %8llu %13llu %11llu %10.1f%%\n", (unsigned long long)tspans,
           (unsigned long long)(tobj + lobj), (unsigned long long)(tbytes + lbytes),
           (unsigned long long)(tspan_bytes + lbytes),
           tspan_bytes ? 100.0 * (double)(tspan_bytes - tbytes) / (double)(tspan_bytes + lbytes) : 0.0);
}

static void repl_cmd_stack(Repl *r) {
    int64_t maxid = 0;
    for (GolG *gp = sched_allgs(); gp; gp = gp->alllink) if (gp->goid > maxid) maxid = gp->goid;
    for (int64_t id = 1; id <= maxid; id++)         /* oldest first, as Go's tracebacks */
        for (GolG *gp = sched_allgs(); gp; gp = gp->alllink) {
            if (gp->goid != id) continue;
            printf("goroutine %lld [%s], stack %zu bytes:\n", (long long)gp->goid,
                   gp == r->g ? "idle at the prompt" : gp->waitreason ? gp->waitreason : "runnable",
                   (size_t)(gp->stack_hi - gp->stack_lo));
            fflush(stdout);
            if (gp != r->g && gp->func) rt_traceback(gp, stdout);
        }
}

static void repl_cmd_type(Repl *r, const char *expr) {
    DiagList diags = { 0 };
    SessionResult res;
    SessionOptions opt = { 0 };
    opt.type_only = true;
    uint32_t from = r->m->nfuncs;
    bool ok = session_input(r->s, expr, &opt, &diags, &res);
    if (res.has_prelude) {              /* the session's first value: fmt was set up for it */
        r->m->entry = res.entry;
        if (repl_prepare(r, from)) repl_run(r, &r->m->funcs[res.entry]);
    }
    if (ok) printf("%s\n", res.type);
    else repl_print_diags(&diags);
    diag_free(&diags);
}

static void repl_cmd_disasm(Repl *r, const char *name) {
    int i = session_func_index(r->s, name);
    if (i < 0) { fprintf(stderr, "no function %s in the session\n", name); return; }
    disasm_func(stdout, r->m, &r->m->funcs[i]);
}

/* Runs a command; false means leave. */
static bool repl_command(Repl *r, const char *line) {
    char cmd[32] = "";
    const char *arg = line + 1;
    size_t n = 0;
    while (*arg && *arg != ' ' && *arg != '\t' && n < sizeof cmd - 1) cmd[n++] = *arg++;
    cmd[n] = 0;
    while (*arg == ' ' || *arg == '\t') arg++;
    if (!strcmp(cmd, "quit") || !strcmp(cmd, "q") || !strcmp(cmd, "exit")) return false;
    if (!strcmp(cmd, "help") || !strcmp(cmd, "h") || !strcmp(cmd, "?")) fputs(repl_help, stdout);
    else if (!strcmp(cmd, "mem")) repl_cmd_mem();
    else if (!strcmp(cmd, "gc")) repl_cmd_gc(r);
    else if (!strcmp(cmd, "heap")) repl_cmd_heap();
    else if (!strcmp(cmd, "stack")) repl_cmd_stack(r);
    else if (!strcmp(cmd, "type") && *arg) repl_cmd_type(r, arg);
    else if (!strcmp(cmd, "disasm") && *arg) repl_cmd_disasm(r, arg);
    else if (!strcmp(cmd, "escape")) {
        if (r->last_escape && r->last_escape_len) fwrite(r->last_escape, 1, r->last_escape_len, stdout);
        else printf("no escape decisions in the last input\n");
    } else if (!strcmp(cmd, "reset")) {
#ifdef REPL_LINE_EDITING
        if (r->tty && r->history) write_history(r->history);
#endif
        fflush(stdout);
        char *argv[] = { "gol", "repl", NULL };
        execv("/proc/self/exe", argv);
        fprintf(stderr, "gol: :reset: %s\n", strerror(errno));
    } else fprintf(stderr, "unknown command :%s (:help lists them)\n", cmd);
    fflush(stdout);
    return true;
}

/* ---- the loop ---- */

static void repl_setup(Repl *r) {
    r->m = module_new();
    r->s = session_new(r->m);
    void *globals = mmap(NULL, REPL_GLOBALS_MAX, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (globals == MAP_FAILED) { perror("gol: mmap"); exit(1); }
    r->m->globals = globals;
    r->m->natives_bound = true;
    r->g = vm_session_start(r->m);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    repl_thread = pthread_self();
    sa.sa_handler = repl_on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);           /* no SA_RESTART: a plain read returns EINTR */
    r->tty = isatty(0) && isatty(1);
#ifdef REPL_LINE_EDITING
    if (r->tty) {
        const char *home = getenv("HOME");
        if (home) {
            size_t n = strlen(home) + 32;
            r->history = malloc(n);
            snprintf(r->history, n, "%s/.gol_history", home);
            using_history();
            read_history(r->history);
        }
    }
#endif
}

int repl_main(void) {
    static Repl r;
    repl_setup(&r);
    if (r.tty) printf("gol %s REPL: Go at the prompt, :help for commands, Ctrl-D to leave.\n", GOL_REPL_VERSION);
    for (;;) {
        char *line = repl_read_line(&r, "> ");
        if (!line) break;
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == 0) { free(line); continue; }
        if (*p == ':') {
            bool go_on = repl_command(&r, p);
            free(line);
            if (!go_on) break;
            continue;
        }
        size_t len = strlen(line), cap = len + 1;
        char *text = line;
        while (repl_needs_more(text)) {
            char *more = repl_read_line(&r, ". ");
            if (!more) break;
            size_t m = strlen(more);
            if (len + m + 2 > cap) { cap = (len + m + 2) * 2; text = realloc(text, cap); }
            text[len++] = '\n';
            memcpy(text + len, more, m + 1);
            len += m;
            free(more);
        }
        repl_eval(&r, text);
        fflush(stdout);
        free(text);
    }
    if (r.tty) putchar('\n');
#ifdef REPL_LINE_EDITING
    if (r.tty && r.history) write_history(r.history);
#endif
    session_free(r.s);
    module_free(r.m);
    free(r.last_escape);
    free(r.history);
    return 0;
}
