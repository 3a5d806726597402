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
 * The traceback is runtime/traceback.c's, from the position the interpreter saved in g.
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

/* Go's printpanicval; `text` is the Error() or String() result when v has such a method. */
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

static noreturn void panic_print_and_die(GolG *g, GolIface v, const GolString *text) {
    panic_begin();
    fputs("panic: ", stderr);
    panic_print_value(stderr, v, text);
    fputc('\n', stderr);
    panic_finish(g);
}

/* panic(v) from C: v printed as Go's printpanicval does, without Error() or String(). */
noreturn void rt_panic_value(GolG *g, GolIface v) {
    panic_print_and_die(g, v, NULL);
}

/* ---- panic(v): runtime.gopanic, a native the interpreter pushes at a PANIC instruction ----
 *
 * Go's preprintpanics runs v.Error() for an error, else v.String() for a Stringer, before
 * anything is printed. Those are gol functions, and the runtime never runs gol code itself
 * (DESIGN §6): gopanic is a native with a continuation. Its frame sits just above the frame
 * that executed PANIC (vm/interp.c pushes it there, with v as its one parameter); step 0 asks
 * the loop to call the method (NAT_CALL), step 1 finds the text in the callee's results and
 * prints. A method that panics in turn pushes its own gopanic above: its message is printed
 * instead, as Go prints the innermost one first. */

static int panic_gopanic(GolG *g, uint8_t *frame) {
    GolIface v;
    memcpy(&v, frame, sizeof v);
    NatCont *k = rt_native_cont(g, frame);
    if (k->step == 1) {
        GolString text;
        memcpy(&text, rt_call_results(g, frame), sizeof text);
        panic_print_and_die(g, v, &text);
    }
    const TypeMethod *tm = NULL;
    if (v.type && !(tm = rt_string_method_of(g, v.type, "Error"))) tm = rt_string_method_of(g, v.type, "String");
    if (tm == NULL) panic_print_and_die(g, v, NULL);
    if (rt_method_nil_receiver(v, tm)) {
        GolString nil_text = { (const uint8_t *)"<nil>", 5 };
        panic_print_and_die(g, v, &nil_text);
    }
    rt_method_call_prepare(g, &frame, v, tm);
    rt_native_cont(g, frame)->step = 1;
    return NAT_CALL;
}

/* [v iface: 2 words][NatCont: step, c, gc]: words 1 (v.data) and 4 (gc) may hold pointers. */
static const uint8_t gopanic_ptrmask[] = { 0x12 };
const FuncInfo rt_gopanic_func = {
    .name = "runtime.gopanic", .frame_size = 16 + sizeof(NatCont), .results_size = 0,
    .args_size = 16, .zero_off = 16, .zero_size = sizeof(NatCont),
    .stackmap = { .nwords = 5, .nmaps = 1, .bits = gopanic_ptrmask },
    .native = panic_gopanic,
};
