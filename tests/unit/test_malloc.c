/* tests/unit/test_malloc.c — runtime/malloc.c: Go's size classes and exact accounting.
 *
 * The reference table is copied from /work/shared/reference/go-runtime-facts.md §2.1 (Go 1.19's
 * runtime/sizeclasses.go): bytes per object, bytes per span, objects per span and tail waste for
 * each of the 67 real classes. build/runtime/sizeclasses.h, which tools/mksizeclasses.c computes
 * from Go's policy, must reproduce it exactly, and so must the lookup tables built from it.
 */
#include <check.h>
#include "runtime/runtime.h"
#include "runtime/malloc.h"
#include "runtime/mstats.h"

typedef struct RefClass { int size, span, objects, tail; } RefClass;

static const RefClass go_classes[67] = {
    {8, 8192, 1024, 0}, {16, 8192, 512, 0}, {24, 8192, 341, 8}, {32, 8192, 256, 0}, {48, 8192, 170, 32},
    {64, 8192, 128, 0}, {80, 8192, 102, 32}, {96, 8192, 85, 32}, {112, 8192, 73, 16}, {128, 8192, 64, 0},
    {144, 8192, 56, 128}, {160, 8192, 51, 32}, {176, 8192, 46, 96}, {192, 8192, 42, 128}, {208, 8192, 39, 80},
    {224, 8192, 36, 128}, {240, 8192, 34, 32}, {256, 8192, 32, 0}, {288, 8192, 28, 128}, {320, 8192, 25, 192},
    {352, 8192, 23, 96}, {384, 8192, 21, 128}, {416, 8192, 19, 288}, {448, 8192, 18, 128}, {480, 8192, 17, 32},
    {512, 8192, 16, 0}, {576, 8192, 14, 128}, {640, 8192, 12, 512}, {704, 8192, 11, 448}, {768, 8192, 10, 512},
    {896, 8192, 9, 128}, {1024, 8192, 8, 0}, {1152, 8192, 7, 128}, {1280, 8192, 6, 512}, {1408, 16384, 11, 896},
    {1536, 8192, 5, 512}, {1792, 16384, 9, 256}, {2048, 8192, 4, 0}, {2304, 16384, 7, 256}, {2688, 8192, 3, 128},
    {3072, 24576, 8, 0}, {3200, 16384, 5, 384}, {3456, 24576, 7, 384}, {4096, 8192, 2, 0}, {4864, 24576, 5, 256},
    {5376, 16384, 3, 256}, {6144, 24576, 4, 0}, {6528, 32768, 5, 128}, {6784, 40960, 6, 256}, {6912, 49152, 7, 768},
    {8192, 8192, 1, 0}, {9472, 57344, 6, 512}, {9728, 49152, 5, 512}, {10240, 40960, 4, 0}, {10880, 32768, 3, 128},
    {12288, 24576, 2, 0}, {13568, 40960, 3, 256}, {14336, 57344, 4, 0}, {16384, 16384, 1, 0}, {18432, 73728, 4, 0},
    {19072, 57344, 3, 128}, {20480, 40960, 2, 0}, {21760, 65536, 3, 256}, {24576, 24576, 1, 0},
    {27264, 81920, 3, 128}, {28672, 57344, 2, 0}, {32768, 32768, 1, 0},
};

START_TEST(test_sizeclasses_equal_go) {
    ck_assert_int_eq(SC_NUM_CLASSES, 68);
    ck_assert_int_eq(SC_PAGE_SIZE, 8192);
    ck_assert_int_eq(class_to_size[0], 0);
    for (int c = 1; c < SC_NUM_CLASSES; c++) {
        const RefClass *r = &go_classes[c - 1];
        int span = class_to_allocnpages[c] * SC_PAGE_SIZE;
        ck_assert_int_eq(class_to_size[c], r->size);
        ck_assert_int_eq(span, r->span);
        ck_assert_int_eq(span / class_to_size[c], r->objects);
        ck_assert_int_eq(span - r->objects * r->size, r->tail);
        ck_assert_uint_eq(class_to_divmagic[c], 0xFFFFFFFFu / (unsigned)r->size + 1);
    }
}
END_TEST

/* Every request size maps to the smallest class that holds it. */
START_TEST(test_size_to_class) {
    for (size_t size = 1; size <= SC_MAX_SMALL_SIZE; size++) {
        int c = malloc_size_class(size);
        ck_assert_msg(c > 0 && class_to_size[c] >= size, "size %zu -> class %d", size, c);
        ck_assert_msg(class_to_size[c - 1] < size, "size %zu -> class %d is not the smallest", size, c);
    }
    ck_assert_int_eq(malloc_size_class(0), 0);
    ck_assert_int_eq(malloc_size_class(SC_MAX_SMALL_SIZE + 1), 0);
    ck_assert_uint_eq(malloc_alloc_size(1016), 1024);
    ck_assert_uint_eq(malloc_alloc_size(1017), 1024);
    ck_assert_uint_eq(malloc_alloc_size(1025), 1152);
    ck_assert_uint_eq(malloc_alloc_size(40000), 40960);
}
END_TEST

START_TEST(test_accounting) {
    GoMemStats before, after;
    mstats_read(&before);
    ck_assert_ptr_eq(mallocgc_noscan(NULL, 0, true), &zerobase);
    mstats_read(&after);
    ck_assert_uint_eq(after.Mallocs, before.Mallocs);               /* size 0 counts nothing */
    uint8_t *p = mallocgc_noscan(NULL, 20, true);                    /* class 3: 24 bytes */
    for (int i = 0; i < 24; i++) ck_assert_int_eq(p[i], 0);
    ck_assert_uint_eq((uintptr_t)p % 8, 0);
    mallocgc_noscan(NULL, 1000, false);                              /* class 32: 1024 */
    mallocgc_noscan(NULL, 1000, false);
    mallocgc_noscan(NULL, 40000, true);                              /* large: 5 pages */
    mstats_read(&after);
    ck_assert_uint_eq(after.Mallocs - before.Mallocs, 4);
    ck_assert_uint_eq(after.TotalAlloc - before.TotalAlloc, 24 + 1024 + 1024 + 40960);
    ck_assert_uint_eq(after.HeapAlloc - before.HeapAlloc, 24 + 1024 + 1024 + 40960);
    ck_assert_uint_eq(after.BySize[3].Mallocs - before.BySize[3].Mallocs, 1);
    ck_assert_uint_eq(after.BySize[32].Mallocs - before.BySize[32].Mallocs, 2);
    ck_assert_uint_eq(after.HeapObjects, after.Mallocs - after.Frees);
}
END_TEST

Suite *malloc_suite(void) {
    Suite *s = suite_create("malloc");
    TCase *tc = tcase_create("sizeclasses");
    tcase_add_test(tc, test_sizeclasses_equal_go);
    tcase_add_test(tc, test_size_to_class);
    tcase_add_test(tc, test_accounting);
    suite_add_tcase(s, tc);
    return s;
}
