/* tests/unit/test_types.c — types: Go amd64 layout, identity and spelling (compiler/types.c).
 *
 * The layout figures were printed by Go 1.19 (`go run` of the same declarations with
 * unsafe.Sizeof/Alignof/Offsetof); test_layout_program checks the same declarations through
 * the whole front end (parse, check, unsafe builtins folded to constants). */
#include <check.h>
#include <string.h>
#include "compiler/compiler.h"
#include "compiler/constant.h"
#include "lang/parse.h"
#include "lang/intern.h"
#include "compiler/scope.h"

static Type *mk_struct(int n, const char **names, Type **types) {
    Type *t = type_new(TY_STRUCT);
    static Field fields[64][16];
    static int used;
    Field *f = fields[used++ % 64];
    memset(f, 0, sizeof(Field) * 16);
    for (int i = 0; i < n; i++) { f[i].name = intern_cstr(names[i]); f[i].type = types[i]; }
    t->fields = f;
    t->nfields = n;
    return t;
}

START_TEST(test_basic_sizes) {
    types_init();
    struct { Type *t; int64_t size, align; } cases[] = {
        {t_bool, 1, 1}, {t_int8, 1, 1}, {t_int16, 2, 2}, {t_int32, 4, 4}, {t_int64, 8, 8}, {t_int, 8, 8},
        {t_uint8, 1, 1}, {t_uint16, 2, 2}, {t_uint32, 4, 4}, {t_uint64, 8, 8}, {t_uint, 8, 8},
        {t_uintptr, 8, 8}, {t_float32, 4, 4}, {t_float64, 8, 8}, {t_string, 16, 8}, {t_unsafeptr, 8, 8},
        {t_any, 16, 8}, {t_error, 16, 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_int_eq(type_size(cases[i].t), cases[i].size);
        ck_assert_int_eq(type_align(cases[i].t), cases[i].align);
    }
    ck_assert_int_eq(type_size(type_slice_of(t_int8)), 24);
    ck_assert_int_eq(type_size(type_pointer_to(t_int8)), 8);
    ck_assert_int_eq(type_size(type_array_of(t_int16, 3)), 6);
    ck_assert_int_eq(type_align(type_array_of(t_int16, 3)), 2);
    ck_assert_int_eq(type_size(type_array_of(t_string, 0)), 0);
}
END_TEST

START_TEST(test_struct_layout) {
    types_init();
    /* struct{a bool; b int32; c int64; d string}: 32 bytes, align 8, offsets 0 4 8 16 */
    const char *n1[] = {"a", "b", "c", "d"};
    Type *t1[] = {t_bool, t_int32, t_int64, t_string};
    Type *s1 = mk_struct(4, n1, t1);
    ck_assert_int_eq(type_size(s1), 32);
    ck_assert_int_eq(type_align(s1), 8);
    ck_assert_int_eq(s1->fields[0].offset, 0);
    ck_assert_int_eq(s1->fields[1].offset, 4);
    ck_assert_int_eq(s1->fields[2].offset, 8);
    ck_assert_int_eq(s1->fields[3].offset, 16);
    /* struct{a byte; b [3]int16; c struct{}}: 10 (trailing zero-size field gets a byte) */
    const char *n2[] = {"a", "b", "c"};
    Type *t2[] = {t_uint8, type_array_of(t_int16, 3), type_new(TY_STRUCT)};
    Type *s2 = mk_struct(3, n2, t2);
    ck_assert_int_eq(type_size(s2), 10);
    ck_assert_int_eq(type_align(s2), 2);
    ck_assert_int_eq(s2->fields[2].offset, 8);
    /* struct{a [0]int64; b byte}: 8, b at 0 */
    const char *n3[] = {"a", "b"};
    Type *t3[] = {type_array_of(t_int64, 0), t_uint8};
    Type *s3 = mk_struct(2, n3, t3);
    ck_assert_int_eq(type_size(s3), 8);
    ck_assert_int_eq(s3->fields[1].offset, 0);
    ck_assert_int_eq(type_size(type_new(TY_STRUCT)), 0);
    ck_assert_int_eq(type_align(type_new(TY_STRUCT)), 1);
}
END_TEST

START_TEST(test_identity_and_predicates) {
    types_init();
    ck_assert(types_identical(type_slice_of(t_int), type_slice_of(t_int)));
    ck_assert(types_identical(type_array_of(t_int, 3), type_array_of(t_int, 3)));
    ck_assert(!types_identical(type_array_of(t_int, 3), type_array_of(t_int, 4)));
    ck_assert(!types_identical(t_int, t_int64));
    Type *n1 = type_new(TY_NAMED), *n2 = type_new(TY_NAMED);
    n1->underlying = t_int;
    n2->underlying = t_int;
    ck_assert(!types_identical(n1, n2));
    ck_assert(type_is_integer(n1));
    ck_assert(type_is_unsigned(t_uintptr));
    ck_assert(!type_is_comparable(type_slice_of(t_int)));
    ck_assert(type_is_comparable(type_array_of(t_string, 2)));
    ck_assert(type_is_ordered(t_string) && !type_is_ordered(t_bool));
    ck_assert(type_default(t_untyped_rune) == t_int32);
    ck_assert(type_default(t_untyped_float) == t_float64);
    ck_assert(!type_has_pointers(type_array_of(t_int, 4)));
    ck_assert(type_has_pointers(type_array_of(t_string, 1)));
}
END_TEST

START_TEST(test_spelling) {
    types_init();
    char b[256];
    ck_assert_str_eq(type_string(type_slice_of(type_pointer_to(t_int)), b, sizeof b, false), "[]*int");
    ck_assert_str_eq(type_string(type_array_of(t_float64, 4), b, sizeof b, false), "[4]float64");
    Type *f = type_new(TY_FUNC);
    Field params[2] = {{.type = t_int}, {.type = type_slice_of(t_any)}};
    Field res[2] = {{.type = t_int}, {.type = t_error}};
    f->fields = params; f->nfields = 2; f->variadic = true;
    f->results = res; f->nresults = 2;
    ck_assert_str_eq(type_string(f, b, sizeof b, false), "func(int, ...any) (int, error)");
    ck_assert_str_eq(type_string(f, b, sizeof b, true), "func(int, ...interface {}) (int, error)");
    const char *n[] = {"a", "b"};
    Type *t[] = {t_bool, t_string};
    ck_assert_str_eq(type_string(mk_struct(2, n, t), b, sizeof b, false), "struct{a bool; b string}");
    ck_assert_str_eq(type_string(mk_struct(2, n, t), b, sizeof b, true), "struct { a bool; b string }");
    ck_assert_str_eq(type_string(type_new(TY_STRUCT), b, sizeof b, true), "struct {}");
    /* truncation keeps the buffer terminated */
    char small[5];
    type_string(f, small, sizeof small, false);
    ck_assert_int_eq(strlen(small), 4);
}
END_TEST

static const char *layout_src =
    "package main\n"
    "import \"unsafe\"\n"
    "type S1 struct { a bool; b int32; c int64; d string }\n"
    "type S2 struct { a byte; b [3]int16; c struct{} }\n"
    "type S3 struct { a int8; b []int; c *S3; d float32; e uint16 }\n"
    "type S5 struct { x int64; y struct{} }\n"
    "type S6 struct { S1; z bool }\n"
    "type S8 struct { f func(); e error; i any; u uintptr; p unsafe.Pointer; f3 float32; b bool }\n"
    "var s1 S1\nvar s2 S2\nvar s3 S3\nvar s5 S5\nvar s6 S6\nvar s8 S8\n"
    "const (\n"
    " a1 = unsafe.Sizeof(s1); a2 = unsafe.Alignof(s1); a3 = unsafe.Offsetof(s1.b); a4 = unsafe.Offsetof(s1.c); a5 = unsafe.Offsetof(s1.d)\n"
    " b1 = unsafe.Sizeof(s2); b2 = unsafe.Alignof(s2); b3 = unsafe.Offsetof(s2.b); b4 = unsafe.Offsetof(s2.c)\n"
    " c1 = unsafe.Sizeof(s3); c2 = unsafe.Offsetof(s3.b); c3 = unsafe.Offsetof(s3.c); c4 = unsafe.Offsetof(s3.d); c5 = unsafe.Offsetof(s3.e)\n"
    " d1 = unsafe.Sizeof(s5); d2 = unsafe.Offsetof(s5.y)\n"
    " e1 = unsafe.Sizeof(s6); e2 = unsafe.Offsetof(s6.z); e3 = unsafe.Offsetof(s6.c)\n"
    " f1 = unsafe.Sizeof(s8); f2 = unsafe.Offsetof(s8.e); f3 = unsafe.Offsetof(s8.i); f4 = unsafe.Offsetof(s8.u)\n"
    " f5 = unsafe.Offsetof(s8.p); f6 = unsafe.Offsetof(s8.f3); f7 = unsafe.Offsetof(s8.b)\n"
    " g1 = unsafe.Sizeof([3]S1{}); g2 = unsafe.Sizeof(\"\"); g3 = unsafe.Sizeof('a'); g4 = unsafe.Sizeof(1.5)\n"
    ")\n"
    "func main() {}\n";

START_TEST(test_layout_program) {
    DiagList d = {0};
    SourceFile *f = parse_source("layout.gol", layout_src, strlen(layout_src), &d);
    Program *p = check_program(f, &d);
    if (d.len) diag_print(&d, stderr, 10);
    ck_assert_ptr_nonnull(p);
    /* expected values: Go 1.19 on amd64 */
    struct { const char *name; long long v; } want[] = {
        {"a1", 32}, {"a2", 8}, {"a3", 4}, {"a4", 8}, {"a5", 16},
        {"b1", 10}, {"b2", 2}, {"b3", 2}, {"b4", 8},
        {"c1", 48}, {"c2", 8}, {"c3", 32}, {"c4", 40}, {"c5", 44},
        {"d1", 16}, {"d2", 8},
        {"e1", 40}, {"e2", 32}, {"e3", 8},
        {"f1", 64}, {"f2", 8}, {"f3", 24}, {"f4", 40}, {"f5", 48}, {"f6", 56}, {"f7", 60},
        {"g1", 96}, {"g2", 16}, {"g3", 4}, {"g4", 8},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        Obj *o = scope_lookup_local(p->main->scope, intern_cstr(want[i].name));
        ck_assert_msg(o && o->cval, "%s missing", want[i].name);
        ck_assert_msg(o->cval->i == want[i].v, "%s = %lld, want %lld", want[i].name, (long long)o->cval->i, want[i].v);
        ck_assert(o->type == t_uintptr);
    }
    diag_free(&d);
    source_free(f);
}
END_TEST

Suite *types_suite(void) {
    Suite *s = suite_create("types");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_basic_sizes);
    tcase_add_test(tc, test_struct_layout);
    tcase_add_test(tc, test_identity_and_predicates);
    tcase_add_test(tc, test_spelling);
    tcase_add_test(tc, test_layout_program);
    suite_add_tcase(s, tc);
    return s;
}
