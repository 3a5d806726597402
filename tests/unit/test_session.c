/* tests/unit/test_session.c — compiling a REPL session (compiler/session.c, docs/repl.md)
 * without running it: how inputs are told apart, what each adds to the growing module, that a
 * failed input leaves nothing behind, which redeclared functions replace the old code, and
 * when a value is printed. Running sessions is tested end to end by tests/run_repl.sh. */
#include <check.h>
#include <string.h>
#include "compiler/compiler.h"
#include "runtime/symtab.h"

static Module *mod;
static Session *sess;

static void setup(void) {
    mod = module_new();
    sess = session_new(mod);
}

static void teardown(void) {
    session_free(sess);
    module_free(mod);
}

/* Compiles one input; returns whether it compiled, with its result in *r. */
static bool input(const char *text, SessionResult *r) {
    DiagList d = { 0 };
    SessionOptions opt = { 0 };
    bool ok = session_input(sess, text, &opt, &d, r);
    diag_free(&d);
    return ok;
}

START_TEST(test_session_is_decl) {
    ck_assert(session_is_decl("func f() {}"));
    ck_assert(session_is_decl("  // a comment\nconst c = 1"));
    ck_assert(session_is_decl("func (p *P) Move(dx int) { p.X += dx }"));
    ck_assert(session_is_decl("type T struct{}"));
    ck_assert(session_is_decl("var x = 1"));
    ck_assert(session_is_decl("import \"strings\""));
    ck_assert(!session_is_decl("func(x int) int { return x * 2 }(21)"));
    ck_assert(!session_is_decl("func(x int) (int, error) { return x, nil }(1)"));
    ck_assert(!session_is_decl("x := 1"));
    ck_assert(!session_is_decl("funcs := 3"));
    ck_assert(!session_is_decl("fmt.Println(1)"));
}
END_TEST

START_TEST(test_session_failed_input_changes_nothing) {
    SessionResult r;
    ck_assert(input("x := 1", &r));
    uint32_t nfuncs = mod->nfuncs, ntypes = mod->ntypes;
    int64_t globals = mod->globals_size;
    ck_assert(!input("func f() int { return undefinedName }", &r));
    ck_assert(!input("y := x + \"s\"", &r));
    ck_assert_uint_eq(mod->nfuncs, nfuncs);
    ck_assert_uint_eq(mod->ntypes, ntypes);
    ck_assert_int_eq(mod->globals_size, globals);
    /* f and y were not declared: declaring them now is no redeclaration */
    ck_assert(input("func f() int { return x }", &r));
    ck_assert(input("y := f() + 1", &r));
}
END_TEST

START_TEST(test_session_variables_are_globals) {
    SessionResult r;
    ck_assert(input("x := 40 + 2", &r));
    int64_t off = session_global_offset(sess, "x");
    ck_assert_int_ge(off, 0);
    ck_assert_int_ge(mod->globals_size, off + 8);
    ck_assert(input("x := \"now a string\"", &r));         /* a new variable, a new place */
    int64_t off2 = session_global_offset(sess, "x");
    ck_assert_int_ne(off2, off);
    ck_assert_int_ge(mod->globals_size, off2 + 16);
    /* a string holds a pointer: its first word is marked in the globals' pointer bitmap */
    ck_assert(mod->globals_ptrmask[off2 / 64] & (1u << (off2 / 8 % 8)));
    ck_assert_int_lt(session_global_offset(sess, "nosuch"), 0);
}
END_TEST

START_TEST(test_session_redefinition) {
    SessionResult r;
    ck_assert(input("func double(n int) int { return n + n }", &r));
    int old = session_func_index(sess, "double");
    ck_assert_int_ge(old, 0);
    ck_assert(input("func double(n int) int { return 2 * n }", &r));
    ck_assert_int_eq(r.nredef, 1);                       /* same signature: replaces the code */
    ck_assert_uint_eq(r.redef[0][0], (uint32_t)old);
    ck_assert_uint_eq(r.redef[0][1], (uint32_t)session_func_index(sess, "double"));
    ck_assert(input("func double(s string) string { return s + s }", &r));
    ck_assert_int_eq(r.nredef, 0);                       /* another signature: old callers keep theirs */
    ck_assert(input("type T int", &r));
    ck_assert(input("func (t T) Get() int { return int(t) }", &r));
    ck_assert_int_ge(session_func_index(sess, "T.Get"), 0);
    ck_assert(input("func (t T) Get() int { return int(t) + 1 }", &r));
    ck_assert_int_eq(r.nredef, 1);
}
END_TEST

START_TEST(test_session_what_is_printed) {
    SessionResult r;
    ck_assert(input("1 + 1", &r));
    ck_assert(r.printed && r.has_prelude && r.has_entry);   /* the first value sets up fmt */
    ck_assert(input("\"a\" + \"b\"", &r));
    ck_assert(r.printed && !r.has_prelude);
    ck_assert(input("fmt.Println(1)", &r));
    ck_assert(!r.printed);
    ck_assert(input("func g() {}", &r));
    ck_assert(input("g()", &r));
    ck_assert(!r.printed);                               /* no value: just run */
    ck_assert(input("x := 3", &r));
    ck_assert(!r.printed);
}
END_TEST

START_TEST(test_session_type_only) {
    SessionResult r;
    SessionOptions opt = { 0 };
    opt.type_only = true;
    DiagList d = { 0 };
    ck_assert(input("type P struct{ X int }", &r));
    uint32_t nfuncs = mod->nfuncs;
    ck_assert(session_input(sess, "P{1}.X * 2.0", &opt, &d, &r));
    ck_assert_str_eq(r.type, "int");
    ck_assert(session_input(sess, "strings.Split", &opt, &d, &r));
    ck_assert_str_eq(r.type, "func(s string, sep string) []string");
    ck_assert(!session_input(sess, "P{1}.Y", &opt, &d, &r));
    ck_assert_int_eq(d.nerrors, 1);
    ck_assert_str_eq(d.items[0].file, SESSION_INPUT_NAME);
    ck_assert_int_eq(d.items[0].pos.line, 1);
    ck_assert_int_eq(d.items[0].pos.col, 6);             /* the input's column, not the file's */
    diag_free(&d);
    /* :type compiles nothing to run, except the first-use set-up of fmt */
    ck_assert_uint_ge(mod->nfuncs, nfuncs);
    uint32_t after = mod->nfuncs;
    d = (DiagList){ 0 };
    ck_assert(session_input(sess, "1", &opt, &d, &r));
    ck_assert_uint_eq(mod->nfuncs, after);
    diag_free(&d);
}
END_TEST

Suite *session_suite(void) {
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("session");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_session_is_decl);
    tcase_add_test(tc, test_session_failed_input_changes_nothing);
    tcase_add_test(tc, test_session_variables_are_globals);
    tcase_add_test(tc, test_session_redefinition);
    tcase_add_test(tc, test_session_what_is_printed);
    tcase_add_test(tc, test_session_type_only);
    suite_add_tcase(s, tc);
    return s;
}
