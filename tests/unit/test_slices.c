/* tests/unit/test_slices.c — runtime/slice.c: Go 1.19's growth rule, make and append.
 *
 * The capacity sequences are what `go run` printed (go1.19.8 linux/amd64) for a program that
 * appends one element at a time to a nil slice and prints each new cap(), for elements of 1,
 * 8 and 24 bytes; they exercise both halves of growslice (doubling below 256, then the
 * 1.25x + 192 step) and the size-class rounding. Panics are checked in a child process: they
 * end the program with Go's message and exit status 2.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "runtime/runtime.h"

static const TypeDesc td_byte = { .kind = K_UINT8, .size = 1, .align = 1, .name = "uint8" };
static const TypeDesc td_int = { .kind = K_INT, .size = 8, .align = 8, .name = "int" };
static const TypeDesc td_t24 = { .kind = K_STRUCT, .size = 24, .align = 8, .name = "main.T24" };

static const int64_t go_caps_1[] = { 8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048, 3072, 4096, 5376 };
static const int64_t go_caps_8[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560, 3408, 5120 };
static const int64_t go_caps_24[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 853, 1365, 2048, 3072, 4096, 5461 };

static void check_cap_sequence(const TypeDesc *t, const int64_t *want, int nwant) {
    GolSlice s = {0};
    int k = 0;
    int64_t last = -1;
    for (int i = 0; i < 5000; i++) {
        s = slice_grow(NULL, s, t, 1);
        ck_assert_int_eq(s.len, i + 1);
        memset((uint8_t *)s.ptr + i * t->size, 0x5A, (size_t)t->size);
        if (s.cap != last) {
            ck_assert_msg(k < nwant, "extra capacity %lld", (long long)s.cap);
            ck_assert_msg(s.cap == want[k], "size %lld: capacity #%d is %lld, Go's is %lld",
                          (long long)t->size, k, (long long)s.cap, (long long)want[k]);
            last = s.cap;
            k++;
        }
    }
    ck_assert_int_eq(k, nwant);
    for (int64_t i = 0; i < s.len * t->size; i++) ck_assert_int_eq(((uint8_t *)s.ptr)[i], 0x5A);
}

START_TEST(test_growslice_bytes) { check_cap_sequence(&td_byte, go_caps_1, 13); }
END_TEST
START_TEST(test_growslice_ints) { check_cap_sequence(&td_int, go_caps_8, 16); }
END_TEST
START_TEST(test_growslice_structs) { check_cap_sequence(&td_t24, go_caps_24, 16); }
END_TEST

START_TEST(test_append_slice_caps) {
    /* Go: cap(append([]int{1,2,3}, 4,5,6,7)) == 8; append to cap 5 bytes of 7 more: 16;
     * append(make([]int, 300), 5 more) == 608; append(make([]int,0,5), 11 ints) == 12. */
    int64_t a[3] = {1, 2, 3}, b[4] = {4, 5, 6, 7};
    GolSlice s = slice_append_slice(NULL, (GolSlice){a, 3, 3}, (GolSlice){b, 4, 4}, &td_int);
    ck_assert_int_eq(s.len, 7);
    ck_assert_int_eq(s.cap, 8);
    for (int i = 0; i < 7; i++) ck_assert_int_eq(((int64_t *)s.ptr)[i], i + 1);
    ck_assert_int_eq(((int64_t *)s.ptr)[7], 0);              /* the tail is zeroed */
    uint8_t hello[5] = "hello";
    s = slice_append_slice(NULL, (GolSlice){hello, 5, 5}, (GolSlice){(void *)" world!", 7, 7}, &td_byte);
    ck_assert_int_eq(s.cap, 16);
    ck_assert(memcmp(s.ptr, "hello world!", 12) == 0);
    s = slice_make(NULL, &td_int, 300, 300);
    s = slice_grow(NULL, s, &td_int, 5);
    ck_assert_int_eq(s.cap, 608);
    s = slice_make(NULL, &td_int, 0, 5);
    s = slice_grow(NULL, s, &td_int, 11);
    ck_assert_int_eq(s.cap, 12);
    GolSlice same = slice_grow(NULL, (GolSlice){a, 1, 3}, &td_int, 2);   /* fits: no new array */
    ck_assert_ptr_eq(same.ptr, a);
    ck_assert_int_eq(same.len, 3);
}
END_TEST

START_TEST(test_make_and_round) {
    GolSlice s = slice_make(NULL, &td_int, 3, 10);
    ck_assert_int_eq(s.len, 3);
    ck_assert_int_eq(s.cap, 10);                              /* make never rounds cap */
    for (int i = 0; i < 10; i++) ck_assert_int_eq(((int64_t *)s.ptr)[i], 0);
    ck_assert_int_eq(round_up_size(1), 8);
    ck_assert_int_eq(round_up_size(33), 48);
    ck_assert_int_eq(round_up_size(1025), 1152);
    ck_assert_int_eq(round_up_size(32768), 32768);
    ck_assert_int_eq(round_up_size(32769), 40960);            /* large: whole 8 KiB pages */
    s = slice_make(NULL, &td_int, 0, 0);
    ck_assert_ptr_nonnull(s.ptr);                             /* zerobase, as Go */
}
END_TEST

/* Runs fn in a child; returns its exit status and what it wrote on stderr. */
static int run_child(void (*fn)(void), char *err, size_t errlen) {
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        _exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < errlen && (r = read(fds[0], err + n, errlen - 1 - n)) > 0) n += (size_t)r;
    err[n] = 0;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void make_bad_len(void) { slice_make(NULL, &td_int, -1, 5); }
static void make_bad_cap(void) { slice_make(NULL, &td_int, 6, 5); }
static void make_huge(void) { slice_make(NULL, &td_int, 0, (int64_t)1 << 50); }

START_TEST(test_make_panics) {
    char err[512];
    ck_assert_int_eq(run_child(make_bad_len, err, sizeof err), 2);
    ck_assert_msg(strncmp(err, "panic: runtime error: makeslice: len out of range\n\ngoroutine 1 [running]:\n",
                          75) == 0, "%s", err);
    ck_assert_int_eq(run_child(make_bad_cap, err, sizeof err), 2);
    ck_assert_msg(strstr(err, "panic: runtime error: makeslice: cap out of range\n") == err, "%s", err);
    ck_assert_int_eq(run_child(make_huge, err, sizeof err), 2);
    ck_assert_msg(strstr(err, "makeslice: cap out of range") != NULL, "%s", err);
}
END_TEST

Suite *slices_suite(void) {
    Suite *s = suite_create("slices");
    TCase *tc = tcase_create("growslice");
    tcase_add_test(tc, test_growslice_bytes);
    tcase_add_test(tc, test_growslice_ints);
    tcase_add_test(tc, test_growslice_structs);
    tcase_add_test(tc, test_append_slice_caps);
    tcase_add_test(tc, test_make_and_round);
    tcase_add_test(tc, test_make_panics);
    suite_add_tcase(s, tc);
    return s;
}
