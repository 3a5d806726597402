/* tests/unit/test_gzip.c — runtime/gzip.c: CRC-32 and gzip files that the system's gzip reads.
 *
 * The profiles of runtime/pprof are gzip files; `go tool pprof` reads them (tests/cli_test.sh).
 * Here the writer meets an independent reader on edge cases: each input is compressed to a
 * file and `gzip -dc` must give it back byte for byte (an empty input, one byte, long runs
 * whose matches overlap themselves, text with repeats far apart, incompressible bytes, more
 * than the 32 KiB window). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runtime/gzip.h"

START_TEST(test_crc32_check_value) {
    ck_assert_uint_eq(crc32_ieee((const uint8_t *)"123456789", 9), 0xCBF43926u);   /* the standard check */
    ck_assert_uint_eq(crc32_ieee(NULL, 0), 0);
}
END_TEST

/* Compresses in[0..n) and returns what `gzip -dc` makes of it (malloc'd, *outn bytes). */
static uint8_t *gzip_roundtrip(const uint8_t *in, size_t n, size_t *outn) {
    ByteBuf gz = {0};
    gzip_compress(&gz, in, n);
    ck_assert_uint_eq(gz.p[0], 0x1f);
    ck_assert_uint_eq(gz.p[1], 0x8b);
    char path[] = "/tmp/gol-gzip-test.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, gz.p, gz.len), (ssize_t)gz.len);
    close(fd);
    bytebuf_free(&gz);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "gzip -dc < %s", path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = n + 16, len = 0;
    uint8_t *out = malloc(cap);
    size_t k;
    while ((k = fread(out + len, 1, cap - len, p)) > 0) {
        len += k;
        if (len == cap) out = realloc(out, cap *= 2);
    }
    ck_assert_int_eq(pclose(p), 0);
    unlink(path);
    *outn = len;
    return out;
}

static void check_roundtrip(const uint8_t *in, size_t n) {
    size_t got;
    uint8_t *out = gzip_roundtrip(in, n, &got);
    ck_assert_uint_eq(got, n);
    ck_assert(n == 0 || memcmp(in, out, n) == 0);
    free(out);
}

START_TEST(test_gzip_roundtrip) {
    check_roundtrip((const uint8_t *)"", 0);
    check_roundtrip((const uint8_t *)"x", 1);
    size_t n = 100000;
    uint8_t *b = malloc(n);
    memset(b, 'a', n);                                   /* matches overlapping themselves */
    check_roundtrip(b, n);
    for (size_t i = 0; i < n; i++)                       /* repeats near and far */
        b[i] = (uint8_t)("main.buildTree /tmp/x.gol alloc_space inuse_space "[i % 50] + (i / 40000));
    check_roundtrip(b, n);
    uint64_t x = 88172645463325252ull;                   /* incompressible (xorshift) */
    for (size_t i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; b[i] = (uint8_t)x; }
    check_roundtrip(b, n);
    for (size_t i = 0; i < n; i++) b[i] = (uint8_t)(i % 251 < 3 ? i : b[i]);   /* mixed */
    check_roundtrip(b, n);
    free(b);
}
END_TEST

START_TEST(test_gzip_compresses_repeats) {
    size_t n = 65536;
    uint8_t *b = malloc(n);
    for (size_t i = 0; i < n; i++) b[i] = (uint8_t)"profile"[i % 7];
    ByteBuf gz = {0};
    gzip_compress(&gz, b, n);
    ck_assert_uint_lt(gz.len, n / 50);                   /* fixed Huffman + LZ77 does its job */
    bytebuf_free(&gz);
    free(b);
}
END_TEST

Suite *gzip_suite(void) {
    Suite *s = suite_create("gzip");
    TCase *tc = tcase_create("gzip");
    tcase_add_test(tc, test_crc32_check_value);
    tcase_add_test(tc, test_gzip_roundtrip);
    tcase_add_test(tc, test_gzip_compresses_repeats);
    suite_add_tcase(s, tc);
    return s;
}
