/* tests/unit/test_interp.c — the interpreter on hand-assembled modules.
 *
 * Each test builds a small module with tests/unit/vm_asm.h, runs it with vm_run and reads the
 * results the code stored in the globals. Programs that must die (panics, stack overflow) run
 * in a forked child whose stderr is captured, so the test sees the exit status and Go's exact
 * message, as a user would.
 */
#include <check.h>
#include <stdlib.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/unit/vm_asm.h"
#include "vm/interp.h"

static int64_t global_i64(const Module *m, int64_t off) {
    int64_t v;
    memcpy(&v, m->globals + off, 8);
    return v;
}

static void run_ok(Module *m) {
    char err[512];
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    ck_assert_msg(module_bind_natives(m, err, sizeof err), "%s", err);
    ck_assert_int_eq(vm_run(m), 0);
}

/* Runs m in a child; returns its exit status (or 128+signal) and its stderr in out. */
static int run_child(Module *m, char *out, size_t outlen) {
    char err[512];
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    ck_assert_msg(module_bind_natives(m, err, sizeof err), "%s", err);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        vm_run(m);
        _exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    for (ssize_t r; n + 1 < outlen && (r = read(fds[0], out + n, outlen - 1 - n)) > 0;) n += (size_t)r;
    out[n] = 0;
    char sink[4096];
    while (read(fds[0], sink, sizeof sink) > 0) {}
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A module of one function `main.main` (frame `frame`) with `nglobals` 8-byte globals. */
static Module *one_func(const uint32_t *code, uint32_t ncode, uint32_t frame, int nglobals) {
    Module *m = asm_module(1);
    asm_func(m, 0, "main.main", frame, 0, 0, code, ncode);
    m->globals_size = 8 * nglobals;
    return m;
}

/* Stores slot s into global word k: GADDR into slot 0, ST_64. Slot 0 is the scratch slot. */
#define STORE_G(k, s) OP_GADDR, 0, (k) * 8, OP_ST_64, 0, 0, (s)

/* GOLDEBUG=clobberdead=1 poisons a pointer slot the map calls dead at a safepoint, so a wrong
 * liveness bit shows at once; without it the stale value is read back silently. */
START_TEST(test_clobberdead_poisons_dead_slot) {
    char *saved = getenv("GOLDEBUG") ? strdup(getenv("GOLDEBUG")) : NULL;
    Module *m = asm_wrongly_dead_module();
    setenv("GOLDEBUG", "", 1);
    run_ok(m);
    ck_assert_ptr_eq((void *)global_i64(m, 0), m->globals + 16);
    asm_free(m);
    m = asm_wrongly_dead_module();
    setenv("GOLDEBUG", "clobberdead=1", 1);
    run_ok(m);
    if (saved) setenv("GOLDEBUG", saved, 1); else unsetenv("GOLDEBUG");
    free(saved);
    ck_assert_uint_eq((uint64_t)global_i64(m, 0), CLOBBER_DEAD_WORD);
    asm_free(m);
}
END_TEST

START_TEST(test_fib) {
    Module *m = asm_fib_module(20);
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 6765);
    asm_free(m);
}
END_TEST

START_TEST(test_arith_wrap) {
    uint32_t code[] = {
        OP_LOADK, 8, 0,                 /* @8 = MaxInt64 */
        OP_ADDI, 16, 8, 1,              /* @16 = MaxInt64 + 1 wraps to MinInt64 */
        STORE_G(0, 16),
        OP_LOADI, 24, (uint32_t)-1,
        OP_DIV_I, 32, 16, 24,           /* MinInt64 / -1 = MinInt64 */
        STORE_G(1, 32),
        OP_REM_I, 32, 16, 24,           /* MinInt64 % -1 = 0 */
        STORE_G(2, 32),
        OP_LOADI, 24, 7,
        OP_LOADI, 40, (uint32_t)-23,
        OP_DIV_I, 32, 40, 24,           /* -23 / 7 = -3 (truncated) */
        STORE_G(3, 32),
        OP_REM_I, 32, 40, 24,           /* -23 % 7 = -2 */
        STORE_G(4, 32),
        OP_LOADI, 24, 64,
        OP_SHL, 32, 8, 24,              /* x << 64 = 0 */
        STORE_G(5, 32),
        OP_SHR_I, 32, 40, 24,           /* -23 >> 64 = -1 */
        STORE_G(6, 32),
        OP_LOADI, 24, 200,
        OP_SEXT8, 32, 24,               /* int8(200) = -56 */
        STORE_G(7, 32),
        OP_LOADK, 24, 1,                /* 1e300 */
        OP_F2I, 32, 24,                 /* amd64: 0x8000000000000000 */
        STORE_G(8, 32),
        OP_LOADI, 24, (uint32_t)-1,
        OP_U2F, 32, 24,                 /* float64(uint64 max) = 2^64 */
        OP_F2U, 32, 32,                 /* back: 2^64 is out of range */
        STORE_G(9, 32),
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 48, 10);
    double big = 1e300;
    m->nconsts = 2;
    m->consts = malloc(16);
    m->consts[0] = (uint64_t)INT64_MAX;
    memcpy(&m->consts[1], &big, 8);
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), INT64_MIN);
    ck_assert_int_eq(global_i64(m, 8), INT64_MIN);
    ck_assert_int_eq(global_i64(m, 16), 0);
    ck_assert_int_eq(global_i64(m, 24), -3);
    ck_assert_int_eq(global_i64(m, 32), -2);
    ck_assert_int_eq(global_i64(m, 40), 0);
    ck_assert_int_eq(global_i64(m, 48), -1);
    ck_assert_int_eq(global_i64(m, 56), -56);
    ck_assert_int_eq(global_i64(m, 64), INT64_MIN);
    ck_assert_int_eq(global_i64(m, 72), INT64_MIN);
    asm_free(m);
}
END_TEST

START_TEST(test_loop_and_floats) {
    /* sum = 0; for i := 0; i < 1000; i++ { sum += i }; f = float64(sum) * 0.5 */
    uint32_t code[] = {
        OP_LOADI, 8, 0,                 /*  0: sum */
        OP_LOADI, 16, 0,                /*  3: i */
        OP_JGEI, 16, 1000, 20,          /*  6: loop head, exits to 20 */
        OP_ADD_I, 8, 8, 16,             /* 10 */
        OP_ADDI, 16, 16, 1,             /* 14 */
        OP_JMP, 6,                      /* 18: back edge */
        STORE_G(0, 8),                  /* 20 */
        OP_I2F, 24, 8,
        OP_LOADK, 32, 0,
        OP_MUL_F, 24, 24, 32,
        OP_F2I, 24, 24,
        STORE_G(1, 24),
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 40, 2);
    double half = 0.5;
    m->nconsts = 1;
    m->consts = malloc(8);
    memcpy(&m->consts[0], &half, 8);
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 499500);
    ck_assert_int_eq(global_i64(m, 8), 249750);
    asm_free(m);
}
END_TEST

/* rec(n) = n == 0 ? 0 : rec(n-1) + 1, called with n = depth. */
static Module *recursion_module(int32_t depth, bool unbounded) {
    uint32_t main_code[] = {
        OP_LOADI, 32, (uint32_t)depth,
        OP_CALL, 1, 8,
        OP_GADDR, 0, 0,
        OP_ST_64, 0, 0, 24,
        OP_RET,
    };
    uint32_t rec_code[] = {
        OP_JNEI, 8, 0, 8,               /* 0: if n != 0 goto 8 */
        OP_LOADI, 0, 0,                 /* 4 */
        OP_RET,                         /* 7 */
        OP_ADDI, 40, 8, (uint32_t)-1,   /* 8 */
        OP_CALL, 1, 16,                 /* 12 */
        OP_ADDI, 0, 32, 1,              /* 15 */
        OP_RET,                         /* 19 */
    };
    if (unbounded) rec_code[2] = 0x7fffffff;   /* never takes the base case */
    Module *m = asm_module(2);
    asm_func(m, 0, "main.main", 40, 0, 0, main_code, sizeof main_code / 4);
    asm_func(m, 1, "main.rec", 48, 8, 16, rec_code, sizeof rec_code / 4);
    m->globals_size = 8;
    return m;
}

START_TEST(test_deep_recursion) {
    Module *m = recursion_module(1000000, false);
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 1000000);
    asm_free(m);
}
END_TEST

START_TEST(test_stack_overflow) {
    Module *m = recursion_module(1, true);
    char out[8192];
    int status = run_child(m, out, sizeof out);
    ck_assert_int_eq(status, 2);
    ck_assert_msg(strstr(out, "runtime: goroutine stack exceeds 1000000000-byte limit\n"), "%s", out);
    ck_assert_msg(strstr(out, "fatal error: stack overflow"), "%s", out);
    ck_assert_msg(strstr(out, "main.rec("), "%s", out);
    asm_free(m);
}
END_TEST

START_TEST(test_divide_by_zero) {
    uint32_t code[] = {
        OP_LOADI, 8, 1,
        OP_LOADI, 16, 0,
        OP_DIV_I, 24, 8, 16,
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 32, 0);
    char out[4096];
    ck_assert_int_eq(run_child(m, out, sizeof out), 2);
    ck_assert_msg(strstr(out, "panic: runtime error: integer divide by zero\n"), "%s", out);
    ck_assert_msg(strstr(out, "goroutine 1 [running]:\nmain.main()\n\ttest.gol:2"), "%s", out);
    asm_free(m);
}
END_TEST

START_TEST(test_nil_deref_and_callind) {
    uint32_t code[] = {
        OP_LOADI, 8, 0,
        OP_LD_64, 16, 8, 0,
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 24, 0);
    char out[4096];
    ck_assert_int_eq(run_child(m, out, sizeof out), 2);
    ck_assert_msg(strstr(out, "invalid memory address or nil pointer dereference"), "%s", out);
    asm_free(m);

    uint32_t code2[] = {
        OP_LOADI, 8, 0,
        OP_CALLIND, 8, 16,
        OP_RET,
    };
    m = one_func(code2, sizeof code2 / 4, 32, 0);
    ck_assert_int_eq(run_child(m, out, sizeof out), 2);
    ck_assert_msg(strstr(out, "invalid memory address or nil pointer dereference"), "%s", out);
    asm_free(m);
}
END_TEST

START_TEST(test_func_values) {
    /* f := fib; f(15) through CALLIND */
    uint32_t main_code[] = {
        OP_LOADFN, 40, 1,
        OP_LOADI, 32, 15,
        OP_CALLIND, 40, 8,
        STORE_G(0, 24),
        OP_RET,
    };
    Module *m = asm_module(2);
    asm_func(m, 0, "main.main", 48, 0, 0, main_code, sizeof main_code / 4);
    asm_func(m, 1, "main.fib", 64, 8, 16, asm_fib_code, sizeof asm_fib_code / 4);
    m->globals_size = 8;
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 610);
    asm_free(m);
}
END_TEST

static TypeDesc int_type = { .kind = K_INT, .flags = TDF_COMPARABLE | TDF_REGULAR_MEM, .size = 8,
                             .align = 8, .name = "int" };

START_TEST(test_slices) {
    /* s := make([]int, 3, 4); s[2] = 42; t := s[1:4]; g0 = t[1]; g1 = len(t); g2 = cap(t) */
    uint32_t code[] = {
        OP_LOADI, 8, 3,
        OP_LOADI, 16, 4,
        OP_MAKESLICE, 24, 0, 8, 16,     /* @24 s */
        OP_LOADI, 48, 2,
        OP_LOADI, 56, 42,
        OP_SLICE_ST_64, 24, 48, 56,
        OP_LOADI, 48, 1,
        OP_RESLICE, 64, 24, 48, 16, 40, 8,   /* s[1:4] (max = cap slot: two-index form) */
        OP_LOADI, 48, 1,
        OP_SLICE_LD_64, 88, 64, 48,
        STORE_G(0, 88),
        STORE_G(1, 72),
        STORE_G(2, 80),
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 96, 3);
    m->types = &int_type;
    m->ntypes = 1;
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 42);
    ck_assert_int_eq(global_i64(m, 8), 3);
    ck_assert_int_eq(global_i64(m, 16), 3);
    m->types = NULL;
    asm_free(m);
}
END_TEST

START_TEST(test_bounds_messages) {
    uint32_t code[] = {
        OP_LOADI, 8, 3,
        OP_MAKESLICE, 24, 0, 8, 8,
        OP_LOADI, 48, 5,
        OP_SLICE_LD_64, 56, 24, 48,
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 64, 0);
    m->types = &int_type;
    m->ntypes = 1;
    char out[4096];
    ck_assert_int_eq(run_child(m, out, sizeof out), 2);
    ck_assert_msg(strstr(out, "panic: runtime error: index out of range [5] with length 3\n"), "%s", out);
    m->types = NULL;
    asm_free(m);

    uint32_t code2[] = {
        OP_LOADI, 8, 4,
        OP_MAKESLICE, 24, 0, 8, 8,
        OP_LOADI, 48, 0,
        OP_LOADI, 56, 7,
        OP_RESLICE, 64, 24, 48, 56, 40, 8,   /* s[0:7] */
        OP_RET,
    };
    m = one_func(code2, sizeof code2 / 4, 88, 0);
    m->types = &int_type;
    m->ntypes = 1;
    ck_assert_int_eq(run_child(m, out, sizeof out), 2);
    ck_assert_msg(strstr(out, "panic: runtime error: slice bounds out of range [:7] with capacity 4\n"), "%s", out);
    m->types = NULL;
    asm_free(m);
}
END_TEST

START_TEST(test_strings) {
    /* a := "hello, "; b := "world"; c := a + b; g0 = len(c); g1 = c == "hello, world"; g2 = c[7] */
    uint32_t code[] = {
        OP_LOADSTR, 8, 0,
        OP_LOADSTR, 24, 1,
        OP_CONCAT, 40, 8, 24,
        STORE_G(0, 48),
        OP_LOADSTR, 8, 2,
        OP_EQ_STR, 56, 40, 8,
        STORE_G(1, 56),
        OP_LOADI, 64, 7,
        OP_STR_INDEX, 56, 40, 64,
        STORE_G(2, 56),
        OP_LT_STR, 56, 24, 8,           /* "world" < "hello, world" is false */
        STORE_G(3, 56),
        OP_RET,
    };
    Module *m = one_func(code, sizeof code / 4, 72, 4);
    m->nstrings = 3;
    m->strings = malloc(3 * sizeof(GolString));
    m->strings[0] = (GolString){ (const uint8_t *)"hello, ", 7 };
    m->strings[1] = (GolString){ (const uint8_t *)"world", 5 };
    m->strings[2] = (GolString){ (const uint8_t *)"hello, world", 12 };
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 12);
    ck_assert_int_eq(global_i64(m, 8), 1);
    ck_assert_int_eq(global_i64(m, 16), 'w');
    ck_assert_int_eq(global_i64(m, 24), 0);
    asm_free(m);
}
END_TEST

/* GOLDEBUG=stackmove=1 copies the stack to a new place at every call and unmaps the old one:
 * the results must not change (nothing may hold a stack address across a call). */
START_TEST(test_stackmove_stress) {
    setenv("GOLDEBUG", "gcstress=0,stackmove=1", 1);
    Module *m = asm_fib_module(15);
    run_ok(m);
    ck_assert_int_eq(global_i64(m, 0), 610);
    asm_free(m);
    unsetenv("GOLDEBUG");
}
END_TEST

/* GOLDEBUG=vmtrace=1 prints each instruction with its source values before it runs. */
START_TEST(test_vmtrace) {
    setenv("GOLDEBUG", "vmtrace=1", 1);
    Module *m = asm_fib_module(2);
    char out[16384];
    ck_assert_int_eq(run_child(m, out, sizeof out), 0);
    ck_assert_msg(strstr(out, "main.fib                     0  JGEI        @8, 2, ->8"), "%s", out);
    ck_assert_msg(strstr(out, " @8=2\n"), "%s", out);
    ck_assert_msg(strstr(out, "main.main                   13  RET"), "%s", out);
    asm_free(m);
    unsetenv("GOLDEBUG");
}
END_TEST

Suite *interp_suite(void) {
    Suite *s = suite_create("interp");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_fib);
    tcase_add_test(tc, test_clobberdead_poisons_dead_slot);
    tcase_add_test(tc, test_arith_wrap);
    tcase_add_test(tc, test_loop_and_floats);
    tcase_add_test(tc, test_deep_recursion);
    tcase_add_test(tc, test_stack_overflow);
    tcase_add_test(tc, test_divide_by_zero);
    tcase_add_test(tc, test_nil_deref_and_callind);
    tcase_add_test(tc, test_func_values);
    tcase_add_test(tc, test_slices);
    tcase_add_test(tc, test_bounds_messages);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_stackmove_stress);
    tcase_add_test(tc, test_vmtrace);
    suite_add_tcase(s, tc);
    return s;
}
