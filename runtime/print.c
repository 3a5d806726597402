/* runtime/print.c — the builtins print and println (Go's runtime/print.go).
 *
 * print/println are the runtime's own, minimal output: they write to stderr, never allocate,
 * and have fixed formats that differ from fmt's:
 *   bool       true / false
 *   integers   decimal
 *   floats     always scientific with 7 significant digits and a 3-digit exponent:
 *              print(1.5) writes +1.500000e+000; NaN, +Inf, -Inf
 *   string     its bytes
 *   pointers, maps, chans, funcs   0xc000012345 (0x0 for nil)
 *   slice      [len/cap]0xADDR
 *   interface  (0xTYPE,0xDATA)
 * println puts a space between operands and a newline at the end; the interpreter's PRINT
 * instruction says which (vm/opcodes.h), and this file prints one operand at a time.
 *
 * The float format is computed the way Go's printfloat computes it — repeated division and
 * multiplication by 10 in float64 — rather than with printf, so the last digit rounds exactly
 * as Go's does even where that differs from correct rounding.
 *
 * Values arrive in register form (a frame slot: integers extended to 8 bytes, float32 held as a
 * float64), because the interpreter hands over the operand's slot. stdout is flushed before
 * each write so that fmt output and print output interleave as in Go (runtime/proc.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/print.h"
#include "runtime/proc.h"

int print_float(char *buf, double v) {
    if (v != v) return sprintf(buf, "NaN");
    if (v + v == v && v > 0) return sprintf(buf, "+Inf");
    if (v + v == v && v < 0) return sprintf(buf, "-Inf");
    enum { N = 7 };
    char b[N + 7];
    b[0] = '+';
    int e = 0;
    if (v == 0) {
        if (1 / v < 0) b[0] = '-';
    } else {
        if (v < 0) { v = -v; b[0] = '-'; }
        while (v >= 10) { e++; v /= 10; }
        while (v < 1) { e--; v *= 10; }
        double h = 5.0;
        for (int i = 0; i < N; i++) h /= 10;
        v += h;
        if (v >= 10) { e++; v /= 10; }
    }
    for (int i = 0; i < N; i++) {
        int s = (int)v;
        b[i + 2] = (char)(s + '0');
        v -= s;
        v *= 10;
    }
    b[1] = b[2];
    b[2] = '.';
    b[N + 2] = 'e';
    b[N + 3] = '+';
    if (e < 0) { e = -e; b[N + 3] = '-'; }
    b[N + 4] = (char)(e / 100 + '0');
    b[N + 5] = (char)(e / 10 % 10 + '0');
    b[N + 6] = (char)(e % 10 + '0');
    memcpy(buf, b, N + 7);
    buf[N + 7] = 0;
    return N + 7;
}

bool print_is_signed(GolKind k) { return k >= K_INT && k <= K_INT64; }
bool print_is_unsigned(GolKind k) { return k >= K_UINT && k <= K_UINTPTR; }

/* Formats a scalar of kind k whose 8 register-form bytes are at p; returns the length. */
int print_scalar(char *buf, size_t cap, GolKind k, const void *p) {
    uint64_t u;
    memcpy(&u, p, 8);
    if (k == K_BOOL) return snprintf(buf, cap, "%s", u & 1 ? "true" : "false");
    if (print_is_signed(k)) return snprintf(buf, cap, "%" PRId64, (int64_t)u);
    if (print_is_unsigned(k)) return snprintf(buf, cap, "%" PRIu64, u);
    if (k == K_FLOAT32 || k == K_FLOAT64) { double d; memcpy(&d, p, 8); return print_float(buf, d); }
    return snprintf(buf, cap, "0x%" PRIx64, u);      /* pointer-shaped */
}

void rt_print_value(const TypeDesc *t, const void *value) {
    char buf[80];
    int n;
    switch (t->kind) {
    case K_STRING: {
        const GolString *s = value;
        if (s->len > 0) rt_stderr_write(s->ptr, (size_t)s->len);
        return;
    }
    case K_SLICE: {
        const GolSlice *s = value;
        n = snprintf(buf, sizeof buf, "[%" PRId64 "/%" PRId64 "]0x%" PRIxPTR, s->len, s->cap, (uintptr_t)s->ptr);
        break;
    }
    case K_INTERFACE: {
        const GolIface *i = value;
        n = snprintf(buf, sizeof buf, "(0x%" PRIxPTR ",0x%" PRIxPTR ")", (uintptr_t)i->type, (uintptr_t)i->data);
        break;
    }
    default:
        n = print_scalar(buf, sizeof buf, t->kind, value);
        break;
    }
    rt_stderr_write(buf, (size_t)n);
}
