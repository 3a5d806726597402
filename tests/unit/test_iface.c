/* tests/unit/test_iface.c — runtime/iface.c: itabs, conversions and assertions on hand-built
 * type descriptors.
 *
 * The module has four functions standing for method bodies; a type's TypeMethod.ifn names the
 * one an itab must hold. Checked: the merge walk fills fun[] in the interface's order, an itab
 * is built once per (interface, type) pair (the same pointer comes back), a missing method or
 * a method of the wrong func type yields NULL and the first missing name, conversions keep nil
 * nil, and comma-ok assertions unbox in register form and zero on failure. Panics (the text of
 * a failed x.(T)) are checked by the golden tests in tests/golden/panic/iface_*.gol.
 */
#include <check.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/iface.h"

static const TypeDesc td_func_void = { .kind = K_FUNC, .size = 8, .align = 8, .name = "func()" };
static const TypeDesc td_func_int = { .kind = K_FUNC, .size = 8, .align = 8, .name = "func() int" };

/* interface { A(); B() int } and interface { C() } */
static const TypeMethod im_ab[] = { { .name = "A", .mtype = &td_func_void }, { .name = "B", .mtype = &td_func_int } };
static const TypeDesc td_iab = { .kind = K_INTERFACE, .size = 16, .align = 8, .name = "main.AB",
                                 .nmethods = 2, .methods = im_ab };
static const TypeMethod im_c[] = { { .name = "C", .mtype = &td_func_void } };
static const TypeDesc td_ic = { .kind = K_INTERFACE, .size = 16, .align = 8, .name = "main.C",
                                .nmethods = 1, .methods = im_c };
static const TypeDesc td_any = { .kind = K_INTERFACE, .size = 16, .align = 8, .name = "interface {}" };

/* T has A, B and Z (ifn 0, 1, 2); U has A and a B of the wrong type; the int8 N has C. */
static const TypeMethod tm_t[] = {
    { .name = "A", .func = 0, .ifn = 0, .mtype = &td_func_void },
    { .name = "B", .func = 1, .ifn = 1, .mtype = &td_func_int },
    { .name = "Z", .func = 2, .ifn = 2, .mtype = &td_func_void },
};
static const TypeDesc td_t = { .kind = K_STRUCT, .size = 8, .align = 8, .name = "main.T", .nmethods = 3,
                               .methods = tm_t };
static const TypeMethod tm_u[] = {
    { .name = "A", .func = 0, .ifn = 0, .mtype = &td_func_void },
    { .name = "B", .func = 1, .ifn = 1, .mtype = &td_func_void },
};
static const TypeDesc td_u = { .kind = K_STRUCT, .size = 8, .align = 8, .name = "main.U", .nmethods = 2,
                               .methods = tm_u };
static const TypeMethod tm_n[] = { { .name = "C", .func = 3, .ifn = 3, .mtype = &td_func_void } };
static const TypeDesc td_n = { .kind = K_INT8, .size = 1, .align = 1, .name = "main.N", .nmethods = 1,
                               .methods = tm_n };

static FuncInfo funcs[4] = { { .name = "A" }, { .name = "B" }, { .name = "Z" }, { .name = "C" } };
static Module mod = { .funcs = funcs, .nfuncs = 4 };

static GolG *test_g(void) {
    static GolG g;
    g.mod = &mod;
    return &g;
}

START_TEST(test_itab_fun_in_interface_order) {
    const Itab *m = itab_find(test_g(), &td_iab, &td_t, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_eq(m->inter, &td_iab);
    ck_assert_ptr_eq(m->type, &td_t);
    ck_assert_int_eq(m->nfun, 2);
    ck_assert_ptr_eq(m->fun[0], &funcs[0]);
    ck_assert_ptr_eq(m->fun[1], &funcs[1]);
    ck_assert_ptr_eq(itab_find(test_g(), &td_iab, &td_t, NULL), m);      /* cached: built once */
}
END_TEST

START_TEST(test_itab_missing_and_wrong_type) {
    const char *missing = NULL;
    ck_assert_ptr_null(itab_find(test_g(), &td_ic, &td_t, &missing));
    ck_assert_str_eq(missing, "C");
    missing = NULL;
    ck_assert_ptr_null(itab_find(test_g(), &td_iab, &td_u, &missing));   /* B() has the wrong type */
    ck_assert_str_eq(missing, "B");
    missing = NULL;
    ck_assert_ptr_null(itab_find(test_g(), &td_iab, &td_u, &missing));   /* the negative entry, cached */
    ck_assert_str_eq(missing, "B");
}
END_TEST

START_TEST(test_itab_many_pairs) {
    /* enough pairs to grow the table several times; every one found again afterwards */
    static TypeDesc types[300];
    const Itab *first[300];
    for (int i = 0; i < 300; i++) {
        types[i] = td_t;
        first[i] = itab_find(test_g(), &td_iab, &types[i], NULL);
        ck_assert_ptr_nonnull(first[i]);
    }
    for (int i = 0; i < 300; i++) ck_assert_ptr_eq(itab_find(test_g(), &td_iab, &types[i], NULL), first[i]);
}
END_TEST

START_TEST(test_dynamic_type_and_conversions) {
    GolG *g = test_g();
    int64_t box = 7;
    GolIface e = { &td_t, &box };                            /* an eface holding a T */
    GolIface i = iface_convert(g, &td_iab, e, true);         /* to AB: word0 becomes the itab */
    ck_assert_ptr_eq(((const Itab *)i.type)->type, &td_t);
    ck_assert_ptr_eq(i.data, &box);
    ck_assert_ptr_eq(iface_dynamic_type(i.type, false), &td_t);
    ck_assert_ptr_eq(iface_dynamic_type(e.type, true), &td_t);
    GolIface back = iface_to_eface(i, false);
    ck_assert_ptr_eq(back.type, &td_t);
    ck_assert(iface_type_is_empty(&td_any));
    ck_assert(!iface_type_is_empty(&td_iab));
    GolIface nil = iface_convert(g, &td_iab, (GolIface){ NULL, NULL }, true);
    ck_assert_ptr_null(nil.type);
    ck_assert_ptr_null(iface_dynamic_type(NULL, false));
}
END_TEST

START_TEST(test_assert_ok_unboxes_register_form) {
    GolG *g = test_g();
    int8_t minus = -3;
    GolIface e = { &td_n, &minus };
    int64_t slot = 0x5555555555555555;
    ck_assert(iface_assert_ok(g, (uint8_t *)&slot, e, &td_n, &td_any));
    ck_assert_int_eq(slot, -3);                              /* sign-extended to 8 bytes */
    ck_assert(!iface_assert_ok(g, (uint8_t *)&slot, e, &td_t, &td_any));
    ck_assert_int_eq(slot, 0);                               /* T's zero value on failure */
    GolIface out[1];
    ck_assert(iface_assert_ok(g, (uint8_t *)out, e, &td_ic, &td_any));    /* N implements C */
    ck_assert_ptr_eq(iface_dynamic_type(out[0].type, false), &td_n);
    ck_assert(!iface_assert_ok(g, (uint8_t *)out, e, &td_iab, &td_any));
    ck_assert_ptr_null(out[0].type);
    ck_assert(iface_type_is(g, e, &td_ic, &td_any));
    ck_assert(!iface_type_is(g, (GolIface){ NULL, NULL }, &td_any, &td_any));   /* nil matches no type */
}
END_TEST

START_TEST(test_itab_cache_per_module) {
    GolG *g = test_g();
    const Itab *m1 = itab_find(g, &td_iab, &td_t, NULL);
    ck_assert_ptr_eq(m1->fun[0], &funcs[0]);
    static FuncInfo funcs2[4] = { { .name = "A2" }, { .name = "B2" }, { .name = "Z2" }, { .name = "C2" } };
    static Module mod2 = { .funcs = funcs2, .nfuncs = 4 };
    g->mod = &mod2;                                          /* another module runs: a new cache */
    const Itab *m2 = itab_find(g, &td_iab, &td_t, NULL);
    ck_assert_ptr_eq(m2->fun[0], &funcs2[0]);
    ck_assert_ptr_eq(m2->fun[1], &funcs2[1]);
    g->mod = &mod;
}
END_TEST

Suite *iface_suite(void) {
    Suite *s = suite_create("iface");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_itab_fun_in_interface_order);
    tcase_add_test(tc, test_itab_missing_and_wrong_type);
    tcase_add_test(tc, test_itab_many_pairs);
    tcase_add_test(tc, test_dynamic_type_and_conversions);
    tcase_add_test(tc, test_assert_ok_unboxes_register_form);
    tcase_add_test(tc, test_itab_cache_per_module);
    suite_add_tcase(s, tc);
    return s;
}
