/* tests/unit/test_strings.c — runtime/string.c: UTF-8 with Go's rules, conversions, concat.
 *
 * The decoding cases are those of Go's unicode/utf8 tests: every boundary of every sequence
 * length, the surrogate halves, overlong forms, values above U+10FFFF, truncated sequences and
 * stray continuation bytes. Each invalid case must give RuneError (U+FFFD) with width 1.
 */
#include <check.h>
#include <string.h>
#include "runtime/runtime.h"

typedef struct Utf8Case { const char *bytes; int len; int32_t rune; int width; } Utf8Case;

static const Utf8Case valid[] = {
    { "\x00", 1, 0x0000, 1 }, { "\x20", 1, 0x0020, 1 }, { "\x7f", 1, 0x007F, 1 },
    { "\xc2\x80", 2, 0x0080, 2 }, { "\xdf\xbf", 2, 0x07FF, 2 },
    { "\xe0\xa0\x80", 3, 0x0800, 3 }, { "\xe4\xb8\x96", 3, 0x4E16, 3 }, { "\xed\x9f\xbf", 3, 0xD7FF, 3 },
    { "\xee\x80\x80", 3, 0xE000, 3 }, { "\xef\xbf\xbd", 3, 0xFFFD, 3 }, { "\xef\xbf\xbf", 3, 0xFFFF, 3 },
    { "\xf0\x90\x80\x80", 4, 0x10000, 4 }, { "\xf0\x9f\x98\x80", 4, 0x1F600, 4 }, { "\xf4\x8f\xbf\xbf", 4, 0x10FFFF, 4 },
};

static const Utf8Case invalid[] = {
    { "\x80", 1, 0xFFFD, 1 },                 /* stray continuation byte */
    { "\xbf", 1, 0xFFFD, 1 },
    { "\xc0\x80", 2, 0xFFFD, 1 },             /* overlong NUL */
    { "\xc1\xbf", 2, 0xFFFD, 1 },             /* overlong 2-byte */
    { "\xe0\x9f\xbf", 3, 0xFFFD, 1 },         /* overlong 3-byte */
    { "\xed\xa0\x80", 3, 0xFFFD, 1 },         /* surrogate U+D800 */
    { "\xed\xbf\xbf", 3, 0xFFFD, 1 },         /* surrogate U+DFFF */
    { "\xf0\x8f\xbf\xbf", 4, 0xFFFD, 1 },     /* overlong 4-byte */
    { "\xf4\x90\x80\x80", 4, 0xFFFD, 1 },     /* U+110000 */
    { "\xf5\x80\x80\x80", 4, 0xFFFD, 1 },     /* no such lead byte */
    { "\xff", 1, 0xFFFD, 1 },
    { "\xc2", 1, 0xFFFD, 1 },                 /* truncated */
    { "\xe4\xb8", 2, 0xFFFD, 1 },
    { "\xf0\x9f\x98", 3, 0xFFFD, 1 },
    { "\xe4\x41\x41", 3, 0xFFFD, 1 },         /* continuation missing */
    { "\xf0\x9f\x41\x41", 4, 0xFFFD, 1 },
};

START_TEST(test_utf8_decode_valid) {
    const Utf8Case *c = &valid[_i];
    int w;
    ck_assert_int_eq(utf8_decode((const uint8_t *)c->bytes, c->len, &w), c->rune);
    ck_assert_int_eq(w, c->width);
    uint8_t out[4];
    ck_assert_int_eq(utf8_encode(out, c->rune), c->len);
    ck_assert(memcmp(out, c->bytes, (size_t)c->len) == 0);
}
END_TEST

START_TEST(test_utf8_decode_invalid) {
    const Utf8Case *c = &invalid[_i];
    int w;
    ck_assert_int_eq(utf8_decode((const uint8_t *)c->bytes, c->len, &w), 0xFFFD);
    ck_assert_int_eq(w, 1);
}
END_TEST

START_TEST(test_utf8_encode_invalid) {
    uint8_t out[4];
    const int32_t bad[] = { -1, 0xD800, 0xDFFF, 0x110000, 0x7FFFFFFF };
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(utf8_encode(out, bad[i]), 3);
        ck_assert(memcmp(out, "\xef\xbf\xbd", 3) == 0);
    }
    int w;
    utf8_decode((const uint8_t *)"", 0, &w);
    ck_assert_int_eq(w, 0);
}
END_TEST

static GolString S(const char *s) { return (GolString){(const uint8_t *)s, (int64_t)strlen(s)}; }

static bool str_is(GolString s, const char *want) {
    return s.len == (int64_t)strlen(want) && (s.len == 0 || memcmp(s.ptr, want, (size_t)s.len) == 0);
}

START_TEST(test_concat_compare) {
    ck_assert(str_is(str_concat(NULL, S("hello, "), S("world")), "hello, world"));
    GolString a = S("abc");
    ck_assert_ptr_eq(str_concat(NULL, a, S("")).ptr, a.ptr);       /* no copy when one is empty */
    ck_assert_ptr_eq(str_concat(NULL, S(""), a).ptr, a.ptr);
    ck_assert_int_eq(str_compare(S("abc"), S("abd")), -1);
    ck_assert_int_eq(str_compare(S("abc"), S("ab")), 1);
    ck_assert_int_eq(str_compare(S(""), S("")), 0);
    ck_assert_int_eq(str_compare(S("\xff"), S("a")), 1);            /* bytewise, unsigned */
    ck_assert_int_eq(str_compare(S("ab"), S("abc")), -1);
}
END_TEST

START_TEST(test_bytes_runes) {
    GolSlice b = bytes_from_str(NULL, S("hello"));
    ck_assert_int_eq(b.len, 5);
    ck_assert_int_eq(b.cap, 8);                      /* rounded to the size class, as Go */
    ck_assert(memcmp(b.ptr, "hello", 5) == 0);
    ((uint8_t *)b.ptr)[0] = 'j';
    ck_assert(str_is(str_from_bytes(NULL, b), "jello"));
    GolSlice r = runes_from_str(NULL, S("a\xe4\xb8\x96\xff" "b"));   /* a 世 <bad byte> b */
    ck_assert_int_eq(r.len, 4);
    ck_assert_int_eq(r.cap, 4);
    const int32_t *rs = r.ptr;
    ck_assert_int_eq(rs[0], 'a');
    ck_assert_int_eq(rs[1], 0x4E16);
    ck_assert_int_eq(rs[2], 0xFFFD);
    ck_assert_int_eq(rs[3], 'b');
    ck_assert(str_is(str_from_runes(NULL, r), "a\xe4\xb8\x96\xef\xbf\xbd" "b"));
    int32_t bad[] = { 0xD800, -5, 0x1F600 };
    ck_assert(str_is(str_from_runes(NULL, (GolSlice){bad, 3, 3}), "\xef\xbf\xbd\xef\xbf\xbd\xf0\x9f\x98\x80"));
    ck_assert(str_is(str_from_rune(NULL, 65), "A"));
    ck_assert(str_is(str_from_rune(NULL, 0x4E16), "\xe4\xb8\x96"));
    ck_assert(str_is(str_from_rune(NULL, -1), "\xef\xbf\xbd"));
    ck_assert(str_is(str_from_rune(NULL, 0x110000), "\xef\xbf\xbd"));
    ck_assert(str_is(str_from_rune(NULL, (int64_t)1 << 40), "\xef\xbf\xbd"));   /* string(int64) */
    GolSlice e = bytes_from_str(NULL, S(""));
    ck_assert_int_eq(e.len, 0);
    ck_assert_int_eq(str_from_bytes(NULL, e).len, 0);
    ck_assert_int_eq(runes_from_str(NULL, S("")).len, 0);
}
END_TEST

Suite *strings_suite(void) {
    Suite *s = suite_create("strings");
    TCase *tc = tcase_create("utf8");
    tcase_add_loop_test(tc, test_utf8_decode_valid, 0, (int)(sizeof valid / sizeof valid[0]));
    tcase_add_loop_test(tc, test_utf8_decode_invalid, 0, (int)(sizeof invalid / sizeof invalid[0]));
    tcase_add_test(tc, test_utf8_encode_invalid);
    tcase_add_test(tc, test_concat_compare);
    tcase_add_test(tc, test_bytes_runes);
    suite_add_tcase(s, tc);
    return s;
}
