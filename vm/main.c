/* vm/main.c — the `gol` command.
 *
 *   gol run [-h] file.gol|file.go|file.golc [arguments...]   compile (or load) and run
 *   gol build [-m] [-o out.golc] file.gol                     compile to a bytecode file
 *   gol disasm file.gol|file.golc                             print the bytecode, stack maps
 *   gol version  (also gol --version, gol -v)                 print the version
 *   gol help [command|topic]                                  print help
 *   gol  (also gol repl)                                      the REPL (vm/repl.c)
 *
 * The pipeline of `gol run file.gol`, with the exit status of each failure (Go's, see below):
 *
 *   1. read the file, once      "gol: open x.gol: no such file or directory"          1
 *      Its bytes decide what it is: the .golc magic number means bytecode, loaded and verified
 *      by vm/golc.c (golc_read_bytes) instead of steps 2-5, whatever the file's name. Reading
 *      once matters: /dev/stdin, a pipe or `<(cat x.go)` cannot be read a second time.
 *   2. parse_source             lang/: the tree, and syntax errors kept for step 4
 *   3. the load checks, as Go's loader makes them before compiling anything:
 *        not package main       "package command-line-arguments is not a main package"  1
 *        an unknown import      "x.gol:3:8: package strings is not in gol's ..."       1
 *   4. syntax errors            "x.gol:5:2: syntax error: unexpected ..."             2
 *   5. check_program            compiler/: type errors ("x.gol:4:6: undefined: y")     2
 *   6. gen_module               compiler/: bytecode, type descriptors, stack maps
 *   7. module_verify            vm/verify.c: a failure here is a compiler bug           2
 *   8. module_bind_natives      vm/module.c: body-less functions get their C code      1
 *   9. rt_init, vm_run          runtime/, vm/interp.c: os.Args = [file, args...]
 *
 * Diagnostics of steps 2-6 are collected in one DiagList and printed to stderr, sorted, by
 * diag_print (warnings too: DESIGN §1 makes unused variables and imports warnings).
 *
 * Exit statuses follow `go run` and `go build`: 0 on success; 1 when the command fails before
 * compiling (a file that cannot be read, not package main, an import that cannot be resolved,
 * a bad .golc file); 2 for compile errors and for bad command-line usage (an unknown flag, a
 * flag without its argument, -h); once the program runs, 2 for a panic or fatal error (the
 * runtime exits itself), the program's os.Exit code, or 0 when main returns.
 *
 * Flags are parsed as Go's flag package does for the go command: they come before the file,
 * `-o x`, `-o=x` and `--o x` are the same, `--` ends them, -h/-help/--help print the usage
 * (exit 2). Everything after the file of `gol run` belongs to the program, flags included.
 */
#define _GNU_SOURCE 1
#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"
#include "lang/parse.h"
#include "runtime/stdlib.h"
#include "vm/bytecode.h"
#include "vm/interp.h"
#include "vm/module.h"
#include "vm/repl.h"

#define GOL_VERSION "0.2"
#define GOL_GO_VERSION "go1.19"
#define MAX_ERRORS 10

#if defined(__linux__)
#define GOL_OS "linux"
#elif defined(__APPLE__)
#define GOL_OS "darwin"
#else
#define GOL_OS "unknown"
#endif
#if defined(__x86_64__)
#define GOL_ARCH "amd64"
#elif defined(__aarch64__)
#define GOL_ARCH "arm64"
#else
#define GOL_ARCH "unknown"
#endif

/* ---- help texts ---- */

static const char usage_text[] =
    "Gol is a Go-like language run by a bytecode VM with a precise garbage collector.\n"
    "\n"
    "Usage:\n"
    "\n"
    "\tgol <command> [arguments]\n"
    "\n"
    "The commands are:\n"
    "\n"
    "\trun      compile and run a program:  gol run file.gol [arguments...]\n"
    "\t         (.go files too; a .golc bytecode file is loaded and run)\n"
    "\tbuild    compile to bytecode:        gol build [-m] [-o out.golc] file.gol\n"
    "\tdisasm   print the bytecode:         gol disasm file.gol|file.golc\n"
    "\tversion  print gol's version:        gol version (or gol --version, gol -v)\n"
    "\thelp     print help:                 gol help [command|topic]\n"
    "\trepl     the interactive session:    gol repl (or gol alone; docs/repl.md)\n"
    "\n"
    "Use \"gol help <command>\" for more information about a command.\n"
    "\n"
    "Additional help topics:\n"
    "\n"
    "\tenvironment  environment variables\n"
    "\tstdlib       the standard packages gol has\n"
    "\n"
    "Use \"gol help <topic>\" for more information about that topic.\n"
    "\n";

static const char environment_text[] =
    "Environment variables read by the program's runtime, as in Go:\n"
    "\n"
    "\tGOGC=100           the collector's heap growth target, in percent (off: never collect)\n"
    "\tGOMEMLIMIT=off     a soft memory limit in bytes, or with a unit: 512MiB, 2GiB\n"
    "\tGODEBUG=gctrace=1  one line on stderr per collection, in Go's format\n"
    "\n"
    "gol's own debug switches, comma-separated in GOLDEBUG (GOLDEBUG=gcstress=1,gcverify=1):\n"
    "\n"
    "\tgcstress=1     collect at every allocation\n"
    "\tgcverify=1     check the heap's invariants and every stack map after each collection\n"
    "\tclobberdead=1  poison the frame's dead pointer slots at every safepoint\n"
    "\tclobberfree=1  fill every freed object with 0xdeadbeef\n"
    "\tstackmove=1    move the goroutine's stack at every call, to a fresh address\n"
    "\twbcheck=1      check at each collection that every pointer store used the write barrier\n"
    "\tvmtrace=1      print each instruction to stderr before it runs\n"
    "\n"
    "and for the compiler:\n"
    "\n"
    "\tGOL_PARSE_DEBUG=1  print the parser's state behind each syntax error\n";

static const char repl_help_text[] =
    "usage: gol [repl]\n"
    "\n"
    "Gol alone (or gol repl) opens an interactive session: type Go declarations, statements or\n"
    "an expression, whose value is printed with its type (42  // int). Session variables\n"
    "(x := ...), functions and types persist; standard packages are imported when first named.\n"
    "A compile error or a panic is reported and the session goes on; Ctrl-C stops a running\n"
    "input; Ctrl-D or :quit leaves. :help lists the commands (:mem, :gc, :heap, :stack, :type,\n"
    ":disasm, :escape, :reset). With a terminal, lines are edited with history in\n"
    "~/.gol_history; otherwise they are read plainly, so a session can be piped in.\n"
    "See docs/repl.md.\n";

static const char run_usage[] = "usage: gol run [file.gol | file.go | file.golc] [arguments...]\n";
static const char run_help[] =
    "\n"
    "Run compiles the named file and runs it, with the arguments after the file as os.Args[1:]\n"
    "(flags included: they are the program's). The file must be a single-file package main,\n"
    "a .gol or .go file alike; a .golc file written by 'gol build' is loaded and run. Any file\n"
    "can be read, once: gol run /dev/stdin, gol run <(cat x.go).\n"
    "\n"
    "Exit status: 1 if the file cannot be read or is not package main, or an import is not in\n"
    "gol's standard library; 2 for compile errors, a panic or a fatal error; the program's\n"
    "os.Exit code otherwise.\n";

static const char build_usage[] = "usage: gol build [-m] [-o output] file.gol\n";
static const char build_help[] =
    "\n"
    "Build compiles the named file to a verified bytecode file, which 'gol run' runs.\n"
    "\n"
    "\t-o file  write the bytecode to file (default: the source's name with .golc)\n"
    "\t-m       print the escape analysis decisions, in Go's -gcflags=-m words\n"
    "\n"
    "Compile errors exit with status 2, as go build's do.\n";

static const char disasm_usage[] = "usage: gol disasm file.gol|file.golc\n";
static const char disasm_help[] =
    "\n"
    "Disasm prints every function's bytecode with its frame layout and stack maps\n"
    "(docs/bytecode.md explains how to read it).\n";

static const char version_usage[] = "usage: gol version\n";
static const char version_help[] =
    "\n"
    "Version prints gol's version, the Go version whose language gol implements a subset of,\n"
    "the version of the .golc bytecode format it reads and writes, and the platform.\n";

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

/* A command-line mistake, as Go's flag package reports one: the message, the command's usage
 * line and where to read more, exit 2. */
static void main_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), __noreturn__));

static void main_usage_error(const char *cmd, const char *usage, const char *fmt, ...) {
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
    fprintf(stderr, "%sRun 'gol help %s' for details.\n", usage, cmd);
    exit(2);
}

/* strerror's text in Go's spelling: "no such file or directory". */
static const char *main_strerror(int e) {
    static char buf[128];
    snprintf(buf, sizeof buf, "%s", strerror(e));
    buf[0] = (char)tolower((unsigned char)buf[0]);
    return buf;
}

/* ---- flags ---- */

/* One command's flags: the known names (bool flags take no argument) and where the values go. */
typedef struct FlagSpec {
    const char *name;
    bool takes_value;
    const char **value;    /* takes_value: the argument */
    bool *set;             /* !takes_value: true, or the -m=BOOL value */
} FlagSpec;

/* A boolean flag's value as Go's strconv.ParseBool reads it: 1 true, 0 false, -1 neither. */
static int main_parse_bool(const char *s) {
    static const char *const yes[] = { "1", "t", "T", "true", "TRUE", "True" };
    static const char *const no[] = { "0", "f", "F", "false", "FALSE", "False" };
    for (int i = 0; i < 6; i++) {
        if (strcmp(s, yes[i]) == 0) return 1;
        if (strcmp(s, no[i]) == 0) return 0;
    }
    return -1;
}

static bool main_is_help_flag(const char *name) {
    return strcmp(name, "h") == 0 || strcmp(name, "help") == 0;
}

/* Parses the flags of argv[i..], Go's way, up to the first argument that is not a flag;
 * returns its index. A usage mistake exits 2. With `anywhere`, flags may also follow other
 * arguments (build and disasm take one file, so nothing after it can be the program's). */
static int main_parse_flags(int argc, char **argv, int i, const char *cmd, const char *usage,
                            const FlagSpec *specs, int nspecs, bool anywhere, const char **rest,
                            int *nrest) {
    if (nrest) *nrest = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0) {           /* a file ("-" alone is one, as in Go) */
            if (!anywhere) return i;
            if (rest) rest[(*nrest)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            if (!anywhere) return i + 1;
            for (i++; i < argc; i++)
                if (rest) rest[(*nrest)++] = argv[i];
            return argc;
        }
        const char *name = a + 1 + (a[1] == '-');
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        char flag[64];
        snprintf(flag, sizeof flag, "%.*s", (int)(len < 63 ? len : 63), name);
        if (main_is_help_flag(flag)) main_usage_error(cmd, usage, NULL);
        const FlagSpec *spec = NULL;
        for (int k = 0; k < nspecs; k++)
            if (strcmp(specs[k].name, flag) == 0) spec = &specs[k];
        if (!spec) main_usage_error(cmd, usage, "flag provided but not defined: -%s", flag);
        if (!spec->takes_value) {
            int v = eq ? main_parse_bool(eq + 1) : 1;
            if (v < 0)
                main_usage_error(cmd, usage, "invalid boolean value \"%s\" for -%s: parse error",
                                 eq + 1, flag);
            *spec->set = v;
        } else if (eq) {
            *spec->value = eq + 1;
        } else if (i + 1 < argc) {
            *spec->value = argv[++i];
        } else {
            main_usage_error(cmd, usage, "flag needs an argument: -%s", flag);
        }
    }
    return i;
}

/* ---- loading ---- */

/* Reads the whole file in one pass, whatever it is: a regular file, a pipe, /dev/stdin. */
static char *main_read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) main_die("open %s: %s", path, main_strerror(errno));
    size_t cap = 8192, n = 0;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + n, 1, cap - 1 - n, fp)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger) free(text);
            text = bigger;
        }
    }
    if (!text) main_die("out of memory");
    if (ferror(fp)) main_die("read %s: %s", path, main_strerror(errno));
    fclose(fp);
    text[n] = '\0';
    *len = n;
    return text;
}

/* Prints what was collected; exits 2 (a compile error) if there were errors. */
static void main_report(DiagList *diags) {
    int nerr = diag_print(diags, stderr, MAX_ERRORS);
    if (nerr > 0 || diags->nerrors > 0) exit(2);
}

/* Go's loader looks at the package clause and the imports before it compiles anything, so these
 * errors come first, even before syntax errors further down, and exit 1 as Go's do. The file
 * is named as Go names a package given as files: command-line-arguments. */
static void main_load_checks(SourceFile *file) {
    const char *pkg = file && file->root ? file->root->name : NULL;
    if (pkg && strcmp(pkg, "main") != 0) {
        fputs("package command-line-arguments is not a main package\n", stderr);
        exit(1);
    }
    DiagList load = { 0 };
    if (file && file->root && check_imports(file, &load) > 0) {
        diag_print(&load, stderr, MAX_ERRORS);
        exit(1);
    }
    diag_free(&load);
}

/* The program's source file: its syntax tree and the checked program in its arena stay
 * allocated while the program runs, and are released at exit (so that LeakSanitizer sees no
 * leak whichever way the program ends). */
static SourceFile *main_source;

static void main_source_free(void) {
    if (main_source) free((void *)main_source->text);
    source_free(main_source);
    main_source = NULL;
}

/* Source to a verified module; every failure is reported and exits. */
static Module *main_compile(const char *path, const char *text, size_t len, const GenOptions *opt) {
    DiagList diags = { 0 };
    SourceFile *file = parse_source(path, text, len, &diags);
    if (file && !main_source) {
        main_source = file;
        atexit(main_source_free);
    }
    main_load_checks(file);
    if (diags.nerrors || !file || !file->root) main_report(&diags);
    Program *prog = check_program(file, &diags);
    if (!prog || diags.nerrors) main_report(&diags);
    Module *m = gen_module(prog, opt, &diags);
    if (!m || diags.nerrors) main_report(&diags);
    diag_print(&diags, stderr, MAX_ERRORS);   /* warnings */
    diag_free(&diags);
    char err[512];
    if (!module_verify(m, err, sizeof err)) {
        fprintf(stderr, "gol: internal compiler error: %s\n", err);
        exit(2);
    }
    return m;
}

/* The file, read once: bytecode if it starts with the .golc magic number, else source. The
 * source text stays allocated: the syntax tree and diagnostics point into it. */
static Module *main_load(const char *path, const GenOptions *opt) {
    size_t len = 0;
    char *text = main_read_file(path, &len);
    if (golc_has_magic((const uint8_t *)text, len)) {
        char err[512];
        Module *m = golc_read_bytes((const uint8_t *)text, len, path, err, sizeof err);
        free(text);
        if (!m) main_die("%s", err);
        return m;
    }
    return main_compile(path, text, len, opt);
}

static void main_bind(Module *m) {
    char err[512];
    if (!module_bind_natives(m, err, sizeof err)) main_die("%s", err);
}

/* ---- commands ---- */

static int cmd_run(int argc, char **argv) {
    int i = main_parse_flags(argc, argv, 2, "run", run_usage, NULL, 0, false, NULL, NULL);
    if (i >= argc) {
        fprintf(stderr, "gol: run: no file given\n%s", run_usage);
        exit(1);
    }
    Module *m = main_load(argv[i], NULL);
    main_bind(m);
    rt_init(argc, argv, i);
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
    const char *out = NULL;
    const char **files = malloc(sizeof(char *) * (size_t)argc);
    int nfiles = 0;
    const FlagSpec specs[] = {
        { "o", true, &out, NULL },
        { "m", false, NULL, &opt.escape_report },
    };
    main_parse_flags(argc, argv, 2, "build", build_usage, specs, 2, true, files, &nfiles);
    if (nfiles == 0) main_usage_error("build", build_usage, "gol build: no file given");
    if (nfiles > 1) main_die("build: more than one file given (%s and %s)", files[0], files[1]);
    if (out && !*out) main_usage_error("build", build_usage, "gol build: -o needs a file name");
    Module *m = main_load(files[0], &opt);
    main_bind(m);
    char err[512];
    if (!golc_write(m, out ? out : main_default_output(files[0]), err, sizeof err))
        main_die("%s", err);
    module_free(m);
    free(files);
    return 0;
}

static int cmd_disasm(int argc, char **argv) {
    const char **files = malloc(sizeof(char *) * (size_t)argc);
    int nfiles = 0;
    main_parse_flags(argc, argv, 2, "disasm", disasm_usage, NULL, 0, true, files, &nfiles);
    if (nfiles == 0) main_usage_error("disasm", disasm_usage, "gol disasm: no file given");
    if (nfiles > 1) main_die("disasm: more than one file given (%s and %s)", files[0], files[1]);
    Module *m = main_load(files[0], NULL);
    disasm_module(stdout, m);
    module_free(m);
    free(files);
    return 0;
}

static int cmd_version(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "version") == 0)
        main_usage_error("version", version_usage, "gol version: no arguments expected");
    printf("gol version %s (%s subset, bytecode version %u) %s/%s\n", GOL_VERSION, GOL_GO_VERSION,
           GOLC_VERSION, GOL_OS, GOL_ARCH);
    return 0;
}

static int main_compare_paths(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `gol help stdlib`: the packages compiled into this gol, from the embedded sources (plus
 * unsafe, which the checker provides), sorted by import path. */
static void main_print_stdlib(void) {
    size_t n = 1;
    for (const StdlibFile *f = gol_stdlib_files; f->pkgpath; f++) n++;
    const char **paths = malloc(n * sizeof *paths);
    size_t k = 0;
    for (const StdlibFile *f = gol_stdlib_files; f->pkgpath; f++)
        if (strncmp(f->pkgpath, "internal/", 9) != 0) paths[k++] = f->pkgpath;   /* not importable */
    paths[k++] = "unsafe";
    qsort(paths, k, sizeof *paths, main_compare_paths);
    printf("The standard packages this gol has (docs/stdlib.md lists their contents):\n\n");
    for (size_t i = 0; i < k; i++) printf("\t%s\n", paths[i]);
    printf("\nImporting another standard package is an error: "
           "\"package encoding/csv is not in gol's standard library yet\".\n");
    free(paths);
}

static int cmd_help(int argc, char **argv) {
    if (argc < 3) {
        fputs(usage_text, stdout);
        fputs(environment_text, stdout);
        printf("\nThe standard library: ");
        for (const StdlibFile *f = gol_stdlib_files; f->pkgpath; f++)
            if (strncmp(f->pkgpath, "internal/", 9) != 0) printf("%s, ", f->pkgpath);
        printf("unsafe (docs/stdlib.md).\n");
        return 0;
    }
    const char *topic = argv[2];
    if (!strcmp(topic, "run")) printf("%s%s", run_usage, run_help);
    else if (!strcmp(topic, "build")) printf("%s%s", build_usage, build_help);
    else if (!strcmp(topic, "disasm")) printf("%s%s", disasm_usage, disasm_help);
    else if (!strcmp(topic, "version")) printf("%s%s", version_usage, version_help);
    else if (!strcmp(topic, "repl")) fputs(repl_help_text, stdout);
    else if (!strcmp(topic, "help")) printf("usage: gol help [command|topic]\n");
    else if (!strcmp(topic, "environment")) fputs(environment_text, stdout);
    else if (!strcmp(topic, "stdlib")) main_print_stdlib();
    else {
        fprintf(stderr, "gol help %s: unknown help topic. Run 'gol help'.\n", topic);
        return 2;
    }
    return 0;
}

static int main_dispatch(int argc, char **argv) {
    if (argc < 2) return repl_main();
    const char *cmd = argv[1];
    if (strcmp(cmd, "repl") == 0) return repl_main();
    if (strcmp(cmd, "run") == 0) return cmd_run(argc, argv);
    if (strcmp(cmd, "build") == 0) return cmd_build(argc, argv);
    if (strcmp(cmd, "disasm") == 0) return cmd_disasm(argc, argv);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0 ||
        strcmp(cmd, "-version") == 0 || strcmp(cmd, "-v") == 0)
        return cmd_version(argc, argv);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "-help") == 0 ||
        strcmp(cmd, "--help") == 0)
        return cmd_help(argc, argv);
    fprintf(stderr, "gol %s: unknown command\nRun 'gol help' for usage.\n", cmd);
    return 2;
}

/* gol runs on a thread with a 1 GiB C stack (reserved, committed only as used): the compiler's
 * recursive descent over deep expressions and the runtime's C walks over deeply nested values
 * (fmt printing a 200,000-deep nested struct, == on nested interfaces) recurse in C, where Go
 * recurses on its 1 GB goroutine stack. The runtime checks the C stack's end at each level of
 * such a walk (rt_cstack_check) and dies with Go's "stack overflow" instead of a SIGSEGV. */
enum { MAIN_CSTACK = 1 << 30, MAIN_CSTACK_MARGIN = 1 << 20 };

typedef struct MainArgs { int argc; char **argv; int status; sigset_t sigmask; } MainArgs;

static void *main_thread(void *p) {
    MainArgs *a = p;
    pthread_attr_t attr;
    void *lo;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &lo, &size) == 0)
            rt_cstack_set_limit((uintptr_t)lo + MAIN_CSTACK_MARGIN);
        pthread_attr_destroy(&attr);
    }
    pthread_sigmask(SIG_SETMASK, &a->sigmask, NULL);
    a->status = main_dispatch(a->argc, a->argv);
    return NULL;
}

/* The first thread only waits for gol's: it blocks every signal, so that a signal sent to the
 * process (SIGINT from the terminal, kill) is delivered to the thread running the program,
 * whose scheduler may be waiting for it (runtime/signal.c); gol's thread gets the original
 * mask back. */
int main(int argc, char **argv) {
    MainArgs a = { argc, argv, 0 };
    pthread_attr_t attr;
    pthread_t t;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &a.sigmask);
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, MAIN_CSTACK) != 0 ||
        pthread_create(&t, &attr, main_thread, &a) != 0) {
        pthread_sigmask(SIG_SETMASK, &a.sigmask, NULL);
        return main_dispatch(argc, argv);           /* no big stack: run here */
    }
    pthread_join(t, NULL);
    return a.status;
}
