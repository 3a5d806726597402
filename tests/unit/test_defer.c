/* tests/unit/test_defer.c — runtime/defer.c: defer records on a goroutine.
 *
 * A record keeps its frame as an offset from stack_lo, a copy of the callee's params, and the
 * func value to call; the collector's root scan and stack copying read its pointer words through
 * the callee's own stack map. These tests build records on a fake goroutine whose "stack" is a
 * C array, with a hand-made callee:
 *
 *     callee frame: [ result (8) | p *T (8) | n int (8) | s string (16) ]
 *                     word 0       word 1     word 2     words 3, 4
 *     map 0 marks words 0, 1, 3 (the result is a pointer too); params are words 1..4.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>
#include "runtime/runtime.h"

static const uint8_t callee_map[] = { 0x0b };          /* words 0, 1, 3 */
static const FuncInfo callee = {
    .name = "main.callee", .frame_size = 40, .results_size = 8, .args_size = 40,
    .stackmap = { .nwords = 5, .nmaps = 1, .bits = callee_map },
};
static const FuncInfo *const callee_closure = &callee;     /* a static closure: {FuncInfo*} */
static const FuncInfo deferrer = { .name = "main.f", .frame_size = 64 };

static uint8_t stack[4096];

static GolG fake_g(void) {
    GolG g;
    memset(&g, 0, sizeof g);
    g.stack_lo = stack;
    g.stack_hi = stack + sizeof stack;
    return g;
}

/* Lays out callee params at callee_base as a caller would: p, n, s. */
static void put_params(uint8_t *callee_base, void *p, int64_t n, const char *s) {
    memcpy(callee_base + 8, &p, 8);
    memcpy(callee_base + 16, &n, 8);
    GolString str = { (const uint8_t *)s, (int64_t)strlen(s) };
    memcpy(callee_base + 24, &str, 16);
}

START_TEST(test_push_and_pop_lifo) {
    GolG g = fake_g();
    uint8_t *frame = stack + 256, *out = stack + 512;
    int x = 1, y = 2;
    put_params(out, &x, 10, "first");
    defer_push(&g, &callee_closure, &deferrer, frame, 7, out);
    put_params(out, &y, 20, "second");
    defer_push(&g, &callee_closure, &deferrer, frame, 7, out);
    memset(out, 0xee, 40);                        /* the outgoing area is reused at once */

    ck_assert(defer_is_mine(&g, frame));
    ck_assert(!defer_is_mine(&g, frame + 64));    /* a record names its frame exactly */
    ck_assert_uint_eq(g.defers->frame_off, 256);
    ck_assert_uint_eq(g.defers->resume_pc, 7);
    ck_assert_uint_eq(g.defers->params_size, 32);

    uint8_t callee_base[40];
    memset(callee_base, 0, sizeof callee_base);
    ck_assert_ptr_eq(defer_pop_into(&g, callee_base), &callee_closure);   /* newest first */
    void *p;
    int64_t n;
    memcpy(&p, callee_base + 8, 8);
    memcpy(&n, callee_base + 16, 8);
    ck_assert_ptr_eq(p, &y);
    ck_assert_int_eq(n, 20);
    ck_assert_ptr_eq(defer_pop_into(&g, callee_base), &callee_closure);
    memcpy(&p, callee_base + 8, 8);
    ck_assert_ptr_eq(p, &x);
    ck_assert_ptr_null(g.defers);
    ck_assert(!defer_is_mine(&g, frame));
}
END_TEST

static const void *marked[16];
static int nmarked;
static void mark(const void *p) { if (nmarked < 16) marked[nmarked++] = p; }

static const char text[] = "text";

START_TEST(test_scan_uses_callee_map) {
    GolG g = fake_g();
    uint8_t *frame = stack + 128, *out = stack + 1024;
    int target;
    put_params(out, &target, (int64_t)(uintptr_t)&nmarked, text);   /* n looks like a pointer */
    defer_push(&g, &callee_closure, &deferrer, frame, 3, out);
    nmarked = 0;
    defer_scan(&g, mark);
    /* the func value, p (word 1) and s's pointer (word 3); not n (word 2), not s's length */
    ck_assert_int_eq(nmarked, 3);
    ck_assert_ptr_eq(marked[0], &callee_closure);
    ck_assert_ptr_eq(marked[1], &target);
    ck_assert_ptr_eq(marked[2], text);
    defer_free(g.defers);
}
END_TEST

START_TEST(test_adjust_moves_stack_pointers) {
    GolG g = fake_g();
    uint8_t *frame = stack + 64, *out = stack + 2048;
    int elsewhere;
    put_params(out, stack + 300, 0, "s");        /* p points into the stack */
    defer_push(&g, &callee_closure, &deferrer, frame, 3, out);
    put_params(out, &elsewhere, 0, "s");         /* p points outside it */
    defer_push(&g, &callee_closure, &deferrer, frame, 3, out);
    defer_adjust(&g, (uintptr_t)stack, (uintptr_t)(stack + sizeof stack), 4096);
    void *p;
    memcpy(&p, g.defers->params, 8);             /* newest: outside, unchanged */
    ck_assert_ptr_eq(p, &elsewhere);
    memcpy(&p, g.defers->link->params, 8);       /* oldest: moved by the delta */
    ck_assert_ptr_eq(p, stack + 300 + 4096);
    ck_assert_uint_eq(g.defers->link->frame_off, 64);   /* offsets need no adjusting */
    defer_free(g.defers->link);
    defer_free(g.defers);
}
END_TEST

START_TEST(test_nil_func_value_and_catch_records) {
    GolG g = fake_g();
    uint8_t *frame = stack + 512;
    defer_push(&g, NULL, &deferrer, frame, 9, stack + 1024);   /* defer of a nil func value */
    ck_assert_ptr_null(g.defers->fnval);
    ck_assert_uint_eq(g.defers->params_size, 0);
    nmarked = 0;
    defer_scan(&g, mark);
    ck_assert(nmarked <= 1 && (nmarked == 0 || marked[0] == NULL));
    g.func = &deferrer;
    defer_push_catch(&g, frame + 128);            /* a native's catch record */
    ck_assert(g.defers->catch_native);
    defer_pop_catch(&g, frame);                   /* not this frame's: stays */
    ck_assert(g.defers->catch_native);
    defer_pop_catch(&g, frame + 128);
    ck_assert(!g.defers->catch_native);
    ck_assert_ptr_null(defer_pop_into(&g, NULL));
    ck_assert_ptr_null(g.defers);
}
END_TEST

Suite *defer_suite(void) {
    Suite *s = suite_create("defer");
    TCase *tc = tcase_create("records");
    tcase_add_test(tc, test_push_and_pop_lifo);
    tcase_add_test(tc, test_scan_uses_callee_map);
    tcase_add_test(tc, test_adjust_moves_stack_pointers);
    tcase_add_test(tc, test_nil_func_value_and_catch_records);
    suite_add_tcase(s, tc);
    return s;
}
