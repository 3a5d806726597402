/* runtime/iface.c — boxing values into interfaces, and interface equality.
 *
 * An interface value is two words, {type, data} (runtime/type.h). `data` is always a pointer,
 * which keeps the collector precise: it never has to guess whether a word is a pointer.
 *
 * Boxing (Go's convT* functions), for a value of type t:
 *   - pointer-shaped types (pointers, maps, chans, funcs: TDF_DIRECTIFACE) store the pointer
 *     itself in `data`, no allocation;
 *   - zero-sized values point at zerobase;
 *   - small integers (the value < 256, as Go's staticuint64s) and every 1-byte value point into
 *     a static table of the numbers 0..255, so boxing a bool or a byte never allocates;
 *   - an empty string and a nil slice point at a static zero block;
 *   - everything else is copied into a new heap object of t's size (mallocgc with t).
 * Every boxed value is immutable: nothing writes through `data`, which is what makes sharing
 * the static tables safe.
 *
 * Register form: iface_box reads the value as an interpreter frame slot holds it (vm/opcodes.h):
 * integers sign- or zero-extended to 8 bytes (their low bytes are the memory form, amd64 being
 * little-endian), float32 held as a float64 (converted back to 4 bytes here), aggregates in
 * their Go memory layout. The box always holds the Go memory form, which is what fmt, print
 * and panic read.
 *
 * Equality (Go's efaceeq): same dynamic type and equal values; comparing two values of an
 * uncomparable dynamic type (slices, maps, funcs, structs holding them) panics with
 * `runtime error: comparing uncomparable type []int`.
 */
#include <stdio.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/malloc.h"
#include "runtime/iface.h"
#include "runtime/mbarrier.h"

#define N4(n) n, n + 1, n + 2, n + 3
#define N16(n) N4(n), N4(n + 4), N4(n + 8), N4(n + 12)
#define N64(n) N16(n), N16(n + 16), N16(n + 32), N16(n + 48)
static const uint64_t iface_small[256] = { N64(0), N64(64), N64(128), N64(192) };
static const uint64_t iface_zero[4];

static bool iface_is_integer(GolKind k) { return k >= K_BOOL && k <= K_UINTPTR; }

static void *iface_new(GolG *g, const TypeDesc *t, const void *mem) {
    if (t->ptrdata == 0) {
        void *p = mallocgc(g, (size_t)t->size, t, false);
        memcpy(p, mem, (size_t)t->size);
        return p;
    }
    void *p = mallocgc(g, (size_t)t->size, t, true);    /* pointers: through the barrier */
    typedmemmove(t, p, mem);
    return p;
}

GolIface iface_box(GolG *g, const TypeDesc *t, const void *value) {
    GolIface r = {t, NULL};
    if (t->flags & TDF_DIRECTIFACE) { memcpy(&r.data, value, sizeof(void *)); return r; }
    if (t->size == 0) { r.data = &zerobase; return r; }
    if (iface_is_integer(t->kind) || t->kind == K_FLOAT64) {
        uint64_t v;
        memcpy(&v, value, 8);
        if (t->size < 8) v &= ((uint64_t)1 << (8 * t->size)) - 1;
        if (v < 256) { r.data = (void *)&iface_small[v]; return r; }
        r.data = iface_new(g, t, &v);
        return r;
    }
    if (t->kind == K_FLOAT32) {
        double d;
        memcpy(&d, value, 8);
        float f = (float)d;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        r.data = bits < 256 ? (void *)&iface_small[bits] : iface_new(g, t, &f);
        return r;
    }
    if (t->kind == K_STRING && ((const GolString *)value)->len == 0) { r.data = (void *)iface_zero; return r; }
    if (t->kind == K_SLICE && ((const GolSlice *)value)->ptr == NULL) { r.data = (void *)iface_zero; return r; }
    r.data = iface_new(g, t, value);
    return r;
}

static noreturn void iface_panic_uncomparable(GolG *g, const TypeDesc *t) {
    char msg[512];
    snprintf(msg, sizeof msg, "comparing uncomparable type %s", t->name ? t->name : "?");
    rt_panic_msg(g, msg);
}

/* Equality of two values of type t in Go memory form. */
bool rt_value_equal(GolG *g, const TypeDesc *t, const void *a, const void *b) {
    rt_cstack_check(g);                     /* interfaces nested a million deep */
    if (!(t->flags & TDF_COMPARABLE)) iface_panic_uncomparable(g, t);
    if (t->flags & TDF_REGULAR_MEM) return memcmp(a, b, (size_t)t->size) == 0;
    switch (t->kind) {
    case K_FLOAT32: return *(const float *)a == *(const float *)b;
    case K_FLOAT64: return *(const double *)a == *(const double *)b;
    case K_STRING: {
        const GolString *x = a, *y = b;
        return x->len == y->len && (x->len == 0 || memcmp(x->ptr, y->ptr, (size_t)x->len) == 0);
    }
    case K_INTERFACE: return iface_equal(g, *(const GolIface *)a, *(const GolIface *)b);
    case K_ARRAY:
        for (int64_t i = 0; i < t->len; i++) {
            int64_t off = i * t->elem->size;
            if (!rt_value_equal(g, t->elem, (const uint8_t *)a + off, (const uint8_t *)b + off)) return false;
        }
        return true;
    case K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++) {
            const TypeField *f = &t->fields[i];
            if (f->name && strcmp(f->name, "_") == 0) continue;   /* blank fields are ignored */
            if (!rt_value_equal(g, f->type, (const uint8_t *)a + f->offset, (const uint8_t *)b + f->offset))
                return false;
        }
        return true;
    default:
        return memcmp(a, b, (size_t)t->size) == 0;     /* integers, bools, pointer-shaped words */
    }
}

/* Identical types. Descriptors are one per type in a module, but a compiler may emit two for
 * the same unnamed type spelled twice ([]int); their names then agree, as Go's type strings
 * identify unnamed types in one package. */
static bool iface_same_type(const TypeDesc *a, const TypeDesc *b) {
    if (a == b) return true;
    if (a == NULL || b == NULL || a->kind != b->kind || a->size != b->size) return false;
    return a->name && b->name && strcmp(a->name, b->name) == 0;
}

bool iface_equal(GolG *g, GolIface a, GolIface b) {
    if (!iface_same_type(a.type, b.type)) return false;
    if (a.type == NULL) return true;
    if (!(a.type->flags & TDF_COMPARABLE)) iface_panic_uncomparable(g, a.type);
    if (a.type->flags & TDF_DIRECTIFACE) return a.data == b.data;
    return rt_value_equal(g, a.type, a.data, b.data);
}
