/* runtime/natives_math.c — the C side of package math: the functions the C library computes.
 *
 * runtime/lib/math.gol declares these without bodies; runtime/natives.c's lookup asks
 * rt_native_lookup_math for the names it does not know. Everything else in the package (the
 * special cases of Max and Min, Pow, Log2, Log10, Pow10, Hypot, Cosh, Nextafter, the bit
 * conversions) is gol code, because there Go's results come from a particular sequence of
 * float64 operations that gol repeats exactly.
 *
 * Exactness. The functions IEEE 754 defines exactly (Sqrt, Floor, Ceil, Trunc, Round,
 * RoundToEven, Mod, Remainder, FMA, Frexp, Ldexp, Modf) give the same bits as Go's.
 * The transcendental ones (Sin, Exp, Log, Atan, Gamma, ...) come from the C library, which is
 * accurate to within an ulp as Go's own are, but not always the same ulp: a result printed with
 * all its digits may differ from Go's in the last one (docs/stdlib.md, "math").
 *
 * Frame offsets follow the layout rule of runtime/symtab.h (results first, then params, each
 * 8-byte aligned):
 *
 *     math.Sin(x float64) float64                     result @0, x @8
 *     math.Atan2(y, x float64) float64                result @0, y @8, x @16
 *     math.FMA(x, y, z float64) float64               result @0, x @8, y @16, z @24
 *     math.Frexp(f float64) (frac float64, exp int)   frac @0, exp @8, f @16
 *     math.Ldexp(frac float64, exp int) float64       result @0, frac @8, exp @16
 *     math.Jn(n int, x float64) float64               result @0, n @8, x @16
 */
#define _GNU_SOURCE
#include <math.h>
#include <string.h>
#include "runtime/runtime.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* A native of one float64 argument (result @0, x @8) and of two (result @0, x @8, y @16). */
static int math_unary(uint8_t *frame, double (*fn)(double)) {
    ARG(frame, 0, double) = fn(ARG(frame, 8, double));
    return NAT_RETURN;
}

static int math_binary(uint8_t *frame, double (*fn)(double, double)) {
    ARG(frame, 0, double) = fn(ARG(frame, 8, double), ARG(frame, 16, double));
    return NAT_RETURN;
}

static int nat_math_sqrt(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, sqrt); }
static int nat_math_floor(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, floor); }
static int nat_math_ceil(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, ceil); }
static int nat_math_trunc(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, trunc); }
static int nat_math_round(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, round); }
static int nat_math_round_even(GolG *g, uint8_t *f) { (void)g; return math_unary(f, nearbyint); }
static int nat_math_exp(GolG *g, uint8_t *f)        { (void)g; return math_unary(f, exp); }
static int nat_math_exp2(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, exp2); }
static int nat_math_expm1(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, expm1); }
static int nat_math_log(GolG *g, uint8_t *f)        { (void)g; return math_unary(f, log); }
static int nat_math_log1p(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, log1p); }
static int nat_math_sin(GolG *g, uint8_t *f)        { (void)g; return math_unary(f, sin); }
static int nat_math_cos(GolG *g, uint8_t *f)        { (void)g; return math_unary(f, cos); }
static int nat_math_tan(GolG *g, uint8_t *f)        { (void)g; return math_unary(f, tan); }
static int nat_math_asin(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, asin); }
static int nat_math_acos(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, acos); }
static int nat_math_atan(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, atan); }
static int nat_math_sinh(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, sinh); }
static int nat_math_tanh(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, tanh); }
static int nat_math_asinh(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, asinh); }
static int nat_math_acosh(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, acosh); }
static int nat_math_atanh(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, atanh); }
static int nat_math_erf(GolG *g, uint8_t *f)        { (void)g; return math_unary(f, erf); }
static int nat_math_erfc(GolG *g, uint8_t *f)       { (void)g; return math_unary(f, erfc); }
static int nat_math_gamma(GolG *g, uint8_t *f)      { (void)g; return math_unary(f, tgamma); }
static int nat_math_j0(GolG *g, uint8_t *f)         { (void)g; return math_unary(f, j0); }
static int nat_math_j1(GolG *g, uint8_t *f)         { (void)g; return math_unary(f, j1); }
static int nat_math_y0(GolG *g, uint8_t *f)         { (void)g; return math_unary(f, y0); }
static int nat_math_y1(GolG *g, uint8_t *f)         { (void)g; return math_unary(f, y1); }
static int nat_math_atan2(GolG *g, uint8_t *f)      { (void)g; return math_binary(f, atan2); }
static int nat_math_mod(GolG *g, uint8_t *f)        { (void)g; return math_binary(f, fmod); }
static int nat_math_remainder(GolG *g, uint8_t *f)  { (void)g; return math_binary(f, remainder); }

/* Cbrt: the C library's cube root can miss by an ulp even for perfect cubes (cbrt(27) gives
 * 3.0000000000000004 with glibc); one Newton step in long double, rounded once to double, makes
 * it exact there and correctly rounded almost everywhere. */
static double cbrt_refined(double x) {
    double t = cbrt(x);
    if (t == 0 || isinf(t) || isnan(t)) return t;
    long double lt = t;
    lt -= (lt * lt * lt - (long double)x) / (3 * lt * lt);
    return (double)lt;
}

static int nat_math_cbrt(GolG *g, uint8_t *f) { (void)g; return math_unary(f, cbrt_refined); }

static int nat_math_fma(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, double) = fma(ARG(frame, 8, double), ARG(frame, 16, double), ARG(frame, 24, double));
    return NAT_RETURN;
}

/* Frexp: Go and C agree, including frac = ±0.5..1 and exp = 0 for 0, ±Inf and NaN. */
static int nat_math_frexp(GolG *g, uint8_t *frame) {
    (void)g;
    int e = 0;
    double x = ARG(frame, 16, double);
    double frac = frexp(x, &e);
    if (isinf(x) || isnan(x)) e = 0;
    ARG(frame, 0, double) = frac;
    ARG(frame, 8, int64_t) = e;
    return NAT_RETURN;
}

/* Ldexp: an int64 exponent is clamped to int's range first; any exponent that far out already
 * overflows or underflows, so the clamp cannot change the result. */
static int nat_math_ldexp(GolG *g, uint8_t *frame) {
    (void)g;
    int64_t e = ARG(frame, 16, int64_t);
    if (e > 100000) e = 100000;
    if (e < -100000) e = -100000;
    ARG(frame, 0, double) = ldexp(ARG(frame, 8, double), (int)e);
    return NAT_RETURN;
}

/* Modf: int part @0, frac part @8, f @16. */
static int nat_math_modf(GolG *g, uint8_t *frame) {
    (void)g;
    double ip;
    double x = ARG(frame, 16, double);
    double fp = modf(x, &ip);
    if (isinf(x)) fp = NAN;          /* Go: Modf(±Inf) = ±Inf, NaN (C gives a zero fraction) */
    ARG(frame, 0, double) = ip;
    ARG(frame, 8, double) = fp;
    return NAT_RETURN;
}

/* lgamma(x) (lgamma @0, sign @8, x @16): the re-entrant lgamma_r returns the sign itself. */
static int nat_math_lgamma(GolG *g, uint8_t *frame) {
    (void)g;
    int sign = 1;
    double x = ARG(frame, 16, double);
    double r = lgamma_r(x, &sign);
    ARG(frame, 0, double) = r;
    ARG(frame, 8, int64_t) = sign;
    return NAT_RETURN;
}

/* Jn and Yn: result @0, n @8, x @16. */
static int nat_math_jn(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, double) = jn((int)ARG(frame, 8, int64_t), ARG(frame, 16, double));
    return NAT_RETURN;
}

static int nat_math_yn(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, double) = yn((int)ARG(frame, 8, int64_t), ARG(frame, 16, double));
    return NAT_RETURN;
}

/* math/bits.Div's panics: Go raises the run-time errors "integer divide by zero" (y == 0)
 * and "integer overflow" (a quotient that does not fit), which gol code cannot make itself. */
static int nat_bits_panic_divide(GolG *g, uint8_t *frame)   { rt_panic_divide(g); }
static int nat_bits_panic_overflow(GolG *g, uint8_t *frame) { rt_panic_msg(g, "integer overflow"); }

static const NativeEntry math_natives[] = {
    { "math.Sqrt",        nat_math_sqrt },      { "math.Floor",       nat_math_floor },
    { "math.Ceil",        nat_math_ceil },      { "math.Trunc",       nat_math_trunc },
    { "math.Round",       nat_math_round },     { "math.RoundToEven", nat_math_round_even },
    { "math.Exp",         nat_math_exp },       { "math.Exp2",        nat_math_exp2 },
    { "math.Expm1",       nat_math_expm1 },     { "math.Log",         nat_math_log },
    { "math.Log1p",       nat_math_log1p },     { "math.Cbrt",        nat_math_cbrt },
    { "math.Sin",         nat_math_sin },       { "math.Cos",         nat_math_cos },
    { "math.Tan",         nat_math_tan },       { "math.Asin",        nat_math_asin },
    { "math.Acos",        nat_math_acos },      { "math.Atan",        nat_math_atan },
    { "math.Sinh",        nat_math_sinh },
    { "math.Tanh",        nat_math_tanh },      { "math.Asinh",       nat_math_asinh },
    { "math.Acosh",       nat_math_acosh },     { "math.Atanh",       nat_math_atanh },
    { "math.Erf",         nat_math_erf },       { "math.Erfc",        nat_math_erfc },
    { "math.Gamma",       nat_math_gamma },     { "math.J0",          nat_math_j0 },
    { "math.J1",          nat_math_j1 },        { "math.Y0",          nat_math_y0 },
    { "math.Y1",          nat_math_y1 },        { "math.Atan2",       nat_math_atan2 },
    { "math.Mod",         nat_math_mod },
    { "math.Remainder",   nat_math_remainder },
    { "math.FMA",         nat_math_fma },       { "math.Frexp",       nat_math_frexp },
    { "math.Ldexp",       nat_math_ldexp },     { "math.Modf",        nat_math_modf },
    { "math.Lgamma",      nat_math_lgamma },    { "math.Jn",          nat_math_jn },
    { "math.Yn",          nat_math_yn },
    { "math/bits.panicDivide",   nat_bits_panic_divide },
    { "math/bits.panicOverflow", nat_bits_panic_overflow },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_math(const char *qualified_name) {
    for (const NativeEntry *e = math_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
