/* compiler/constant.c — exact arithmetic on constant values, as Go's go/constant does it.
 *
 * A ConstVal is a bool, an integer (signed __int128), a float (long double) or a string.
 * Go requires untyped integer constants to be exact with at least 256 bits; gol settles for
 * 127 bits of magnitude, enough for every uint64 value and for intermediate results such as
 * `1 << 100 >> 98`. Every integer operation is checked with the compiler's overflow builtins,
 * so a result that would not fit is reported (CV_OVERFLOW → "constant overflow"), never wrong.
 *
 * Floats are long double (64-bit mantissa on x86-64): more precise than float64, so that
 * rounding a constant to float64 at the end gives the value Go computes for every ordinary
 * expression. Integer-valued floats convert back to integers exactly (`const c int = 1e9`).
 * Two refinements stand in for Go's exact rationals:
 *   - literals are rounded *to odd* (truncate, then set the last mantissa bit if anything was
 *     lost): a value rounded to odd with 64 bits rounds correctly to 53 (float64) and 24
 *     (float32) bits, which plain round-to-nearest twice does not (`7.6276668044` would
 *     otherwise become the float64 next to the right one, once in a few thousand literals);
 *   - a float result within a few 64-bit ulps of an integer is taken to be that integer, as
 *     the exact computation would give it: `1.0 / 3 * 3` is 1 and `0.1 * 10` converts to int;
 *     likewise two float constants that close compare equal (`0.1 + 0.2 == 0.3` is true).
 *
 * Representability (cv_represent) is the heart of the untyped-constant rules: a constant can
 * be given a type only if its value fits the type — integers by range, floats by range after
 * rounding to float32/float64, and a float to an integer type only if it is integral
 * ("truncated" otherwise). The checker turns the status into Go's messages.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <float.h>
#include <fenv.h>
#include "compiler/constant.h"
#include "compiler/types.h"
#include "lang/grammar.h"

ConstVal cv_make_bool(bool b) { ConstVal v = {0}; v.kind = CV_BOOL; v.b = b; return v; }
ConstVal cv_make_int(__int128 i) { ConstVal v = {0}; v.kind = CV_INT; v.i = i; return v; }
ConstVal cv_make_float(long double f) { ConstVal v = {0}; v.kind = CV_FLOAT; v.f = f; return v; }
ConstVal cv_make_string(const char *s, int64_t len) {
    ConstVal v = {0};
    v.kind = CV_STRING;
    v.s = s;
    v.slen = len;
    return v;
}

static const __int128 CV_MAX = (__int128)(((unsigned __int128)1 << 127) - 1);

/* ---- literals ---------------------------------------------------------------------------- */

static int cv_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

CvStatus cv_parse_int(const char *lit, int len, ConstVal *out) {
    int base = 10, i = 0;
    if (len >= 2 && lit[0] == '0') {
        char c = lit[1] | 0x20;
        if (c == 'x') { base = 16; i = 2; }
        else if (c == 'b') { base = 2; i = 2; }
        else if (c == 'o') { base = 8; i = 2; }
        else { base = 8; i = 1; }
    }
    __int128 v = 0;
    for (; i < len; i++) {
        if (lit[i] == '_') continue;
        int d = cv_digit(lit[i]);
        if (d >= base) return CV_BADOP;
        if (__builtin_mul_overflow(v, (__int128)base, &v) || __builtin_add_overflow(v, (__int128)d, &v))
            return CV_OVERFLOW;
    }
    *out = cv_make_int(v);
    return CV_OK;
}

/* Sets the lowest mantissa bit of an inexact result: round-to-odd (see the head comment). */
static long double cv_odd(long double f, bool inexact) {
    if (!inexact || !isfinite(f) || f == 0) return f;
    uint64_t m;
    memcpy(&m, &f, sizeof m);           /* x87 extended: the 64-bit mantissa comes first */
    m |= 1;
    memcpy(&f, &m, sizeof m);
    return f;
}

CvStatus cv_parse_float(const char *lit, int len, ConstVal *out) {
    char buf[512];
    int n = 0;
    for (int i = 0; i < len && n < (int)sizeof buf - 1; i++)
        if (lit[i] != '_') buf[n++] = lit[i];
    buf[n] = 0;
    char *end;
    int mode = fegetround();
    fesetround(FE_TOWARDZERO);
    feclearexcept(FE_INEXACT);
    long double f = strtold(buf, &end);
    bool inexact = fetestexcept(FE_INEXACT) != 0;
    fesetround(mode);
    f = cv_odd(f, inexact);
    if (isinf(f)) return CV_OVERFLOW;
    *out = cv_make_float(f);
    return CV_OK;
}

/* ---- conversions between kinds ----------------------------------------------------------- */

ConstVal cv_to_float(ConstVal v) {
    if (v.kind == CV_INT) return cv_make_float((long double)v.i);
    return v;
}

bool cv_is_integral(ConstVal v) {
    if (v.kind == CV_INT) return true;
    if (v.kind != CV_FLOAT) return false;
    return isfinite(v.f) && floorl(v.f) == v.f && fabsl(v.f) < 1.7e38L;
}

bool cv_to_int(ConstVal v, __int128 *out) {
    if (v.kind == CV_INT) { *out = v.i; return true; }
    if (!cv_is_integral(v)) return false;
    *out = (__int128)v.f;
    return true;
}

/* ---- arithmetic -------------------------------------------------------------------------- */

static CvStatus cv_int_binary(int op, __int128 a, __int128 b, ConstVal *out) {
    __int128 r = 0;
    switch (op) {
    case TK_PLUS: if (__builtin_add_overflow(a, b, &r)) return CV_OVERFLOW; break;
    case TK_MINUS: if (__builtin_sub_overflow(a, b, &r)) return CV_OVERFLOW; break;
    case TK_STAR: if (__builtin_mul_overflow(a, b, &r)) return CV_OVERFLOW; break;
    case TK_SLASH: if (b == 0) return CV_DIVZERO; if (b == -1 && a == -CV_MAX - 1) return CV_OVERFLOW; r = a / b; break;
    case TK_PERCENT: if (b == 0) return CV_DIVZERO; r = b == -1 ? 0 : a % b; break;
    case TK_AND: r = a & b; break;
    case TK_OR: r = a | b; break;
    case TK_XOR: r = a ^ b; break;
    case TK_ANDNOT: r = a & ~b; break;
    default: return CV_BADOP;
    }
    *out = cv_make_int(r);
    return CV_OK;
}

CvStatus cv_binary(int op, ConstVal a, ConstVal b, bool intdiv, ConstVal *out) {
    if (a.kind == CV_BOOL && b.kind == CV_BOOL) {
        if (op == TK_LAND) { *out = cv_make_bool(a.b && b.b); return CV_OK; }
        if (op == TK_LOR) { *out = cv_make_bool(a.b || b.b); return CV_OK; }
        return CV_BADOP;
    }
    if (a.kind == CV_STRING && b.kind == CV_STRING) {
        if (op != TK_PLUS) return CV_BADOP;
        *out = cv_make_string(NULL, a.slen + b.slen);   /* bytes joined by the caller's arena */
        return CV_OK;
    }
    if (a.kind == CV_INT && b.kind == CV_INT && (op != TK_SLASH || intdiv))
        return cv_int_binary(op, a.i, b.i, out);
    if (a.kind == CV_FLOAT && b.kind == CV_FLOAT && intdiv && op == TK_SLASH) {
        /* integer division requested on integral floats (typed integer constants) */
        __int128 x, y;
        if (cv_to_int(a, &x) && cv_to_int(b, &y)) return cv_int_binary(op, x, y, out);
    }
    if ((a.kind != CV_INT && a.kind != CV_FLOAT) || (b.kind != CV_INT && b.kind != CV_FLOAT))
        return CV_BADOP;
    long double x = cv_to_float(a).f, y = cv_to_float(b).f, r;
    switch (op) {
    case TK_PLUS: r = x + y; break;
    case TK_MINUS: r = x - y; break;
    case TK_STAR: r = x * y; break;
    case TK_SLASH: if (y == 0) return CV_DIVZERO; r = x / y; break;
    default: return CV_BADOP;
    }
    long double whole = roundl(r);
    if (whole != r && isfinite(r) && fabsl(r - whole) <= fabsl(r) * 0x1p-60L) r = whole;
    if (isinf(r) || isnan(r)) return CV_OVERFLOW;
    *out = cv_make_float(r);
    return CV_OK;
}

CvStatus cv_unary(int op, ConstVal a, int bits, bool is_unsigned, ConstVal *out) {
    switch (op) {
    case TK_PLUS:
        if (a.kind != CV_INT && a.kind != CV_FLOAT) return CV_BADOP;
        *out = a;
        return CV_OK;
    case TK_MINUS:
        if (a.kind == CV_INT) {
            if (a.i == -CV_MAX - 1) return CV_OVERFLOW;
            *out = cv_make_int(-a.i);
            return CV_OK;
        }
        if (a.kind == CV_FLOAT) { *out = cv_make_float(-a.f); return CV_OK; }
        return CV_BADOP;
    case TK_XOR:
        if (a.kind != CV_INT) return CV_BADOP;
        if (is_unsigned && bits > 0) {
            unsigned __int128 mask = ((unsigned __int128)1 << bits) - 1;
            *out = cv_make_int((__int128)(~(unsigned __int128)a.i & mask));
        } else {
            *out = cv_make_int(~a.i);
        }
        return CV_OK;
    case TK_NOT:
        if (a.kind != CV_BOOL) return CV_BADOP;
        *out = cv_make_bool(!a.b);
        return CV_OK;
    default:
        return CV_BADOP;
    }
}

CvStatus cv_shift(int op, ConstVal a, uint64_t s, ConstVal *out) {
    __int128 x;
    if (!cv_to_int(a, &x)) return CV_BADOP;
    if (op == TK_SHR) {
        *out = cv_make_int(s >= 127 ? (x < 0 ? -1 : 0) : x >> s);
        return CV_OK;
    }
    if (op != TK_SHL) return CV_BADOP;
    if (x == 0) { *out = cv_make_int(0); return CV_OK; }
    if (s >= 127) return CV_OVERFLOW;
    __int128 r = (__int128)((unsigned __int128)x << s);
    if ((r >> s) != x || (x > 0) != (r > 0)) return CV_OVERFLOW;
    *out = cv_make_int(r);
    return CV_OK;
}

static int cv_cmp3(ConstVal a, ConstVal b) {
    if (a.kind == CV_STRING) {
        int64_t n = a.slen < b.slen ? a.slen : b.slen;
        int c = n ? memcmp(a.s, b.s, (size_t)n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return a.slen < b.slen ? -1 : a.slen > b.slen;
    }
    if (a.kind == CV_BOOL) return a.b == b.b ? 0 : 1;
    if (a.kind == CV_INT && b.kind == CV_INT) return a.i < b.i ? -1 : a.i > b.i;
    long double x = cv_to_float(a).f, y = cv_to_float(b).f;
    /* values a few 64-bit ulps apart are the same exact constant computed two ways
     * (0.1 + 0.2 == 0.3 holds in Go's exact arithmetic) */
    if (x != y && fabsl(x - y) <= fmaxl(fabsl(x), fabsl(y)) * 0x1p-60L) return 0;
    return x < y ? -1 : x > y;
}

bool cv_compare(int op, ConstVal a, ConstVal b) {
    int c = cv_cmp3(a, b);
    switch (op) {
    case TK_EQL: return c == 0;
    case TK_NEQ: return c != 0;
    case TK_LSS: return c < 0;
    case TK_LEQ: return c <= 0;
    case TK_GTR: return c > 0;
    case TK_GEQ: return c >= 0;
    default: return false;
    }
}

/* ---- representability -------------------------------------------------------------------- */

static bool cv_int_fits(__int128 x, TypeKind k) {
    switch (k) {
    case TY_INT8: return x >= INT8_MIN && x <= INT8_MAX;
    case TY_INT16: return x >= INT16_MIN && x <= INT16_MAX;
    case TY_INT32: return x >= INT32_MIN && x <= INT32_MAX;
    case TY_INT: case TY_INT64: return x >= INT64_MIN && x <= INT64_MAX;
    case TY_UINT8: return x >= 0 && x <= UINT8_MAX;
    case TY_UINT16: return x >= 0 && x <= UINT16_MAX;
    case TY_UINT32: return x >= 0 && x <= UINT32_MAX;
    case TY_UINT: case TY_UINT64: case TY_UINTPTR: return x >= 0 && x <= (__int128)UINT64_MAX;
    case TY_UNTYPED_INT: case TY_UNTYPED_RUNE: return true;
    default: return false;
    }
}

CvStatus cv_represent(ConstVal v, Type *target, ConstVal *out) {
    Type *u = type_underlying(target);
    TypeKind k = u->kind;
    if (k == TY_INVALID) { *out = v; return CV_OK; }
    if (type_is_boolean(u)) { if (v.kind != CV_BOOL) return CV_BADOP; *out = v; return CV_OK; }
    if (type_is_string(u)) { if (v.kind != CV_STRING) return CV_BADOP; *out = v; return CV_OK; }
    if (v.kind != CV_INT && v.kind != CV_FLOAT) return CV_BADOP;
    if (type_is_integer(u)) {
        __int128 x;
        if (!cv_to_int(v, &x)) return CV_TRUNCATED;
        if (!cv_int_fits(x, k)) return CV_OVERFLOW;
        *out = cv_make_int(x);
        return CV_OK;
    }
    if (type_is_float(u)) {
        long double f = cv_to_float(v).f;
        if (k == TY_FLOAT32) {
            float r = (float)f;
            if (isinf(r)) return CV_OVERFLOW;
            *out = cv_make_float(r);
        } else if (k == TY_FLOAT64) {
            double r = (double)f;
            if (isinf(r)) return CV_OVERFLOW;
            *out = cv_make_float(r);
        } else {
            *out = cv_make_float(f);
        }
        return CV_OK;
    }
    return CV_BADOP;
}

/* ---- spelling ---------------------------------------------------------------------------- */

static void cv_int_string(__int128 x, char *buf, size_t n) {
    char tmp[48];
    int i = sizeof tmp - 1;
    bool neg = x < 0;
    unsigned __int128 u = neg ? -(unsigned __int128)x : (unsigned __int128)x;
    tmp[i] = 0;
    do { tmp[--i] = (char)('0' + (int)(u % 10)); u /= 10; } while (u);
    if (neg) tmp[--i] = '-';
    snprintf(buf, n, "%s", tmp + i);
}

static void cv_quote(const char *s, int64_t len, char *buf, size_t n) {
    size_t o = 0;
    int64_t shown = len > 72 ? 70 : len;    /* go/constant shortens long strings */
    buf[o++] = '"';
    for (int64_t i = 0; i < shown && o + 8 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') { buf[o++] = '\\'; buf[o++] = (char)c; }
        else if (c == '\n') { buf[o++] = '\\'; buf[o++] = 'n'; }
        else if (c == '\t') { buf[o++] = '\\'; buf[o++] = 't'; }
        else if (c < 0x20 || c == 0x7f) o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
        else buf[o++] = (char)c;
    }
    if (shown < len && o + 4 < n) { memcpy(buf + o, "...", 3); o += 3; }
    buf[o++] = '"';
    buf[o] = 0;
}

char *cv_string(ConstVal v, char *buf, size_t n) {
    switch (v.kind) {
    case CV_BOOL: snprintf(buf, n, "%s", v.b ? "true" : "false"); break;
    case CV_INT: cv_int_string(v.i, buf, n); break;
    case CV_FLOAT:
        if (cv_is_integral(v) && fabsl(v.f) < 1e21L) cv_int_string((__int128)v.f, buf, n);
        else snprintf(buf, n, "%.6Lg", v.f);
        break;
    case CV_STRING: if (n > 80) cv_quote(v.s ? v.s : "", v.slen, buf, n); else snprintf(buf, n, "\"...\""); break;
    }
    return buf;
}
