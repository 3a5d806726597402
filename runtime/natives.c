/* runtime/natives.c — the C functions behind the standard library's body-less declarations.
 *
 * runtime/lib/fmt.gol declares `func Println(a ...any) (n int, err error)` without a body; when
 * a module is loaded, vm/module.c binds each such FuncInfo to the C function registered here
 * under its qualified name ("fmt.Println"). A call then runs the C function on the callee's
 * frame: the caller has written the arguments into the params area and reads the results back
 * from offset 0, exactly as for a gol callee (runtime/symtab.h, "Results and params"). So a native
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
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"
#include "runtime/mbarrier.h"
#include "runtime/proc.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* ---- fmt: every function is fmt_native (runtime/fmt.c), which may ask the loop to run
 * String() and Error() methods (NAT_CALL) before it has its text ---- */

/* Print, Printf, Println: write the text to stdout; n = bytes written, err = nil. */
static int nat_fmt_fprint(GolG *g, uint8_t *frame, FmtOp op, uint32_t format_off, uint32_t args_off) {
    FmtBuf b = {0};
    int st = fmt_native(g, frame, op, format_off, args_off, &b);
    if (st == NAT_RETURN) {
        rt_stdout_write(b.p, b.len);
        ARG(frame, 0, int64_t) = (int64_t)b.len;
        ARG(frame, 8, GolIface) = (GolIface){NULL, NULL};
    }
    fmtbuf_free(&b);
    return st;
}

/* Sprint, Sprintf, Sprintln: a new gol string holding the text. */
static int nat_fmt_sprint_to(GolG *g, uint8_t *frame, FmtOp op, uint32_t format_off, uint32_t args_off) {
    FmtBuf b = {0};
    int st = fmt_native(g, frame, op, format_off, args_off, &b);
    if (st == NAT_RETURN) {
        GolString s = {NULL, (int64_t)b.len};
        if (b.len > 0) {
            uint8_t *p = mallocgc_noscan(g, b.len, false);
            memcpy(p, b.p, b.len);
            s.ptr = p;
        }
        ARG(frame, 0, GolString) = s;
    }
    fmtbuf_free(&b);
    return st;
}

/* Frame offsets by the layout rule (head comment). */
static int nat_fmt_print(GolG *g, uint8_t *f)    { return nat_fmt_fprint(g, f, FMT_PRINT, 0, 24); }
static int nat_fmt_println(GolG *g, uint8_t *f)  { return nat_fmt_fprint(g, f, FMT_PRINTLN, 0, 24); }
static int nat_fmt_printf(GolG *g, uint8_t *f)   { return nat_fmt_fprint(g, f, FMT_PRINTF, 24, 40); }
static int nat_fmt_sprint(GolG *g, uint8_t *f)   { return nat_fmt_sprint_to(g, f, FMT_PRINT, 0, 16); }
static int nat_fmt_sprintln(GolG *g, uint8_t *f) { return nat_fmt_sprint_to(g, f, FMT_PRINTLN, 0, 16); }
static int nat_fmt_sprintf(GolG *g, uint8_t *f)  { return nat_fmt_sprint_to(g, f, FMT_PRINTF, 16, 32); }

/* fmt.errorf(format string, a []any) (msg string, wrapped int): Sprintf where one %w of an
 * error operand is allowed; wrapped is its index, or -1. msg @0, wrapped @16, format @24, a @40. */
static int nat_fmt_errorf(GolG *g, uint8_t *f) {
    FmtBuf b = {0};
    int st = fmt_native(g, f, FMT_ERRORF, 24, 40, &b);
    if (st == NAT_RETURN) {
        GolString s = {NULL, (int64_t)b.len};
        if (b.len > 0) {
            uint8_t *p = mallocgc_noscan(g, b.len, false);
            memcpy(p, b.p, b.len);
            s.ptr = p;
        }
        ARG(f, 0, GolString) = s;
        ARG(f, 16, int64_t) = b.wrapped;
    }
    fmtbuf_free(&b);
    return st;
}

/* fmt.readStdin(p []byte) (n int, msg string): n @0, msg @8, p @24. One read(2) of descriptor
 * 0, retried on EINTR; msg is the error's text (strerror with a lowercase first letter, Go's
 * wording for the errors a read meets), "" on success. */
static int nat_fmt_read_stdin(GolG *g, uint8_t *frame) {
    GolSlice p = ARG(frame, 24, GolSlice);
    ssize_t n;
    do n = read(0, p.ptr, (size_t)p.len);
    while (n < 0 && errno == EINTR);
    ARG(frame, 8, GolString) = (GolString){NULL, 0};
    ARG(frame, 0, int64_t) = n < 0 ? 0 : n;
    if (n < 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s", strerror(errno));
        msg[0] = (char)tolower((unsigned char)msg[0]);
        size_t len = strlen(msg);
        uint8_t *s = mallocgc_noscan(g, len, false);
        memcpy(s, msg, len);
        ARG(frame, 8, GolString) = (GolString){s, (int64_t)len};
    }
    return NAT_RETURN;
}

static int nat_os_exit(GolG *g, uint8_t *frame) {
    (void)g;
    rt_exit((int)ARG(frame, 0, int64_t));
    return NAT_RETURN;
}

/* os.runtime_args() []string: os.Args, its strings pointing at argv (outside the heap). The
 * array is a []string like any other: the program may store heap strings into it. */
static int nat_os_runtime_args(GolG *g, uint8_t *frame) {
    char **argv;
    int argc = rt_args(&argv);
    GolString *a = mallocgc(g, (size_t)argc * sizeof(GolString), &rt_type_string, true);
    for (int i = 0; i < argc; i++) {
        a[i].len = (int64_t)strlen(argv[i]);
        wb_store_ptr((void **)&a[i].ptr, argv[i]);
    }
    ARG(frame, 0, GolSlice) = (GolSlice){a, argc, argc};
    return NAT_RETURN;
}

static const NativeEntry natives[] = {
    { "fmt.Print",           nat_fmt_print,     true },
    { "fmt.Printf",          nat_fmt_printf,    true },
    { "fmt.Println",         nat_fmt_println,   true },
    { "fmt.Sprint",          nat_fmt_sprint,    true },
    { "fmt.Sprintf",         nat_fmt_sprintf,   true },
    { "fmt.Sprintln",        nat_fmt_sprintln,  true },
    { "fmt.errorf",          nat_fmt_errorf,    true },
    { "fmt.readStdin",       nat_fmt_read_stdin, false },
    { "os.Exit",             nat_os_exit,       false },
    { "os.runtime_args",     nat_os_runtime_args, false },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_runtime(const char *qualified_name);   /* runtime/natives_runtime.c */
const NativeEntry *rt_native_lookup_time(const char *qualified_name);      /* runtime/natives_time.c */
const NativeEntry *rt_native_lookup_math(const char *qualified_name);      /* runtime/natives_math.c */
const NativeEntry *rt_native_lookup_pool(const char *qualified_name);      /* runtime/pool.c */
const NativeEntry *rt_native_lookup_unicode(const char *qualified_name);   /* runtime/unicode.c */
const NativeEntry *rt_native_lookup_errors(const char *qualified_name);    /* runtime/natives_errors.c */
const NativeEntry *rt_native_lookup_strings(const char *qualified_name);   /* runtime/natives_strings.c */
const NativeEntry *rt_native_lookup_strconv(const char *qualified_name);   /* runtime/natives_strconv.c */
const NativeEntry *rt_native_lookup_sort(const char *qualified_name);      /* runtime/natives_sort.c */
const NativeEntry *rt_native_lookup_sema(const char *qualified_name);      /* runtime/sema.c */
const NativeEntry *rt_native_lookup_atomic(const char *qualified_name);    /* runtime/atomic.c */
const NativeEntry *rt_native_lookup_syscall(const char *qualified_name);   /* runtime/natives_syscall.c */
const NativeEntry *rt_native_lookup_signal(const char *qualified_name);    /* runtime/signal.c */
const NativeEntry *rt_native_lookup_pprof(const char *qualified_name);     /* runtime/pprof.c */

const NativeEntry *rt_native_lookup(const char *qualified_name) {
    for (const NativeEntry *e = natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    const NativeEntry *e = rt_native_lookup_runtime(qualified_name);
    if (!e) e = rt_native_lookup_time(qualified_name);
    if (!e) e = rt_native_lookup_math(qualified_name);
    if (!e) e = rt_native_lookup_pool(qualified_name);
    if (!e) e = rt_native_lookup_unicode(qualified_name);
    if (!e) e = rt_native_lookup_errors(qualified_name);
    if (!e) e = rt_native_lookup_strings(qualified_name);
    if (!e) e = rt_native_lookup_strconv(qualified_name);
    if (!e) e = rt_native_lookup_sema(qualified_name);
    if (!e) e = rt_native_lookup_atomic(qualified_name);
    if (!e) e = rt_native_lookup_sort(qualified_name);
    if (!e) e = rt_native_lookup_pprof(qualified_name);
    if (!e) e = rt_native_lookup_syscall(qualified_name);
    return e ? e : rt_native_lookup_signal(qualified_name);
}
