/* runtime/natives_strconv.c — the float conversions of package strconv.
 *
 * Reading and writing floating-point numbers correctly rounded is subtle arithmetic that the C
 * library already does right, so strconv's ParseFloat and FormatFloat are natives over it;
 * everything else of strconv (integers, quoting, errors) is gol in runtime/lib/strconv.gol.
 *
 * ParseFloat: the C library's strtod accepts more than Go does (hex floats without an exponent,
 * "nan(...)", "infinity" with a sign on NaN, leading white space) and knows nothing of Go's
 * underscores, so parse_go_float first checks the text against Go's grammar, as Go's readFloat
 * and special do:
 *
 *     [+-] ( "inf" | "infinity" )            any case; "nan" (any case) without a sign
 *     [+-] digits [ "." digits ] [ e [+-] digits ]          at least one mantissa digit
 *     [+-] 0x hexdigits [ "." hexdigits ] p [+-] digits     the p exponent is required
 *
 * with underscores allowed only between digits or after a base prefix (Go's underscoreOK),
 * and copies it without the underscores for strtod (strtof for bitSize 32, which rounds once,
 * straight to float32, as Go does). An overflow gives ±Inf and ErrRange, as Go; an underflow
 * to zero or a denormal is no error in Go, so strtod's ERANGE there is ignored.
 *
 * FormatFloat is runtime/fmt.c's fmt_ftoa, the same code %e %f %g %x %b of fmt use.
 *
 * Layout rule (runtime/symtab.h): results first, each parameter in its own 8-byte slots.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

enum { PARSE_OK = 0, PARSE_SYNTAX = 1, PARSE_RANGE = 2 };

/* Go's special: "inf", "infinity" (signed) and "nan", any case, the whole of s. */
static bool parse_special(const char *s, size_t n, double *out) {
    size_t i = 0;
    int sign = 1;
    if (n > 0 && (s[0] == '+' || s[0] == '-')) { sign = s[0] == '-' ? -1 : 1; i = 1; }
    size_t rest = n - i;
    if ((rest == 3 && strncasecmp(s + i, "inf", 3) == 0) || (rest == 8 && strncasecmp(s + i, "infinity", 8) == 0)) {
        *out = sign * INFINITY;
        return true;
    }
    if (i == 0 && n == 3 && strncasecmp(s, "nan", 3) == 0) { *out = NAN; return true; }
    return false;
}

/* Go's underscoreOK: underscores only between digits or between a base prefix and a digit. */
static bool underscores_ok(const char *s, size_t n) {
    char saw = '^';
    size_t i = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) { s++; n--; }
    bool hex = false;
    if (n >= 2 && s[0] == '0' && strchr("bBoOxX", s[1])) { i = 2; saw = '0'; hex = s[1] == 'x' || s[1] == 'X'; }
    for (; i < n; i++) {
        char c = s[i];
        if (isdigit((unsigned char)c) || (hex && isxdigit((unsigned char)c))) { saw = '0'; continue; }
        if (c == '_') { if (saw != '0') return false; saw = '_'; continue; }
        if (saw == '_') return false;
        saw = '!';
    }
    return saw != '_';
}

/* Checks s against Go's float grammar (head comment); on success writes it without
 * underscores to clean (which has room for n + 1 bytes). */
static bool check_go_float(const char *s, size_t n, char *clean) {
    size_t i = 0, o = 0;
    bool underscores = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) clean[o++] = s[i++];
    bool hex = false;
    if (i + 2 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        hex = true;
        clean[o++] = '0'; clean[o++] = 'x';
        i += 2;
    }
    bool sawdot = false, sawdigits = false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '_') { underscores = true; continue; }
        if (c == '.') { if (sawdot) break; sawdot = true; clean[o++] = c; continue; }
        if (isdigit((unsigned char)c) || (hex && isxdigit((unsigned char)c))) { sawdigits = true; clean[o++] = c; continue; }
        break;
    }
    if (!sawdigits) return false;
    char expc = hex ? 'p' : 'e';
    if (i < n && tolower((unsigned char)s[i]) == expc) {
        clean[o++] = expc;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) clean[o++] = s[i++];
        if (i >= n || !isdigit((unsigned char)s[i])) return false;
        for (; i < n && (isdigit((unsigned char)s[i]) || s[i] == '_'); i++) {
            if (s[i] == '_') { underscores = true; continue; }
            clean[o++] = s[i];
        }
    } else if (hex) {
        return false;
    }
    if (i != n) return false;
    if (underscores && !underscores_ok(s, n)) return false;
    clean[o] = 0;
    return true;
}

/* strconv.parseFloat(s string, bitSize int) (f float64, code int): f @0, code @8, s @16,
 * bitSize @32. code is PARSE_OK, PARSE_SYNTAX or PARSE_RANGE; strconv.gol makes the error. */
static int nat_strconv_parse_float(GolG *g, uint8_t *f) {
    GolString s = ARG(f, 16, GolString);
    int bits = (int)ARG(f, 32, int64_t);
    const char *p = (const char *)s.ptr;
    size_t n = (size_t)s.len;
    double v;
    int code = PARSE_OK;
    if (parse_special(p, n, &v)) {
        if (bits == 32) v = (double)(float)v;
    } else {
        char small[128];
        char *clean = n + 1 <= sizeof small ? small : malloc(n + 1);
        if (!check_go_float(p, n, clean)) {
            v = 0;
            code = PARSE_SYNTAX;
        } else {
            errno = 0;
            v = bits == 32 ? (double)strtof(clean, NULL) : strtod(clean, NULL);
            if (isinf(v)) code = PARSE_RANGE;
        }
        if (clean != small) free(clean);
    }
    ARG(f, 0, double) = v;
    ARG(f, 8, int64_t) = code;
    return NAT_RETURN;
}

/* strconv.formatFloat(f float64, fmt byte, prec, bitSize int) string: result @0, f @16,
 * fmt @24, prec @32, bitSize @40. */
static int nat_strconv_format_float(GolG *g, uint8_t *f) {
    FmtBuf b = {0};
    fmt_ftoa(&b, ARG(f, 16, double), (char)ARG(f, 24, uint64_t), (int)ARG(f, 32, int64_t), (int)ARG(f, 40, int64_t));
    GolString s = {NULL, (int64_t)b.len};
    if (b.len > 0) {
        uint8_t *p = mallocgc_noscan(g, b.len, false);
        memcpy(p, b.p, b.len);
        s.ptr = p;
    }
    ARG(f, 0, GolString) = s;
    fmtbuf_free(&b);
    return NAT_RETURN;
}

/* strconv.IsPrint(r rune) bool: result @0, r @8. */
static int nat_strconv_is_print(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = rt_is_print((int32_t)ARG(f, 8, int64_t));
    return NAT_RETURN;
}

static const NativeEntry strconv_natives[] = {
    { "strconv.parseFloat",  nat_strconv_parse_float,  false },
    { "fmt.parseFloat",      nat_strconv_parse_float,  false },   /* the same signature in fmt.gol */
    { "strconv.formatFloat", nat_strconv_format_float, false },
    { "strconv.IsPrint",     nat_strconv_is_print,     false },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_strconv(const char *qualified_name) {
    for (const NativeEntry *e = strconv_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
