/* tests/unit/test_arena.c — the front end's support modules: arena, intern table, diagnostics.
 *
 * These are small, but everything else stands on them: the arena must hand out zeroed, aligned
 * memory of any size; interning must map equal spellings to one pointer; diag_print must sort
 * by position, drop duplicates, print Go's formats and stop after 10 errors. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/arena.h"
#include "lang/diag.h"
#include "lang/intern.h"

START_TEST(arena_zeroed_and_aligned) {
    Arena *a = arena_new();
    for (int i = 1; i < 2000; i += 7) {
        unsigned char *p = arena_alloc(a, (size_t)i);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
        for (int j = 0; j < i; j++)
            ck_assert_uint_eq(p[j], 0);
        memset(p, 0xAB, (size_t)i);
    }
    arena_free(a);
}
END_TEST

START_TEST(arena_large_blocks) {
    Arena *a = arena_new();
    char *small = arena_alloc(a, 10);
    char *big = arena_alloc(a, 1 << 20);   /* larger than a chunk: gets its own */
    memset(big, 1, 1 << 20);
    char *after = arena_alloc(a, 10);
    ck_assert_ptr_nonnull(small);
    ck_assert_ptr_nonnull(after);
    ck_assert_int_eq(big[(1 << 20) - 1], 1);
    ck_assert_ptr_nonnull(arena_alloc(a, 0));
    arena_free(a);
    arena_free(NULL);
}
END_TEST

START_TEST(arena_strndup_terminates) {
    Arena *a = arena_new();
    char *s = arena_strndup(a, "hello world", 5);
    ck_assert_str_eq(s, "hello");
    arena_free(a);
}
END_TEST

START_TEST(intern_same_pointer) {
    const char *a = intern("main", 4);
    const char *b = intern_cstr("main");
    char buf[] = "mainly";
    const char *c = intern(buf, 4);
    ck_assert_ptr_eq(a, b);
    ck_assert_ptr_eq(a, c);
    ck_assert_ptr_ne(a, intern_cstr("mainly"));
    ck_assert_str_eq(a, "main");
    /* many names: the table grows and keeps every identity */
    const char *first[3000];
    for (int i = 0; i < 3000; i++) {
        char name[32];
        snprintf(name, sizeof name, "name%d", i);
        first[i] = intern_cstr(name);
    }
    for (int i = 0; i < 3000; i++) {
        char name[32];
        snprintf(name, sizeof name, "name%d", i);
        ck_assert_ptr_eq(first[i], intern_cstr(name));
    }
}
END_TEST

static char *diag_render(DiagList *d, int max) {
    char *buf;
    size_t n;
    FILE *m = open_memstream(&buf, &n);
    diag_print(d, m, max);
    fclose(m);
    return buf;
}

START_TEST(diag_sorted_with_warnings) {
    DiagList d = {0};
    diag_add(&d, DIAG_ERROR, "a.gol", (Pos){12, 5}, "syntax error: unexpected %s", "newline");
    diag_add(&d, DIAG_WARNING, "a.gol", (Pos){3, 2}, "\"%s\" imported and not used", "os");
    diag_add(&d, DIAG_ERROR, "a.gol", (Pos){12, 1}, "first on the line");
    diag_add(&d, DIAG_ERROR, "a.gol", (Pos){12, 5}, "syntax error: unexpected newline");
    ck_assert_int_eq(d.nerrors, 3);
    char *out = diag_render(&d, 10);
    ck_assert_str_eq(out, "a.gol:3:2: warning: \"os\" imported and not used\n"
                          "a.gol:12:1: first on the line\n"
                          "a.gol:12:5: syntax error: unexpected newline\n");
    free(out);
    diag_free(&d);
    ck_assert_int_eq(d.len, 0);
}
END_TEST

START_TEST(diag_stable_and_too_many) {
    DiagList d = {0};
    for (int i = 0; i < 15; i++)
        diag_add(&d, DIAG_ERROR, "b.go", (Pos){20 - i, 1}, "error %d", i);
    diag_add(&d, DIAG_ERROR, "b.go", (Pos){1, 1}, "same place, second");
    char *out = diag_render(&d, 10);
    /* the two errors at 1:1 keep their order; the 11th error becomes "too many errors" */
    ck_assert_ptr_nonnull(strstr(out, "b.go:1:1: same place, second\nb.go:6:1: error 14\n"));
    ck_assert_ptr_nonnull(strstr(out, "too many errors\n"));
    ck_assert_ptr_null(strstr(out, "error 5\n"));
    free(out);
    diag_free(&d);
}
END_TEST

START_TEST(diag_long_message_and_no_position) {
    DiagList d = {0};
    char longmsg[1000];
    memset(longmsg, 'x', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = 0;
    diag_add(&d, DIAG_ERROR, "c.go", (Pos){0, 0}, "%s", longmsg);
    char *out = diag_render(&d, 10);
    ck_assert_int_eq((int)strlen(out), (int)strlen("c.go: ") + 999 + 1);
    free(out);
    diag_free(&d);
}
END_TEST

Suite *arena_suite(void) {
    Suite *s = suite_create("arena");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, arena_zeroed_and_aligned);
    tcase_add_test(tc, arena_large_blocks);
    tcase_add_test(tc, arena_strndup_terminates);
    tcase_add_test(tc, intern_same_pointer);
    tcase_add_test(tc, diag_sorted_with_warnings);
    tcase_add_test(tc, diag_stable_and_too_many);
    tcase_add_test(tc, diag_long_message_and_no_position);
    suite_add_tcase(s, tc);
    return s;
}
