/* runtime/fmt.c — Go's fmt formatting engine, over (TypeDesc, pointer) values.
 *
 * This is a port of Go 1.19's fmt/print.go and fmt/format.go, with strconv's float and quote
 * formatting, in the same shape so a student can read them side by side:
 *
 *   fmt_sprintf  = pp.doPrintf   walks the format: flags "+-# 0", width and precision
 *                                (numbers or '*'), argument indexes [n], the verb; reports
 *                                %!d(MISSING), %!(EXTRA int=1), %!(NOVERB), %!(BADWIDTH)...
 *   fmt_sprint   = pp.doPrint    spaces between operands when neither is a string
 *   fmt_sprintln = pp.doPrintln  spaces always, newline at the end
 *   pr_print_arg   = pp.printArg     nil, %T and %p first, then methods, then the value
 *   pr_handle_methods = pp.handleMethods   Format() (Formatter) first; GoString() for %#v;
 *                                          Error() / String() for %v %s %x %X %q
 *   pr_print_value = pp.printValue   by kind: {1 2} structs, [1 2] arrays and slices,
 *                                     &{...} for a pointer at top level, <nil> interfaces
 *   fmtf_* functions = the fmt struct's methods: padding, integers, strings, quoting, floats
 *
 * Where Go uses reflect, gol uses the TypeDesc the compiler emitted (runtime/type.h): a value
 * is a type and a pointer to the value's bytes in Go memory layout, which is exactly what an
 * interface holds in its data word. Floats are formatted as strconv does: the decimal digits
 * come from C's correctly rounded printf (for a shortest representation, the fewest digits
 * that read back as the same float64 or float32), then Go's own %e/%f/%g layout rules are
 * applied to those digits (fmtE, fmtF and the %g exponent rule: %e when exp < -4 || exp >=
 * precision, with precision 6 deciding for the shortest form — so Println(1e6) prints 1e+06).
 *
 * strconv.IsPrint, which decides what %q and %#U escape, uses Go's own Unicode tables
 * (runtime/isprint.c). Maps print with their keys sorted (runtime/fmtsort.c).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"
#include "runtime/iface.h"
#include "runtime/fmtsort.h"

static const char LDIGITS[] = "0123456789abcdefx";
static const char UDIGITS[] = "0123456789ABCDEFX";

/* ============================== the output buffer ============================== */

void fmtbuf_write(FmtBuf *b, const void *p, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n) cap *= 2;
        char *q = realloc(b->p, cap);
        if (q == NULL) rt_fatal(NULL, "runtime: out of memory");
        b->p = q;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
}

void fmtbuf_free(FmtBuf *b) { free(b->p); *b = (FmtBuf){0}; }

static void buf_byte(FmtBuf *b, char c) { fmtbuf_write(b, &c, 1); }
static void buf_str(FmtBuf *b, const char *s) { fmtbuf_write(b, s, strlen(s)); }

static void buf_rune(FmtBuf *b, int32_t r) {
    uint8_t tmp[4];
    fmtbuf_write(b, tmp, (size_t)utf8_encode(tmp, r));
}

/* ============================== scalars in memory form ============================== */

int64_t rt_load_int(const TypeDesc *t, const void *p) {
    switch (t->size) {
    case 1: return *(const int8_t *)p;
    case 2: return *(const int16_t *)p;
    case 4: return *(const int32_t *)p;
    default: return *(const int64_t *)p;
    }
}

uint64_t rt_load_uint(const TypeDesc *t, const void *p) {
    switch (t->size) {
    case 1: return *(const uint8_t *)p;
    case 2: return *(const uint16_t *)p;
    case 4: return *(const uint32_t *)p;
    default: return *(const uint64_t *)p;
    }
}

double rt_load_float(const TypeDesc *t, const void *p) {
    return t->kind == K_FLOAT32 ? (double)*(const float *)p : *(const double *)p;
}

/* ============================== Unicode helpers ============================== */

static int64_t fmt_rune_count(const char *s, size_t n) {
    int64_t c = 0;
    for (size_t i = 0; i < n; c++) {
        int w;
        utf8_decode((const uint8_t *)s + i, (int64_t)(n - i), &w);
        i += (size_t)w;
    }
    return c;
}

/* strconv's appendEscapedRune. */
static void fmt_escaped_rune(FmtBuf *b, int32_t r, char quote, bool ascii_only) {
    char tmp[16];
    if (r == quote || r == '\\') { buf_byte(b, '\\'); buf_byte(b, (char)r); return; }
    if (ascii_only ? (r < 0x80 && rt_is_print(r)) : rt_is_print(r)) { buf_rune(b, r); return; }
    switch (r) {
    case '\a': buf_str(b, "\\a"); return;
    case '\b': buf_str(b, "\\b"); return;
    case '\f': buf_str(b, "\\f"); return;
    case '\n': buf_str(b, "\\n"); return;
    case '\r': buf_str(b, "\\r"); return;
    case '\t': buf_str(b, "\\t"); return;
    case '\v': buf_str(b, "\\v"); return;
    }
    if (r < ' ' || r == 0x7F) snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)r);
    else {
        if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
        if (r < 0x10000) snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)r);
        else snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)r);
    }
    buf_str(b, tmp);
}

/* strconv.Quote / QuoteToASCII. */
static void fmt_quote(FmtBuf *b, const char *s, size_t n, bool ascii_only) {
    buf_byte(b, '"');
    for (size_t i = 0; i < n;) {
        int w;
        int32_t r = utf8_decode((const uint8_t *)s + i, (int64_t)(n - i), &w);
        if (w == 1 && r == 0xFFFD) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\x%02x", (uint8_t)s[i]);
            buf_str(b, tmp);
        } else {
            fmt_escaped_rune(b, r, '"', ascii_only);
        }
        i += (size_t)w;
    }
    buf_byte(b, '"');
}

static bool fmt_can_backquote(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        int w;
        int32_t r = utf8_decode((const uint8_t *)s + i, (int64_t)(n - i), &w);
        i += (size_t)w;
        if (w > 1) { if (r == 0xFEFF) return false; continue; }
        if (r == 0xFFFD) return false;
        if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
    }
    return true;
}

/* ============================== the fmt struct: flags and padding ============================== */

typedef struct FmtFlags {
    bool wid_present, prec_present, minus, plus, sharp, space, zero, plus_v, sharp_v;
    int wid, prec;
} FmtFlags;

typedef struct Printer {
    GolG *g;
    FmtMethods *m;          /* String()/Error() results, or NULL: C callers print no methods */
    FmtBuf *buf;
    FmtFlags f;
    bool erroring;          /* printing a %!verb(...) report: no methods */
    const TypeDesc *arg_t;  /* the operand being printed, for badVerb */
    const void *arg_p;
    bool arg_is_top;        /* operand came from printArg (else from printValue) */
    bool wrap_errs;         /* Errorf: one %w of an error operand is allowed (Go's wrapErrs) */
    int64_t cur_arg;        /* Printf: the operand's index */
    int64_t wrapped;        /* the operand %w wrapped, or -1 (Go's wrappedErr) */
} Printer;

static void fmtf_padding(Printer *p, int64_t n) {
    char c = p->f.zero ? '0' : ' ';
    for (int64_t i = 0; i < n; i++) buf_byte(p->buf, c);
}

static void fmtf_pad(Printer *p, const char *s, size_t n) {
    if (!p->f.wid_present || p->f.wid == 0) { fmtbuf_write(p->buf, s, n); return; }
    int64_t width = p->f.wid - fmt_rune_count(s, n);
    if (!p->f.minus) { fmtf_padding(p, width); fmtbuf_write(p->buf, s, n); }
    else { fmtbuf_write(p->buf, s, n); fmtf_padding(p, width); }
}

static void fmtf_pad_str(Printer *p, const char *s) { fmtf_pad(p, s, strlen(s)); }

/* Pads text built in a scratch buffer, then frees it. */
static void fmtf_pad_buf(Printer *p, FmtBuf *t) { fmtf_pad(p, t->p ? t->p : "", t->len); fmtbuf_free(t); }

static void fmtf_boolean(Printer *p, bool v) { fmtf_pad_str(p, v ? "true" : "false"); }

/* format.go fmtInteger. */
static void fmtf_integer(Printer *p, uint64_t u, int base, bool is_signed, int verb, const char *digits) {
    bool negative = is_signed && (int64_t)u < 0;
    if (negative) u = -u;
    size_t size = 68 + (p->f.wid_present ? (size_t)p->f.wid : 0) + (p->f.prec_present ? (size_t)p->f.prec : 0);
    char *buf = malloc(size);
    if (buf == NULL) rt_fatal(p->g, "runtime: out of memory");
    int64_t prec = 0;
    if (p->f.prec_present) {
        prec = p->f.prec;
        if (prec == 0 && u == 0) {
            bool oldzero = p->f.zero;
            p->f.zero = false;
            fmtf_padding(p, p->f.wid);
            p->f.zero = oldzero;
            free(buf);
            return;
        }
    } else if (p->f.zero && p->f.wid_present) {
        prec = p->f.wid;
        if (negative || p->f.plus || p->f.space) prec--;
    }
    size_t i = size;
    switch (base) {
    case 10: while (u >= 10) { buf[--i] = (char)('0' + u % 10); u /= 10; } break;
    case 16: while (u >= 16) { buf[--i] = digits[u & 0xF]; u >>= 4; } break;
    case 8:  while (u >= 8) { buf[--i] = (char)('0' + (u & 7)); u >>= 3; } break;
    default: while (u >= 2) { buf[--i] = (char)('0' + (u & 1)); u >>= 1; } break;
    }
    buf[--i] = digits[u];
    while (i > 0 && prec > (int64_t)(size - i)) buf[--i] = '0';
    if (p->f.sharp) {
        if (base == 2) { buf[--i] = 'b'; buf[--i] = '0'; }
        else if (base == 8 && buf[i] != '0') buf[--i] = '0';
        else if (base == 16) { buf[--i] = digits[16]; buf[--i] = '0'; }
    }
    if (verb == 'O') { buf[--i] = 'o'; buf[--i] = '0'; }
    if (negative) buf[--i] = '-';
    else if (p->f.plus) buf[--i] = '+';
    else if (p->f.space) buf[--i] = ' ';
    bool oldzero = p->f.zero;
    p->f.zero = false;
    fmtf_pad(p, buf + i, size - i);
    p->f.zero = oldzero;
    free(buf);
}

/* format.go fmtUnicode: U+0041, with '#' U+0041 'A'. */
static void fmtf_unicode(Printer *p, uint64_t u) {
    int prec = 4;
    if (p->f.prec_present && p->f.prec > 4) prec = p->f.prec;
    size_t size = (size_t)prec + 32;
    char *tmp = malloc(size), *q = tmp + size;
    if (tmp == NULL) rt_fatal(p->g, "runtime: out of memory");
    if (p->f.sharp && u <= 0x10FFFF && rt_is_print((int32_t)u)) {
        uint8_t enc[4];
        int n = utf8_encode(enc, (int32_t)u);
        *--q = '\'';
        q -= n;
        memcpy(q, enc, (size_t)n);
        *--q = '\'';
        *--q = ' ';
    }
    while (u >= 16) { *--q = UDIGITS[u & 0xF]; prec--; u >>= 4; }
    *--q = UDIGITS[u];
    prec--;
    while (prec-- > 0) *--q = '0';
    *--q = '+';
    *--q = 'U';
    bool oldzero = p->f.zero;
    p->f.zero = false;
    fmtf_pad(p, q, (size_t)(tmp + size - q));
    p->f.zero = oldzero;
    free(tmp);
}

/* Truncates s to prec runes when a precision is present. */
static size_t fmtf_truncate(Printer *p, const char *s, size_t n) {
    if (!p->f.prec_present) return n;
    int64_t left = p->f.prec;
    for (size_t i = 0; i < n;) {
        if (--left < 0) return i;
        int w;
        utf8_decode((const uint8_t *)s + i, (int64_t)(n - i), &w);
        i += (size_t)w;
    }
    return n;
}

static void fmtf_s(Printer *p, const char *s, size_t n) { fmtf_pad(p, s, fmtf_truncate(p, s, n)); }

/* format.go fmtSbx: hex of string or bytes, with ' ' and '#' variants. */
static void fmtf_sbx(Printer *p, const uint8_t *s, size_t n, const char *digits) {
    size_t length = n;
    if (p->f.prec_present && (size_t)p->f.prec < length) length = (size_t)p->f.prec;
    int64_t width = 2 * (int64_t)length;
    if (width > 0) {
        if (p->f.space) { if (p->f.sharp) width *= 2; width += (int64_t)length - 1; }
        else if (p->f.sharp) width += 2;
    } else {
        if (p->f.wid_present) fmtf_padding(p, p->f.wid);
        return;
    }
    if (p->f.wid_present && p->f.wid > width && !p->f.minus) fmtf_padding(p, p->f.wid - width);
    if (p->f.sharp) { buf_byte(p->buf, '0'); buf_byte(p->buf, digits[16]); }
    for (size_t i = 0; i < length; i++) {
        if (p->f.space && i > 0) {
            buf_byte(p->buf, ' ');
            if (p->f.sharp) { buf_byte(p->buf, '0'); buf_byte(p->buf, digits[16]); }
        }
        buf_byte(p->buf, digits[s[i] >> 4]);
        buf_byte(p->buf, digits[s[i] & 0xF]);
    }
    if (p->f.wid_present && p->f.wid > width && p->f.minus) fmtf_padding(p, p->f.wid - width);
}

static void fmtf_q(Printer *p, const char *s, size_t n) {
    n = fmtf_truncate(p, s, n);
    FmtBuf t = {0};
    if (p->f.sharp && fmt_can_backquote(s, n)) {
        buf_byte(&t, '`');
        fmtbuf_write(&t, s, n);
        buf_byte(&t, '`');
    } else {
        fmt_quote(&t, s, n, p->f.plus);
    }
    fmtf_pad_buf(p, &t);
}

static void fmtf_c(Printer *p, uint64_t c) {
    uint8_t enc[4];
    int32_t r = c > 0x10FFFF ? 0xFFFD : (int32_t)c;
    fmtf_pad(p, (const char *)enc, (size_t)utf8_encode(enc, r));
}

static void fmtf_qc(Printer *p, uint64_t c) {
    int32_t r = c > 0x10FFFF ? 0xFFFD : (int32_t)c;
    if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;
    FmtBuf t = {0};
    buf_byte(&t, '\'');
    fmt_escaped_rune(&t, r, '\'', p->f.plus);
    buf_byte(&t, '\'');
    fmtf_pad_buf(p, &t);
}

/* ============================== strconv float formatting ============================== */

/* A decimal: value = 0.d[0]d[1]...d[nd-1] x 10^dp, no trailing zeros; nd == 0 means 0. */
typedef struct Decimal { char *d; int nd, dp; } Decimal;

/* Parses printf's "%.Ne" output ("d.ddde+XX", sign already stripped) into a Decimal. */
static void dec_from_e(Decimal *dec, const char *s) {
    int n = 0;
    const char *q = s;
    for (; *q && *q != 'e'; q++) if (*q >= '0' && *q <= '9') dec->d[n++] = *q;
    dec->nd = n;
    dec->dp = atoi(q + 1) + 1;
}

static void dec_trim(Decimal *dec) {
    while (dec->nd > 0 && dec->d[dec->nd - 1] == '0') dec->nd--;
    if (dec->nd == 0) dec->dp = 0;
}

/* Shortest digits that read back as v (as a float32 when bits == 32). Reading back is monotonic
 * in the precision (correctly rounded digits only get closer), so a binary search over the
 * 1..17 significant digits needs about four printf calls. */
static bool dec_round_trips(double v, int bits, int prec, char *tmp, size_t cap) {
    snprintf(tmp, cap, "%.*e", prec, v);
    return bits == 32 ? strtof(tmp, NULL) == (float)v : strtod(tmp, NULL) == v;
}

static void dec_shortest(Decimal *dec, double v, int bits) {
    char tmp[64];
    int lo = 0, hi = 16;                   /* %.16e (17 digits) always reads back */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (dec_round_trips(v, bits, mid, tmp, sizeof tmp)) hi = mid; else lo = mid + 1;
    }
    snprintf(tmp, sizeof tmp, "%.*e", lo, v);
    dec_from_e(dec, tmp);
    dec_trim(dec);
}

/* digits significant digits, correctly rounded. */
static void dec_digits(Decimal *dec, double v, int digits) {
    char *tmp = malloc((size_t)digits + 32);
    snprintf(tmp, (size_t)digits + 32, "%.*e", digits - 1, v);
    dec_from_e(dec, tmp);
    free(tmp);
    dec_trim(dec);
}

/* Rounded to prec digits after the decimal point (for %f). */
static void dec_fixed(Decimal *dec, double v, int prec) {
    size_t cap = (size_t)prec + 400;
    char *tmp = malloc(cap);
    snprintf(tmp, cap, "%.*f", prec, v);
    int n = 0, dp = 0;
    bool lead = true, point = false;
    for (const char *q = tmp; *q; q++) {
        if (*q == '.') { point = true; continue; }
        if (lead && *q == '0') { if (point) dp--; continue; }    /* leading zeros move the point */
        lead = false;
        dec->d[n++] = *q;
        if (!point) dp++;
    }
    dec->nd = n;
    dec->dp = dp;
    free(tmp);
    dec_trim(dec);
}

static void ftoa_e(FmtBuf *b, bool neg, const Decimal *d, int prec, char fmt) {
    if (neg) buf_byte(b, '-');
    buf_byte(b, d->nd ? d->d[0] : '0');
    if (prec > 0) {
        buf_byte(b, '.');
        int i = 1, m = d->nd < prec + 1 ? d->nd : prec + 1;
        if (i < m) { fmtbuf_write(b, d->d + i, (size_t)(m - i)); i = m; }
        for (; i <= prec; i++) buf_byte(b, '0');
    }
    buf_byte(b, fmt);
    int exp = d->nd == 0 ? 0 : d->dp - 1;
    buf_byte(b, exp < 0 ? '-' : '+');
    if (exp < 0) exp = -exp;
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%02d", exp);
    buf_str(b, tmp);
}

static void ftoa_f(FmtBuf *b, bool neg, const Decimal *d, int prec) {
    if (neg) buf_byte(b, '-');
    if (d->dp > 0) {
        int m = d->nd < d->dp ? d->nd : d->dp;
        fmtbuf_write(b, d->d, (size_t)m);
        for (; m < d->dp; m++) buf_byte(b, '0');
    } else {
        buf_byte(b, '0');
    }
    if (prec > 0) {
        buf_byte(b, '.');
        for (int i = 1; i <= prec; i++) {
            int j = d->dp + i - 1;
            buf_byte(b, 0 <= j && j < d->nd ? d->d[j] : '0');
        }
    }
}

/* strconv fmtB: mantissa "p" binary exponent. */
static void ftoa_b(FmtBuf *b, bool neg, uint64_t mant, int exp, int mantbits) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s%" PRIu64 "p%s%d", neg ? "-" : "", mant, exp - mantbits >= 0 ? "+" : "",
             exp - mantbits);
    buf_str(b, tmp);
}

/* strconv fmtX: hexadecimal mantissa and binary exponent, -0x1.8p+01. */
static void ftoa_x(FmtBuf *b, int prec, char fmt, bool neg, uint64_t mant, int exp, int mantbits) {
    if (mant == 0) exp = 0;
    mant <<= 60 - mantbits;
    while (mant != 0 && (mant & ((uint64_t)1 << 60)) == 0) { mant <<= 1; exp--; }
    if (prec >= 0 && prec < 15) {
        unsigned shift = (unsigned)prec * 4;
        uint64_t extra = (mant << shift) & (((uint64_t)1 << 60) - 1);
        mant >>= 60 - shift;
        if ((extra | (mant & 1)) > ((uint64_t)1 << 59)) mant++;
        mant <<= 60 - shift;
        if (mant & ((uint64_t)1 << 61)) { mant >>= 1; exp++; }
    }
    const char *hex = fmt == 'X' ? UDIGITS : LDIGITS;
    if (neg) buf_byte(b, '-');
    buf_byte(b, '0');
    buf_byte(b, fmt);
    buf_byte(b, (char)('0' + ((mant >> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
        buf_byte(b, '.');
        while (mant != 0) { buf_byte(b, hex[(mant >> 60) & 15]); mant <<= 4; }
    } else if (prec > 0) {
        buf_byte(b, '.');
        for (int i = 0; i < prec; i++) { buf_byte(b, hex[(mant >> 60) & 15]); mant <<= 4; }
    }
    buf_byte(b, fmt == 'X' ? 'P' : 'p');
    buf_byte(b, exp < 0 ? '-' : '+');
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%02d", exp < 0 ? -exp : exp);
    buf_str(b, tmp);
}

/* strconv.AppendFloat(b, v, fmt, prec, bits); also package strconv's FormatFloat (runtime/natives_strconv.c). */
void fmt_ftoa(FmtBuf *b, double v, char fmt, int prec, int bits) {
    if (isnan(v)) { buf_str(b, "NaN"); return; }
    if (isinf(v)) { buf_str(b, v > 0 ? "+Inf" : "-Inf"); return; }
    bool neg = signbit(v) != 0;
    if (fmt == 'b' || fmt == 'x' || fmt == 'X') {
        int mantbits = bits == 32 ? 23 : 52, expbits = bits == 32 ? 8 : 11, bias = bits == 32 ? -127 : -1023;
        uint64_t u;
        if (bits == 32) { float f = (float)v; uint32_t w; memcpy(&w, &f, 4); u = w; }
        else memcpy(&u, &v, 8);
        int exp = (int)(u >> mantbits) & ((1 << expbits) - 1);
        uint64_t mant = u & (((uint64_t)1 << mantbits) - 1);
        if (exp == 0) exp++;
        else mant |= (uint64_t)1 << mantbits;
        exp += bias;
        if (fmt == 'b') ftoa_b(b, neg, mant, exp, mantbits);
        else ftoa_x(b, prec, fmt, neg, mant, exp, mantbits);
        return;
    }
    double a = fabs(v);
    Decimal dec;
    dec.d = malloc((size_t)(prec > 0 ? prec : 0) + 420);
    bool shortest = prec < 0;
    if (a == 0) { dec.nd = 0; dec.dp = 0; }
    else if (shortest) dec_shortest(&dec, a, bits);
    else if (fmt == 'f') dec_fixed(&dec, a, prec);
    else dec_digits(&dec, a, fmt == 'e' || fmt == 'E' ? prec + 1 : (prec == 0 ? 1 : prec));
    if (shortest) {
        if (fmt == 'e' || fmt == 'E') prec = dec.nd - 1 > 0 ? dec.nd - 1 : 0;
        else if (fmt == 'f') prec = dec.nd - dec.dp > 0 ? dec.nd - dec.dp : 0;
        else prec = dec.nd;
    } else if ((fmt == 'g' || fmt == 'G') && prec == 0) {
        prec = 1;
    }
    if (fmt == 'e' || fmt == 'E') ftoa_e(b, neg, &dec, prec, fmt);
    else if (fmt == 'f') ftoa_f(b, neg, &dec, prec);
    else {
        int eprec = prec;
        if (eprec > dec.nd && dec.nd >= dec.dp) eprec = dec.nd;
        if (shortest) eprec = 6;
        int exp = dec.dp - 1;
        if (exp < -4 || exp >= eprec) {
            if (prec > dec.nd) prec = dec.nd;
            ftoa_e(b, neg, &dec, prec - 1, (char)(fmt + 'e' - 'g'));
        } else {
            if (prec > dec.dp) prec = dec.nd;
            ftoa_f(b, neg, &dec, prec - dec.dp > 0 ? prec - dec.dp : 0);
        }
    }
    free(dec.d);
}

/* format.go fmtFloat: sign handling, '#', zero padding after the sign. */
static void fmtf_float(Printer *p, double v, int size, int verb, int prec) {
    if (p->f.prec_present) prec = p->f.prec;
    FmtBuf nb = {0};
    buf_byte(&nb, '+');
    fmt_ftoa(&nb, v, (char)verb, prec, size);
    char *num = nb.p;
    size_t len = nb.len;
    if (num[1] == '-' || num[1] == '+') { num++; len--; }
    if (p->f.space && num[0] == '+' && !p->f.plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
        bool oldzero = p->f.zero;
        p->f.zero = false;
        if (num[1] == 'N' && !p->f.space && !p->f.plus) { num++; len--; }
        fmtf_pad(p, num, len);
        p->f.zero = oldzero;
        fmtbuf_free(&nb);
        return;
    }
    FmtBuf out = {0};
    fmtbuf_write(&out, num, len);
    if (p->f.sharp && verb != 'b') {
        int digits = 0;
        if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') digits = prec == -1 ? 6 : prec;
        char tail[16] = "";
        bool has_point = false, nonzero = false;
        for (size_t i = 1; i < out.len; i++) {
            char c = out.p[i];
            if (c == '.') { has_point = true; continue; }
            if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
                snprintf(tail, sizeof tail, "%.*s", (int)(out.len - i), out.p + i);
                out.len = i;
                break;
            }
            if (c != '0') nonzero = true;
            if (nonzero) digits--;
        }
        if (!has_point) {
            if (out.len == 2 && out.p[1] == '0') digits--;
            buf_byte(&out, '.');
        }
        while (digits-- > 0) buf_byte(&out, '0');
        buf_str(&out, tail);
    }
    if (p->f.plus || out.p[0] != '+') {
        if (p->f.zero && p->f.wid_present && p->f.wid > (int)out.len) {
            buf_byte(p->buf, out.p[0]);
            fmtf_padding(p, p->f.wid - (int64_t)out.len);
            fmtbuf_write(p->buf, out.p + 1, out.len - 1);
        } else {
            fmtf_pad(p, out.p, out.len);
        }
    } else {
        fmtf_pad(p, out.p + 1, out.len - 1);
    }
    fmtbuf_free(&out);
    fmtbuf_free(&nb);
}

/* ============================== print.go: operands ============================== */

static void pr_print_value(Printer *p, const TypeDesc *t, const void *v, int verb, int depth, bool can_iface);
static void pr_print_arg(Printer *p, const TypeDesc *t, const void *v, int verb);
static const void *iface_value_ptr(const GolIface *iv);

static const char *type_name(const TypeDesc *t) { return t && t->name ? t->name : "?"; }

static void pr_bad_verb(Printer *p, int verb) {
    p->erroring = true;
    buf_str(p->buf, "%!");
    buf_rune(p->buf, verb);
    buf_byte(p->buf, '(');
    if (p->arg_t) {
        const TypeDesc *t = p->arg_t;
        const void *v = p->arg_p;
        buf_str(p->buf, type_name(t));
        buf_byte(p->buf, '=');
        if (p->arg_is_top) pr_print_arg(p, t, v, 'v');
        else pr_print_value(p, t, v, 'v', 0, false);
    } else {
        buf_str(p->buf, "<nil>");
    }
    buf_byte(p->buf, ')');
    p->erroring = false;
}

static void pr_fmt_bool(Printer *p, bool v, int verb) {
    if (verb == 't' || verb == 'v') fmtf_boolean(p, v);
    else pr_bad_verb(p, verb);
}

static void pr_fmt_0x64(Printer *p, uint64_t v, bool leading0x) {
    bool sharp = p->f.sharp;
    p->f.sharp = leading0x;
    fmtf_integer(p, v, 16, false, 'v', LDIGITS);
    p->f.sharp = sharp;
}

static void pr_fmt_integer(Printer *p, uint64_t v, bool is_signed, int verb) {
    switch (verb) {
    case 'v':
        if (p->f.sharp_v && !is_signed) pr_fmt_0x64(p, v, true);
        else fmtf_integer(p, v, 10, is_signed, verb, LDIGITS);
        break;
    case 'd': fmtf_integer(p, v, 10, is_signed, verb, LDIGITS); break;
    case 'b': fmtf_integer(p, v, 2, is_signed, verb, LDIGITS); break;
    case 'o': case 'O': fmtf_integer(p, v, 8, is_signed, verb, LDIGITS); break;
    case 'x': fmtf_integer(p, v, 16, is_signed, verb, LDIGITS); break;
    case 'X': fmtf_integer(p, v, 16, is_signed, verb, UDIGITS); break;
    case 'c': fmtf_c(p, v); break;
    case 'q': fmtf_qc(p, v); break;
    case 'U': fmtf_unicode(p, v); break;
    default: pr_bad_verb(p, verb); break;
    }
}

static void pr_fmt_float(Printer *p, double v, int size, int verb) {
    switch (verb) {
    case 'v': fmtf_float(p, v, size, 'g', -1); break;
    case 'b': case 'g': case 'G': case 'x': case 'X': fmtf_float(p, v, size, verb, -1); break;
    case 'f': case 'e': case 'E': fmtf_float(p, v, size, verb, 6); break;
    case 'F': fmtf_float(p, v, size, 'f', 6); break;
    default: pr_bad_verb(p, verb); break;
    }
}

static void pr_fmt_string(Printer *p, const char *s, size_t n, int verb) {
    switch (verb) {
    case 'v': if (p->f.sharp_v) fmtf_q(p, s, n); else fmtf_s(p, s, n); break;
    case 's': fmtf_s(p, s, n); break;
    case 'x': fmtf_sbx(p, (const uint8_t *)s, n, LDIGITS); break;
    case 'X': fmtf_sbx(p, (const uint8_t *)s, n, UDIGITS); break;
    case 'q': fmtf_q(p, s, n); break;
    default: pr_bad_verb(p, verb); break;
    }
}

/* print.go fmtBytes, for %s %q %x %X of byte slices and arrays. */
static void pr_fmt_bytes(Printer *p, const uint8_t *b, size_t n, int verb) {
    switch (verb) {
    case 's': { size_t m = fmtf_truncate(p, (const char *)b, n); fmtf_pad(p, (const char *)b, m); break; }
    case 'x': fmtf_sbx(p, b, n, LDIGITS); break;
    case 'X': fmtf_sbx(p, b, n, UDIGITS); break;
    default: fmtf_q(p, (const char *)b, n); break;
    }
}

static bool pr_pointer_word(const TypeDesc *t, const void *v, uintptr_t *u) {
    switch (t->kind) {
    case K_FUNC: {      /* as Go's reflect: the code pointer (a closure's first word, its FuncInfo) */
        const void *clo;
        memcpy(&clo, v, sizeof clo);
        *u = 0;
        if (clo) memcpy(u, clo, sizeof *u);
        return true;
    }
    case K_CHAN: case K_MAP: case K_POINTER: case K_UNSAFEPOINTER:
        memcpy(u, v, sizeof *u);
        return true;
    case K_SLICE:
        *u = (uintptr_t)((const GolSlice *)v)->ptr;
        return true;
    default:
        return false;
    }
}

static void pr_fmt_pointer(Printer *p, const TypeDesc *t, const void *v, int verb) {
    uintptr_t u;
    if (!pr_pointer_word(t, v, &u)) { pr_bad_verb(p, verb); return; }
    switch (verb) {
    case 'v':
        if (p->f.sharp_v) {
            buf_byte(p->buf, '(');
            buf_str(p->buf, type_name(t));
            buf_str(p->buf, ")(");
            if (u == 0) buf_str(p->buf, "nil");
            else pr_fmt_0x64(p, u, true);
            buf_byte(p->buf, ')');
        } else if (u == 0) {
            fmtf_pad_str(p, "<nil>");
        } else {
            pr_fmt_0x64(p, u, !p->f.sharp);
        }
        break;
    case 'p': pr_fmt_0x64(p, u, !p->f.sharp); break;
    case 'b': case 'o': case 'd': case 'x': case 'X': pr_fmt_integer(p, u, false, verb); break;
    default: pr_bad_verb(p, verb); break;
    }
}

/* ============================== methods: recorded, run by the loop, replayed ==============================
 *
 * Go's fmt asks each operand (and, in printValue, each exported field and element) `v.(error)`
 * then `v.(Stringer)` and calls the method in the middle of its walk. gol's fmt is C, and C may
 * not run gol code (DESIGN §6, runtime/nativecall.c): a method can only run after the native
 * has returned to the loop. So a fmt native works in rounds:
 *
 *   1. walk the operands as Go does, writing the text. A value whose method has not run yet is
 *      recorded (its type, a copy of it as the receiver, the method) and prints nothing;
 *   2. if the walk recorded nothing, its text is the answer (the common case: one walk);
 *   3. else the native asks the loop to run each recorded method in turn (NAT_CALL), keeping
 *      each result string, then walks again: this time every method meets its result, in the
 *      same order. The receivers and results live in a heap array (FmtRecord) that the native's
 *      NatCont.gc holds, so they survive collections and stack moves while methods run.
 *
 * Which methods run depends only on the operands' types and the verbs (never on another
 * method's result), so the second walk meets the same calls. If a method changed the values
 * being printed so that it does not (a different type where a call was recorded), the walk
 * records afresh from there; after FMT_MAX_WALKS rounds methods are ignored and values print by
 * their fields. The receiver is copied when it is recorded, as Go copies it into an interface
 * when printValue reaches it.
 *
 * Where this differs from Go: only when a method changes the values being printed. Go runs each
 * method in the middle of its walk, so text before it shows the values as they were and a later
 * receiver is copied after it ran; gol runs every recorded method before the final walk, so all
 * the text shows the values after all of them, and receivers are copied before any ran. Exact
 * interleaving needs a walk that can stop at a method and resume after it: fmt's operand walk
 * written in gol (DESIGN §6), once interfaces and type switches exist.
 *
 * Panics (Go's catchPanic). Each method call is made with a catch record on the goroutine's
 * defer list (runtime/defer.c defer_push_catch): a panic in the method, not recovered inside it,
 * stops there and the native runs again with the value. The record's text is then
 * "%!v(PANIC=String method: VALUE)", VALUE printed with %v (its own Error or String method runs
 * in a later round, like any other), or "<nil>" when the receiver is a nil pointer. A value
 * method reached through a nil pointer (Go's autogenerated wrapper would panic) prints "<nil>"
 * without being called. A pointer method is called with the nil pointer, as in Go.
 */

enum { FMT_MAX_WALKS = 64 };

typedef struct FmtRecord { GolIface recv; GolString text; GolIface panicked; } FmtRecord;   /* GC heap */
static const uint8_t fmt_record_ptrmask[] = { 0x26 };   /* recv.data, text.ptr, panicked.data */
static const TypeDesc fmt_record_type = {
    .kind = K_STRUCT, .size = sizeof(FmtRecord), .align = 8, .ptrdata = 48,
    .ptrmask = fmt_record_ptrmask, .name = "fmt.record",
};

/* A Format(f State, verb rune) call's arguments other than the receiver: what fmt.callFormat
 * (runtime/lib/fmt.gol) builds its State from. flags: FMT_FLAG_* bits. */
typedef struct FmtFormatArgs { int64_t verb, wid, prec, flags; } FmtFormatArgs;
enum {
    FMT_FLAG_MINUS = 1, FMT_FLAG_PLUS = 2, FMT_FLAG_SHARP = 4, FMT_FLAG_SPACE = 8,
    FMT_FLAG_ZERO = 16, FMT_FLAG_WID = 32, FMT_FLAG_PREC = 64,
};

struct FmtMethods {
    void **slot;                /* the native's NatCont.gc: its FmtRecord array */
    const TypeMethod **tm;      /* the method of each record (C memory) */
    FmtFormatArgs *fargs;       /* each record's Format arguments (used when tm is a Format) */
    bool *panics;               /* whether each record's call panicked (its value: .panicked) */
    uint32_t n, cap;            /* records */
    uint32_t done;              /* records whose text is known */
    uint32_t next;              /* calls met by the current walk */
    bool missing;               /* the current walk met a call without its text */
    bool closed;                /* too many rounds: print values by their fields */
    int walks;
};

static FmtRecord *fmt_records(FmtMethods *m) { return *m->slot; }

/* Appends a record for method tm on the value of type t at v (memory form). */
static void fmt_record(GolG *g, FmtMethods *m, const TypeDesc *t, const void *v, const TypeMethod *tm) {
    if (m->n == m->cap) {
        uint32_t cap = m->cap ? 2 * m->cap : 4;
        const TypeMethod **ntm = realloc(m->tm, cap * sizeof *ntm);
        if (ntm == NULL) rt_fatal(g, "runtime: out of memory");
        m->tm = ntm;
        bool *np = realloc(m->panics, cap * sizeof *np);
        if (np == NULL) rt_fatal(g, "runtime: out of memory");
        m->panics = np;
        FmtFormatArgs *nf = realloc(m->fargs, cap * sizeof *nf);
        if (nf == NULL) rt_fatal(g, "runtime: out of memory");
        m->fargs = nf;
        FmtRecord *nr = mallocgc(g, cap * sizeof(FmtRecord), &fmt_record_type, true);
        if (m->n) typedmemmove_n(&fmt_record_type, nr, fmt_records(m), m->n);
        *m->slot = nr;
        m->cap = cap;
    }
    GolIface recv = { t, NULL };
    if (t->flags & TDF_DIRECTIFACE) {
        recv.data = *(void *const *)v;
    } else {
        recv.data = mallocgc(g, (size_t)t->size, t, true);
        typedmemmove(t, recv.data, v);
    }
    FmtRecord *r = &fmt_records(m)[m->n];
    r->recv.type = t;                          /* a type descriptor, not a heap pointer */
    wb_store_ptr(&r->recv.data, recv.data);
    m->panics[m->n] = false;
    m->fargs[m->n] = (FmtFormatArgs){0};
    m->tm[m->n++] = tm;
}

/* The text of method tm on the value v of type t, if this round knows it; *rec is its record
 * when the call panicked. */
static bool fmt_method_text(Printer *p, const TypeDesc *t, const void *v, const TypeMethod *tm, GolString *out,
                            FmtRecord **rec) {
    FmtMethods *m = p->m;
    uint32_t i = m->next++;
    *rec = NULL;
    if (i < m->done) {
        FmtRecord *r = &fmt_records(m)[i];
        if (r->recv.type == t && m->tm[i] == tm) {
            *out = r->text;
            if (m->panics[i]) *rec = r;
            return true;
        }
        m->n = m->done = i;                    /* the values changed under us: record afresh */
    }
    if (i >= m->n) fmt_record(p->g, m, t, v, tm);
    m->missing = true;
    *out = (GolString){ NULL, 0 };
    return true;
}

/* Record m->done's call panicked with v (caught: the panic is over). */
static void fmt_take_panic(FmtMethods *m, GolIface v) {
    FmtRecord *r = &fmt_records(m)[m->done];
    m->panics[m->done++] = true;
    r->panicked.type = v.type;
    wb_store_ptr(&r->panicked.data, v.data);
}

/* Go's catchPanic output for a method that panicked: "<nil>" for a nil pointer receiver, else
 * %!verb(PANIC=Method method: value), the value printed with %v and default flags. */
static void pr_catch_panic(Printer *p, const FmtRecord *r, const TypeMethod *tm, int verb) {
    if (r->recv.type && r->recv.type->kind == K_POINTER && r->recv.data == NULL) {
        fmtf_pad_str(p, "<nil>");
        return;
    }
    if (r->panicked.type == NULL) return;        /* panic(nil): recovered as nil, nothing said */
    FmtFlags saved = p->f;
    memset(&p->f, 0, sizeof p->f);
    buf_str(p->buf, "%!");
    buf_rune(p->buf, verb);
    buf_str(p->buf, "(PANIC=");
    buf_str(p->buf, tm->name);
    buf_str(p->buf, " method: ");
    GolIface v = r->panicked;          /* (r may move: printing v may record more calls) */
    GolString msg;
    bool prefixed;
    if (rt_runtime_error(p->g, v, &msg, &prefixed)) {   /* Error() of a runtime error */
        if (prefixed) buf_str(p->buf, "runtime error: ");
        fmtbuf_write(p->buf, (const char *)msg.ptr, (size_t)msg.len);
    } else {
        pr_print_arg(p, v.type, iface_value_ptr(&v), 'v');
    }
    buf_byte(p->buf, ')');
    p->f = saved;
}

/* The result of record m->done's call, just returned. */
static void fmt_take_result(GolG *g, uint8_t *frame, FmtMethods *m) {
    GolString s;
    memcpy(&s, rt_call_results(g, frame), sizeof s);
    FmtRecord *r = &fmt_records(m)[m->done++];
    r->text.len = s.len;
    wb_store_ptr((void **)&r->text.ptr, (void *)s.ptr);
}

/* The operand types Go's printArg formats directly, without looking for methods: the unnamed
 * basic types and []byte. */
static bool pr_is_direct_type(const TypeDesc *t) {
    if (t->name && strcmp(t->name, "[]uint8") == 0) return true;
    bool basic = (t->kind >= K_BOOL && t->kind <= K_COMPLEX128) || t->kind == K_STRING;
    return basic && (t->name == NULL || strchr(t->name, '.') == NULL);
}

/* %w (Go's handleMethods): only in Errorf, only once, only for an error operand; else a bad
 * verb, and Errorf wraps nothing. Returns true when the operand has been printed as bad. */
static bool pr_wrap_error(Printer *p, const TypeDesc *t) {
    bool is_error = rt_string_method_of(p->g, t, "Error") != NULL;
    if (is_error && p->wrap_errs && p->wrapped < 0) {
        p->wrapped = p->cur_arg;
        return false;
    }
    p->wrapped = -1;
    p->wrap_errs = false;
    pr_bad_verb(p, 'w');
    return true;
}

/* The method Format(f fmt.State, verb rune) of t, if it has one (Go's Formatter). */
static const TypeMethod *fmt_format_method(const TypeDesc *t) {
    for (uint32_t i = 0; t && i < t->nmethods; i++) {
        const TypeMethod *tm = &t->methods[i];
        if (strcmp(tm->name, "Format") != 0) continue;
        const TypeDesc *ft = tm->mtype;
        if (ft && ft->kind == K_FUNC && ft->len == 2 && ft->nfields == 2 && ft->fields[0].type &&
            ft->fields[0].type->kind == K_INTERFACE && ft->fields[0].type->name &&
            strcmp(ft->fields[0].type->name, "fmt.State") == 0 && ft->fields[1].type &&
            ft->fields[1].type->kind == K_INT32)
            return tm;
        return NULL;
    }
    return NULL;
}

/* Go's handleMethods gives a Formatter the whole job: Format(state, verb) writes the text,
 * unpadded, with the State answering Width, Precision and Flag from this verb's flags. The call
 * goes through fmt.callFormat (runtime/lib/fmt.gol), recorded like a String() call with the
 * verb and flags beside it; its result is the text Format wrote. */
static bool pr_formatter(Printer *p, const TypeDesc *t, const void *v, int verb) {
    const TypeMethod *tm = fmt_format_method(t);
    if (tm == NULL || p->m == NULL || p->m->closed) return false;
    if ((tm->deref || tm->nil_panics) && *(void *const *)v == NULL) {
        fmtf_pad_str(p, "<nil>");
        return true;
    }
    GolString s;
    FmtRecord *panicked;
    uint32_t i = p->m->next;
    fmt_method_text(p, t, v, tm, &s, &panicked);
    FmtFormatArgs *a = &p->m->fargs[i];
    a->verb = verb;
    a->wid = p->f.wid;
    a->prec = p->f.prec;
    a->flags = (p->f.minus ? FMT_FLAG_MINUS : 0) | (p->f.plus || p->f.plus_v ? FMT_FLAG_PLUS : 0) |
               (p->f.sharp || p->f.sharp_v ? FMT_FLAG_SHARP : 0) | (p->f.space ? FMT_FLAG_SPACE : 0) |
               (p->f.zero ? FMT_FLAG_ZERO : 0) | (p->f.wid_present ? FMT_FLAG_WID : 0) |
               (p->f.prec_present ? FMT_FLAG_PREC : 0);
    if (panicked) pr_catch_panic(p, panicked, tm, verb);
    else fmtbuf_write(p->buf, (const char *)s.ptr, (size_t)s.len);
    return true;
}

/* print.go handleMethods: for %#v the GoString() method (GoStringer) and nothing else; for the
 * verbs that print text (%v %s %x %X %q) Error(), else String(). A panic in the method prints
 * as %!v(PANIC=String method: ...) (pr_catch_panic); a nil pointer receiver as <nil>. */
static bool pr_handle_methods(Printer *p, const TypeDesc *t, const void *v, int verb) {
    if (p->erroring || t == NULL || t->kind == K_INTERFACE) return false;
    if (verb == 'w') {
        if (pr_is_direct_type(t)) return false;     /* formatted as such: %!w(int=1) */
        if (pr_wrap_error(p, t)) return true;
        verb = 'v';
    }
    if (pr_formatter(p, t, v, verb)) return true;
    const TypeMethod *tm;
    if (p->f.sharp_v) {                 /* %#v: GoString() alone, its result printed as %s */
        tm = rt_string_method_of(p->g, t, "GoString");
    } else {
        if (verb != 'v' && verb != 's' && verb != 'x' && verb != 'X' && verb != 'q') return false;
        tm = rt_string_method_of(p->g, t, "Error");
        if (tm == NULL) tm = rt_string_method_of(p->g, t, "String");
    }
    if (tm == NULL) return false;
    if ((tm->deref || tm->nil_panics) && *(void *const *)v == NULL) {  /* catchPanic: a nil */
        buf_str(p->buf, "<nil>");                    /* pointer says <nil>, unpadded */
        return true;
    }
    GolString s;
    FmtRecord *panicked;
    if (p->m == NULL || p->m->closed || !fmt_method_text(p, t, v, tm, &s, &panicked)) return false;
    if (panicked) pr_catch_panic(p, panicked, tm, verb);
    else pr_fmt_string(p, (const char *)s.ptr, (size_t)s.len, p->f.sharp_v ? 's' : verb);
    return true;
}

static void pr_print_struct(Printer *p, const TypeDesc *t, const uint8_t *v, int verb, int depth, bool can_iface) {
    if (p->f.sharp_v) buf_str(p->buf, type_name(t));
    buf_byte(p->buf, '{');
    for (uint32_t i = 0; i < t->nfields; i++) {
        const TypeField *f = &t->fields[i];
        if (i > 0) buf_str(p->buf, p->f.sharp_v ? ", " : " ");
        if ((p->f.plus_v || p->f.sharp_v) && f->name && f->name[0]) {
            buf_str(p->buf, f->name);
            buf_byte(p->buf, ':');
        }
        pr_print_value(p, f->type, v + f->offset, verb, depth + 1, can_iface && f->exported);
    }
    buf_byte(p->buf, '}');
}

static void pr_print_list(Printer *p, const TypeDesc *t, const uint8_t *base, int64_t n, bool is_nil,
                          int verb, int depth, bool can_iface) {
    const TypeDesc *e = t->elem;
    if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') && e->kind == K_UINT8) {
        pr_fmt_bytes(p, base, (size_t)n, verb);
        return;
    }
    if (p->f.sharp_v) {
        buf_str(p->buf, type_name(t));
        if (t->kind == K_SLICE && is_nil) { buf_str(p->buf, "(nil)"); return; }
        buf_byte(p->buf, '{');
        for (int64_t i = 0; i < n; i++) {
            if (i > 0) buf_str(p->buf, ", ");
            pr_print_value(p, e, base + i * e->size, verb, depth + 1, can_iface);
        }
        buf_byte(p->buf, '}');
    } else {
        buf_byte(p->buf, '[');
        for (int64_t i = 0; i < n; i++) {
            if (i > 0) buf_byte(p->buf, ' ');
            pr_print_value(p, e, base + i * e->size, verb, depth + 1, can_iface);
        }
        buf_byte(p->buf, ']');
    }
}

/* print.go printValue's map case: entries sorted by key (runtime/fmtsort.c), map[k:v k:v] or,
 * with %#v, map[K]V{k:v, k:v}. */
static void pr_print_map(Printer *p, const TypeDesc *t, const GolMap *m, int verb, int depth, bool can_iface) {
    if (p->f.sharp_v) {
        buf_str(p->buf, type_name(t));
        if (m == NULL) { buf_str(p->buf, "(nil)"); return; }
        buf_byte(p->buf, '{');
    } else {
        buf_str(p->buf, "map[");
    }
    size_t n;
    FmtSortEntry *e = fmtsort_map(m, &n);
    for (size_t i = 0; i < n; i++) {
        if (i > 0) buf_str(p->buf, p->f.sharp_v ? ", " : " ");
        pr_print_value(p, t->key, e[i].key, verb, depth + 1, can_iface);
        buf_byte(p->buf, ':');
        pr_print_value(p, t->elem, e[i].val, verb, depth + 1, can_iface);
    }
    free(e);
    buf_byte(p->buf, p->f.sharp_v ? '}' : ']');
}

/* print.go printValue: the value v of type t (Go memory form). */
static void pr_print_value(Printer *p, const TypeDesc *t, const void *v, int verb, int depth, bool can_iface) {
    rt_cstack_check(p->g);                  /* a value nested a million deep */
    if (depth > 0 && can_iface && pr_handle_methods(p, t, v, verb)) return;
    p->arg_t = t;
    p->arg_p = v;
    p->arg_is_top = false;
    switch (t->kind) {
    case K_BOOL: pr_fmt_bool(p, *(const uint8_t *)v != 0, verb); break;
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
        pr_fmt_integer(p, (uint64_t)rt_load_int(t, v), true, verb); break;
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
        pr_fmt_integer(p, rt_load_uint(t, v), false, verb); break;
    case K_FLOAT32: pr_fmt_float(p, rt_load_float(t, v), 32, verb); break;
    case K_FLOAT64: pr_fmt_float(p, rt_load_float(t, v), 64, verb); break;
    case K_STRING: {
        const GolString *s = v;
        pr_fmt_string(p, (const char *)s->ptr, (size_t)s->len, verb);
        break;
    }
    case K_STRUCT: pr_print_struct(p, t, v, verb, depth, can_iface); break;
    case K_INTERFACE: {
        const GolIface *iv = v;
        const TypeDesc *dt = iface_dynamic_type(iv->type, iface_type_is_empty(t));   /* word0 may be an itab */
        if (dt == NULL) {
            if (p->f.sharp_v) { buf_str(p->buf, type_name(t)); buf_str(p->buf, "(nil)"); }
            else buf_str(p->buf, "<nil>");
        } else {
            const void *data = (dt->flags & TDF_DIRECTIFACE) ? (const void *)&iv->data : iv->data;
            pr_print_value(p, dt, data, verb, depth + 1, can_iface);
        }
        break;
    }
    case K_ARRAY: pr_print_list(p, t, v, t->len, false, verb, depth, can_iface); break;
    case K_SLICE: {
        const GolSlice *s = v;
        pr_print_list(p, t, s->ptr, s->len, s->ptr == NULL, verb, depth, can_iface);
        break;
    }
    case K_POINTER: {
        const void *target = *(void *const *)v;
        GolKind ek = t->elem ? t->elem->kind : K_INVALID;
        if (depth == 0 && target != NULL && (ek == K_ARRAY || ek == K_SLICE || ek == K_STRUCT || ek == K_MAP)) {
            buf_byte(p->buf, '&');
            pr_print_value(p, t->elem, target, verb, depth + 1, can_iface);
            return;
        }
        pr_fmt_pointer(p, t, v, verb);
        break;
    }
    case K_MAP: pr_print_map(p, t, *(const GolMap *const *)v, verb, depth, can_iface); break;
    default: pr_fmt_pointer(p, t, v, verb); break;    /* chans, funcs, unsafe.Pointer */
    }
}

/* %#v of a top-level []byte operand spells its type "[]byte", not reflect's "[]uint8". */
static void pr_sharp_v_bytes(Printer *p, const void *v) {
    const GolSlice *s = v;
    buf_str(p->buf, "[]byte");
    if (s->ptr == NULL) { buf_str(p->buf, "(nil)"); return; }
    buf_byte(p->buf, '{');
    for (int64_t i = 0; i < s->len; i++) {
        if (i > 0) buf_str(p->buf, ", ");
        pr_fmt_0x64(p, ((const uint8_t *)s->ptr)[i], true);
    }
    buf_byte(p->buf, '}');
}

/* print.go printArg: one operand of Print/Printf, from an interface's type and data. */
static void pr_print_arg(Printer *p, const TypeDesc *t, const void *v, int verb) {
    p->arg_t = t;
    p->arg_p = v;
    p->arg_is_top = true;
    if (t == NULL) {
        if (verb == 'T' || verb == 'v') fmtf_pad_str(p, "<nil>");
        else pr_bad_verb(p, verb);
        return;
    }
    if (verb == 'T') { const char *n = type_name(t); fmtf_s(p, n, strlen(n)); return; }
    if (verb == 'p') { pr_fmt_pointer(p, t, v, 'p'); return; }
    if (pr_handle_methods(p, t, v, verb)) return;
    if (p->f.sharp_v && (verb == 'v' || verb == 'd') && t->kind == K_SLICE && t->name &&
        strcmp(t->name, "[]uint8") == 0) {
        pr_sharp_v_bytes(p, v);     /* Go's printArg case []byte: fmtBytes(v, verb, "[]byte") */
        return;
    }
    pr_print_value(p, t, v, verb, 0, true);
    p->arg_is_top = true;
}

/* The interface's value as (type, pointer to the value in memory form). */
static const void *iface_value_ptr(const GolIface *iv) {
    if (iv->type == NULL) return NULL;
    return (iv->type->flags & TDF_DIRECTIFACE) ? (const void *)&iv->data : iv->data;
}

static void pr_print_iface(Printer *p, const GolIface *iv, int verb) {
    pr_print_arg(p, iv->type, iface_value_ptr(iv), verb);
}

/* ============================== Printf ============================== */

static bool fmt_parse_num(const char *s, size_t *i, size_t end, int *num) {
    *num = 0;
    if (*i >= end) return false;
    bool isnum = false;
    int n = 0;
    for (; *i < end && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
        if (n > 1000000) { *i = end; return false; }   /* Go's tooLarge: a crazy long number */
        n = n * 10 + (s[*i] - '0');
        isnum = true;
    }
    *num = n;
    return isnum;
}

/* print.go intFromArg: a '*' width or precision from an integer operand. */
static bool fmt_int_from_arg(const GolIface *a, int64_t nargs, int64_t *argnum, int *num) {
    *num = 0;
    if (*argnum >= nargs) return false;
    const GolIface *iv = &a[*argnum];
    (*argnum)++;
    const TypeDesc *t = iv->type;
    if (t == NULL) return false;
    int64_t n;
    if (t->kind >= K_INT && t->kind <= K_INT64) n = rt_load_int(t, iface_value_ptr(iv));
    else if (t->kind >= K_UINT && t->kind <= K_UINTPTR) {
        uint64_t u = rt_load_uint(t, iface_value_ptr(iv));
        if (u > INT64_MAX) return false;
        n = (int64_t)u;
    } else return false;
    if (n > 1000000 || n < -1000000) return false;
    *num = (int)n;
    return true;
}

/* print.go argNumber/parseArgNumber: an explicit [n] index. Any bad index makes the verb
 * print %!v(BADINDEX); returns whether an index was parsed. */
static bool fmt_arg_number(const char *s, size_t *i, size_t end, int64_t nargs, int64_t *argnum,
                           bool *reordered, bool *good) {
    if (*i >= end || s[*i] != '[') return false;
    *reordered = true;
    size_t wid = 1;
    bool ok = false;
    int index = 0;
    if (end - *i >= 3) {
        for (size_t j = *i + 1; j < end; j++) {
            if (s[j] != ']') continue;
            size_t k = *i + 1;
            int n;
            bool isnum = fmt_parse_num(s, &k, j, &n);
            wid = j + 1 - *i;
            if (isnum && k == j) { ok = true; index = n - 1; }
            break;
        }
    }
    *i += wid;
    if (ok && index >= 0 && index < nargs) { *argnum = index; return true; }
    *good = false;
    return ok;
}


static void fmt_do_printf(Printer *p, GolString format, GolSlice args) {
    FmtBuf *b = p->buf;
    const char *s = (const char *)format.ptr;
    size_t end = (size_t)format.len;
    const GolIface *a = args.ptr;
    int64_t nargs = args.len, argnum = 0;
    bool reordered = false, after_index = false;
    for (size_t i = 0; i < end;) {
        bool good = true;
        size_t lasti = i;
        while (i < end && s[i] != '%') i++;
        if (i > lasti) fmtbuf_write(b, s + lasti, i - lasti);
        if (i >= end) break;
        i++;
        memset(&p->f, 0, sizeof p->f);
        bool simple_done = false;
        for (; i < end; i++) {
            char c = s[i];
            if (c == '#') p->f.sharp = true;
            else if (c == '0') p->f.zero = !p->f.minus;
            else if (c == '+') p->f.plus = true;
            else if (c == '-') { p->f.minus = true; p->f.zero = false; }
            else if (c == ' ') p->f.space = true;
            else {
                if (c >= 'a' && c <= 'z' && argnum < nargs) {   /* fast path: %v, %d ... */
                    if (c == 'v') {
                        p->f.sharp_v = p->f.sharp; p->f.sharp = false;
                        p->f.plus_v = p->f.plus; p->f.plus = false;
                    }
                    p->cur_arg = argnum;
                    pr_print_iface(p, &a[argnum], c);
                    argnum++;
                    i++;
                    simple_done = true;
                }
                break;
            }
        }
        if (simple_done) continue;
        after_index = fmt_arg_number(s, &i, end, nargs, &argnum, &reordered, &good);
        if (i < end && s[i] == '*') {
            i++;
            p->f.wid_present = fmt_int_from_arg(a, nargs, &argnum, &p->f.wid);
            if (!p->f.wid_present) buf_str(b, "%!(BADWIDTH)");
            if (p->f.wid < 0) { p->f.wid = -p->f.wid; p->f.minus = true; p->f.zero = false; }
            after_index = false;
        } else {
            p->f.wid_present = fmt_parse_num(s, &i, end, &p->f.wid);
            if (after_index && p->f.wid_present) good = false;
        }
        if (i + 1 < end && s[i] == '.') {
            i++;
            if (after_index) good = false;
            after_index = fmt_arg_number(s, &i, end, nargs, &argnum, &reordered, &good);
            if (i < end && s[i] == '*') {
                i++;
                p->f.prec_present = fmt_int_from_arg(a, nargs, &argnum, &p->f.prec);
                if (p->f.prec < 0) { p->f.prec = 0; p->f.prec_present = false; }
                if (!p->f.prec_present) buf_str(b, "%!(BADPREC)");
                after_index = false;
            } else {
                p->f.prec_present = fmt_parse_num(s, &i, end, &p->f.prec);
                if (!p->f.prec_present) { p->f.prec = 0; p->f.prec_present = true; }
            }
        }
        if (!after_index) after_index = fmt_arg_number(s, &i, end, nargs, &argnum, &reordered, &good);
        if (i >= end) { buf_str(b, "%!(NOVERB)"); break; }
        int w = 1;
        int32_t verb = (uint8_t)s[i];
        if (verb >= 0x80) verb = utf8_decode((const uint8_t *)s + i, (int64_t)(end - i), &w);
        i += (size_t)w;
        if (verb == '%') { buf_byte(b, '%'); continue; }
        if (!good) {
            buf_str(b, "%!"); buf_rune(b, verb); buf_str(b, "(BADINDEX)");
            continue;
        }
        if (argnum >= nargs) {
            buf_str(b, "%!"); buf_rune(b, verb); buf_str(b, "(MISSING)");
            continue;
        }
        if (verb == 'v') {
            p->f.sharp_v = p->f.sharp; p->f.sharp = false;
            p->f.plus_v = p->f.plus; p->f.plus = false;
        }
        p->cur_arg = argnum;
        pr_print_iface(p, &a[argnum], verb);
        argnum++;
    }
    if (!reordered && argnum < nargs) {
        memset(&p->f, 0, sizeof p->f);
        buf_str(b, "%!(EXTRA ");
        for (int64_t k = argnum; k < nargs; k++) {
            if (k > argnum) buf_str(b, ", ");
            if (a[k].type == NULL) { buf_str(b, "<nil>"); continue; }
            buf_str(b, type_name(a[k].type));
            buf_byte(b, '=');
            pr_print_iface(p, &a[k], 'v');
        }
        buf_byte(b, ')');
    }
}

static void fmt_do_print(Printer *p, GolSlice args) {
    FmtBuf *b = p->buf;
    const GolIface *a = args.ptr;
    bool prev_string = false;
    for (int64_t i = 0; i < args.len; i++) {
        bool is_string = a[i].type != NULL && a[i].type->kind == K_STRING;
        if (i > 0 && !is_string && !prev_string) buf_byte(b, ' ');
        memset(&p->f, 0, sizeof p->f);
        pr_print_iface(p, &a[i], 'v');
        prev_string = is_string;
    }
}

static void fmt_do_println(Printer *p, GolSlice args) {
    FmtBuf *b = p->buf;
    const GolIface *a = args.ptr;
    for (int64_t i = 0; i < args.len; i++) {
        if (i > 0) buf_byte(b, ' ');
        memset(&p->f, 0, sizeof p->f);
        pr_print_iface(p, &a[i], 'v');
    }
    buf_byte(b, '\n');
}

/* One walk over the operands as `op` says. No gol code runs during a walk, so the stack (where
 * the []any array usually is) cannot move under it; a collection can run (recording a method
 * call allocates), and the operands stay reachable from the native's frame. */
static void fmt_walk(GolG *g, FmtBuf *b, FmtOp op, GolString format, GolSlice args, FmtMethods *m) {
    Printer pr = { .g = g, .m = m, .buf = b, .wrap_errs = op == FMT_ERRORF, .wrapped = -1 };
    switch (op) {
    case FMT_PRINTF: case FMT_ERRORF: fmt_do_printf(&pr, format, args); break;
    case FMT_PRINT: fmt_do_print(&pr, args); break;
    case FMT_PRINTLN: fmt_do_println(&pr, args); break;
    }
    b->wrapped = pr.wrapped;
}

/* The entry points for C callers: String() and Error() methods are not called. */
void fmt_sprintf(GolG *g, FmtBuf *b, GolString format, GolSlice args) {
    fmt_walk(g, b, FMT_PRINTF, format, args, NULL);
}

void fmt_sprint(GolG *g, FmtBuf *b, GolSlice args) {
    fmt_walk(g, b, FMT_PRINT, (GolString){0}, args, NULL);
}

void fmt_sprintln(GolG *g, FmtBuf *b, GolSlice args) {
    fmt_walk(g, b, FMT_PRINTLN, (GolString){0}, args, NULL);
}

/* The fmt natives' driver (runtime/natives.c): walks, runs the recorded methods through the
 * loop, walks again (see "methods" above). The operands are read from the native's frame at
 * each walk, since the stack may have moved while a method ran. Returns NAT_CALL with a method
 * call prepared, or NAT_RETURN with the text in *out (the caller owns it). */
/* One walk over the operands in a fmt native's frame (format at format_off for Printf, the
 * []any at args_off). */
static void fmt_walk_frame(GolG *g, FmtBuf *out, FmtOp op, const uint8_t *frame,
                           uint32_t format_off, uint32_t args_off, FmtMethods *m) {
    GolString format = {0};
    GolSlice args;
    if (op == FMT_PRINTF || op == FMT_ERRORF) memcpy(&format, frame + format_off, sizeof format);
    memcpy(&args, frame + args_off, sizeof args);
    fmt_walk(g, out, op, format, args, m);
}

/* Prepares the call fmt.callFormat(v any, verb rune, wid, prec, flags int) string (its FuncInfo
 * found by name once per module): v is the recorded receiver as an interface value, whose
 * dynamic type is the Formatter's. */
static void fmt_call_format_prepare(GolG *g, uint8_t **frame, GolIface recv, const FmtFormatArgs *a) {
    static const Module *cached_mod;
    static const FuncInfo *cached;
    if (cached_mod != g->mod) {
        cached = NULL;
        for (uint32_t i = 0; i < g->mod->nfuncs; i++)
            if (g->mod->funcs[i].name && strcmp(g->mod->funcs[i].name, "fmt.callFormat") == 0) {
                cached = &g->mod->funcs[i];
                break;
            }
        cached_mod = g->mod;
        if (cached == NULL) rt_fatal(g, "runtime: fmt.callFormat missing");
    }
    uint8_t *callee = rt_call_prepare(g, frame, cached->closure);
    uint8_t *params = callee + cached->results_size;
    memcpy(params, &recv, sizeof recv);
    memcpy(params + 16, &a->verb, 8);
    memcpy(params + 24, &a->wid, 8);
    memcpy(params + 32, &a->prec, 8);
    memcpy(params + 40, &a->flags, 8);
}

int fmt_native(GolG *g, uint8_t *frame, FmtOp op, uint32_t format_off, uint32_t args_off, FmtBuf *out) {
    if (g == NULL || g->func == NULL || !g->func->native) {     /* called from C (unit tests) */
        fmt_walk_frame(g, out, op, frame, format_off, args_off, NULL);
        return NAT_RETURN;
    }
    NatCont *k = rt_native_cont(g, frame);
    FmtMethods *m = k->c;
    if (k->step == 0) {
        m = calloc(1, sizeof *m);
        if (m == NULL) rt_fatal(g, "runtime: out of memory");
        k->c = m;
    }
    m->slot = &k->gc;                               /* the frame stays put until we return */
    if (k->step != 0) {
        GolIface caught;
        if (rt_native_caught(g, &caught)) fmt_take_panic(m, caught);
        else {
            defer_pop_catch(g, frame);
            fmt_take_result(g, frame, m);
        }
    }
    for (;;) {
        if (m->done < m->n) {                       /* run the next recorded method */
            GolIface recv = fmt_records(m)[m->done].recv;
            k->step = 1;
            if (strcmp(m->tm[m->done]->name, "Format") == 0)
                fmt_call_format_prepare(g, &frame, recv, &m->fargs[m->done]);
            else
                rt_method_call_prepare(g, &frame, recv, m->tm[m->done]);
            defer_push_catch(g, frame);             /* its panics stop here (catchPanic) */
            return NAT_CALL;
        }
        m->next = 0;
        m->missing = false;
        m->closed = ++m->walks > FMT_MAX_WALKS;
        out->len = 0;
        fmt_walk_frame(g, out, op, frame, format_off, args_off, m);
        if (!m->missing) break;
    }
    free(m->tm);
    free(m->panics);
    free(m->fargs);
    free(m);
    k->c = NULL;
    k->gc = NULL;
    return NAT_RETURN;
}
