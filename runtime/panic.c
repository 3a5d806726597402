/* runtime/panic.c — panics, recover, fatal errors and the report of an unrecovered panic.
 *
 * A panic (Go's gopanic, runtime/panic.go) is a native, runtime.gopanic, that the dispatch loop
 * pushes above the frame that panicked: at a PANIC instruction, or when a runtime error raised
 * in C (rt_panic_index and friends: Go's exact messages, runtime/error.go) comes back to the
 * loop through rt_panic_start. Its frame holds the panic value; its continuation (NatCont.c)
 * a GolPanic record, linked on g->panic newest first. It runs the goroutine's defer records
 * (runtime/defer.c) newest first, each as an ordinary call above its own frame (a native asking
 * the loop for a call, DESIGN §6: no gol code on a nested C loop):
 *
 *     frames, innermost on top:                           g->panic ─► [p2] ─► [p1]
 *        deferred call D2   ◄── recover() here sees p2: its caller is p2's gopanic
 *        runtime.gopanic p2 (value "second")
 *        deferred call D1   (panicked while p1 ran it: p1 is aborted, as in Go)
 *        runtime.gopanic p1 (value "first")
 *        main.f             (panicked)
 *        main.main
 *
 * A native that asked for gol code to run may catch its panics (fmt's catchPanic): its record
 * (defer_push_catch) acts as a deferred call that recovers at once, and the native runs again
 * with the value (rt_native_caught).
 *
 * After a deferred call returns: if it recovered, the panic is over — gopanic returns NAT_UNWIND
 * and the loop continues in the frame that deferred that call, at its deferreturn code
 * (RUNDEFER), abandoning every frame above it: that frame runs its other deferred calls and
 * returns normally, with its named results as they are. Else the next record runs. With no
 * record left, the report: Go's printpanics, oldest first, "panic: V" with " [recovered]" for a
 * panic recovered and then re-panicked in the same deferred call, each later one on a line
 * starting with a tab:
 *
 *     panic: first [recovered]
 *     	panic: second
 *     [signal SIGSEGV: segmentation violation ...]     after a nil dereference, as Go
 *                                                       (a blank line)
 *     goroutine 1 [running]:
 *     main.main.func1(...)                              innermost frame first; a panic still
 *     	/abs/path/prog.gol:7 +0x1c                       on the stack prints as "panic(...)"
 *     panic(...)
 *     	runtime/panic.c
 *     main.main()
 *     	/abs/path/prog.gol:9 +0x48
 *
 * The value prints as Go's printpanicval does: an error by its Error(), a Stringer by its
 * String() (gol functions: gopanic asks the loop to call them first, Go's preprintpanics), a
 * string bare, numbers and bools as the print builtin prints them (floats as +1.500000e+000),
 * named basic types wrapped as main.S("hi") or main.N(3), anything else as (main.T) 0xADDR.
 *
 * recover (rt_gorecover) returns the value only when called directly by a deferred call that the
 * newest panic's gopanic made (the caller of recover's frame is that gopanic: Go compares
 * argp) and that panic is not recovered yet; panic(nil) is recovered with a nil value, as
 * Go 1.19 does.
 *
 * Runtime errors are values of the runtime package's types runtime.boundsError and
 * runtime.errorString (runtime/lib/runtime.gol, with Error and RuntimeError methods): the
 * compiler loads that package whenever the program calls recover, which is the only way a
 * program can see the value. Without it they are built with a C descriptor of the same name
 * and shape; either way the report prints them as Go does, "runtime error: " and the message.
 *
 * rt_fatal is Go's throw: no deferred call runs and nothing can recover it.
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
#include "runtime/iface.h"
#include "runtime/print.h"
#include <setjmp.h>
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"

/* One active panic (Go's _panic). Its value is in its runtime.gopanic frame, at offset 0. */
typedef struct GolPanic {
    struct GolPanic *link;      /* the panic that was running when this one started, or NULL */
    uint32_t frame_off;         /* its gopanic frame's base - stack_lo */
    bool recovered;             /* a deferred call it made called recover() */
    bool aborted;               /* a later panic took over the deferred call it was running */
    bool goexit;                /* runtime.Goexit (issue 8): runs all records, no recover */
    GolDefer *running;          /* the record whose call it waits for (NULL: none) */
    struct GolPanic *printing;  /* the panic whose Error()/String() it waits for (NULL: none) */
    bool text_done;             /* the report's text of its value is known: */
    char *text;                 /* Error() or String() result (malloc'd), or NULL: printed by C */
    size_t textlen;
} GolPanic;

static noreturn void panic_finish(GolG *g) {
    rt_traceback_dying(g);              /* as GOTRACEBACK / debug.SetTraceback say */
    fflush(stderr);
    rt_exit_fatal();
}

static void panic_begin(void) {
    rt_stdout_flush();
    fflush(stdout);
}

/* ---- a panic while a panic value is printed ----
 *
 * Go's preprintpanics runs the panic value's Error or String method under a deferred recover:
 * a panic raised while that method runs ends the program with a fatal error that names the new
 * value — the value itself if it is a string, else its type — without printing it:
 *
 *     fatal error: panic while printing panic value: deep 3
 *     fatal error: panic while printing panic value: type runtime.boundsError
 *
 * panic_printing_value says that runtime.gopanic (below) is running such a method, and every
 * way of panicking asks panic_check_printing first. Go's runtime errors are
 * runtime.boundsError (index and slice bounds) or runtime.errorString (the others); a value
 * method called through a nil pointer panics in Go's autogenerated wrapper with a
 * runtime.plainError. */
static noreturn void panic_print_and_die(GolG *g, GolIface v, const GolString *text);
static bool panic_printing_value;
static GolIface panic_printing_of;      /* that value (its gopanic frame keeps it alive) */

static noreturn void panic_fatal_printing(GolG *g, const char *type_name, const GolString *str) {
    size_t n = str ? (size_t)str->len : strlen(type_name);
    char *msg = malloc(n + 48);
    if (msg == NULL) rt_fatal(g, "panic while printing panic value");
    if (str) snprintf(msg, n + 48, "panic while printing panic value: %.*s", (int)str->len, (const char *)str->ptr);
    else snprintf(msg, n + 48, "panic while printing panic value: type %s", type_name);
    rt_fatal(g, msg);
}

/* A runtime error's Go type, from its message. */
static bool panic_is_bounds_msg(const char *msg) {
    return strncmp(msg, "index out of range", 18) == 0 || strncmp(msg, "slice bounds out of range", 25) == 0 ||
           strncmp(msg, "cannot convert slice", 20) == 0;      /* Go's boundsConvert */
}
static const char *panic_runtime_error_type(const char *msg) {
    return panic_is_bounds_msg(msg) ? "runtime.boundsError" : "runtime.errorString";
}

/* panic(v): fatal if a panic value is being printed (a plain string is named, else its type). */
static void panic_check_printing(GolG *g, GolIface v) {
    if (!panic_printing_value) return;
    if (v.type == NULL) {               /* Go 1.19's recover() returns nil and does nothing: */
        panic_print_and_die(g, panic_printing_of, NULL);  /* the first value prints as it is */
    }
    if (v.type->kind == K_STRING && v.type->name && strcmp(v.type->name, "string") == 0)
        panic_fatal_printing(g, NULL, (const GolString *)v.data);
    panic_fatal_printing(g, v.type->name ? v.type->name : "?", NULL);
}

/* ---- runtime errors as values ----
 * Go's runtime errors are values of four types of package runtime, each with Error and
 * RuntimeError methods (runtime/lib/runtime.gol):
 *
 *     runtime.boundsError           index and slice bounds      "runtime error: " + message
 *     runtime.errorString           the other runtime errors    "runtime error: " + message
 *     runtime.plainError            assignment to entry in nil map, a nil value receiver
 *     *runtime.TypeAssertionError   a failed x.(T)              "interface conversion: ..."
 *
 * In memory each is one string header, the message (TypeAssertionError is a struct holding it,
 * and the interface holds a pointer to that struct, as Go's), so one builder serves all four.
 * The descriptors come from the program's module (the runtime package, which the compiler loads
 * whenever the program calls recover, the only way a program can see the value) or, without
 * it, from C ones of the same name and shape, enough for the report. */
typedef enum RtErrKind { RTE_BOUNDS, RTE_ERRORSTRING, RTE_PLAIN, RTE_TYPEASSERT, RTE_NKINDS } RtErrKind;

static const struct {
    const char *name;           /* the type of the interface's first word */
    const char *object;         /* the type of the heap object (differs for the pointer) */
    bool prefix;                /* Error() is "runtime error: " + message */
} rte_info[RTE_NKINDS] = {
    [RTE_BOUNDS]      = { "runtime.boundsError", "runtime.boundsError", true },
    [RTE_ERRORSTRING] = { "runtime.errorString", "runtime.errorString", true },
    [RTE_PLAIN]       = { "runtime.plainError", "runtime.plainError", false },
    [RTE_TYPEASSERT]  = { "*runtime.TypeAssertionError", "runtime.TypeAssertionError", false },
};

#define RTE_C_DESC(n) { .kind = K_STRING, .flags = TDF_NAMED | TDF_COMPARABLE, .size = 16, .align = 8, \
                        .ptrdata = 8, .ptrmask = (const uint8_t *)"\1", .name = (n), .pkgpath = "runtime" }
static const TypeDesc rte_c[RTE_NKINDS] = {
    RTE_C_DESC("runtime.boundsError"), RTE_C_DESC("runtime.errorString"),
    RTE_C_DESC("runtime.plainError"), RTE_C_DESC("*runtime.TypeAssertionError"),
};
static const Module *rte_types_of;
static const TypeDesc *rte_type[RTE_NKINDS], *rte_object[RTE_NKINDS];

static const TypeDesc *panic_module_type(const Module *m, const char *name) {
    for (uint32_t i = 0; m && i < m->ntypes; i++)
        if (m->types[i].name && strcmp(m->types[i].name, name) == 0) return &m->types[i];
    return NULL;
}

static void panic_find_types(const GolG *g) {
    static uint32_t ntypes;             /* a REPL session's module grows: look again when it did */
    if (rte_types_of == g->mod && ntypes == g->mod->ntypes) return;
    rte_types_of = g->mod;
    ntypes = g->mod->ntypes;
    for (int k = 0; k < RTE_NKINDS; k++) {
        rte_type[k] = panic_module_type(g->mod, rte_info[k].name);
        rte_object[k] = panic_module_type(g->mod, rte_info[k].object);
        if (!rte_type[k] || !rte_object[k] || rte_object[k]->size != 16) rte_type[k] = rte_object[k] = &rte_c[k];
    }
}

/* Which runtime error v is, or -1 for any other value. */
static int panic_runtime_error_kind(GolIface v) {
    if (v.type == NULL) return -1;
    for (int k = 0; k < RTE_NKINDS; k++)
        if (v.type == &rte_c[k] || v.type == rte_type[k]) return k;
    return -1;
}

/* An interface value of type t (word0) holding a new heap object of type obj_t that is one
 * string header, msg. */
static GolIface panic_string_value(GolG *g, const TypeDesc *t, const TypeDesc *obj_t, const char *msg) {
    size_t n = strlen(msg);
    void *obj = mallocgc(g, 16, obj_t, true);
    size_t mark = gc_root_save();
    gc_root_push(&obj);
    uint8_t *bytes = mallocgc_noscan(g, n ? n : 1, false);
    memcpy(bytes, msg, n);
    gc_root_restore(mark);
    wb_store_ptr((void **)obj, bytes);
    int64_t len = (int64_t)n;
    memcpy((uint8_t *)obj + 8, &len, 8);
    return (GolIface){ t, obj };
}

/* Whether v is a runtime error; if so its message and whether Error() puts "runtime error: "
 * before it (fmt's %!v(PANIC=...) report reads them). */
bool rt_runtime_error(GolG *g, GolIface v, GolString *msg, bool *prefixed) {
    panic_find_types(g);
    int k = panic_runtime_error_kind(v);
    if (k < 0) return false;
    memcpy(msg, v.data, sizeof *msg);
    *prefixed = rte_info[k].prefix;
    return true;
}

/* A new value of runtime error kind k holding msg. */
static GolIface panic_runtime_value(GolG *g, RtErrKind k, const char *msg) {
    panic_find_types(g);
    return panic_string_value(g, rte_type[k], rte_object[k], msg);
}

static GolIface panic_runtime_error(GolG *g, const char *msg) {
    return panic_runtime_value(g, panic_is_bounds_msg(msg) ? RTE_BOUNDS : RTE_ERRORSTRING, msg);
}

/* ---- starting a panic ---- */

static uintptr_t panic_sig_pc;          /* the pc of the nil dereference, for [signal ...] */

noreturn void rt_panic_start(GolG *g, GolIface v) {
    if (g == NULL || g->loop_jmp == NULL) panic_print_and_die(g, v, NULL);
    g->panic_start = v;
    longjmp(*(jmp_buf *)g->loop_jmp, 1);
}

noreturn void rt_panic_msg(GolG *g, const char *runtime_error_msg) {
    if (panic_printing_value) panic_fatal_printing(g, panic_runtime_error_type(runtime_error_msg), NULL);
    if (g == NULL || g->loop_jmp == NULL) {
        panic_begin();
        fprintf(stderr, "panic: runtime error: %s\n", runtime_error_msg);
        if (g && g->sig_panic)
            fprintf(stderr, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%" PRIxPTR "]\n", panic_sig_pc);
        panic_finish(g);
    }
    rt_panic_start(g, panic_runtime_error(g, runtime_error_msg));
}

/* A runtime error whose text is its message alone: a failed type assertion (text is Go's
 * "interface conversion: ..."), or a plainError ("assignment to entry in nil map"). */
static noreturn void panic_unprefixed(GolG *g, RtErrKind k, const char *text) {
    if (panic_printing_value) panic_fatal_printing(g, rte_info[k].name, NULL);
    if (g == NULL || g->loop_jmp == NULL) {
        panic_begin();
        fprintf(stderr, "panic: %s\n", text);
        panic_finish(g);
    }
    rt_panic_start(g, panic_runtime_value(g, k, text));
}

/* panic(msg) from C with a plain string value, as Go's library code does it (errors.As). */
noreturn void rt_panic_value_str(GolG *g, const char *msg) {
    GolIface v = panic_string_value(g, &rt_type_string, &rt_type_string, msg);
    panic_check_printing(g, v);
    rt_panic_start(g, v);
}

/* x.(T) failed: e's text (Go's TypeAssertionError.Error(), runtime/iface.c) is the message. */
noreturn void rt_panic_type_assertion(GolG *g, const TypeAssertionError *e) {
    char text[1024];
    type_assertion_error_text(e, text, sizeof text);
    panic_unprefixed(g, RTE_TYPEASSERT, text);
}
noreturn void rt_panic_plain(GolG *g, const char *msg) { panic_unprefixed(g, RTE_PLAIN, msg); }

/* Go's panicwrap: the autogenerated (*T).M wrapper of a value method T.M was called with a nil
 * *T (through an interface, or as the method expression (*T).M). The text comes from the
 * wrapper's own name, "pkg.(*T).M", as Go takes it from its caller's function name:
 * "value method pkg.T.M called using nil *T pointer". */
noreturn void rt_panic_wrap(GolG *g, const char *wrapper) {
    char msg[600];
    const char *open = strstr(wrapper, ".(*"), *close = open ? strstr(open, ").") : NULL;
    if (open == NULL || close == NULL) rt_panic_nil(g);     /* not a (*T).M name: cannot happen */
    int pkg = (int)(open - wrapper), typ = (int)(close - (open + 3));
    snprintf(msg, sizeof msg, "value method %.*s.%.*s.%s called using nil *%.*s pointer",
             pkg, wrapper, typ, open + 3, close + 2, typ, open + 3);
    rt_panic_plain(g, msg);
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
    if (panic_printing_value) panic_fatal_printing(g, "runtime.errorString", NULL);
    panic_sig_pc = (uintptr_t)(g ? g->pc : NULL);
    if (g) g->sig_panic = true;
    if (g == NULL || g->loop_jmp == NULL) {
        panic_begin();
        fprintf(stderr, "panic: runtime error: invalid memory address or nil pointer dereference\n"
                        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%" PRIxPTR "]\n",
                panic_sig_pc);
        panic_finish(g);
    }
    rt_panic_msg(g, "invalid memory address or nil pointer dereference");
}

noreturn void rt_fatal(GolG *g, const char *msg) {
    panic_begin();
    fprintf(stderr, "fatal error: %s\n", msg);
    panic_finish(g);
}

/* ---- printing a panic value ---- */

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
    int k = panic_runtime_error_kind(v);
    if (k >= 0) {                       /* its Error(): ["runtime error: " +] the message */
        const GolString *msg = v.data;
        if (rte_info[k].prefix) fputs("runtime error: ", out);
        fwrite(msg->ptr, 1, (size_t)msg->len, out);
        return;
    }
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
    panic_check_printing(g, v);
    panic_print_and_die(g, v, NULL);
}

/* ---- runtime.gopanic: a native the interpreter pushes when a panic starts ----
 *
 * Steps (its NatCont.step): 0 a new panic; 1 a deferred call it made has returned; 2 an Error()
 * or String() it asked for the report has returned. Never returns NAT_RETURN: a panic ends in a
 * recovery (NAT_UNWIND) or in the report and exit. */

static GolIface panic_value_of(const GolG *g, const GolPanic *p) {
    GolIface v;
    memcpy(&v, g->stack_lo + p->frame_off, sizeof v);
    return v;
}

static void panic_free(GolPanic *p) {
    free(p->text);
    free(p);
}

/* The REPL goes on after a goroutine died of a panic: its records are released (runtime.h). */
void rt_panics_drop(GolG *g) {
    while (g->panic) {
        GolPanic *p = g->panic;
        g->panic = p->link;
        panic_free(p);
    }
    while (g->defers) {
        GolDefer *d = g->defers;
        g->defers = d->link;
        defer_free(d);
    }
}

/* Go's printpanics: the oldest first, each later one after a tab. */
static void panic_print_chain(FILE *out, const GolG *g, const GolPanic *p) {
    if (p->link) {
        panic_print_chain(out, g, p->link);
        if (!p->link->goexit) fputc('\t', out);
    }
    if (p->goexit) return;
    fputs("panic: ", out);
    GolString text = { (const uint8_t *)p->text, (int64_t)p->textlen };
    panic_print_value(out, panic_value_of(g, p), p->text ? &text : NULL);
    if (p->recovered) fputs(" [recovered]", out);
    fputc('\n', out);
}

static noreturn void panic_report(GolG *g) {
    panic_begin();
    panic_print_chain(stderr, g, g->panic);
    if (g->sig_panic)
        fprintf(stderr, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%" PRIxPTR "]\n", panic_sig_pc);
    panic_finish(g);
}

/* The report's texts (Go's preprintpanics): each value with an Error or String method has it
 * called, one call per visit, newest panic first; then the report. */
static int panic_prepare_report(GolG *g, uint8_t *frame, GolPanic *p) {
    for (GolPanic *q = g->panic; q; q = q->link) {
        if (q->text_done) continue;
        q->text_done = true;
        GolIface v = panic_value_of(g, q);
        if (q->goexit || v.type == NULL || panic_runtime_error_kind(v) >= 0) continue;
        const TypeMethod *tm = rt_string_method_of(g, v.type, "Error");
        if (tm == NULL) tm = rt_string_method_of(g, v.type, "String");
        if (tm == NULL) continue;
        if (rt_method_nil_receiver(v, tm)) {          /* Go's wrapper panics: plainError from its */
            const FuncInfo *f = &g->mod->funcs[tm->func];   /* nil check, errorString from a promoted */
            bool wrapper = tm->nil_panics || strcmp(funcinfo_file(g->mod, f), "<autogenerated>") == 0;
            panic_fatal_printing(g, wrapper ? "runtime.errorString" : "runtime.plainError", NULL);
        }
        rt_method_call_prepare(g, &frame, v, tm);
        panic_printing_value = true;
        panic_printing_of = v;
        p->running = NULL;
        p->printing = q;
        rt_native_cont(g, frame)->step = 2;
        return NAT_CALL;
    }
    panic_report(g);
}

static void panic_take_text(GolG *g, uint8_t *frame, GolPanic *p) {
    GolPanic *q = p->printing;
    p->printing = NULL;
    GolString text;
    memcpy(&text, rt_call_results(g, frame), sizeof text);
    q->text = malloc(text.len ? (size_t)text.len : 1);
    if (q->text == NULL) rt_fatal(g, "runtime: out of memory");
    if (text.len) memcpy(q->text, text.ptr, (size_t)text.len);
    q->textlen = (size_t)text.len;
}

/* A deferred call of p recovered: the panic is over (and so are the panics it aborted). The
 * loop goes on in the frame that deferred that call, at its deferreturn code. */
static int panic_recovery(GolG *g, GolPanic *p, GolDefer *d) {
    const FuncInfo *f = d->frame_fn;
    uint32_t off = d->frame_off, pc = d->resume_pc;
    defer_free(d);
    g->panic = p->link;
    panic_free(p);
    while (g->panic && g->panic->aborted) {
        GolPanic *q = g->panic;
        g->panic = q->link;
        panic_free(q);
    }
    if (g->panic == NULL) g->sig_panic = false;     /* as Go: done with the signal */
    g->func = f;
    g->base = g->stack_lo + off;
    g->pc = f->native ? NULL : f->code + pc;    /* a native catching a panic runs again */
    return NAT_UNWIND;
}

bool rt_native_caught(GolG *g, GolIface *v) {
    if (!g->caught) return false;
    *v = g->caught_value;
    g->caught = false;
    g->caught_value = (GolIface){ NULL, NULL };
    return true;
}

static int panic_run_defer(GolG *g, uint8_t *frame, GolPanic *p);

static int panic_gopanic(GolG *g, uint8_t *frame) {
    NatCont *k = rt_native_cont(g, frame);
    GolPanic *p = k->c;
    if (k->step == 0) {
        GolIface v;
        memcpy(&v, frame, sizeof v);
        panic_check_printing(g, v);
        p = calloc(1, sizeof *p);
        if (p == NULL) rt_fatal(g, "runtime: out of memory");
        p->link = g->panic;
        p->frame_off = (uint32_t)(frame - g->stack_lo);
        g->panic = p;
        k->c = p;
    } else if (k->step == 1) {
        GolDefer *d = g->defers;
        if (d == NULL || d != p->running) rt_fatal(g, "bad defer entry in panic");
        p->running = NULL;
        g->defers = d->link;
        if (p->recovered) return panic_recovery(g, p, d);
        defer_free(d);
    } else {
        panic_take_text(g, frame, p);
        return panic_prepare_report(g, frame, p);
    }
    int st = panic_run_defer(g, frame, p);
    return st >= 0 ? st : panic_prepare_report(g, frame, p);
}

/* The next deferred call of p (Go's loop in gopanic): NAT_CALL with the call prepared above
 * frame, NAT_UNWIND when a catching native takes the panic, -1 when no record is left. A
 * Goexit drops the catch records: nothing catches it. */
static int panic_run_defer(GolG *g, uint8_t *frame, GolPanic *p) {
    for (;;) {
        GolDefer *d = g->defers;
        if (d == NULL) return -1;
        if (d->started) {                        /* an earlier panic was running it: that */
            if (d->panic) d->panic->aborted = true;    /* panic will not go on */
            g->defers = d->link;
            defer_free(d);
            continue;
        }
        if (d->catch_native && p->goexit) {
            g->defers = d->link;
            defer_free(d);
            continue;
        }
        if (d->catch_native) {                   /* a native catching its callee's panics */
            g->caught = true;
            g->caught_value = panic_value_of(g, p);
            p->recovered = true;
            g->defers = d->link;
            return panic_recovery(g, p, d);
        }
        d->started = true;
        d->panic = p;
        p->running = d;
        if (d->fnval == NULL) rt_panic_nil(g);   /* defer of a nil func value: panics when run */
        const FuncInfo *f;
        memcpy(&f, d->fnval, sizeof f);
        uint8_t *callee = rt_call_prepare(g, &frame, d->fnval);
        if (d->params_size) memcpy(callee + f->results_size, d->params, d->params_size);
        rt_native_cont(g, frame)->step = 1;
        return NAT_CALL;
    }
}

/* runtime.Goexit (Go's Goexit: a _panic with goexit set): every deferred call of the goroutine
 * runs, as for a panic, but recover() returns nil during them (rt_gorecover) and nothing is
 * reported; when none is left the goroutine ends (NAT_EXIT; the main goroutine too, and the
 * program goes on with the others: runtime/sched.c). Steps: 0 start, 1 a deferred call
 * returned. */
int rt_goexit(GolG *g, uint8_t *frame) {
    NatCont *k = rt_native_cont(g, frame);
    GolPanic *p = k->c;
    if (k->step == 0) {
        p = calloc(1, sizeof *p);
        if (p == NULL) rt_fatal(g, "runtime: out of memory");
        p->goexit = true;
        p->link = g->panic;
        p->frame_off = (uint32_t)(frame - g->stack_lo);
        g->panic = p;
        k->c = p;
    } else {
        GolDefer *d = g->defers;
        if (d == NULL || d != p->running) rt_fatal(g, "bad defer entry in Goexit");
        p->running = NULL;
        g->defers = d->link;
        defer_free(d);
    }
    int st = panic_run_defer(g, frame, p);
    if (st >= 0) return st;
    g->panic = p->link;
    panic_free(p);
    return NAT_EXIT;
}

GolIface rt_gorecover(GolG *g, const uint8_t *base) {
    GolPanic *p = g->panic;
    if (p == NULL || p->recovered || p->goexit || p->running == NULL) return (GolIface){ NULL, NULL };
    FrameHeader h;
    memcpy(&h, base - sizeof h, sizeof h);
    if (h.caller != &rt_gopanic_func || h.ret_pc != RETPC_RESUME_NATIVE || h.caller_base != p->frame_off)
        return (GolIface){ NULL, NULL };
    p->recovered = true;
    return panic_value_of(g, p);
}

/* [v iface: 2 words][NatCont: step, c, gc]: words 1 (v.data) and 4 (gc, unused) may hold
 * pointers; c is the GolPanic (C memory). */
static const uint8_t gopanic_ptrmask[] = { 0x12 };
const FuncInfo rt_gopanic_func = {
    .name = "runtime.gopanic", .frame_size = 16 + sizeof(NatCont), .results_size = 0,
    .args_size = 16, .zero_off = 16, .zero_size = sizeof(NatCont),
    .stackmap = { .nwords = 5, .nmaps = 1, .bits = gopanic_ptrmask },
    .native = panic_gopanic,
};
