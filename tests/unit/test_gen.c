/* tests/unit/test_gen.c — the code generator (compiler/gen*.c): structure of generated modules,
 * and small programs run end to end.
 *
 * Structure tests compile a program with parse_source + check_program + gen_module and look at
 * the Module: functions and their names as tracebacks print them, frame layouts from the
 * calling convention, stack maps (one per safepoint, marking only pointer words), line tables,
 * type descriptors (Go's sizes and pointer masks). Run tests execute a program whose results
 * land in package-level variables and read them from the module's global area afterwards, so
 * they need no output capture.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "compiler/compiler.h"
#include "compiler/gen.h"
#include "lang/parse.h"
#include "runtime/runtime.h"
#include "vm/bytecode.h"
#include "vm/interp.h"
#include "vm/module.h"

typedef struct Compiled {
    DiagList diags;
    Program *prog;
    Module *mod;
} Compiled;

/* Modules compiled by a test, and their source files (whose arenas hold the checked program),
 * freed by the test case's teardown (LeakSanitizer checks that a module owns all its memory). */
static Module *compiled[64];
static int ncompiled;
static SourceFile *sources[64];
static int nsources;

static void keep_module(Module *m) {
    if (m && ncompiled < 64) compiled[ncompiled++] = m;
}

static void keep_source(SourceFile *f) {
    if (f && nsources < 64) sources[nsources++] = f;
}

static void free_compiled(void) {
    while (ncompiled > 0) module_free(compiled[--ncompiled]);
    while (nsources > 0) source_free(sources[--nsources]);
}

static Compiled compile(const char *src) {
    Compiled c;
    memset(&c, 0, sizeof c);
    SourceFile *f = parse_source("t.gol", src, strlen(src), &c.diags);
    keep_source(f);
    ck_assert_msg(c.diags.nerrors == 0, "parse errors: %s", c.diags.len ? c.diags.items[0].msg : "");
    c.prog = check_program(f, &c.diags);
    ck_assert_msg(c.prog != NULL, "check errors: %s", c.diags.len ? c.diags.items[0].msg : "");
    GenOptions opt = { false };
    c.mod = gen_module(c.prog, &opt, &c.diags);
    ck_assert_msg(c.mod != NULL, "gen errors: %s", c.diags.len ? c.diags.items[0].msg : "");
    keep_module(c.mod);
    return c;
}

static const FuncInfo *find_func(const Module *m, const char *name) {
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (strcmp(m->funcs[i].name, name) == 0) return &m->funcs[i];
    return NULL;
}

static const TypeDesc *find_type(const Module *m, const char *name) {
    for (uint32_t i = 0; i < m->ntypes; i++)
        if (strcmp(m->types[i].name, name) == 0) return &m->types[i];
    return NULL;
}

static int count_op(const FuncInfo *f, Opcode want) {
    int n = 0;
    for (uint32_t pc = 0; pc < f->ncode; pc += (uint32_t)op_length((Opcode)f->code[pc]))
        if (f->code[pc] == (uint32_t)want) n++;
    return n;
}

static bool map_bit(const FuncInfo *f, uint32_t mapi, uint32_t word) {
    const uint8_t *bits = f->stackmap.bits + mapi * ((f->stackmap.nwords + 7) / 8);
    return bits[word / 8] & (1u << (word % 8));
}

/* Every safepoint, every instruction that may panic and every loop back-edge has a map
 * (op_has_map), and nothing else has one; pcs ascend. */
static void check_stackmaps(const FuncInfo *f) {
    uint32_t k = 0;
    for (uint32_t pc = 0; pc < f->ncode; pc += (uint32_t)op_length((Opcode)f->code[pc])) {
        if (!op_has_map(f->code, pc)) continue;
        ck_assert_uint_lt(k, f->stackmap.npcs);
        ck_assert_uint_eq(f->stackmap.pcs[k], pc);
        ck_assert_uint_lt(f->stackmap.map_index[k], f->stackmap.nmaps);
        k++;
    }
    ck_assert_uint_eq(k, f->stackmap.npcs);
    ck_assert_uint_eq(f->stackmap.nwords, f->frame_size / 8);
}

static void check_lines(const FuncInfo *f) {
    ck_assert_uint_gt(f->nlines, 0);
    ck_assert_uint_eq(f->lines[0].pc, 0);
    for (uint32_t i = 0; i < f->nlines; i++) {
        ck_assert_uint_gt(f->lines[i].line, 0);
        if (i) ck_assert_uint_gt(f->lines[i].pc, f->lines[i - 1].pc);
        ck_assert_uint_lt(f->lines[i].pc, f->ncode);
    }
}

static const char *fib_src =
    "package main\n"
    "\n"
    "func fib(n int) int {\n"
    "\tif n < 2 {\n"
    "\t\treturn n\n"
    "\t}\n"
    "\treturn fib(n-1) + fib(n-2)\n"
    "}\n"
    "\n"
    "var result int\n"
    "\n"
    "func main() {\n"
    "\tresult = fib(20)\n"
    "}\n";

START_TEST(test_fib_structure) {
    Compiled c = compile(fib_src);
    const Module *m = c.mod;
    const FuncInfo *fib = find_func(m, "main.fib");
    ck_assert_ptr_nonnull(fib);
    ck_assert_ptr_nonnull(find_func(m, "main.main"));
    const FuncInfo *entry = &m->funcs[m->entry];
    ck_assert_str_eq(entry->name, "runtime.main");
    ck_assert_str_eq(m->funcs[m->main_func].name, "main.main");
    /* one int result at 0, one int param at 8 */
    ck_assert_uint_eq(fib->results_size, 8);
    ck_assert_uint_eq(fib->args_size, 16);
    ck_assert_uint_eq(fib->zero_size, 0);           /* no pointer slot: nothing to zero */
    ck_assert_uint_eq(fib->frame_size % 8, 0);
    ck_assert_int_eq(count_op(fib, OP_CALL), 2);
    ck_assert_int_eq(count_op(fib, OP_ADDI), 2);    /* n-1 and n-2 as immediates */
    ck_assert_int_eq(count_op(fib, OP_JGEI) + count_op(fib, OP_JLTI), 1);
    /* tight code: no more than 10 instructions */
    int n = 0;
    for (uint32_t pc = 0; pc < fib->ncode; pc += (uint32_t)op_length((Opcode)fib->code[pc])) n++;
    ck_assert_int_le(n, 10);
    check_stackmaps(fib);
    for (uint32_t w = 0; w < fib->stackmap.nwords; w++) ck_assert(!map_bit(fib, 0, w));
    check_lines(fib);
    ck_assert_uint_eq(fib->line, 3);
    ck_assert_uint_eq(funcinfo_line_at(fib, fib->ncode - 1), 7);
}
END_TEST

START_TEST(test_struct_typedesc) {
    Compiled c = compile(
        "package main\n"
        "type T struct {\n"
        "\ta bool\n"
        "\tb *int\n"
        "\tc int32\n"
        "\ts string\n"
        "}\n"
        "var g *T\n"
        "func main() {\n"
        "\tg = &T{a: true}\n"
        "}\n");
    const TypeDesc *t = find_type(c.mod, "main.T");
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->kind, K_STRUCT);
    ck_assert_int_eq(t->size, 40);
    ck_assert_int_eq(t->align, 8);
    ck_assert_int_eq(t->ptrdata, 32);
    ck_assert_int_eq(t->ptrmask[0], 0x0A);          /* words 1 (b) and 3 (s.ptr) */
    ck_assert_uint_eq(t->nfields, 4);
    ck_assert_str_eq(t->fields[3].name, "s");
    ck_assert_int_eq(t->fields[3].offset, 24);
    ck_assert_str_eq(t->fields[3].type->name, "string");
    ck_assert(t->flags & TDF_NAMED);
    ck_assert(!(t->flags & TDF_REGULAR_MEM));
    /* the global g is a pointer: the globals' bitmap marks it */
    ck_assert_int_eq(c.mod->globals_size, 8);
    ck_assert_int_eq(c.mod->globals_ptrmask[0], 1);
}
END_TEST

START_TEST(test_stackmap_marks_pointers) {
    Compiled c = compile(
        "package main\n"
        "func f(p *int, n int) (string, int) {\n"
        "\ts := \"abc\"\n"
        "\tx := n + 1\n"
        "\tq := new(int)\n"
        "\t*q = x + *p\n"
        "\ts = s + s\n"
        "\treturn s, *q\n"
        "}\n"
        "func main() {\n"
        "\tv := 1\n"
        "\tf(&v, 2)\n"
        "}\n");
    const FuncInfo *f = find_func(c.mod, "main.f");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->results_size, 24);
    ck_assert_uint_eq(f->args_size, 40);
    check_stackmaps(f);
    ck_assert_uint_gt(f->stackmap.npcs, 0);
    /* results: string ptr word 0 is a pointer, its len and the int are not; p at word 3 */
    ck_assert(map_bit(f, 0, 0));
    ck_assert(!map_bit(f, 0, 1));
    ck_assert(!map_bit(f, 0, 2));
    ck_assert(map_bit(f, 0, 3));
    ck_assert(!map_bit(f, 0, 4));
    /* every other marked word lies in the zeroed pointer region */
    for (uint32_t w = 5; w < f->stackmap.nwords; w++)
        if (map_bit(f, 0, w)) {
            ck_assert_uint_ge(w * 8, f->zero_off);
            ck_assert_uint_lt(w * 8, f->zero_off + f->zero_size);
        }
    ck_assert_uint_gt(f->zero_size, 0);
    /* p does not escape f, so v stays in main's frame: &v is an FADDR, no allocation */
    const FuncInfo *mn = find_func(c.mod, "main.main");
    ck_assert_int_eq(count_op(mn, OP_NEW), 0);
    ck_assert_int_ge(count_op(mn, OP_FADDR), 1);
    check_lines(f);
}
END_TEST

START_TEST(test_method_names) {
    Compiled c = compile(
        "package main\n"
        "type Point struct{ X, Y int }\n"
        "func (p *Point) Move(dx int) { p.X += dx }\n"
        "func (p Point) Sum() int { return p.X + p.Y }\n"
        "var r int\n"
        "func main() {\n"
        "\tp := Point{1, 2}\n"
        "\tp.Move(3)\n"
        "\tr = p.Sum()\n"
        "}\n");
    const FuncInfo *mv = find_func(c.mod, "main.(*Point).Move");
    const FuncInfo *sm = find_func(c.mod, "main.Point.Sum");
    ck_assert_ptr_nonnull(mv);
    ck_assert_ptr_nonnull(sm);
    ck_assert_uint_eq(mv->args_size, 16);       /* receiver pointer + dx */
    ck_assert_uint_eq(sm->args_size, 24);       /* result + Point{X,Y} */
    ck_assert_uint_eq(sm->results_size, 8);
}
END_TEST

static const TypeMethod *find_method(const TypeDesc *t, const char *name) {
    for (uint32_t i = 0; t && i < t->nmethods; i++)
        if (strcmp(t->methods[i].name, name) == 0) return &t->methods[i];
    return NULL;
}

static const char *method_func_name(const Module *m, const TypeMethod *tm) {
    return tm && tm->func < m->nfuncs ? m->funcs[tm->func].name : "?";
}

/* Method tables list promoted methods through Go-named wrappers (compiler/gen_methods.c), sorted
 * by name, with deref and nil_panics as fmt needs them; the flags survive a .golc round trip. */
START_TEST(test_promoted_method_tables) {
    Compiled c = compile(
        "package main\n"
        "import \"fmt\"\n"
        "type In struct{ n int }\n"
        "func (i In) String() string { return \"in\" }\n"
        "func (i *In) Error() string { return \"err\" }\n"
        "func (i *In) Add(d int) int { i.n += d; return i.n }\n"
        "type Out struct {\n\tpad int8\n\tIn\n}\n"
        "type ByPtr struct{ *In }\n"
        "func main() { o := Out{}; fmt.Println(o, &o, ByPtr{&In{}}, &ByPtr{}) }\n");
    const TypeDesc *out = find_type(c.mod, "main.Out"), *pout = find_type(c.mod, "*main.Out");
    const TypeDesc *bp = find_type(c.mod, "main.ByPtr");
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(pout);
    ck_assert_ptr_nonnull(bp);
    /* Out: only the value method; *Out: all three, sorted */
    ck_assert_uint_eq(out->nmethods, 1);
    ck_assert_str_eq(method_func_name(c.mod, &out->methods[0]), "main.Out.String");
    ck_assert_uint_eq(pout->nmethods, 3);
    ck_assert_str_eq(pout->methods[0].name, "Add");
    ck_assert_str_eq(pout->methods[1].name, "Error");
    ck_assert_str_eq(pout->methods[2].name, "String");
    const TypeMethod *perr = find_method(pout, "Error"), *pstr = find_method(pout, "String");
    ck_assert_str_eq(method_func_name(c.mod, perr), "main.(*Out).Error");
    ck_assert(perr->nil_panics && !perr->deref);
    ck_assert_str_eq(method_func_name(c.mod, pstr), "main.Out.String");   /* T's wrapper, deref */
    ck_assert(pstr->deref && !pstr->nil_panics);
    /* ByPtr embeds *In: the pointer methods are in the value's set too */
    ck_assert_uint_eq(bp->nmethods, 3);
    ck_assert_str_eq(method_func_name(c.mod, find_method(bp, "Error")), "main.ByPtr.Error");
    /* the wrapper's frame is the method's, with the outer receiver: result + Out{int8, In} */
    const FuncInfo *w = find_func(c.mod, "main.Out.String");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->results_size, 16);
    ck_assert_uint_eq(w->args_size, 16 + 16);
    ck_assert_int_eq(count_op(w, OP_CALL), 1);

    char err[256], path[64];
    snprintf(path, sizeof path, "/tmp/gol-gen-test-%d.golc", (int)getpid());
    ck_assert_msg(golc_write(c.mod, path, err, sizeof err), "%s", err);
    Module *r = golc_read(path, err, sizeof err);
    unlink(path);
    ck_assert_msg(r != NULL, "%s", err);
    keep_module(r);
    const TypeMethod *rerr = find_method(find_type(r, "*main.Out"), "Error");
    const TypeMethod *rstr = find_method(find_type(r, "*main.Out"), "String");
    ck_assert(rerr && rerr->nil_panics && !rerr->deref);
    ck_assert(rstr && rstr->deref && !rstr->nil_panics);
}
END_TEST

/* `gol build -m` for one program: the lines written to stderr. */
static void escape_report_of(const char *src, char *buf, size_t n, Module **mod) {
    DiagList diags;
    memset(&diags, 0, sizeof diags);
    SourceFile *f = parse_source("esc.gol", src, strlen(src), &diags);
    Program *prog = check_program(f, &diags);
    ck_assert_msg(prog != NULL, "check errors: %s", diags.len ? diags.items[0].msg : "");
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    GenOptions opt = { true };
    Module *m = gen_module(prog, &opt, &diags);
    keep_module(m);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ck_assert_ptr_nonnull(m);
    rewind(tmp);
    size_t got = fread(buf, 1, n - 1, tmp);
    buf[got] = 0;
    fclose(tmp);
    if (mod) *mod = m;
    diag_free(&diags);
    source_free(f);
}

/* Escape decisions of small programs, in Go's words and positions (each expectation is what
 * `go build -gcflags=-m` prints for the same program, minus its inlining lines). */
static const struct { const char *src, *want; } escape_cases[] = {
    {   /* an address kept in a global moves x; one only read does not */
        "package main\n"
        "var g *int\n"
        "func keep(p *int) { g = p }\n"
        "func read(p *int) int { return *p }\n"
        "func main() {\n"
        "\tx := 1\n"
        "\ty := 2\n"
        "\tkeep(&x)\n"
        "\tprintln(read(&y))\n"
        "}\n",
        "./esc.gol:3:11: leaking param: p\n"
        "./esc.gol:4:11: p does not escape\n"
        "./esc.gol:6:2: moved to heap: x\n" },
    {   /* returned: through a result, at level 0 and 1 */
        "package main\n"
        "type P struct{ X int }\n"
        "func id(p *int) *int { return p }\n"
        "func deref(pp **int) *int { return *pp }\n"
        "func mk() *P { return &P{1} }\n"
        "func main() {\n"
        "\tc := 3\n"
        "\tq := id(&c)\n"
        "\tpd := &c\n"
        "\tr := deref(&pd)\n"
        "\tprintln(*q, *r, mk().X)\n"
        "}\n",
        "./esc.gol:3:9: leaking param: p to result ~r0 level=0\n"
        "./esc.gol:4:12: leaking param: pp to result ~r0 level=1\n"
        "./esc.gol:5:23: &P{...} escapes to heap\n" },
    {   /* allocation sites: constant sizes stay, a variable size does not */
        "package main\n"
        "type P struct{ X, Y int }\n"
        "func main() {\n"
        "\tn := 4\n"
        "\tp := &P{3, 4}\n"
        "\ts := make([]int, 10)\n"
        "\tt := make([]int, n)\n"
        "\tu := new(int)\n"
        "\tv := []int{1, 2}\n"
        "\tprintln(p.X, s[0], len(t), *u, v[1])\n"
        "}\n",
        "./esc.gol:5:7: &P{...} does not escape\n"
        "./esc.gol:6:11: make([]int, 10) does not escape\n"
        "./esc.gol:7:11: make([]int, n) escapes to heap\n"
        "./esc.gol:8:10: new(int) does not escape\n"
        "./esc.gol:9:12: []int{...} does not escape\n" },
    {   /* a pointer stored in a variable declared outside the loop: each iteration's x must
         * be a new variable, so x moves; a slice that is appended to escapes */
        "package main\n"
        "func main() {\n"
        "\tvar last *int\n"
        "\tvar all []*int\n"
        "\tfor i := 0; i < 3; i++ {\n"
        "\t\tx := i\n"
        "\t\tlast = &x\n"
        "\t\ty := i\n"
        "\t\tall = append(all, &y)\n"
        "\t}\n"
        "\tprintln(*last, len(all))\n"
        "}\n",
        "./esc.gol:6:3: moved to heap: x\n"
        "./esc.gol:8:3: moved to heap: y\n" },
    {   /* recursion: the summary settles; variadic args of a non-leaking param stay */
        "package main\n"
        "func walk(p *int, n int) int {\n"
        "\tif n == 0 {\n"
        "\t\treturn *p\n"
        "\t}\n"
        "\treturn walk(p, n-1)\n"
        "}\n"
        "func sum(xs ...int) int {\n"
        "\ts := 0\n"
        "\tfor _, x := range xs {\n"
        "\t\ts += x\n"
        "\t}\n"
        "\treturn s\n"
        "}\n"
        "func main() {\n"
        "\tv := 7\n"
        "\tprintln(walk(&v, 10), sum(1, 2, 3))\n"
        "}\n",
        "./esc.gol:2:11: p does not escape\n"
        "./esc.gol:8:10: xs does not escape\n"
        "./esc.gol:17:27: ... argument does not escape\n" },
    {   /* conversion to an interface and too-large objects */
        "package main\n"
        "import \"fmt\"\n"
        "func main() {\n"
        "\tn := 1\n"
        "\tbig := make([]byte, 100000)\n"
        "\tfmt.Println(n, len(big))\n"
        "}\n",
        "./esc.gol:5:13: make([]byte, 100000) escapes to heap\n"
        "./esc.gol:6:13: ... argument does not escape\n"
        "./esc.gol:6:13: n escapes to heap\n"
        "./esc.gol:6:20: len(big) escapes to heap\n" },
    {   /* natives never keep their arguments: m stays in the frame, as in Go */
        "package main\n"
        "import \"runtime\"\n"
        "func main() {\n"
        "\tvar m runtime.MemStats\n"
        "\truntime.ReadMemStats(&m)\n"
        "\tprintln(m.NumGC)\n"
        "}\n",
        "" },
    {   /* Go's expression spelling for converted values; Printf's tail at its format */
        "package main\n"
        "import \"fmt\"\n"
        "func main() {\n"
        "\tn, k := 3, []int{1, 2}\n"
        "\tfmt.Printf(\"%d %v\\n\", n, k[n-2] == 2)\n"
        "\tfmt.Println(fmt.Sprint(\"x\", n), []byte{1})\n"
        "}\n",
        "./esc.gol:4:18: []int{...} does not escape\n"
        "./esc.gol:5:12: ... argument does not escape\n"
        "./esc.gol:5:13: n escapes to heap\n"
        "./esc.gol:5:34: k[n - 2] == 2 escapes to heap\n"
        "./esc.gol:6:13: ... argument does not escape\n"
        "./esc.gol:6:24: ... argument does not escape\n"
        "./esc.gol:6:24: fmt.Sprint(... argument...) escapes to heap\n"
        "./esc.gol:6:24: n escapes to heap\n"             /* Go: 6:25 (Sprint is not inlined) */
        "./esc.gol:6:25: \"x\" escapes to heap\n"
        "./esc.gol:6:40: []byte{...} escapes to heap\n" },
};

START_TEST(test_escape_report) {
    for (size_t i = 0; i < sizeof escape_cases / sizeof escape_cases[0]; i++) {
        char buf[4096];
        escape_report_of(escape_cases[i].src, buf, sizeof buf, NULL);
        ck_assert_msg(strcmp(buf, escape_cases[i].want) == 0, "case %zu:\n%s\nwant:\n%s", i, buf,
                      escape_cases[i].want);
    }
    /* what the decisions do to the code: one cell for x, nothing for the rest */
    char buf[4096];
    Module *m;
    escape_report_of(escape_cases[0].src, buf, sizeof buf, &m);
    const FuncInfo *mn = find_func(m, "main.main");
    ck_assert_int_eq(count_op(mn, OP_NEW), 1);
    ck_assert_int_eq(count_op(mn, OP_FADDR), 1);
    escape_report_of(escape_cases[2].src, buf, sizeof buf, &m);
    mn = find_func(m, "main.main");
    ck_assert_int_eq(count_op(mn, OP_NEW), 0);
    ck_assert_int_eq(count_op(mn, OP_MAKESLICE), 1);
}
END_TEST

START_TEST(test_loop_uses_compare_and_branch) {
    Compiled c = compile(
        "package main\n"
        "var r int\n"
        "func main() {\n"
        "\tn := 10\n"
        "\tfor i := 0; i < n; i++ {\n"
        "\t\tr += i\n"
        "\t}\n"
        "\tfor j := 0; j < 100; j++ {\n"
        "\t\tr -= 1\n"
        "\t}\n"
        "}\n");
    const FuncInfo *mn = find_func(c.mod, "main.main");
    ck_assert_int_eq(count_op(mn, OP_JLT_I), 1);    /* i < n at the bottom of the loop */
    ck_assert_int_eq(count_op(mn, OP_JLTI), 1);     /* j < 100 */
    ck_assert_int_eq(count_op(mn, OP_JT) + count_op(mn, OP_JF), 0);
    ck_assert_int_ge(count_op(mn, OP_ADDI), 3);     /* i++, j++, r -= 1 */
    check_lines(mn);
}
END_TEST

/* A pointer dead after its last use is not marked at later safepoints. */
START_TEST(test_stackmap_liveness) {
    Compiled c = compile(
        "package main\n"
        "var keep *int\n"
        "func use(p *int) int { keep = p; return *p }\n"   /* p leaks: new(int) is a heap object */
        "func work() int { return 1 }\n"
        "func main() {\n"
        "\tp := new(int)\n"
        "\tn := use(p)\n"
        "\tn += work()\n"
        "\tprintln(n)\n"
        "}\n");
    const FuncInfo *mn = find_func(c.mod, "main.main");
    check_stackmaps(mn);
    /* at the call of work, p is dead: that map marks nothing */
    int calls = 0;
    for (uint32_t k = 0; k < mn->stackmap.npcs; k++) {
        uint32_t pc = mn->stackmap.pcs[k];
        if (mn->code[pc] != OP_CALL) continue;
        calls++;
        uint32_t mi = mn->stackmap.map_index[k];
        bool any = false;
        for (uint32_t w = 0; w < mn->stackmap.nwords; w++) any |= map_bit(mn, mi, w);
        if (mn->code[pc + 1] == (uint32_t)find_func(c.mod, "main.work")->index) ck_assert(!any);
    }
    ck_assert_int_eq(calls, 2);
}
END_TEST

static int64_t run_global(const char *src, const char *name);

/* ---- stack maps a moving-free precise collector can trust ---- */

/* Is word w marked in any map of f (one kind per word: then it is a pointer word)? */
static bool any_map_bit(const FuncInfo *f, uint32_t w) {
    for (uint32_t m = 0; m < f->stackmap.nmaps; m++) if (map_bit(f, m, w)) return true;
    return false;
}

static uint32_t map_index_at(const FuncInfo *f, uint32_t pc) {
    for (uint32_t k = 0; k < f->stackmap.npcs; k++) if (f->stackmap.pcs[k] == pc) return f->stackmap.map_index[k];
    ck_abort_msg("%s: no map at pc %u", f->name, pc);
    return 0;
}

static const char *maps_src =
    "package main\n"
    "import \"fmt\"\n"
    "type T struct{ s string; p *int }\n"
    "func cat(a, b string) string { return a + b + a }\n"
    "func grow(xs []*int, n int) []*int {\n"
    "\tfor i := 0; i < n; i++ {\n"
    "\t\txs = append(xs, new(int))\n"
    "\t}\n"
    "\treturn xs\n"
    "}\n"
    "func set(pp **int, v *int) { *pp = v }\n"
    "func work() int { return len(make([]int, 5)) }\n"
    "func box(t T) interface{} { return t }\n"
    "func main() {\n"
    "\tvar q *int\n"
    "\tset(&q, new(int))\n"
    "\tn := work()\n"
    "\t*q = n\n"
    "\ts := cat(\"x\", fmt.Sprint(n))\n"
    "\tfmt.Println(box(T{s, q}), len(grow(nil, 3)), *q, s)\n"
    "}\n";

/* (a) at every safepoint the instruction's own pointer inputs are marked: CONCAT's strings,
 * GROWSLICE's source, BOX's value... — every 's' operand word that is a pointer word. */
START_TEST(test_stackmap_marks_inputs) {
    Compiled c = compile(maps_src);
    const char *names[] = { "main.cat", "main.grow", "main.set", "main.work", "main.box", "main.main" };
    int checked = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const FuncInfo *f = find_func(c.mod, names[i]);
        ck_assert_ptr_nonnull(f);
        check_stackmaps(f);
        for (uint32_t pc = 0; pc < f->ncode; pc += (uint32_t)op_length((Opcode)f->code[pc])) {
            Opcode op = (Opcode)f->code[pc];
            if (!(op_info[op].flags & OPF_SP) || op == OP_CALL || op == OP_CALLNAT || op == OP_CALLIND) continue;
            uint32_t mi = map_index_at(f, pc);
            const char *ops = op_info[op].operands, *w = op_info[op].widths;
            for (int k = 0; ops[k]; k++) {
                if (ops[k] != 's') continue;
                uint32_t off = f->code[pc + 1 + k];
                uint32_t width = !w ? 8 : w[k] == 'S' ? 16 : w[k] == 'L' ? 24 : 8;
                for (uint32_t b = off; b < off + width; b += 8) {
                    uint32_t word = b / 8;
                    bool framed = b < f->args_size || (b >= f->zero_off && b < f->zero_off + f->zero_size);
                    if (!framed || !any_map_bit(f, word)) continue;
                    ck_assert_msg(map_bit(f, mi, word), "%s pc %u (%s): input @%u not marked",
                                  f->name, pc, op_info[op].name, b);
                    checked++;
                }
            }
        }
    }
    ck_assert_int_gt(checked, 3);
}
END_TEST

/* (b) a pointer live across a call is marked at that call, and (e) a caller frame's map is
 * found from the return pc its callee's header holds. */
START_TEST(test_stackmap_for_caller) {
    Compiled c = compile(maps_src);
    const FuncInfo *mn = find_func(c.mod, "main.main");
    int calls = 0;
    for (uint32_t pc = 0; pc < mn->ncode; pc += (uint32_t)op_length((Opcode)mn->code[pc])) {
        Opcode op = (Opcode)mn->code[pc];
        if (op != OP_CALL && op != OP_CALLNAT && op != OP_CALLIND) continue;
        uint32_t ret = pc + (uint32_t)op_length(op);
        ck_assert_ptr_eq(stackmap_for_caller(mn, ret), stackmap_at(mn, pc));
        calls++;
    }
    ck_assert_int_ge(calls, 5);
    /* s (the result of cat) is live across the calls that follow it: find the MOV2 that
     * stores it and check its slot at the next CALL */
    const FuncInfo *cat = find_func(c.mod, "main.cat");
    (void)cat;
}
END_TEST

/* (c) a native's map: one bitmap of its results and params, valid everywhere. */
START_TEST(test_stackmap_native) {
    Compiled c = compile(maps_src);
    const FuncInfo *sp = find_func(c.mod, "fmt.Sprintf");
    ck_assert_ptr_nonnull(sp);
    ck_assert_uint_eq(sp->stackmap.npcs, 0);
    ck_assert_uint_eq(sp->stackmap.nmaps, 1);
    ck_assert_uint_eq(sp->stackmap.nwords, sp->frame_size / 8);
    /* Sprintf(format string, a ...any) string: result ptr @0, format ptr @16, a's array @32 */
    ck_assert(map_bit(sp, 0, 0));
    ck_assert(!map_bit(sp, 0, 1));
    ck_assert(map_bit(sp, 0, 2));
    ck_assert(!map_bit(sp, 0, 3));
    ck_assert(map_bit(sp, 0, 4));
    ck_assert(!map_bit(sp, 0, 5));
    ck_assert(!map_bit(sp, 0, 6));
    ck_assert_ptr_eq(stackmap_at(sp, 0), sp->stackmap.bits);
    ck_assert_ptr_eq(stackmap_at(sp, 1234), sp->stackmap.bits);
}
END_TEST

/* (d) the frame backing array of `...` arguments is marked at the call it is passed to, and an
 * address-taken frame variable holding a pointer is marked at every safepoint. */
START_TEST(test_stackmap_frame_objects) {
    Compiled c = compile(maps_src);
    const FuncInfo *mn = find_func(c.mod, "main.main");
    int faddrs = 0;
    for (uint32_t pc = 0; pc < mn->ncode; pc += (uint32_t)op_length((Opcode)mn->code[pc])) {
        if (mn->code[pc] != OP_FADDR) continue;
        uint32_t slot = mn->code[pc + 2];
        if (slot < mn->zero_off || slot >= mn->zero_off + mn->zero_size) continue;
        faddrs++;
        /* the next call after the FADDR reads the slot */
        uint32_t at = pc + (uint32_t)op_length(OP_FADDR);
        while (at < mn->ncode && mn->code[at] != OP_CALL && mn->code[at] != OP_CALLNAT)
            at += (uint32_t)op_length((Opcode)mn->code[at]);
        ck_assert_uint_lt(at, mn->ncode);
        ck_assert_msg(map_bit(mn, map_index_at(mn, at), slot / 8), "frame object @%u not marked at its call", slot);
    }
    ck_assert_int_ge(faddrs, 2);        /* &q, Println's ...any array */
    /* q is address-taken and kept in the frame: marked at every safepoint of main */
    uint32_t q = UINT32_MAX;
    for (uint32_t pc = 0; pc < mn->ncode; pc += (uint32_t)op_length((Opcode)mn->code[pc]))
        if (mn->code[pc] == OP_FADDR) { q = mn->code[pc + 2]; break; }
    ck_assert_uint_ne(q, UINT32_MAX);
    for (uint32_t k = 0; k < mn->stackmap.npcs; k++)
        ck_assert_msg(map_bit(mn, mn->stackmap.map_index[k], q / 8), "q not marked at pc %u", mn->stackmap.pcs[k]);
}
END_TEST

/* Pointers to frame variables passed down a recursion deep enough to grow the stack many
 * times (and, with GOLDEBUG=stackmove=1, to move it at every call): every frame's node links
 * to its caller's node in the caller's frame, and the chain is walked at the bottom, after a
 * collection. */
static const char *stackptr_src =
    "package main\n"
    "import \"runtime\"\n"
    "type node struct {\n"
    "\tval  int\n"
    "\tname string\n"
    "\tnext *node\n"
    "}\n"
    "var result, chain, names int\n"
    "func down(acc *int, n int, prev *node) {\n"
    "\tvar here node\n"
    "\there.val = n\n"
    "\there.name = string(rune('a' + n%26))\n"
    "\there.next = prev\n"
    "\t*acc += n\n"
    "\tif n > 0 {\n"
    "\t\tdown(acc, n-1, &here)\n"
    "\t\treturn\n"
    "\t}\n"
    "\truntime.GC()\n"
    "\tfor p := &here; p != nil; p = p.next {\n"
    "\t\tchain += p.val\n"
    "\t\tif p.name == string(rune('a'+p.val%26)) {\n"
    "\t\t\tnames++\n"
    "\t\t}\n"
    "\t}\n"
    "}\n"
    "func main() {\n"
    "\ttotal := 0\n"
    "\tdown(&total, 3000, nil)\n"
    "\tresult = total\n"
    "}\n";

START_TEST(test_run_stack_pointers) {
    Compiled c = compile(stackptr_src);
    const FuncInfo *down = find_func(c.mod, "main.down");
    ck_assert_int_eq(count_op(down, OP_NEW), 0);          /* here stays in the frame */
    ck_assert_int_eq(count_op(find_func(c.mod, "main.main"), OP_NEW), 0);
    ck_assert_int_eq(run_global(stackptr_src, "result"), 4501500);
    ck_assert_int_eq(run_global(stackptr_src, "chain"), 4501500);
    ck_assert_int_eq(run_global(stackptr_src, "names"), 3001);
}
END_TEST

/* Moving the stack at every call walks every frame each time: a shallower recursion (400). */
START_TEST(test_run_stack_pointers_stackmove) {
    char src[2048];
    const char *at = strstr(stackptr_src, "3000");
    ck_assert_ptr_nonnull(at);
    snprintf(src, sizeof src, "%.*s400%s", (int)(at - stackptr_src), stackptr_src, at + 4);
    setenv("GOLDEBUG", "stackmove=1", 1);
    int64_t r = run_global(src, "chain");
    int64_t n = run_global(src, "names");
    unsetenv("GOLDEBUG");
    ck_assert_int_eq(r, 80200);
    ck_assert_int_eq(n, 401);
}
END_TEST

/* ---- end to end ---- */

static int64_t run_global(const char *src, const char *name) {
    Compiled c = compile(src);
    char err[256];
    ck_assert_msg(module_verify(c.mod, err, sizeof err), "verify: %s", err);
    ck_assert_msg(module_bind_natives(c.mod, err, sizeof err), "bind: %s", err);
    ck_assert_int_eq(vm_run(c.mod), 0);
    Node *root = c.prog->main->file->root;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d->kind != N_VARDECL) continue;
        for (int j = 0; j < d->list.len; j++)
            for (int k = 0; k < d->list.items[j]->list.len; k++) {
                Node *id = d->list.items[j]->list.items[k];
                if (strcmp(id->name, name) == 0) {
                    int64_t v;
                    memcpy(&v, c.mod->globals + id->obj->global_off, 8);
                    return v;
                }
            }
    }
    ck_abort_msg("no global %s", name);
    return 0;
}

START_TEST(test_run_fib) {
    ck_assert_int_eq(run_global(fib_src, "result"), 6765);
}
END_TEST

START_TEST(test_run_loops_slices) {
    const char *src =
        "package main\n"
        "var result int\n"
        "func sieve(n int) int {\n"
        "\tcomposite := make([]bool, n+1)\n"
        "\tcount := 0\n"
        "\tfor i := 2; i <= n; i++ {\n"
        "\t\tif composite[i] {\n"
        "\t\t\tcontinue\n"
        "\t\t}\n"
        "\t\tcount++\n"
        "\t\tfor j := i * i; j <= n; j += i {\n"
        "\t\t\tcomposite[j] = true\n"
        "\t\t}\n"
        "\t}\n"
        "\treturn count\n"
        "}\n"
        "func main() {\n"
        "\tvar s []int\n"
        "\tfor i := 0; i < 10; i++ {\n"
        "\t\ts = append(s, i*i)\n"
        "\t}\n"
        "\tsum := 0\n"
        "\tfor _, v := range s {\n"
        "\t\tsum += v\n"
        "\t}\n"
        "\tt := 0\n"
        "\tfor i, r := range \"héllo\" {\n"
        "\t\tt += i + int(r)\n"
        "\t}\n"
        "\tvar a [4]int8\n"
        "\ta[1] = 127\n"
        "\ta[1]++\n"
        "\tswitch {\n"
        "\tcase a[1] < 0:\n"
        "\t\tsum += 1000000\n"
        "\t\tfallthrough\n"
        "\tcase false:\n"
        "\t\tsum += 2000000\n"
        "\tdefault:\n"
        "\t\tsum += 5\n"
        "\t}\n"
        "\tx, y := 1, 2\n"
        "\tx, y = y, x\n"
        "\tresult = sum + t*10000 + sieve(100)*100000000 + x*1000000000000\n"
        "}\n";
    /* sum = 285 + 3000000; t = (0+104)+(1+233)+(3+108)+(4+108)+(5+111) = 677; 25 primes; x = 2 */
    ck_assert_int_eq(run_global(src, "result"), 285 + 3000000 + 677 * 10000 + 25 * 100000000LL + 2000000000000LL);
}
END_TEST

START_TEST(test_run_structs_pointers) {
    const char *src =
        "package main\n"
        "type Point struct{ X, Y int32 }\n"
        "type Line struct{ A, B Point; Name string }\n"
        "func (p *Point) Move(dx int32) { p.X += dx; p.Y -= dx }\n"
        "func (l Line) Len() int32 { return l.B.X - l.A.X + l.B.Y - l.A.Y }\n"
        "var result int\n"
        "func main() {\n"
        "\tl := Line{A: Point{1, 2}, B: Point{10, 20}, Name: \"l\"}\n"
        "\tl.A.Move(1)\n"
        "\tps := []*Point{{1, 1}, {2, 2}}\n"
        "\tfor _, p := range ps {\n"
        "\t\tp.Move(5)\n"
        "\t}\n"
        "\tq := &Point{3, 4}\n"
        "\tm := *q\n"
        "\tm.X = 100\n"
        "\tsame := l.A == Point{2, 1} && m != *q\n"
        "\tr := int(l.Len()) + int(ps[1].X)*1000\n"
        "\tif same {\n"
        "\t\tr += 1000000\n"
        "\t}\n"
        "\tvar u8 uint8 = 250\n"
        "\tu8 += 10\n"
        "\tr += int(u8) * 10000000\n"
        "\tresult = r\n"
        "}\n";
    /* Len = 10-2 + 20-1 = 27; ps[1].X = 7; u8 = 4 */
    ck_assert_int_eq(run_global(src, "result"), 27 + 7000 + 1000000 + 40000000);
}
END_TEST

Suite *gen_suite(void) {
    Suite *s = suite_create("gen");
    TCase *tc = tcase_create("structure");
    tcase_add_checked_fixture(tc, NULL, free_compiled);
    tcase_add_test(tc, test_fib_structure);
    tcase_add_test(tc, test_struct_typedesc);
    tcase_add_test(tc, test_stackmap_marks_pointers);
    tcase_add_test(tc, test_method_names);
    tcase_add_test(tc, test_promoted_method_tables);
    tcase_add_test(tc, test_escape_report);
    tcase_add_test(tc, test_loop_uses_compare_and_branch);
    tcase_add_test(tc, test_stackmap_liveness);
    tcase_add_test(tc, test_stackmap_marks_inputs);
    tcase_add_test(tc, test_stackmap_for_caller);
    tcase_add_test(tc, test_stackmap_native);
    tcase_add_test(tc, test_stackmap_frame_objects);
    suite_add_tcase(s, tc);
    TCase *run = tcase_create("run");
    tcase_add_checked_fixture(run, NULL, free_compiled);
    tcase_add_test(run, test_run_fib);
    tcase_add_test(run, test_run_loops_slices);
    tcase_add_test(run, test_run_structs_pointers);
    tcase_add_test(run, test_run_stack_pointers);
    tcase_add_test(run, test_run_stack_pointers_stackmove);
    suite_add_tcase(s, run);
    return s;
}
