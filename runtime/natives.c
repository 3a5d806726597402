/* runtime/natives.c — the C functions behind the standard library's body-less declarations.
 *
 * runtime/lib/fmt.gol declares `func Println(a ...any) (n int, err error)` without a body; when
 * a module is loaded, vm/module.c binds each such FuncInfo to the C function registered here
 * under its qualified name ("fmt.Println"). A call then runs the C function on the callee's
 * frame: the caller has written the arguments into the params area and reads the results back
 * from offset 0, exactly as for a gol callee (vm/bytecode.h, "Results and params"). So a native
 * finds each parameter at the offset the layout rule gives it:
 *
 *     fmt.Printf(format string, a ...any) (n int, err error)
 *         n @0   err @8 (2 words)   format @24 (2 words)   a @40 (3 words: []any)
 *     fmt.Sprintf(format string, a ...any) string
 *         result @0 (2 words)       format @16              a @32
 *
 * Output from fmt goes to stdout in one write per call (runtime/proc.c). Strings returned to gol
 * are allocated with mallocgc, like every other heap object.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"
#include "runtime/proc.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* fmt may run gol code (String and Error methods, through vm_call), which can grow and so move
 * the goroutine's stack: a fmt native keeps its frame as an offset across the formatting and
 * finds it again afterwards. */
#define FMT_CALL(g, frame, call) do { \
        bool on_stack_ = (g) && (g)->stack_lo && (frame) >= (g)->stack_lo && (frame) < (g)->stack_hi; \
        size_t off_ = on_stack_ ? (size_t)((frame) - (g)->stack_lo) : 0; \
        call; \
        if (on_stack_) (frame) = (g)->stack_lo + off_; } while (0)

/* Results of fmt's printing functions: n = bytes written, err = nil. */
static void nat_write_n_err(uint8_t *frame, size_t n) {
    ARG(frame, 0, int64_t) = (int64_t)n;
    ARG(frame, 8, GolIface) = (GolIface){NULL, NULL};
}

static void nat_emit(uint8_t *frame, FmtBuf *b) {
    rt_stdout_write(b->p, b->len);
    nat_write_n_err(frame, b->len);
    fmtbuf_free(b);
}

/* A new gol string holding the buffer's text. */
static GolString nat_string(GolG *g, FmtBuf *b) {
    GolString s = {NULL, (int64_t)b->len};
    if (b->len > 0) {
        uint8_t *p = mallocgc(g, b->len, NULL, false);
        memcpy(p, b->p, b->len);
        s.ptr = p;
    }
    fmtbuf_free(b);
    return s;
}

static void nat_fmt_println(GolG *g, uint8_t *frame) {
    FmtBuf b = {0};
    FMT_CALL(g, frame, fmt_sprintln(g, &b, ARG(frame, 24, GolSlice)));
    nat_emit(frame, &b);
}

static void nat_fmt_print(GolG *g, uint8_t *frame) {
    FmtBuf b = {0};
    fmt_sprint(g, &b, ARG(frame, 24, GolSlice));
    nat_emit(frame, &b);
}

static void nat_fmt_printf(GolG *g, uint8_t *frame) {
    FmtBuf b = {0};
    FMT_CALL(g, frame, fmt_sprintf(g, &b, ARG(frame, 24, GolString), ARG(frame, 40, GolSlice)));
    nat_emit(frame, &b);
}

static void nat_fmt_sprintf(GolG *g, uint8_t *frame) {
    FmtBuf b = {0};
    FMT_CALL(g, frame, fmt_sprintf(g, &b, ARG(frame, 16, GolString), ARG(frame, 32, GolSlice)));
    ARG(frame, 0, GolString) = nat_string(g, &b);
}

static void nat_fmt_sprint(GolG *g, uint8_t *frame) {
    FmtBuf b = {0};
    fmt_sprint(g, &b, ARG(frame, 16, GolSlice));
    ARG(frame, 0, GolString) = nat_string(g, &b);
}

static void nat_fmt_sprintln(GolG *g, uint8_t *frame) {
    FmtBuf b = {0};
    FMT_CALL(g, frame, fmt_sprintln(g, &b, ARG(frame, 16, GolSlice)));
    ARG(frame, 0, GolString) = nat_string(g, &b);
}

static void nat_os_exit(GolG *g, uint8_t *frame) {
    (void)g;
    rt_exit((int)ARG(frame, 0, int64_t));
}

/* os.runtime_args() []string: os.Args, its strings pointing at argv (outside the heap). */
static void nat_os_runtime_args(GolG *g, uint8_t *frame) {
    char **argv;
    int argc = rt_args(&argv);
    GolString *a = mallocgc(g, (size_t)argc * sizeof(GolString), NULL, true);
    for (int i = 0; i < argc; i++) a[i] = (GolString){(const uint8_t *)argv[i], (int64_t)strlen(argv[i])};
    ARG(frame, 0, GolSlice) = (GolSlice){a, argc, argc};
}

static const NativeEntry natives[] = {
    { "fmt.Print",           nat_fmt_print },
    { "fmt.Printf",          nat_fmt_printf },
    { "fmt.Println",         nat_fmt_println },
    { "fmt.Sprint",          nat_fmt_sprint },
    { "fmt.Sprintf",         nat_fmt_sprintf },
    { "fmt.Sprintln",        nat_fmt_sprintln },
    { "os.Exit",             nat_os_exit },
    { "os.runtime_args",     nat_os_runtime_args },
    { NULL, NULL }
};

NativeFn rt_native_lookup_runtime(const char *qualified_name);   /* runtime/natives_runtime.c */
NativeFn rt_native_lookup_time(const char *qualified_name);      /* runtime/natives_time.c */

NativeFn rt_native_lookup(const char *qualified_name) {
    for (const NativeEntry *e = natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e->fn;
    NativeFn fn = rt_native_lookup_runtime(qualified_name);
    return fn ? fn : rt_native_lookup_time(qualified_name);
}
