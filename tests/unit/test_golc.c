/* tests/unit/test_golc.c — the .golc format: round trips, and bad files refused, never a crash.
 *
 * A hand-built module (fib, with types, constants, strings and a native) is written and read
 * back; the copy must be field-for-field the same and must run. Then the file is mutated the
 * way disks, networks and people mutate files: cut at every length, every byte flipped, the
 * version changed, junk appended — each must give a precise message. Last, every payload byte
 * is flipped *with the checksum repaired*, so the structural checks and the verifier (not the
 * checksum) must stop the damage: the result may load or be refused, but must never crash.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/vm_asm.h"
#include "vm/interp.h"

static TypeDesc test_types[3];
static TypeField point_fields[2];
static const uint8_t str_mask[1] = { 1 };

/* fib plus a type table (int, string, struct{X int; S string}), constants and strings. */
static Module *rich_module(void) {
    Module *m = asm_fib_module(15);
    static const uint8_t fib_ptrwords[1] = { 0 };      /* fib has no pointer slot */
    m->funcs[1].stackmap.ptrwords = fib_ptrwords;
    test_types[0] = (TypeDesc){ .kind = K_INT, .flags = TDF_COMPARABLE, .size = 8, .align = 8, .name = "int", .index = 0 };
    test_types[1] = (TypeDesc){ .kind = K_STRING, .flags = TDF_COMPARABLE, .size = 16, .align = 8, .ptrdata = 8,
                                .ptrmask = str_mask, .name = "string", .index = 1 };
    point_fields[0] = (TypeField){ "X", &test_types[0], 0, false, true };
    point_fields[1] = (TypeField){ "S", &test_types[1], 8, false, true };
    test_types[2] = (TypeDesc){ .kind = K_STRUCT, .flags = TDF_NAMED, .size = 24, .align = 8, .ptrdata = 16,
                                .ptrmask = str_mask, .name = "main.P", .pkgpath = "main", .nfields = 2,
                                .fields = point_fields, .index = 2 };
    m->types = malloc(sizeof test_types);
    memcpy(m->types, test_types, sizeof test_types);
    for (int i = 0; i < 3; i++)
        for (uint32_t k = 0; k < m->types[i].nfields; k++) ((TypeField *)m->types[i].fields)[k].type =
            &m->types[k == 0 ? 0 : 1];
    m->ntypes = 3;
    m->nconsts = 2;
    m->consts = malloc(16);
    m->consts[0] = 42;
    m->consts[1] = 0x400921fb54442d18ull;
    m->nstrings = 2;
    m->strings = malloc(2 * sizeof(GolString));
    m->strings[0] = (GolString){ (const uint8_t *)"hello", 5 };
    m->strings[1] = (GolString){ (const uint8_t *)"a\0b", 3 };
    return m;
}

static char *tmp_path(void) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/gol-golc-test-%d.golc", (int)getpid());
    return path;
}

static uint8_t *write_and_slurp(const Module *m, size_t *size) {
    char err[256];
    ck_assert_msg(golc_write(m, tmp_path(), err, sizeof err), "%s", err);
    FILE *fp = fopen(tmp_path(), "rb");
    ck_assert_ptr_nonnull(fp);
    uint8_t *buf = malloc(1 << 20);
    *size = fread(buf, 1, 1 << 20, fp);
    fclose(fp);
    return buf;
}

START_TEST(test_round_trip) {
    Module *m = rich_module();
    char err[256];
    ck_assert_msg(golc_write(m, tmp_path(), err, sizeof err), "%s", err);
    ck_assert(golc_is_golc(tmp_path()));
    Module *r = golc_read(tmp_path(), err, sizeof err);
    ck_assert_msg(r != NULL, "%s", err);
    ck_assert_uint_eq(r->nfuncs, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const FuncInfo *a = &m->funcs[i], *b = &r->funcs[i];
        ck_assert_str_eq(a->name, b->name);
        ck_assert_uint_eq(a->ncode, b->ncode);
        ck_assert(memcmp(a->code, b->code, 4 * a->ncode) == 0);
        ck_assert_uint_eq(a->frame_size, b->frame_size);
        ck_assert_uint_eq(a->args_size, b->args_size);
        ck_assert_uint_eq(a->results_size, b->results_size);
        ck_assert_uint_eq(a->nlines, b->nlines);
        ck_assert_uint_eq(a->stackmap.npcs, b->stackmap.npcs);
        for (uint32_t k = 0; k < a->stackmap.npcs; k++) ck_assert_uint_eq(a->stackmap.pcs[k], b->stackmap.pcs[k]);
        ck_assert((a->stackmap.ptrwords == NULL) == (b->stackmap.ptrwords == NULL));
        if (a->stackmap.ptrwords)
            ck_assert(memcmp(a->stackmap.ptrwords, b->stackmap.ptrwords, (a->stackmap.nwords + 7) / 8) == 0);
    }
    ck_assert_uint_eq(r->ntypes, 3);
    ck_assert_str_eq(r->types[2].name, "main.P");
    ck_assert_str_eq(r->types[2].pkgpath, "main");
    ck_assert_ptr_eq(r->types[2].fields[1].type, &r->types[1]);
    ck_assert_int_eq(r->types[2].fields[1].offset, 8);
    ck_assert_int_eq(r->types[1].ptrmask[0], 1);
    ck_assert_ptr_null(r->types[0].pkgpath);
    ck_assert_uint_eq(r->consts[1], 0x400921fb54442d18ull);
    ck_assert_int_eq(r->strings[1].len, 3);
    ck_assert(memcmp(r->strings[1].ptr, "a\0b", 3) == 0);
    ck_assert_str_eq(r->files[0], "test.gol");
    ck_assert_int_eq(r->globals_size, 8);

    ck_assert_msg(module_bind_natives(r, err, sizeof err), "%s", err);
    ck_assert_int_eq(vm_run(r), 0);
    int64_t v;
    memcpy(&v, r->globals, 8);
    ck_assert_int_eq(v, 610);
    module_free(r);
    asm_free(m);
    unlink(tmp_path());
}
END_TEST

static bool is_clear_refusal(const char *err) {
    static const char *const ok[] = {
        "not a gol bytecode file", "truncated", "checksum mismatch", "built by gol bytecode version",
        "corrupted", "verify:",
    };
    if (strncmp(err, "x.golc: ", 8) != 0) return false;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (strstr(err, ok[i])) return true;
    return false;
}

START_TEST(test_truncated) {
    Module *m = rich_module();
    size_t size;
    uint8_t *data = write_and_slurp(m, &size);
    char err[256];
    for (size_t len = 0; len < size; len++) {
        err[0] = 0;
        Module *r = golc_read_bytes(data, len, "x.golc", err, sizeof err);
        ck_assert_msg(r == NULL, "a file cut at %zu of %zu bytes was accepted", len, size);
        ck_assert_msg(is_clear_refusal(err), "cut at %zu: unclear message: %s", len, err);
        if (len >= 4) ck_assert_msg(strstr(err, "truncated"), "cut at %zu: %s", len, err);
    }
    Module *r = golc_read_bytes(data, 0, "x.golc", err, sizeof err);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err, "x.golc: not a gol bytecode file");
    r = golc_read_bytes(data, 100, "x.golc", err, sizeof err);
    ck_assert_str_eq(err, "x.golc: truncated");
    free(data);
    asm_free(m);
    unlink(tmp_path());
}
END_TEST

START_TEST(test_flipped_bytes) {
    Module *m = rich_module();
    size_t size;
    uint8_t *data = write_and_slurp(m, &size);
    char err[256];
    for (size_t i = 0; i < size; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            data[i] ^= (uint8_t)(1u << bit);
            Module *r = golc_read_bytes(data, size, "x.golc", err, sizeof err);
            data[i] ^= (uint8_t)(1u << bit);
            ck_assert_msg(r == NULL, "byte %zu bit %d flipped was accepted", i, bit);
            ck_assert_msg(is_clear_refusal(err), "byte %zu: unclear message: %s", i, err);
            if (i >= 32) ck_assert_str_eq(err, "x.golc: checksum mismatch");
        }
    }
    data[0] = 'X';
    ck_assert_ptr_null(golc_read_bytes(data, size, "x.golc", err, sizeof err));
    ck_assert_str_eq(err, "x.golc: not a gol bytecode file");
    data[0] = 'G';
    data[4] = 7;
    ck_assert_ptr_null(golc_read_bytes(data, size, "x.golc", err, sizeof err));
    char want[128];
    snprintf(want, sizeof want, "x.golc: built by gol bytecode version 7, this gol reads version %u", GOLC_VERSION);
    ck_assert_str_eq(err, want);
    data[4] = GOLC_VERSION;
    uint8_t *longer = malloc(size + 3);
    memcpy(longer, data, size);
    memset(longer + size, 0xAB, 3);
    ck_assert_ptr_null(golc_read_bytes(longer, size + 3, "x.golc", err, sizeof err));
    ck_assert_str_eq(err, "x.golc: corrupted: 3 unexpected bytes at the end");
    Module *ok = golc_read_bytes(data, size, "x.golc", err, sizeof err);
    ck_assert_msg(ok != NULL, "%s", err);
    module_free(ok);
    free(longer);
    free(data);
    asm_free(m);
    unlink(tmp_path());
}
END_TEST

static uint64_t fnv1a(const uint8_t *p, size_t n) {
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ull; }
    return h;
}

/* Damage behind a valid checksum: only structure checks and the verifier stand in the way. */
START_TEST(test_flipped_with_good_checksum) {
    Module *m = rich_module();
    size_t size;
    uint8_t *data = write_and_slurp(m, &size);
    char err[512];
    static const uint8_t masks[] = { 0x01, 0x02, 0x10, 0x80, 0xFF };
    int refused = 0, loaded = 0;
    for (size_t i = 32; i < size; i++) {
        for (size_t k = 0; k < sizeof masks; k++) {
            data[i] ^= masks[k];
            uint64_t h = fnv1a(data + 32, size - 32);
            for (int b = 0; b < 8; b++) data[16 + b] = (uint8_t)(h >> (8 * b));
            Module *r = golc_read_bytes(data, size, "x.golc", err, sizeof err);
            if (r) { loaded++; module_free(r); }
            else { refused++; ck_assert_msg(is_clear_refusal(err), "byte %zu: %s", i, err); }
            data[i] ^= masks[k];
        }
    }
    ck_assert_int_gt(refused, 0);
    (void)loaded;
    free(data);
    asm_free(m);
    unlink(tmp_path());
}
END_TEST

START_TEST(test_missing_file) {
    char err[256];
    ck_assert_ptr_null(golc_read("/nonexistent/x.golc", err, sizeof err));
    ck_assert_str_eq(err, "open /nonexistent/x.golc: no such file or directory");
    ck_assert(!golc_is_golc("/nonexistent/x.golc"));
}
END_TEST

Suite *golc_suite(void) {
    Suite *s = suite_create("golc");
    TCase *tc = tcase_create("format");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_flipped_bytes);
    tcase_add_test(tc, test_flipped_with_good_checksum);
    tcase_add_test(tc, test_missing_file);
    suite_add_tcase(s, tc);
    return s;
}
