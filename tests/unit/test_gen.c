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

static Compiled compile(const char *src) {
    Compiled c;
    memset(&c, 0, sizeof c);
    SourceFile *f = parse_source("t.gol", src, strlen(src), &c.diags);
    ck_assert_msg(c.diags.nerrors == 0, "parse errors: %s", c.diags.len ? c.diags.items[0].msg : "");
    c.prog = check_program(f, &c.diags);
    ck_assert_msg(c.prog != NULL, "check errors: %s", c.diags.len ? c.diags.items[0].msg : "");
    GenOptions opt = { false };
    c.mod = gen_module(c.prog, &opt, &c.diags);
    ck_assert_msg(c.mod != NULL, "gen errors: %s", c.diags.len ? c.diags.items[0].msg : "");
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

/* Every safepoint has a map, and nothing else has one; pcs ascend. */
static void check_stackmaps(const FuncInfo *f) {
    uint32_t k = 0;
    for (uint32_t pc = 0; pc < f->ncode; pc += (uint32_t)op_length((Opcode)f->code[pc])) {
        if (!(op_info[f->code[pc]].flags & OPF_SP)) continue;
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
    /* v escapes: main allocates its cell */
    const FuncInfo *mn = find_func(c.mod, "main.main");
    ck_assert_int_ge(count_op(mn, OP_NEW), 1);
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

START_TEST(test_escape_report) {
    const char *src =
        "package main\n"
        "type P struct{ X int }\n"
        "func main() {\n"
        "\tx := 1\n"
        "\tp := &x\n"
        "\tq := &P{X: 2}\n"
        "\ts := make([]int, *p)\n"
        "\t_, _ = q, s\n"
        "}\n";
    DiagList diags;
    memset(&diags, 0, sizeof diags);
    SourceFile *f = parse_source("esc.gol", src, strlen(src), &diags);
    Program *prog = check_program(f, &diags);
    ck_assert_ptr_nonnull(prog);
    /* capture stderr */
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    GenOptions opt = { true };
    Module *m = gen_module(prog, &opt, &diags);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ck_assert_ptr_nonnull(m);
    char buf[1024] = { 0 };
    rewind(tmp);
    size_t n = fread(buf, 1, sizeof buf - 1, tmp);
    buf[n] = 0;
    fclose(tmp);
    ck_assert_str_eq(buf,
        "./esc.gol:4:2: moved to heap: x\n"
        "./esc.gol:6:7: &P{...} escapes to heap\n"
        "./esc.gol:7:11: make([]int, *p) escapes to heap\n");
    /* x's declaration allocates its cell */
    const FuncInfo *mn = find_func(m, "main.main");
    ck_assert_int_eq(count_op(mn, OP_NEW), 2);
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

/* The liveness pass's operand widths must be the verifier's. */
START_TEST(test_widths_match_verifier) {
    for (int op = 0; op < OP__COUNT; op++) {
        const char *a = gen_op_widths((Opcode)op), *b = verify_op_widths((Opcode)op);
        if (!a || !b) ck_assert_msg(a == b, "%s: only one table lists it", op_info[op].name);
        else ck_assert_msg(strcmp(a, b) == 0, "%s: %s vs %s", op_info[op].name, a, b);
    }
}
END_TEST

/* A pointer dead after its last use is not marked at later safepoints. */
START_TEST(test_stackmap_liveness) {
    Compiled c = compile(
        "package main\n"
        "func use(p *int) int { return *p }\n"
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
    tcase_add_test(tc, test_fib_structure);
    tcase_add_test(tc, test_struct_typedesc);
    tcase_add_test(tc, test_stackmap_marks_pointers);
    tcase_add_test(tc, test_method_names);
    tcase_add_test(tc, test_escape_report);
    tcase_add_test(tc, test_loop_uses_compare_and_branch);
    tcase_add_test(tc, test_widths_match_verifier);
    tcase_add_test(tc, test_stackmap_liveness);
    suite_add_tcase(s, tc);
    TCase *run = tcase_create("run");
    tcase_add_test(run, test_run_fib);
    tcase_add_test(run, test_run_loops_slices);
    tcase_add_test(run, test_run_structs_pointers);
    suite_add_tcase(s, run);
    return s;
}
