/* compiler/constant.c — exact arithmetic on constant values, as Go's go/constant does it.
 *
 * A ConstVal is a bool, a string, an integer or a float. Numbers are exact:
 *   - an integer is a sign and an arbitrary-precision magnitude (struct CvBig: little-endian
 *     32-bit limbs, no leading zero limb, zero has no limbs). As in Go, an untyped integer
 *     result wider than 512 bits is an error (CV_OVERFLOW → "constant multiplication
 *     overflow", "constant shift overflow", ...), so magnitudes stay small;
 *   - a float is an exact rational sign * num/den in lowest terms (den > 0). Decimal and hex
 *     literals are rationals (0.1 = 1/10, 0x1p-3 = 1/8), and + - * / on them are exact, so
 *     `0.1 + 0.2 == 0.3` and `1.0/3*3 == 1` hold, as in Go. There is no negative zero.
 * A float becomes a float32/float64 only when a typed value is needed (cv_represent): the
 * rational is rounded once, correctly (round half to even, subnormals included), by dividing
 * num·2^k by den to get the top p+2 bits plus a sticky remainder — no decimal detour.
 *
 * Limit (a documented departure from Go): Go switches to a 512-bit big.Float when a rational
 * grows too large, accepting even 1e1000000. gol caps rationals at CV_MAX_RAT_BITS bits of
 * numerator and denominator (about 1e±9860): a literal beyond it is CV_OVERFLOW (the checker
 * says "malformed constant: 1e100000", Go's words for an unrepresentable literal, at a lower
 * threshold), an arithmetic result beyond it is "constant multiplication overflow" etc. Every
 * float64/float32 value and any realistic constant expression is far inside the cap, and no
 * literal can blow up memory or time (the exponent is checked before any power is built).
 *
 * ConstVal keeps two shadows of the exact value for the checker and code generator, which
 * read them directly: `i` (the integer value, saturated to ±(2^127−1)) and `f` (the nearest
 * long double). A typed float constant is stored already rounded, so its `f` is exact.
 *
 * Memory: limbs come from a chunk allocator whose chunks stay linked from a static list —
 * constants live as long as the compilation (the process) and leak checkers see them as
 * reachable.
 *
 * Representability (cv_represent) is the heart of the untyped-constant rules: a constant can
 * be given a type only if its value fits the type — integers by range, floats by range after
 * rounding to float32/float64 (underflow to 0 is fine, as in Go), and a float to an integer
 * type only if it is integral ("truncated" otherwise). The checker turns statuses into Go's
 * messages.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <float.h>
#include "compiler/constant.h"
#include "compiler/types.h"
#include "lang/grammar.h"

enum { CV_INT_BITS = 512, CV_MAX_RAT_BITS = 32768 };

typedef struct CvBig { int n; uint32_t d[]; } CvBig;

/* ---- memory ------------------------------------------------------------------------------ */

typedef struct CvChunk { struct CvChunk *next; size_t used, cap; max_align_t data[]; } CvChunk;
static CvChunk *cv_chunks;              /* every chunk ever allocated: reachable, never freed */

static void *cv_alloc(size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (!cv_chunks || cv_chunks->cap - cv_chunks->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        CvChunk *c = malloc(sizeof *c + cap);
        if (!c) { fprintf(stderr, "gol: out of memory\n"); exit(2); }
        c->next = cv_chunks;
        c->used = 0;
        c->cap = cap;
        cv_chunks = c;
    }
    void *p = (char *)cv_chunks->data + cv_chunks->used;
    cv_chunks->used += size;
    return p;
}

/* ---- magnitudes (CvBig) ------------------------------------------------------------------- */

static CvBig *big_new(int n) {
    CvBig *b = cv_alloc(sizeof(CvBig) + (size_t)(n > 0 ? n : 1) * sizeof(uint32_t));
    b->n = n;
    memset(b->d, 0, (size_t)(n > 0 ? n : 1) * sizeof(uint32_t));
    return b;
}

static CvBig *big_trim(CvBig *b) {
    while (b->n > 0 && b->d[b->n - 1] == 0) b->n--;
    return b;
}

static CvBig *big_u128(unsigned __int128 u) {
    CvBig *b = big_new(4);
    for (int i = 0; i < 4; i++) b->d[i] = (uint32_t)(u >> (32 * i));
    return big_trim(b);
}

static bool big_is_zero(const CvBig *a) { return !a || a->n == 0; }
static bool big_is_one(const CvBig *a) { return a && a->n == 1 && a->d[0] == 1; }

static int big_bitlen(const CvBig *a) {
    if (big_is_zero(a)) return 0;
    return 32 * (a->n - 1) + 32 - __builtin_clz(a->d[a->n - 1]);
}

/* The low 128 bits (exact when big_bitlen(a) <= 128). */
static unsigned __int128 big_low128(const CvBig *a) {
    unsigned __int128 u = 0;
    for (int i = a ? (a->n < 4 ? a->n : 4) : 0; i-- > 0;) u = u << 32 | a->d[i];
    return u;
}

static int big_cmp(const CvBig *a, const CvBig *b) {
    int an = a ? a->n : 0, bn = b ? b->n : 0;
    if (an != bn) return an < bn ? -1 : 1;
    for (int i = an; i-- > 0;)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

static CvBig *big_add(const CvBig *a, const CvBig *b) {
    if (a->n < b->n) { const CvBig *t = a; a = b; b = t; }
    CvBig *r = big_new(a->n + 1);
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        carry += (uint64_t)a->d[i] + (i < b->n ? b->d[i] : 0);
        r->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    r->d[a->n] = (uint32_t)carry;
    return big_trim(r);
}

/* a - b for a >= b. */
static CvBig *big_sub(const CvBig *a, const CvBig *b) {
    CvBig *r = big_new(a->n);
    int64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        borrow = t < 0;
        r->d[i] = (uint32_t)t;
    }
    return big_trim(r);
}

static CvBig *big_mul(const CvBig *a, const CvBig *b) {
    if (big_is_zero(a) || big_is_zero(b)) return big_new(0);
    CvBig *r = big_new(a->n + b->n);
    for (int i = 0; i < a->n; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < b->n; j++) {
            carry += (uint64_t)a->d[i] * b->d[j] + r->d[i + j];
            r->d[i + j] = (uint32_t)carry;
            carry >>= 32;
        }
        r->d[i + b->n] = (uint32_t)carry;
    }
    return big_trim(r);
}

/* a * m + add, for parsing digits. */
static CvBig *big_mul_small_add(const CvBig *a, uint32_t m, uint32_t add) {
    CvBig *r = big_new(a->n + 1);
    uint64_t carry = add;
    for (int i = 0; i < a->n; i++) {
        carry += (uint64_t)a->d[i] * m;
        r->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    r->d[a->n] = (uint32_t)carry;
    return big_trim(r);
}

/* a / d with the remainder returned, for printing and one-limb divisors. */
static uint32_t big_div_small(const CvBig *a, uint32_t d, CvBig **q) {
    CvBig *r = big_new(a->n);
    uint64_t rem = 0;
    for (int i = a->n; i-- > 0;) {
        rem = rem << 32 | a->d[i];
        r->d[i] = (uint32_t)(rem / d);
        rem %= d;
    }
    *q = big_trim(r);
    return (uint32_t)rem;
}

static CvBig *big_shl(const CvBig *a, int s) {
    if (big_is_zero(a)) return big_new(0);
    int w = s / 32, b = s % 32;
    CvBig *r = big_new(a->n + w + 1);
    for (int i = 0; i < a->n; i++) {
        uint64_t v = (uint64_t)a->d[i] << b;
        r->d[i + w] |= (uint32_t)v;
        r->d[i + w + 1] |= (uint32_t)(v >> 32);
    }
    return big_trim(r);
}

static CvBig *big_shr(const CvBig *a, int s) {
    int w = s / 32, b = s % 32;
    if (big_is_zero(a) || w >= a->n) return big_new(0);
    CvBig *r = big_new(a->n - w);
    for (int i = 0; i < r->n; i++) {
        uint64_t v = a->d[i + w];
        if (i + w + 1 < a->n) v |= (uint64_t)a->d[i + w + 1] << 32;
        r->d[i] = (uint32_t)(v >> b);
    }
    return big_trim(r);
}

/* Quotient and remainder of u / v (v != 0): Knuth's algorithm D (TAOCP 4.3.1) on 32-bit
 * limbs, after normalising v so its top limb has the high bit set (then each estimated
 * quotient digit is at most 2 too large). */
static void big_divmod(const CvBig *u, const CvBig *v, CvBig **qo, CvBig **ro) {
    if (big_cmp(u, v) < 0) { *qo = big_new(0); *ro = (CvBig *)u; return; }
    if (v->n == 1) { uint32_t r = big_div_small(u, v->d[0], qo); *ro = big_u128(r); return; }
    int m = u->n, n = v->n, s = __builtin_clz(v->d[n - 1]);
    uint32_t *vn = malloc(sizeof(uint32_t) * (size_t)(n + m + 1)), *un = vn + n;   /* scratch */
    if (!vn) { fprintf(stderr, "gol: out of memory\n"); exit(2); }
    for (int i = n - 1; i > 0; i--) vn[i] = (v->d[i] << s) | (s ? v->d[i - 1] >> (32 - s) : 0);
    vn[0] = v->d[0] << s;
    un[m] = s ? u->d[m - 1] >> (32 - s) : 0;
    for (int i = m - 1; i > 0; i--) un[i] = (u->d[i] << s) | (s ? u->d[i - 1] >> (32 - s) : 0);
    un[0] = u->d[0] << s;
    CvBig *q = big_new(m - n + 1);
    const uint64_t B = (uint64_t)1 << 32;
    for (int j = m - n; j >= 0; j--) {
        uint64_t num = (uint64_t)un[j + n] << 32 | un[j + n - 1];
        uint64_t qhat = num / vn[n - 1], rhat = num % vn[n - 1];
        while (qhat >= B || qhat * vn[n - 2] > (rhat << 32 | un[j + n - 2])) {
            qhat--;
            rhat += vn[n - 1];
            if (rhat >= B) break;
        }
        int64_t k = 0, t;
        for (int i = 0; i < n; i++) {
            uint64_t p = qhat * vn[i];
            t = (int64_t)un[i + j] - k - (int64_t)(p & 0xFFFFFFFFu);
            un[i + j] = (uint32_t)t;
            k = (int64_t)(p >> 32) - (t >> 32);
        }
        t = (int64_t)un[j + n] - k;
        un[j + n] = (uint32_t)t;
        q->d[j] = (uint32_t)qhat;
        if (t < 0) {                    /* estimate one too large: add v back */
            q->d[j]--;
            uint64_t c = 0;
            for (int i = 0; i < n; i++) {
                c += (uint64_t)un[i + j] + vn[i];
                un[i + j] = (uint32_t)c;
                c >>= 32;
            }
            un[j + n] += (uint32_t)c;
        }
    }
    CvBig *r = big_new(n);
    for (int i = 0; i < n; i++) r->d[i] = (un[i] >> s) | (s ? un[i + 1] << (32 - s) : 0);
    free(vn);
    *qo = big_trim(q);
    *ro = big_trim(r);
}

/* Shifts the n-limb array x right by s < 32 bits in place; returns the new length. */
static int big_arr_shr(uint32_t *x, int n, int s) {
    if (s == 0) return n;
    for (int i = 0; i < n; i++) x[i] = (x[i] >> s) | (i + 1 < n ? x[i + 1] << (32 - s) : 0);
    while (n > 0 && x[n - 1] == 0) n--;
    return n;
}

/* Strips the trailing zero bits of a nonzero array; returns the new length, adds to *tz. */
static int big_arr_strip(uint32_t *x, int n, int *tz) {
    int w = 0;
    while (x[w] == 0) w++;
    if (w) { memmove(x, x + w, sizeof(uint32_t) * (size_t)(n - w)); n -= w; }
    int b = __builtin_ctz(x[0]);
    *tz += 32 * w + b;
    return big_arr_shr(x, n, b);
}

/* Binary GCD (Stein) in two scratch arrays: no garbage even for 30000-bit operands, where
 * Euclid's remainders would allocate a new number per step. Small operands use __int128. */
static CvBig *big_gcd(const CvBig *a, const CvBig *b) {
    if (big_is_zero(a)) return (CvBig *)b;
    if (big_is_zero(b)) return (CvBig *)a;
    if (big_bitlen(a) <= 128 && big_bitlen(b) <= 128) {
        unsigned __int128 x = big_low128(a), y = big_low128(b);
        while (y) { unsigned __int128 t = x % y; x = y; y = t; }
        return big_u128(x);
    }
    int xn = a->n, yn = b->n, ka = 0, kb = 0, junk = 0;
    uint32_t *x = malloc(sizeof(uint32_t) * (size_t)(xn + yn));
    if (!x) { fprintf(stderr, "gol: out of memory\n"); exit(2); }
    uint32_t *y = x + xn;
    memcpy(x, a->d, sizeof(uint32_t) * (size_t)xn);
    memcpy(y, b->d, sizeof(uint32_t) * (size_t)yn);
    xn = big_arr_strip(x, xn, &ka);
    yn = big_arr_strip(y, yn, &kb);
    int k = ka < kb ? ka : kb;                          /* gcd = odd part's gcd · 2^k */
    for (;;) {                                          /* x, y odd */
        int c = xn != yn ? (xn < yn ? -1 : 1) : 0;
        for (int i = xn; c == 0 && i-- > 0;) if (x[i] != y[i]) c = x[i] < y[i] ? -1 : 1;
        if (c == 0) break;
        if (c > 0) { uint32_t *t = x; x = y; y = t; int tn = xn; xn = yn; yn = tn; }
        int64_t borrow = 0;                             /* y -= x (y > x) */
        for (int i = 0; i < yn; i++) {
            int64_t t = (int64_t)y[i] - (i < xn ? x[i] : 0) - borrow;
            borrow = t < 0;
            y[i] = (uint32_t)t;
        }
        while (yn > 0 && y[yn - 1] == 0) yn--;
        yn = big_arr_strip(y, yn, &junk);
    }
    CvBig *g = big_new(xn);
    memcpy(g->d, x, sizeof(uint32_t) * (size_t)xn);
    free(x < y ? x : y);
    return big_shl(g, k);
}

static CvBig *big_pow(uint32_t base, int e) {
    CvBig *r = big_u128(1), *p = big_u128(base);
    for (; e > 0; e >>= 1) {
        if (e & 1) r = big_mul(r, p);
        if (e > 1) p = big_mul(p, p);
    }
    return r;
}

/* ---- rounding to binary floating point ---------------------------------------------------- */

static const CvBig *cv_one(void) {
    static const CvBig *one;
    if (!one) one = big_u128(1);
    return one;
}

/* Rounds num/den (den NULL means 1) to p significant bits, half to even, with the weight of
 * the last kept bit at least 2^lsb_min (gradual underflow). Returns the rounded magnitude as
 * a long double — exact, since p <= 64 — or HUGE_VALL when it reaches 2^emax. The quotient
 * num·2^s/den is computed with p+2 or p+3 bits, the rest of the value lives in the remainder
 * (the sticky bit), so the result is correct for every input, ties included. */
static long double cv_round_mode(const CvBig *num, const CvBig *den, int p, int lsb_min, int emax, bool odd) {
    if (big_is_zero(num)) return 0;
    if (!den) den = cv_one();
    int e = big_bitlen(num) - big_bitlen(den);          /* value in [2^(e-1), 2^(e+1)) */
    if (e - 1 >= emax) return HUGE_VALL;
    int s = p + 2 - e;
    const CvBig *a = num, *b = den;
    if (s >= 0) a = big_shl(num, s); else b = big_shl(den, -s);
    CvBig *q, *r;
    big_divmod(a, b, &q, &r);
    unsigned __int128 qq = big_low128(q);               /* p+2 or p+3 bits */
    int E = big_bitlen(q) - s;                          /* value in [2^(E-1), 2^E) */
    if (E - 1 >= emax) return HUGE_VALL;
    int lsb = E - p < lsb_min ? lsb_min : E - p;
    int shift = lsb + s;                                /* >= 2: bits of qq below the kept ones */
    unsigned __int128 kept = shift >= 128 ? 0 : qq >> shift;
    bool half = shift - 1 < 128 && ((qq >> (shift - 1)) & 1);
    int low = shift - 1 < 127 ? shift - 1 : 127;
    bool sticky = !big_is_zero(r) || (qq & (((unsigned __int128)1 << low) - 1)) != 0;
    if (odd) kept |= (unsigned __int128)(half || sticky);
    else if (half && (sticky || (kept & 1))) kept++;
    long double v = ldexpl((long double)kept, lsb);
    if (isinf(v) || v >= ldexpl(1, emax)) return HUGE_VALL;
    return v;
}

static long double cv_round(const CvBig *num, const CvBig *den, int p, int lsb_min, int emax) {
    return cv_round_mode(num, den, p, lsb_min, emax, false);
}

/* ---- building values ---------------------------------------------------------------------- */

/* A numeric ConstVal from its exact parts (den NULL: an integer), with the i/f shadows. */
static ConstVal cv_num(ConstKind kind, bool neg, const CvBig *num, const CvBig *den) {
    ConstVal v = {0};
    v.kind = kind;
    v.num = num;
    v.neg = neg && !big_is_zero(num);
    v.den = kind == CV_FLOAT ? (den ? den : cv_one()) : NULL;
    if (!v.den || big_is_one(v.den)) {
        __int128 m = big_bitlen(num) <= 127 ? (__int128)big_low128(num)
                                            : (__int128)(((unsigned __int128)1 << 127) - 1);
        v.i = v.neg ? -m : m;
    }
    /* rounded to odd: a later (double)f or (float)f then rounds correctly, as p=64 >= 53+2 */
    long double f = cv_round_mode(num, v.den, 64, -16445, 16384, true);
    v.f = v.neg ? -f : f;
    return v;
}

static const CvBig *cv_den(ConstVal v) { return v.den ? v.den : cv_one(); }

/* Normalises sign·num/den to lowest terms, refusing rationals beyond the size cap. */
static CvStatus cv_rat(bool neg, const CvBig *num, const CvBig *den, ConstVal *out) {
    if (big_is_zero(num)) { *out = cv_num(CV_FLOAT, false, num, NULL); return CV_OK; }
    if (!big_is_one(den)) {
        CvBig *g = big_gcd(num, den), *r;
        if (!big_is_one(g)) {
            CvBig *n2, *d2;
            big_divmod(num, g, &n2, &r);
            big_divmod(den, g, &d2, &r);
            num = n2;
            den = d2;
        }
    }
    if (big_bitlen(num) > CV_MAX_RAT_BITS || big_bitlen(den) > CV_MAX_RAT_BITS) return CV_OVERFLOW;
    *out = cv_num(CV_FLOAT, neg, num, den);
    return CV_OK;
}

/* An integer result, refused beyond Go's 512 bits. */
static CvStatus cv_int(bool neg, const CvBig *mag, ConstVal *out) {
    if (big_bitlen(mag) > CV_INT_BITS) return CV_OVERFLOW;
    *out = cv_num(CV_INT, neg, mag, NULL);
    return CV_OK;
}

ConstVal cv_make_bool(bool b) { ConstVal v = {0}; v.kind = CV_BOOL; v.b = b; return v; }

ConstVal cv_make_int(__int128 i) {
    unsigned __int128 m = i < 0 ? -(unsigned __int128)i : (unsigned __int128)i;
    return cv_num(CV_INT, i < 0, big_u128(m), NULL);
}

/* A long double is a dyadic rational m·2^e: exact. (No infinities or NaNs among constants;
 * they become 0 with the shadow f kept for the caller's diagnostics.) */
ConstVal cv_make_float(long double f) {
    if (!isfinite(f) || f == 0) {
        ConstVal v = cv_num(CV_FLOAT, false, big_new(0), NULL);
        if (!isfinite(f)) v.f = f;
        return v;
    }
    int e;
    long double m = frexpl(fabsl(f), &e);
    uint64_t mant = (uint64_t)ldexpl(m, 64);
    e -= 64;
    const CvBig *num = big_u128(mant), *den = cv_one();
    if (e > 0) num = big_shl(num, e); else den = big_shl(den, -e);
    ConstVal v;
    cv_rat(f < 0, num, den, &v);
    return v;
}

ConstVal cv_make_string(const char *s, int64_t len) {
    ConstVal v = {0};
    v.kind = CV_STRING;
    v.s = s;
    v.slen = len;
    return v;
}

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
    const CvBig *v = big_new(0);
    for (; i < len; i++) {
        if (lit[i] == '_') continue;
        int d = cv_digit(lit[i]);
        if (d >= base) return CV_BADOP;
        v = big_mul_small_add(v, (uint32_t)base, (uint32_t)d);
        if (big_bitlen(v) > CV_MAX_RAT_BITS) return CV_OVERFLOW;
    }
    *out = cv_num(CV_INT, false, v, NULL);
    return CV_OK;
}

/* Decimal literals are digits·10^(exp−fraction digits), hex ones digits·2^(exp−4·fraction
 * digits): both exact rationals. The exponent is bounded before any power is computed. */
CvStatus cv_parse_float(const char *lit, int len, ConstVal *out) {
    bool hex = len >= 2 && lit[0] == '0' && (lit[1] | 0x20) == 'x';
    int i = hex ? 2 : 0, base = hex ? 16 : 10;
    char expch = hex ? 'p' : 'e';
    const CvBig *mant = big_new(0);
    long frac = 0;
    bool dot = false;
    for (; i < len && (lit[i] | 0x20) != expch; i++) {
        if (lit[i] == '_') continue;
        if (lit[i] == '.') { dot = true; continue; }
        int d = cv_digit(lit[i]);
        if (d >= base) return CV_BADOP;
        if (!(big_is_zero(mant) && d == 0)) {
            mant = big_mul_small_add(mant, (uint32_t)base, (uint32_t)d);
            if (big_bitlen(mant) > CV_MAX_RAT_BITS) return CV_OVERFLOW;
        }
        if (dot) frac++;
    }
    long exp = 0;
    if (i < len) {
        bool eneg = false;
        i++;
        if (i < len && (lit[i] == '+' || lit[i] == '-')) eneg = lit[i++] == '-';
        for (; i < len; i++) {
            if (lit[i] == '_') continue;
            if (lit[i] < '0' || lit[i] > '9') return CV_BADOP;
            if (exp < 100000000) exp = exp * 10 + (lit[i] - '0');
        }
        if (eneg) exp = -exp;
    }
    if (big_is_zero(mant)) { *out = cv_num(CV_FLOAT, false, mant, NULL); return CV_OK; }
    long k = hex ? exp - 4 * frac : exp - frac;
    long bits = hex ? labs(k) : labs(k) * 10 / 3;      /* bits of 2^|k| or 10^|k|, rounded down */
    if (bits > CV_MAX_RAT_BITS) return CV_OVERFLOW;
    const CvBig *pow = hex ? big_shl(cv_one(), (int)labs(k)) : big_pow(10, (int)labs(k));
    if (k >= 0) return cv_rat(false, big_mul(mant, pow), cv_one(), out);
    return cv_rat(false, mant, pow, out);
}

/* ---- conversions between kinds ----------------------------------------------------------- */

ConstVal cv_to_float(ConstVal v) {
    if (v.kind == CV_INT) return cv_num(CV_FLOAT, v.neg, v.num, NULL);
    return v;
}

bool cv_is_integral(ConstVal v) {
    if (v.kind == CV_INT) return true;
    return v.kind == CV_FLOAT && big_is_one(cv_den(v));
}

/* The integer value, saturated to ±(2^127−1) when wider (callers only need to see "huge"). */
bool cv_to_int(ConstVal v, __int128 *out) {
    if (!cv_is_integral(v)) return false;
    *out = v.i;
    return true;
}

bool cv_float_as_int(ConstVal v, ConstVal *out) {
    if (v.kind != CV_FLOAT || !cv_is_integral(v) || big_bitlen(v.num) > CV_INT_BITS) return false;
    *out = cv_num(CV_INT, v.neg, v.num, NULL);
    return true;
}

/* ---- arithmetic -------------------------------------------------------------------------- */

/* Signed magnitude addition: (an ? -a : a) + (bn ? -b : b). */
static const CvBig *cv_sadd(bool an, const CvBig *a, bool bn, const CvBig *b, bool *rn) {
    if (an == bn) { *rn = an; return big_add(a, b); }
    if (big_cmp(a, b) >= 0) { *rn = an; return big_sub(a, b); }
    *rn = bn;
    return big_sub(b, a);
}

/* The value in L limbs of two's complement (L exceeds the magnitude's length). */
static void cv_twos(bool neg, const CvBig *m, int L, uint32_t *out) {
    const CvBig *t = neg ? big_sub(m, cv_one()) : m;
    for (int i = 0; i < L; i++) {
        uint32_t d = i < t->n ? t->d[i] : 0;
        out[i] = neg ? ~d : d;
    }
}

/* & | ^ &^ with Go's semantics for negative integers: as if of infinite two's complement. */
static CvStatus cv_bitwise(int op, ConstVal a, ConstVal b, ConstVal *out) {
    int L = (a.num->n > b.num->n ? a.num->n : b.num->n) + 1;
    uint32_t *x = cv_alloc(sizeof(uint32_t) * (size_t)L), *y = cv_alloc(sizeof(uint32_t) * (size_t)L);
    cv_twos(a.neg, a.num, L, x);
    cv_twos(b.neg, b.num, L, y);
    CvBig *r = big_new(L);
    for (int i = 0; i < L; i++) {
        switch (op) {
        case TK_AND: r->d[i] = x[i] & y[i]; break;
        case TK_OR: r->d[i] = x[i] | y[i]; break;
        case TK_XOR: r->d[i] = x[i] ^ y[i]; break;
        default: r->d[i] = x[i] & ~y[i]; break;
        }
    }
    bool neg = r->d[L - 1] >> 31;
    if (neg) {                                   /* magnitude of a negative: ~r + 1 */
        for (int i = 0; i < L; i++) r->d[i] = ~r->d[i];
        return cv_int(true, big_add(big_trim(r), cv_one()), out);
    }
    return cv_int(false, big_trim(r), out);
}

static CvStatus cv_int_binary(int op, ConstVal a, ConstVal b, ConstVal *out) {
    bool rn;
    const CvBig *r;
    CvBig *q, *m;
    switch (op) {
    case TK_PLUS: r = cv_sadd(a.neg, a.num, b.neg, b.num, &rn); return cv_int(rn, r, out);
    case TK_MINUS: r = cv_sadd(a.neg, a.num, !b.neg, b.num, &rn); return cv_int(rn, r, out);
    case TK_STAR: return cv_int(a.neg != b.neg, big_mul(a.num, b.num), out);
    case TK_SLASH:                                  /* truncated, as Go */
    case TK_PERCENT:
        if (big_is_zero(b.num)) return CV_DIVZERO;
        big_divmod(a.num, b.num, &q, &m);
        return op == TK_SLASH ? cv_int(a.neg != b.neg, q, out) : cv_int(a.neg, m, out);
    case TK_AND: case TK_OR: case TK_XOR: case TK_ANDNOT:
        return cv_bitwise(op, a, b, out);
    default:
        return CV_BADOP;
    }
}

static CvStatus cv_float_binary(int op, ConstVal a, ConstVal b, ConstVal *out) {
    const CvBig *ad = cv_den(a), *bd = cv_den(b);
    bool rn;
    const CvBig *r;
    switch (op) {
    case TK_PLUS:
    case TK_MINUS:
        r = cv_sadd(a.neg, big_mul(a.num, bd), op == TK_MINUS ? !b.neg : b.neg, big_mul(b.num, ad), &rn);
        return cv_rat(rn, r, big_mul(ad, bd), out);
    case TK_STAR: return cv_rat(a.neg != b.neg, big_mul(a.num, b.num), big_mul(ad, bd), out);
    case TK_SLASH:
        if (big_is_zero(b.num)) return CV_DIVZERO;
        return cv_rat(a.neg != b.neg, big_mul(a.num, bd), big_mul(ad, b.num), out);
    default:
        return CV_BADOP;
    }
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
    if ((a.kind != CV_INT && a.kind != CV_FLOAT) || (b.kind != CV_INT && b.kind != CV_FLOAT))
        return CV_BADOP;
    if (a.kind == CV_INT && b.kind == CV_INT && (op != TK_SLASH || intdiv))
        return cv_int_binary(op, a, b, out);
    if (intdiv && op == TK_SLASH && cv_is_integral(a) && cv_is_integral(b))
        /* integer division requested on integral floats (typed integer constants) */
        return cv_int_binary(op, cv_num(CV_INT, a.neg, a.num, NULL), cv_num(CV_INT, b.neg, b.num, NULL), out);
    return cv_float_binary(op, a, b, out);
}

CvStatus cv_unary(int op, ConstVal a, int bits, bool is_unsigned, ConstVal *out) {
    switch (op) {
    case TK_PLUS:
        if (a.kind != CV_INT && a.kind != CV_FLOAT) return CV_BADOP;
        *out = a;
        return CV_OK;
    case TK_MINUS:
        if (a.kind != CV_INT && a.kind != CV_FLOAT) return CV_BADOP;
        *out = cv_num(a.kind, !a.neg, a.num, a.den);
        return CV_OK;
    case TK_XOR:
        if (a.kind != CV_INT) return CV_BADOP;
        if (is_unsigned && bits > 0) {                 /* ^x within the type: (2^bits − 1) &^ x */
            ConstVal mask = cv_num(CV_INT, false, big_sub(big_shl(cv_one(), bits), cv_one()), NULL);
            return cv_bitwise(TK_ANDNOT, mask, a, out);
        }
        {                                                /* ^x = −x − 1 */
            bool rn;
            const CvBig *r = cv_sadd(!a.neg, a.num, true, cv_one(), &rn);
            return cv_int(rn, r, out);
        }
    case TK_NOT:
        if (a.kind != CV_BOOL) return CV_BADOP;
        *out = cv_make_bool(!a.b);
        return CV_OK;
    default:
        return CV_BADOP;
    }
}

CvStatus cv_shift(int op, ConstVal a, uint64_t s, ConstVal *out) {
    if (!cv_is_integral(a)) return CV_BADOP;
    if (op == TK_SHR) {
        int n = s > (uint64_t)big_bitlen(a.num) ? big_bitlen(a.num) + 1 : (int)s;
        if (!a.neg) return cv_int(false, big_shr(a.num, n), out);
        /* arithmetic shift rounds toward −inf: −(((|x| − 1) >> s) + 1) */
        return cv_int(true, big_add(big_shr(big_sub(a.num, cv_one()), n), cv_one()), out);
    }
    if (op != TK_SHL) return CV_BADOP;
    if (big_is_zero(a.num)) { *out = cv_make_int(0); return CV_OK; }
    if (s > CV_INT_BITS) return CV_OVERFLOW;
    return cv_int(a.neg, big_shl(a.num, (int)s), out);
}

static int cv_num_cmp(ConstVal a, ConstVal b) {
    int sa = big_is_zero(a.num) ? 0 : a.neg ? -1 : 1, sb = big_is_zero(b.num) ? 0 : b.neg ? -1 : 1;
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    int c = (!a.den && !b.den) ? big_cmp(a.num, b.num)
                               : big_cmp(big_mul(a.num, cv_den(b)), big_mul(b.num, cv_den(a)));
    return sa < 0 ? -c : c;
}

static int cv_cmp3(ConstVal a, ConstVal b) {
    if (a.kind == CV_STRING) {
        int64_t n = a.slen < b.slen ? a.slen : b.slen;
        int c = n ? memcmp(a.s, b.s, (size_t)n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return a.slen < b.slen ? -1 : a.slen > b.slen;
    }
    if (a.kind == CV_BOOL) return a.b == b.b ? 0 : 1;
    return cv_num_cmp(a, b);
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
        /* types2: a float that does not fit an integer type is "truncated", even if integral */
        if (!cv_is_integral(v)) return CV_TRUNCATED;
        ConstVal x = cv_num(CV_INT, v.neg, v.num, NULL);
        if (k != TY_UNTYPED_INT && k != TY_UNTYPED_RUNE &&
            (big_bitlen(v.num) > 126 || !cv_int_fits(x.i, k)))
            return v.kind == CV_FLOAT ? CV_TRUNCATED : CV_OVERFLOW;
        *out = x;
        return CV_OK;
    }
    if (type_is_float(u)) {
        if (k == TY_FLOAT32 || k == TY_FLOAT64) {
            long double r = k == TY_FLOAT32 ? cv_round(v.num, v.den, 24, -149, 128)
                                            : cv_round(v.num, v.den, 53, -1074, 1024);
            if (isinf(r)) return CV_OVERFLOW;
            *out = cv_make_float(v.neg ? -r : r);
        } else {
            *out = cv_to_float(v);
        }
        return CV_OK;
    }
    return CV_BADOP;
}

/* ---- spelling ---------------------------------------------------------------------------- */

static void cv_int_string(bool neg, const CvBig *m, char *buf, size_t n) {
    size_t cap = (size_t)big_bitlen(m) * 10 / 33 + 16, i = cap - 1;
    char *tmp = cv_alloc(cap);
    tmp[i] = 0;
    do {
        CvBig *q;
        uint32_t r = big_div_small(m, 1000000000u, &q);
        m = q;
        for (int k = 0; k < 9 && (r || !big_is_zero(m) || k == 0); k++) { tmp[--i] = (char)('0' + r % 10); r /= 10; }
    } while (!big_is_zero(m));
    if (neg) tmp[--i] = '-';
    snprintf(buf, n, "%s", tmp + i);
}

/* go/constant's Float String: %.6g of the float64 value when it is in range, otherwise an
 * approximate mantissa and decimal exponent computed the way Go does. */
static void cv_float_string(ConstVal v, char *buf, size_t n) {
    if (big_is_zero(v.num)) { snprintf(buf, n, "0"); return; }
    double d = (double)cv_round(v.num, v.den, 53, -1074, 1024);
    if (d != 0 && !isinf(d)) { snprintf(buf, n, "%.6g", v.neg ? -d : d); return; }
    int exp = big_bitlen(v.num) - big_bitlen(v.den);    /* value / 2^exp in [0.5, 2) */
    const CvBig *a = v.num, *b = v.den;
    if (exp > 0) b = big_shl(b, exp); else a = big_shl(a, -exp);
    if (big_cmp(a, b) >= 0) { exp++; b = big_shl(b, 1); }
    double m = (double)cv_round(a, b, 53, -1074, 1024);   /* 0.5 <= m < 1 */
    if (v.neg) m = -m;
    double dd = (double)exp * (M_LN2 / M_LN10);
    long e = (long)dd;
    m *= pow(10, dd - (double)e);
    double am = fabs(m);
    if (am < 1 - 0.5e-6) { m *= 10; e--; }
    else if (am >= 10) { m /= 10; e++; }
    snprintf(buf, n, "%.6ge%+ld", m, e);
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
    case CV_INT: cv_int_string(v.neg, v.num, buf, n); break;
    case CV_FLOAT: cv_float_string(v, buf, n); break;
    case CV_STRING: if (n > 80) cv_quote(v.s ? v.s : "", v.slen, buf, n); else snprintf(buf, n, "\"...\""); break;
    }
    return buf;
}

const char *cv_op_name(int op, bool unary) {
    if (unary) return op == TK_XOR ? "bitwise complement" : "";
    switch (op) {
    case TK_PLUS: return "addition";
    case TK_MINUS: return "subtraction";
    case TK_XOR: return "bitwise XOR";
    case TK_STAR: return "multiplication";
    case TK_SHL: return "shift";
    default: return "";
    }
}
