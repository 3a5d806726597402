/* tests/unit/main.c — runs every check-based unit suite.
 *
 * Each tests/unit/test_*.c file defines one or more `Suite *NAME_suite(void)`. They are declared
 * weak here so that a suite can be added in its own file, then listed below. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#define SUITES(X) \
    X(arena) X(lexer) X(parser) X(constant) X(types) X(check) X(gen) \
    X(opcodes) X(golc) X(verify) X(interp) X(strings) X(fmt) X(slices) X(maps) X(malloc) X(mheap) X(gc) X(iface) X(defer) X(gzip) X(session)

#define DECLARE(name) Suite *name##_suite(void) __attribute__((weak));
SUITES(DECLARE)

int main(void) {
    SRunner *sr = srunner_create(NULL);
    int n = 0;
#define ADD(name) if (name##_suite) { srunner_add_suite(sr, name##_suite()); n++; }
    SUITES(ADD)
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("unit tests: %d suites, %d failed checks\n", n, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
