/* tests/unit/test_constant.c — exact constant arithmetic (compiler/constant.c).
 *
 * Each case states a Go constant fact: the value `go` computes, or the error it reports. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/constant.h"
#include "compiler/types.h"
#include "lang/grammar.h"

static ConstVal I(long long v) { return cv_make_int(v); }
static ConstVal F(long double v) { return cv_make_float(v); }

START_TEST(test_parse_literals) {
    ConstVal v;
    ck_assert_int_eq(cv_parse_int("0x_FF", 5, &v), CV_OK);
    ck_assert(v.i == 255);
    ck_assert_int_eq(cv_parse_int("0o17", 4, &v), CV_OK);
    ck_assert(v.i == 15);
    ck_assert_int_eq(cv_parse_int("017", 3, &v), CV_OK);
    ck_assert(v.i == 15);
    ck_assert_int_eq(cv_parse_int("0b1010", 6, &v), CV_OK);
    ck_assert(v.i == 10);
    ck_assert_int_eq(cv_parse_int("1_000_000", 9, &v), CV_OK);
    ck_assert(v.i == 1000000);
    ck_assert_int_eq(cv_parse_int("18446744073709551615", 20, &v), CV_OK);
    ck_assert(v.i == (__int128)UINT64_MAX);
    ck_assert_int_eq(cv_parse_int("9999999999999999999999999999999999999999999", 43, &v), CV_OK);
    char b[64];
    ck_assert_str_eq(cv_string(v, b, sizeof b), "9999999999999999999999999999999999999999999");
    ck_assert_int_eq(cv_parse_float("1.5e3", 5, &v), CV_OK);
    ck_assert(v.f == 1500);
    ck_assert_int_eq(cv_parse_float("0x1p-2", 6, &v), CV_OK);
    ck_assert(v.f == 0.25L);
}
END_TEST

START_TEST(test_int_arith) {
    ConstVal r;
    ck_assert_int_eq(cv_binary(TK_PLUS, I(2), I(3), true, &r), CV_OK); ck_assert(r.i == 5);
    ck_assert_int_eq(cv_binary(TK_SLASH, I(7), I(2), true, &r), CV_OK); ck_assert(r.i == 3);
    ck_assert_int_eq(cv_binary(TK_SLASH, I(-7), I(2), true, &r), CV_OK); ck_assert(r.i == -3);   /* truncated */
    ck_assert_int_eq(cv_binary(TK_PERCENT, I(-7), I(2), true, &r), CV_OK); ck_assert(r.i == -1);
    ck_assert_int_eq(cv_binary(TK_ANDNOT, I(0xF), I(0x5), true, &r), CV_OK); ck_assert(r.i == 0xA);
    ck_assert_int_eq(cv_binary(TK_SLASH, I(1), I(0), true, &r), CV_DIVZERO);
    ck_assert_int_eq(cv_binary(TK_PERCENT, I(1), I(0), true, &r), CV_DIVZERO);
    /* untyped float division of integer values when not an integer division */
    ck_assert_int_eq(cv_binary(TK_SLASH, I(7), I(2), false, &r), CV_OK);
    ck_assert_int_eq(r.kind, CV_FLOAT);
    ck_assert(r.f == 3.5L);
    /* 2^511 * 2 fits Go's 512 bits, * 4 does not ("constant multiplication overflow") */
    ConstVal big;
    ck_assert_int_eq(cv_shift(TK_SHL, I(1), 510, &big), CV_OK);
    ck_assert_int_eq(cv_binary(TK_STAR, big, I(2), true, &r), CV_OK);
    ck_assert_int_eq(cv_binary(TK_STAR, big, I(4), true, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_shift(TK_SHL, I(1), 512, &r), CV_OVERFLOW);       /* 1 << 512 */
    ck_assert_int_eq(cv_shift(TK_SHL, I(1), 511, &r), CV_OK);
    /* big division, remainder and two's-complement bit operations on negatives */
    ConstVal p100, q;
    cv_shift(TK_SHL, I(1), 100, &p100);
    ck_assert_int_eq(cv_binary(TK_SLASH, p100, I(-1000000007), true, &q), CV_OK);
    ck_assert_int_eq(cv_binary(TK_STAR, q, I(-1000000007), true, &r), CV_OK);
    ck_assert_int_eq(cv_binary(TK_PERCENT, p100, I(-1000000007), true, &q), CV_OK);
    ck_assert_int_eq(cv_binary(TK_PLUS, r, q, true, &r), CV_OK);
    ck_assert(cv_compare(TK_EQL, r, p100));                               /* (a/b)*b + a%b == a */
    ConstVal p200, p99;
    cv_shift(TK_SHL, I(1), 200, &p200);
    cv_shift(TK_SHL, I(1), 99, &p99);
    ck_assert_int_eq(cv_binary(TK_SLASH, p200, p99, true, &r), CV_OK);
    ck_assert(cv_compare(TK_EQL, r, cv_make_int((__int128)1 << 101)));
    ck_assert_int_eq(cv_binary(TK_AND, I(-6), I(0xF), true, &r), CV_OK); ck_assert(r.i == 10);
    ck_assert_int_eq(cv_binary(TK_OR, I(-6), I(3), true, &r), CV_OK); ck_assert(r.i == -5);
    ck_assert_int_eq(cv_binary(TK_XOR, I(-6), I(-3), true, &r), CV_OK); ck_assert(r.i == 7);
    ck_assert_int_eq(cv_binary(TK_ANDNOT, I(-1), I(5), true, &r), CV_OK); ck_assert(r.i == -6);
    ck_assert_int_eq(cv_binary(TK_SLASH, F(1.5), I(0), false, &r), CV_DIVZERO);
}
END_TEST

START_TEST(test_shifts) {
    ConstVal r;
    ck_assert_int_eq(cv_shift(TK_SHL, I(1), 100, &r), CV_OK);
    ConstVal s;
    ck_assert_int_eq(cv_shift(TK_SHR, r, 98, &s), CV_OK);
    ck_assert(s.i == 4);                                 /* 1 << 100 >> 98 == 4 */
    ck_assert_int_eq(cv_shift(TK_SHL, I(1), 1000, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_shift(TK_SHR, I(-8), 1, &r), CV_OK);
    ck_assert(r.i == -4);
    ck_assert_int_eq(cv_shift(TK_SHL, F(2.0), 3, &r), CV_OK);   /* integral float operand */
    ck_assert(r.i == 16);
    ck_assert_int_eq(cv_shift(TK_SHL, F(2.5), 3, &r), CV_BADOP);
    ck_assert_int_eq(cv_shift(TK_SHR, I(-9), 2, &r), CV_OK); ck_assert(r.i == -3);   /* floor */
    ck_assert_int_eq(cv_shift(TK_SHR, I(-9), 1000, &r), CV_OK); ck_assert(r.i == -1);
}
END_TEST

START_TEST(test_unary) {
    ConstVal r;
    ck_assert_int_eq(cv_unary(TK_MINUS, I(5), 0, false, &r), CV_OK); ck_assert(r.i == -5);
    ck_assert_int_eq(cv_unary(TK_XOR, I(0), 0, false, &r), CV_OK); ck_assert(r.i == -1);
    ck_assert_int_eq(cv_unary(TK_XOR, I(0), 8, true, &r), CV_OK); ck_assert(r.i == 255);   /* ^uint8(0) */
    ck_assert_int_eq(cv_unary(TK_NOT, cv_make_bool(true), 0, false, &r), CV_OK); ck_assert(!r.b);
    ck_assert_int_eq(cv_unary(TK_NOT, I(1), 0, false, &r), CV_BADOP);
}
END_TEST

START_TEST(test_compare) {
    ck_assert(cv_compare(TK_LSS, I(1), F(1.5)));
    ck_assert(cv_compare(TK_EQL, I(2), F(2.0)));
    ck_assert(cv_compare(TK_LSS, cv_make_string("ab", 2), cv_make_string("b", 1)));
    ck_assert(cv_compare(TK_GTR, cv_make_string("abc", 3), cv_make_string("ab", 2)));
    ck_assert(!cv_compare(TK_NEQ, cv_make_bool(true), cv_make_bool(true)));
}
END_TEST

START_TEST(test_representable) {
    types_init();
    ConstVal r;
    ck_assert_int_eq(cv_represent(I(255), t_uint8, &r), CV_OK);
    ck_assert_int_eq(cv_represent(I(256), t_uint8, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_represent(I(-1), t_uint, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_represent(I(-128), t_int8, &r), CV_OK);
    ck_assert_int_eq(cv_represent(I(-129), t_int8, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_represent(cv_make_int((__int128)UINT64_MAX), t_uint64, &r), CV_OK);
    ck_assert_int_eq(cv_represent(cv_make_int((__int128)UINT64_MAX), t_int64, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_represent(F(1.5), t_int, &r), CV_TRUNCATED);
    ck_assert_int_eq(cv_represent(F(1e3), t_int, &r), CV_OK);
    ck_assert(r.kind == CV_INT && r.i == 1000);
    ck_assert_int_eq(cv_represent(F(1e100), t_int, &r), CV_TRUNCATED);      /* as Go reports it */
    ck_assert_int_eq(cv_represent(F(1e40), t_float32, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_represent(F(1e300), t_float64, &r), CV_OK);
    ck_assert_int_eq(cv_represent(F(0.1), t_float32, &r), CV_OK);
    ck_assert(r.f == (float)0.1);                                           /* rounded to float32 */
    ck_assert_int_eq(cv_represent(I(1), t_string, &r), CV_BADOP);
    ck_assert_int_eq(cv_represent(cv_make_bool(true), t_int, &r), CV_BADOP);
    ConstVal v, w;
    ck_assert_int_eq(cv_parse_int("18446744073709551615", 20, &v), CV_OK);   /* math.MaxUint64 */
    ck_assert_int_eq(cv_represent(v, t_uint64, &r), CV_OK);
    ck_assert(r.i == (__int128)UINT64_MAX);
    cv_parse_float("1e308", 5, &v);
    ck_assert_int_eq(cv_binary(TK_STAR, v, I(10), false, &w), CV_OK);       /* untyped: fine */
    ck_assert_int_eq(cv_represent(w, t_float64, &r), CV_OVERFLOW);          /* 1e308*10 */
    cv_parse_float("1e400", 5, &v);
    ck_assert_int_eq(cv_represent(v, t_float64, &r), CV_OVERFLOW);
    /* float64(1<<53 + 1) rounds half to even: 2^53 */
    ck_assert_int_eq(cv_represent(cv_make_int(((__int128)1 << 53) + 1), t_float64, &r), CV_OK);
    ck_assert(r.f == 0x1p53L);
    ck_assert_int_eq(cv_represent(cv_make_int(((__int128)1 << 53) + 3), t_float64, &r), CV_OK);
    ck_assert(r.f == 0x1p53L + 4);
    ck_assert_int_eq(cv_represent(I(16777217), t_float32, &r), CV_OK);
    ck_assert(r.f == 16777216);
    /* subnormals: 0x1p-1074 is the smallest float64; 0x1p-1075 ties to even, i.e. 0 (Go agrees) */
    cv_parse_float("0x1p-1074", 9, &v);
    ck_assert_int_eq(cv_represent(v, t_float64, &r), CV_OK); ck_assert(r.f == 0x1p-1074L);
    cv_parse_float("0x1p-1075", 9, &v);
    ck_assert_int_eq(cv_represent(v, t_float64, &r), CV_OK); ck_assert(r.f == 0);
    cv_parse_float("0x3p-1076", 9, &v);
    ck_assert_int_eq(cv_represent(v, t_float64, &r), CV_OK); ck_assert(r.f == 0x1p-1074L);
    cv_parse_float("0x1.fffffffffffff8p1023", 23, &v);                   /* rounds up to 2^1024 */
    ck_assert_int_eq(cv_represent(v, t_float64, &r), CV_OVERFLOW);
    char sb[64];
    ck_assert_str_eq(cv_string(v, sb, sizeof sb), "1.79769e+308");        /* as go build prints it */
    /* typed float constants convert back to integers exactly */
    ck_assert_int_eq(cv_represent(F(1e18), t_int64, &r), CV_OK);
    ck_assert(r.i == (__int128)1000000000000000000LL);
}
END_TEST

START_TEST(test_spelling) {
    char b[128];
    ck_assert_str_eq(cv_string(I(-300), b, sizeof b), "-300");
    ck_assert_str_eq(cv_string(F(1.5), b, sizeof b), "1.5");
    ck_assert_str_eq(cv_string(F(1e100), b, sizeof b), "1e+100");
    ck_assert_str_eq(cv_string(F(200), b, sizeof b), "200");
    ck_assert_str_eq(cv_string(cv_make_string("a\"b\n", 4), b, sizeof b), "\"a\\\"b\\n\"");
    ck_assert_str_eq(cv_string(cv_make_bool(false), b, sizeof b), "false");
    ck_assert_str_eq(cv_string(cv_make_int((__int128)UINT64_MAX), b, sizeof b), "18446744073709551615");
    ConstVal v;
    cv_shift(TK_SHL, I(1), 100, &v);
    ck_assert_str_eq(cv_string(v, b, sizeof b), "1267650600228229401496703205376");
    ck_assert_str_eq(cv_string(F(-0.0L), b, sizeof b), "0");                /* no negative zero */
    ck_assert_str_eq(cv_string(F(1234567), b, sizeof b), "1.23457e+06");   /* %.6g, as Go */
    cv_parse_float("0.1", 3, &v);
    ck_assert_str_eq(cv_string(v, b, sizeof b), "0.1");
    cv_parse_float("1e400", 5, &v);
    ck_assert_str_eq(cv_string(v, b, sizeof b), "1e+400");
    cv_parse_float("1.5e-400", 8, &v);
    ck_assert_str_eq(cv_string(v, b, sizeof b), "1.5e-400");
    cv_unary(TK_MINUS, v, 0, false, &v);
    ck_assert_str_eq(cv_string(v, b, sizeof b), "-1.5e-400");
}
END_TEST

/* Literals round correctly to float64 and float32 (no double rounding through long double),
 * and float arithmetic lands on the integers exact arithmetic gives. */
START_TEST(test_float_rounding) {
    static const char *lits[] = {"7.6276668044", "1.64418749294680", "4.8329994290929142e10", "9.25386e-18",
                                 "2.1818488812e-7", "0.1", "0.3", "1e23", "3.141592653589793238"};
    for (size_t i = 0; i < sizeof lits / sizeof *lits; i++) {
        ConstVal v;
        ck_assert_int_eq(cv_parse_float(lits[i], (int)strlen(lits[i]), &v), CV_OK);
        ck_assert_msg((double)v.f == strtod(lits[i], NULL), "%s", lits[i]);
        ck_assert_msg((float)v.f == strtof(lits[i], NULL), "%s", lits[i]);
    }
    ConstVal third, r;
    ck_assert_int_eq(cv_binary(TK_SLASH, F(1), I(3), false, &third), CV_OK);
    ck_assert_int_eq(cv_binary(TK_STAR, third, I(3), false, &r), CV_OK);
    ck_assert(cv_is_integral(r) && r.f == 1);
    ConstVal tenth;
    cv_parse_float("0.1", 3, &tenth);
    ck_assert_int_eq(cv_binary(TK_STAR, tenth, I(10), false, &r), CV_OK);
    ck_assert(cv_is_integral(r));
    ConstVal fifth, sum, three;
    cv_parse_float("0.2", 3, &fifth);
    cv_parse_float("0.3", 3, &three);
    ck_assert_int_eq(cv_binary(TK_PLUS, tenth, fifth, false, &sum), CV_OK);
    ck_assert(cv_compare(TK_EQL, sum, three));                  /* 0.1 + 0.2 == 0.3 */
    ck_assert(cv_compare(TK_LSS, three, F(0.30001L)));
    ck_assert(!cv_compare(TK_EQL, sum, F(0.3)));                 /* exact 3/10 is not the double 0.3 */
    /* big decimal literals are exact */
    ConstVal big, one;
    ck_assert_int_eq(cv_parse_float("123456789012345678901234567890.0", 32, &big), CV_OK);
    ck_assert(cv_is_integral(big));
    ck_assert_int_eq(cv_parse_float("1e29", 4, &one), CV_OK);
    ck_assert_int_eq(cv_binary(TK_SLASH, big, one, false, &r), CV_OK);
    ck_assert_int_eq(cv_parse_float("1.2345678901234567890123456789", 30, &one), CV_OK);
    ck_assert(cv_compare(TK_EQL, r, one));
    /* huge exponents are refused, not computed (gol's documented cap) */
    ck_assert_int_eq(cv_parse_float("1e1000000", 9, &r), CV_OVERFLOW);
    ck_assert_int_eq(cv_parse_float("0e1000000", 9, &r), CV_OK);
}
END_TEST

Suite *constant_suite(void) {
    Suite *s = suite_create("constant");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_parse_literals);
    tcase_add_test(tc, test_int_arith);
    tcase_add_test(tc, test_shifts);
    tcase_add_test(tc, test_unary);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_representable);
    tcase_add_test(tc, test_spelling);
    tcase_add_test(tc, test_float_rounding);
    suite_add_tcase(s, tc);
    return s;
}
