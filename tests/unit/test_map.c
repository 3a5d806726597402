/* tests/unit/test_map.c — runtime/map.c: the Swiss table itself, and fmt's key order.
 *
 * The table is driven directly (no interpreter): a map type is a TypeDesc with a key and an
 * elem, keys are passed in register form (8-byte slots), values are read and written through
 * the pointers map_access/map_assign return. Every test checks the table against a plain
 * reference (an array indexed by key) and the invariants runtime/map.c states: count is the
 * number of full control bytes; full + deleted + growth_left = 7/8 of the slots; a range visits
 * each live entry exactly once.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/map.h"
#include "runtime/fmtsort.h"

static const TypeDesc td_int = { .kind = K_INT, .flags = TDF_COMPARABLE | TDF_REGULAR_MEM, .size = 8, .align = 8, .name = "int" };
static const TypeDesc td_f64 = { .kind = K_FLOAT64, .flags = TDF_COMPARABLE, .size = 8, .align = 8, .name = "float64" };
static const TypeDesc td_str = { .kind = K_STRING, .flags = TDF_COMPARABLE, .size = 16, .align = 8, .ptrdata = 8,
                                 .ptrmask = (const uint8_t *)"\1", .name = "string" };
static const TypeDesc td_map_ii = { .kind = K_MAP, .size = 8, .align = 8, .ptrdata = 8, .ptrmask = (const uint8_t *)"\1",
                                    .name = "map[int]int", .key = &td_int, .elem = &td_int, .flags = TDF_DIRECTIFACE };
static const TypeDesc td_map_fi = { .kind = K_MAP, .size = 8, .align = 8, .ptrdata = 8, .ptrmask = (const uint8_t *)"\1",
                                    .name = "map[float64]int", .key = &td_f64, .elem = &td_int, .flags = TDF_DIRECTIFACE };
static const TypeDesc td_map_si = { .kind = K_MAP, .size = 8, .align = 8, .ptrdata = 8, .ptrmask = (const uint8_t *)"\1",
                                    .name = "map[string]int", .key = &td_str, .elem = &td_int, .flags = TDF_DIRECTIFACE };

static int64_t get(GolMap *m, const TypeDesc *t, int64_t k, bool *ok) {
    return *(int64_t *)map_access2(NULL, t, m, &k, ok);
}
static void put(GolMap *m, const TypeDesc *t, int64_t k, int64_t v) { *(int64_t *)map_assign(NULL, t, m, &k) = v; }
static void del(GolMap *m, const TypeDesc *t, int64_t k) { map_delete(NULL, t, m, &k); }

/* The invariants of the table: counted by reading every control byte. */
static void check_invariants(const GolMap *m) {
    if (m->groups == NULL) { ck_assert_int_eq(m->count, 0); return; }
    int64_t full = 0, deleted = 0;
    for (uint64_t gi = 0; gi <= m->mask; gi++) {
        const uint8_t *grp = m->groups + gi * (uint64_t)m->type->group.size;
        for (int s = 0; s < MAP_GROUP_SLOTS; s++) {
            if (grp[s] & 0x80) full++;
            else if (grp[s] == 1) deleted++;
            else ck_assert_int_eq(grp[s], 0);
        }
    }
    ck_assert_int_eq(full, m->count);
    ck_assert_int_eq(deleted, m->tombstones);
    ck_assert_int_eq(full + deleted + m->growth_left, (int64_t)(m->mask + 1) * 7);
}

START_TEST(test_int_keys_against_reference) {
    enum { N = 5000 };
    static int64_t ref[N];
    static bool present[N];
    memset(present, 0, sizeof present);
    GolMap *m = map_make(NULL, &td_map_ii, 0);
    uint64_t x = 12345;
    for (int step = 0; step < 40000; step++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        int64_t k = (int64_t)(x >> 33) % N;
        if ((x >> 20) % 3 == 0) { del(m, &td_map_ii, k); present[k] = false; }
        else { put(m, &td_map_ii, k, step); ref[k] = step; present[k] = true; }
    }
    int64_t live = 0;
    for (int64_t k = 0; k < N; k++) {
        bool ok;
        int64_t v = get(m, &td_map_ii, k, &ok);
        ck_assert_int_eq(ok, present[k]);
        ck_assert_int_eq(v, present[k] ? ref[k] : 0);
        live += present[k];
    }
    ck_assert_int_eq(m->count, live);
    check_invariants(m);
}
END_TEST

START_TEST(test_growth_doubles) {
    GolMap *m = map_make(NULL, &td_map_ii, 0);
    ck_assert_ptr_null(m->groups);                  /* an empty map has no table yet */
    put(m, &td_map_ii, 1, 1);
    ck_assert_int_eq(m->mask, 0);                   /* one group of 8 holds 7 */
    for (int64_t k = 2; k <= 7; k++) put(m, &td_map_ii, k, k);
    ck_assert_int_eq(m->mask, 0);
    put(m, &td_map_ii, 8, 8);
    ck_assert_int_eq(m->mask, 1);                   /* the 8th entry doubles the table */
    GolMap *h = map_make(NULL, &td_map_ii, 1000);   /* a hint sizes it at once: 1000/7 -> 256 groups */
    ck_assert_int_eq(h->mask + 1, 256);
    for (int64_t k = 0; k < 1000; k++) put(h, &td_map_ii, k, k);
    ck_assert_int_eq(h->mask + 1, 256);
    check_invariants(m);
    check_invariants(h);
}
END_TEST

START_TEST(test_churn_stays_small) {
    /* insert/delete of ever new keys with few live ones: tombstones are dropped by same-size
     * rehashes, the table does not grow without bound */
    GolMap *m = map_make(NULL, &td_map_ii, 0);
    for (int64_t i = 0; i < 100000; i++) {
        put(m, &td_map_ii, i, i);
        if (i >= 10) del(m, &td_map_ii, i - 10);
    }
    ck_assert_int_eq(m->count, 10);
    ck_assert_msg(m->mask + 1 <= 4, "%llu groups for 10 entries", (unsigned long long)(m->mask + 1));
    check_invariants(m);
}
END_TEST

START_TEST(test_float_keys) {
    GolMap *m = map_make(NULL, &td_map_fi, 0);
    double pz = 0.0, nz = -0.0, nan = NAN, one = 1.0;
    *(int64_t *)map_assign(NULL, &td_map_fi, m, &pz) = 1;
    *(int64_t *)map_assign(NULL, &td_map_fi, m, &nz) = 2;      /* the same key as +0 */
    ck_assert_int_eq(m->count, 1);
    for (int i = 0; i < 3; i++) *(int64_t *)map_assign(NULL, &td_map_fi, m, &nan) = 10 + i;
    ck_assert_int_eq(m->count, 4);                               /* each NaN is a new entry */
    bool ok;
    map_access2(NULL, &td_map_fi, m, &nan, &ok);
    ck_assert(!ok);
    map_delete(NULL, &td_map_fi, m, &nan);
    ck_assert_int_eq(m->count, 4);
    ck_assert_int_eq(*(int64_t *)map_access2(NULL, &td_map_fi, m, &pz, &ok), 2);
    map_access2(NULL, &td_map_fi, m, &one, &ok);
    ck_assert(!ok);
    int n = 0;
    MapIter it;
    map_iter_init(&it, m, true);
    while (map_iter_next(NULL, &it)) n++;
    ck_assert_int_eq(n, 4);
}
END_TEST

START_TEST(test_string_keys) {
    GolMap *m = map_make(NULL, &td_map_si, 0);
    char buf[64][32];
    for (int i = 0; i < 64; i++) {
        int len = snprintf(buf[i], sizeof buf[i], "key-%d", i * 37);
        GolString s = { (const uint8_t *)buf[i], len };
        *(int64_t *)map_assign(NULL, &td_map_si, m, &s) = i;
    }
    char probe[32];
    for (int i = 0; i < 64; i++) {          /* equal bytes at another address */
        int len = snprintf(probe, sizeof probe, "key-%d", i * 37);
        GolString s = { (const uint8_t *)probe, len };
        bool ok;
        ck_assert_int_eq(*(int64_t *)map_access2(NULL, &td_map_si, m, &s, &ok), i);
        ck_assert(ok);
    }
    GolString empty = { (const uint8_t *)"", 0 };
    bool ok;
    map_access2(NULL, &td_map_si, m, &empty, &ok);
    ck_assert(!ok);
    check_invariants(m);
}
END_TEST

START_TEST(test_iteration_each_once_across_growth) {
    GolMap *m = map_make(NULL, &td_map_ii, 0);
    for (int64_t k = 0; k < 50; k++) put(m, &td_map_ii, k, k);
    static int seen[50];
    memset(seen, 0, sizeof seen);
    MapIter it;
    map_iter_init(&it, m, true);
    int steps = 0;
    while (map_iter_next(NULL, &it)) {
        int64_t k = *(int64_t *)it.key;
        if (k < 50) {
            seen[k]++;
            if (steps > 0) ck_assert_int_eq(*(int64_t *)it.elem, k < 25 ? k : -k);   /* current values */
        }
        if (steps++ == 0) {                  /* grow the table, change and delete entries */
            for (int64_t j = 1000; j < 1500; j++) put(m, &td_map_ii, j, j);
            for (int64_t j = 25; j < 50; j++) put(m, &td_map_ii, j, -j);
            for (int64_t j = 0; j < 50; j += 7) if (j != k) del(m, &td_map_ii, j);
        }
    }
    for (int64_t k = 0; k < 50; k++)
        ck_assert_int_eq(seen[k], (k % 7 == 0 && seen[k] == 0) ? 0 : 1);
    ck_assert_ptr_ne(it.groups, m->groups);  /* the walk stayed on the old table */
}
END_TEST

START_TEST(test_hashes) {
    ck_assert(map_hash_bytes("abc", 3, 1) == map_hash_bytes("abc", 3, 1));
    ck_assert(map_hash_bytes("abc", 3, 1) != map_hash_bytes("abc", 3, 2));   /* seeded */
    ck_assert(map_hash_bytes("a\0", 2, 1) != map_hash_bytes("a", 1, 1));     /* length counts */
    ck_assert(map_hash_u64(1, 7) != map_hash_u64(2, 7));
    /* low 7 bits (the control byte) and the bits above (the group) both vary */
    int low[128] = {0}, high[128] = {0};
    for (uint64_t i = 0; i < 4096; i++) {
        uint64_t h = map_hash_u64(i, 99);
        low[h & 127]++;
        high[(h >> 7) & 127]++;
    }
    for (int i = 0; i < 128; i++) {           /* 32 expected in each */
        ck_assert_msg(low[i] > 8 && low[i] < 64, "h2 %d: %d", i, low[i]);
        ck_assert_msg(high[i] > 8 && high[i] < 64, "group %d: %d", i, high[i]);
    }
    GolMap *a = map_make(NULL, &td_map_ii, 0), *b = map_make(NULL, &td_map_ii, 0);
    ck_assert(a->seed != b->seed);           /* every map has its own seed */
}
END_TEST

START_TEST(test_fmtsort_order) {
    double v[] = { 2.5, NAN, -1.0, INFINITY };
    ck_assert_int_eq(fmtsort_compare(&td_f64, &v[1], &v[2]), -1);    /* NaN first */
    ck_assert_int_eq(fmtsort_compare(&td_f64, &v[2], &v[0]), -1);
    ck_assert_int_eq(fmtsort_compare(&td_f64, &v[3], &v[0]), 1);
    ck_assert_int_eq(fmtsort_compare(&td_f64, &v[1], &v[1]), 0);
    GolString a = { (const uint8_t *)"B", 1 }, b = { (const uint8_t *)"a", 1 };
    ck_assert_int_eq(fmtsort_compare(&td_str, &a, &b), -1);          /* bytewise */
    GolMap *m = map_make(NULL, &td_map_ii, 0);
    for (int64_t k = 100; k > 0; k--) put(m, &td_map_ii, k * 3 % 101, k);
    size_t n;
    FmtSortEntry *e = fmtsort_map(m, &n);
    ck_assert_int_eq(n, 100);
    for (size_t i = 1; i < n; i++) ck_assert(*(const int64_t *)e[i - 1].key < *(const int64_t *)e[i].key);
    free(e);
}
END_TEST

Suite *maps_suite(void) {
    Suite *s = suite_create("maps");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_int_keys_against_reference);
    tcase_add_test(tc, test_growth_doubles);
    tcase_add_test(tc, test_churn_stays_small);
    tcase_add_test(tc, test_float_keys);
    tcase_add_test(tc, test_string_keys);
    tcase_add_test(tc, test_iteration_each_once_across_growth);
    tcase_add_test(tc, test_hashes);
    tcase_add_test(tc, test_fmtsort_order);
    suite_add_tcase(s, tc);
    return s;
}
