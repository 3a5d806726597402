/* vm/main.c — the `gol` command.
 *
 *   gol run file.gol|file.go|file.golc [args...]    compile (or load) and run
 *   gol build [-m] [-o out.golc] file.gol            compile to a bytecode file
 *   gol disasm file.gol|file.golc                    print the bytecode with its stack maps
 *   gol version | gol help
 *   gol                                              (the REPL, in a later issue: usage for now)
 *
 * The pipeline of `gol run file.gol`:
 *
 *   1. read the file            "gol: open x.gol: no such file or directory", exit 1
 *   2. parse_source             lang/: syntax errors
 *   3. check_program            compiler/: type errors; imports load runtime/lib/ sources
 *   4. gen_module               compiler/: bytecode, type descriptors, stack maps
 *   5. module_verify            vm/verify.c: a failure here is a compiler bug
 *   6. module_bind_natives      vm/module.c: body-less functions get their C code
 *   7. rt_init, vm_run          runtime/, vm/interp.c: os.Args = [file, args...]
 *
 * Diagnostics of steps 2-4 are collected in one DiagList and printed to stderr, sorted, by
 * diag_print (warnings too: DESIGN §1 makes unused variables and imports warnings); any error
 * stops with exit status 1. A file whose first bytes are the .golc magic number is loaded by
 * vm/golc.c instead of steps 2-5 (golc_read verifies), whatever its name. Exit status: 1 for
 * errors before the program starts, 2 for a panic or fatal error (the runtime exits itself), the
 * program's os.Exit code otherwise, 0 when main returns.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"
#include "lang/parse.h"
#include "vm/bytecode.h"
#include "vm/interp.h"

#define GOL_VERSION "0.2"
#define MAX_ERRORS 10

static const char usage_text[] =
    "Gol is a Go-like language run by a bytecode VM with a precise garbage collector.\n"
    "\n"
    "Usage:\n"
    "\n"
    "\tgol <command> [arguments]\n"
    "\n"
    "The commands are:\n"
    "\n"
    "\trun      compile and run a .gol or .go file, or run a .golc file\n"
    "\t         gol run file.gol [arguments...]\n"
    "\tbuild    compile a file to bytecode\n"
    "\t         gol build [-m] [-o out.golc] file.gol   (-m: print escape analysis decisions)\n"
    "\tdisasm   print the bytecode of a .gol or .golc file, with its stack maps\n"
    "\tversion  print gol's version\n"
    "\thelp     print this help\n";

/* ---- errors ---- */

static void main_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), __noreturn__));

static void main_die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("gol: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* strerror's text in Go's spelling: "no such file or directory". */
static const char *main_strerror(int e) {
    static char buf[128];
    snprintf(buf, sizeof buf, "%s", strerror(e));
    buf[0] = (char)tolower((unsigned char)buf[0]);
    return buf;
}

/* ---- loading ---- */

static char *main_read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) main_die("open %s: %s", path, main_strerror(errno));
    size_t cap = 8192, n = 0;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + n, 1, cap - 1 - n, fp)) > 0;) {
        n += got;
        if (n + 1 == cap) text = realloc(text, cap *= 2);
    }
    if (!text) main_die("out of memory");
    if (ferror(fp)) main_die("read %s: %s", path, main_strerror(errno));
    fclose(fp);
    text[n] = '\0';
    *len = n;
    return text;
}

/* Prints what was collected; exits 1 if there were errors. */
static void main_report(DiagList *diags) {
    int nerr = diag_print(diags, stderr, MAX_ERRORS);
    if (nerr > 0 || diags->nerrors > 0) exit(1);
}

/* Source to a verified module; every failure is reported and exits 1. */
static Module *main_compile(const char *path, const GenOptions *opt) {
    size_t len = 0;
    char *text = main_read_file(path, &len);
    DiagList diags = { 0 };
    SourceFile *file = parse_source(path, text, len, &diags);
    if (diags.nerrors || !file || !file->root) main_report(&diags);
    Program *prog = check_program(file, &diags);
    if (!prog || diags.nerrors) main_report(&diags);
    Module *m = gen_module(prog, opt, &diags);
    if (!m || diags.nerrors) main_report(&diags);
    diag_print(&diags, stderr, MAX_ERRORS);   /* warnings */
    diag_free(&diags);
    char err[512];
    if (!module_verify(m, err, sizeof err)) main_die("internal compiler error: %s", err);
    return m;
}

static Module *main_load(const char *path, const GenOptions *opt) {
    if (golc_is_golc(path)) {
        char err[512];
        Module *m = golc_read(path, err, sizeof err);
        if (!m) main_die("%s", err);
        return m;
    }
    return main_compile(path, opt);
}

static void main_bind(Module *m) {
    char err[512];
    if (!module_bind_natives(m, err, sizeof err)) main_die("%s", err);
}

/* ---- commands ---- */

static int cmd_run(int argc, char **argv) {
    if (argc < 3) main_die("no file to run\nusage: gol run file.gol [arguments...]");
    Module *m = main_load(argv[2], NULL);
    main_bind(m);
    rt_init(argc, argv, 2);
    int status = vm_run(m);
    rt_exit(status);
    return status;
}

/* out.golc from file.gol when -o is not given: the same name with the extension replaced. */
static char *main_default_output(const char *src) {
    size_t n = strlen(src);
    const char *dot = strrchr(src, '.'), *slash = strrchr(src, '/');
    if (dot && (!slash || dot > slash)) n = (size_t)(dot - src);
    char *out = malloc(n + 6);
    if (!out) main_die("out of memory");
    memcpy(out, src, n);
    strcpy(out + n, ".golc");
    return out;
}

static int cmd_build(int argc, char **argv) {
    GenOptions opt = { 0 };
    const char *out = NULL, *src = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-m") == 0) opt.escape_report = true;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) main_die("build: unknown flag %s\nusage: gol build [-m] [-o out.golc] file.gol", argv[i]);
        else if (!src) src = argv[i];
        else main_die("build: more than one file given (%s and %s)", src, argv[i]);
    }
    if (!src) main_die("build: no file given\nusage: gol build [-m] [-o out.golc] file.gol");
    Module *m = main_load(src, &opt);
    main_bind(m);
    char err[512];
    if (!golc_write(m, out ? out : main_default_output(src), err, sizeof err)) main_die("%s", err);
    module_free(m);
    return 0;
}

static int cmd_disasm(int argc, char **argv) {
    if (argc < 3) main_die("disasm: no file given\nusage: gol disasm file.gol|file.golc");
    Module *m = main_load(argv[2], NULL);
    disasm_module(stdout, m);
    module_free(m);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "run") == 0) return cmd_run(argc, argv);
    if (strcmp(cmd, "build") == 0) return cmd_build(argc, argv);
    if (strcmp(cmd, "disasm") == 0) return cmd_disasm(argc, argv);
    if (strcmp(cmd, "version") == 0) {
        printf("gol version %s (bytecode version %u) linux/amd64\n", GOL_VERSION, GOLC_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    fprintf(stderr, "gol %s: unknown command\nRun 'gol help' for usage.\n", cmd);
    return 2;
}
