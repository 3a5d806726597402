/* runtime/panic.c — panics, fatal errors and the goroutine traceback.
 *
 * There is no recover yet (a later issue adds defer/recover), so every panic ends the program
 * the way an unrecovered Go panic does, on stderr and with exit status 2:
 *
 *     panic: runtime error: index out of range [5] with length 3
 *     [signal SIGSEGV: ...]                        only for nil dereferences, as Go
 *                                                  (a blank line)
 *     goroutine 1 [running]:
 *     main.f(...)                                  innermost frame first
 *     	/abs/path/prog.gol:12 +0x3c
 *     main.main()
 *     	/abs/path/prog.gol:20 +0x18
 *
 * Runtime errors carry Go's exact messages (runtime/error.go: boundsError and friends). A user
 * panic(v) prints v as Go's printpanicval does: an error by its Error(), a Stringer by its
 * String(), a string bare, numbers and bools as the print builtin prints them (floats as
 * +1.500000e+000), named basic types wrapped as main.S("hi") or main.N(3), anything else as
 * (main.T) 0xADDR.
 *
 * The traceback walks the goroutine's frames outward from the position the interpreter saved
 * in g (func, pc, base). Each frame's FrameHeader, 16 bytes below its base (vm/bytecode.h),
 * names the caller, the return pc and the caller's base; the walk ends at a header whose caller
 * is NULL. A frame prints its function name with "(...)" when it has parameters and "()" when
 * it has none (Go prints argument words, which mean nothing for gol), then the file and line of
 * the instruction executing in it — for callers the call instruction, just before the return
 * pc — and the pc as a byte offset (word index * 4), as Go prints the offset into the function.
 * Frames of functions named runtime.* are hidden, as Go hides its own. Like Go, at most 100
 * frames are printed, so that a stack overflow does not print a million lines.
 *
 * stdout is flushed first, so that everything the program printed before it panicked appears
 * before the panic message.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"
#include "runtime/print.h"

enum { TRACEBACK_MAX_FRAMES = 100 };

/* Line of the instruction at word pc: the last line-table entry starting at or before pc. */
static uint32_t panic_line_at(const FuncInfo *f, uint32_t pc) {
    uint32_t line = f->line;
    for (uint32_t i = 0; i < f->nlines && f->lines[i].pc <= pc; i++) line = f->lines[i].line;
    return line;
}

static const char *panic_file_of(const GolG *g, const FuncInfo *f) {
    if (g->mod && f->file < g->mod->nfiles && g->mod->files[f->file]) return g->mod->files[f->file];
    return "?";
}

static bool panic_frame_hidden(const FuncInfo *f) {
    return f->name && strncmp(f->name, "runtime.", 8) == 0;
}

static void panic_print_frame(FILE *out, const GolG *g, const FuncInfo *f, uint32_t pc, bool inner) {
    uint32_t line = panic_line_at(f, inner || pc == 0 ? pc : pc - 1);
    fprintf(out, "%s(%s)\n\t%s:%" PRIu32 " +0x%" PRIx32 "\n", f->name ? f->name : "?",
            f->args_size > f->results_size ? "..." : "", panic_file_of(g, f), line, pc * 4);
}

void rt_traceback(GolG *g, FILE *out) {
    if (g == NULL || g->func == NULL) return;
    const FuncInfo *f = g->func;
    uint32_t pc = g->pc ? (uint32_t)(g->pc - f->code) : 0;
    uint8_t *base = g->base;
    int printed = 0;
    for (bool inner = true; f != NULL; inner = false) {
        if (!panic_frame_hidden(f)) {
            if (printed == TRACEBACK_MAX_FRAMES) { fprintf(out, "...additional frames elided...\n"); return; }
            panic_print_frame(out, g, f, pc, inner);
            printed++;
        }
        if (base == NULL || base - 16 < g->stack_lo || base > g->stack_hi) return;   /* a broken chain */
        const FrameHeader *h = (const FrameHeader *)(base - 16);
        f = h->caller;
        pc = h->ret_pc;
        base = g->stack_lo + h->caller_base;
    }
}

static noreturn void panic_finish(GolG *g) {
    fprintf(stderr, "\ngoroutine %" PRId64 " [running]:\n", g ? g->goid : 1);
    rt_traceback(g, stderr);
    fflush(stderr);
    rt_exit(2);
    abort();    /* rt_exit does not return */
}

static void panic_begin(void) {
    rt_stdout_flush();
    fflush(stdout);
}

noreturn void rt_panic_msg(GolG *g, const char *runtime_error_msg) {
    panic_begin();
    fprintf(stderr, "panic: runtime error: %s\n", runtime_error_msg);
    panic_finish(g);
}

noreturn void rt_panic_index(GolG *g, int64_t i, int64_t len) {
    char msg[128];
    if (i < 0) snprintf(msg, sizeof msg, "index out of range [%" PRId64 "]", i);
    else snprintf(msg, sizeof msg, "index out of range [%" PRId64 "] with length %" PRId64, i, len);
    rt_panic_msg(g, msg);
}

/* fmt is one of Go's boundsErrorFmts with %d for x and y, e.g. "slice bounds out of range
 * [:%d] with capacity %d" or "slice bounds out of range [%d:%d]". As Go, a negative x drops
 * the "with ..." part (boundsNegErrorFmts): "[:-1]", "[-1:]", "[::-1]", "[:-1:]", "[-1::]". */
noreturn void rt_panic_slice(GolG *g, const char *fmt, int64_t a, int64_t b) {
    char msg[160], neg[128];
    const char *with = strstr(fmt, " with ");
    const char *second = strstr(fmt, "%d");
    second = second ? strstr(second + 2, "%d") : NULL;
    if (a < 0 && with) {
        snprintf(neg, sizeof neg, "%.*s", (int)(with - fmt), fmt);
        snprintf(msg, sizeof msg, neg, a);
    } else if (a < 0 && second) {
        snprintf(neg, sizeof neg, "%.*s%s", (int)(second - fmt), fmt, second + 2);
        snprintf(msg, sizeof msg, neg, a);
    } else {
        snprintf(msg, sizeof msg, fmt, a, b);
    }
    rt_panic_msg(g, msg);
}

noreturn void rt_panic_divide(GolG *g) { rt_panic_msg(g, "integer divide by zero"); }

noreturn void rt_panic_shift(GolG *g) { rt_panic_msg(g, "negative shift amount"); }

noreturn void rt_panic_nil(GolG *g) {
    panic_begin();
    fprintf(stderr, "panic: runtime error: invalid memory address or nil pointer dereference\n"
                    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%" PRIxPTR "]\n",
            (uintptr_t)(g ? g->pc : NULL));
    panic_finish(g);
}

noreturn void rt_fatal(GolG *g, const char *msg) {
    panic_begin();
    fprintf(stderr, "fatal error: %s\n", msg);
    panic_finish(g);
}

/* A number of kind k in memory form at p, as print prints it. */
static void panic_print_number(FILE *out, const TypeDesc *t, const void *p) {
    char buf[64];
    if (t->kind == K_BOOL) fputs(*(const uint8_t *)p ? "true" : "false", out);
    else if (print_is_signed(t->kind)) fprintf(out, "%" PRId64, rt_load_int(t, p));
    else if (print_is_unsigned(t->kind)) fprintf(out, "%" PRIu64, rt_load_uint(t, p));
    else { print_float(buf, rt_load_float(t, p)); fputs(buf, out); }
}

static bool panic_is_basic(GolKind k) { return k >= K_BOOL && k <= K_FLOAT64 && k != K_COMPLEX64; }

/* Go's preprintpanics: v.Error() for an error, else v.String() for a Stringer, run before
 * anything is printed (the method may print, or allocate: PANIC is a safepoint). */
static bool panic_method_text(GolG *g, GolIface v, GolString *s) {
    return v.type != NULL && (rt_call_string_method(g, v, "Error", s) || rt_call_string_method(g, v, "String", s));
}

/* Go's printpanicval; `text` is the method's result when panic_method_text found one. */
static void panic_print_value(FILE *out, GolIface v, const GolString *text) {
    if (v.type == NULL) { fputs("nil", out); return; }
    if (text) {
        fwrite(text->ptr, 1, (size_t)text->len, out);
        return;
    }
    const TypeDesc *t = v.type;
    const char *name = t->name ? t->name : "?";
    bool custom = strchr(name, '.') != NULL;
    if (t->kind == K_STRING) {
        const GolString *str = v.data;
        if (custom) fprintf(out, "%s(\"", name);
        fwrite(str->ptr, 1, (size_t)str->len, out);
        if (custom) fputs("\")", out);
    } else if (panic_is_basic(t->kind)) {
        if (custom) fprintf(out, "%s(", name);
        panic_print_number(out, t, v.data);
        if (custom) fputc(')', out);
    } else {
        fprintf(out, "(%s) 0x%" PRIxPTR, name, (uintptr_t)v.data);
    }
}

noreturn void rt_panic_value(GolG *g, GolIface v) {
    GolString s;
    bool has_text = panic_method_text(g, v, &s);
    panic_begin();
    fputs("panic: ", stderr);
    panic_print_value(stderr, v, has_text ? &s : NULL);
    fputc('\n', stderr);
    panic_finish(g);
}
