/* runtime/iface.h — interface values: boxing, itabs, conversions, assertions (runtime/iface.c).
 *
 * Two shapes of interface value, both {word0, data} (runtime/type.h GolIface):
 *   - an empty interface (interface{}, any; Go's eface): word0 is the dynamic type's TypeDesc;
 *   - an interface with methods (Go's iface): word0 is an Itab for (interface, dynamic type).
 * A nil interface has word0 NULL in both. Which shape a value has is decided by its static type,
 * so code that reads an interface out of memory by its TypeDesc asks iface_type_is_empty(t) and
 * then iface_dynamic_type(word0, empty) (fmt, ==, and the maps' hashing do).
 */
#ifndef GOL_RUNTIME_IFACE_H
#define GOL_RUNTIME_IFACE_H

#include "runtime/runtime.h"

/* Go's itab: the method table of one dynamic type seen through one interface type. Built once
 * per pair, on first need, and kept while the module runs (C memory, never collected:
 * the collector ignores word0 pointers outside its heap). fun[i] is the function of the
 * interface's i-th method (sorted by name), taking the data word as its receiver. */
typedef struct Itab {
    const TypeDesc *inter;      /* the interface type (K_INTERFACE, nmethods > 0) */
    const TypeDesc *type;       /* the dynamic type */
    uint32_t hash;
    uint32_t nfun;              /* inter->nmethods */
    const FuncInfo *fun[];
} Itab;

/* An interface type without methods (its values are efaces). */
static inline bool iface_type_is_empty(const TypeDesc *t) { return t->nmethods == 0; }

/* The dynamic type of an interface value from its first word; NULL for a nil interface. */
static inline const TypeDesc *iface_dynamic_type(const void *word0, bool is_empty) {
    if (word0 == NULL || is_empty) return (const TypeDesc *)word0;
    return ((const Itab *)word0)->type;
}

/* The same value as an empty interface: {dynamic type, data}. */
static inline GolIface iface_to_eface(GolIface v, bool is_empty) {
    v.type = iface_dynamic_type(v.type, is_empty);
    return v;
}

/* The itab of (inter, type), built and cached on first use; NULL when type lacks a method of
 * inter (that answer is cached too). *missing, if not NULL, gets the first missing method's
 * name then. */
const Itab *itab_find(GolG *g, const TypeDesc *inter, const TypeDesc *type, const char **missing);

/* == on two values of type t in Go memory form; panics on uncomparable types as Go does. */
bool rt_value_equal(GolG *g, const TypeDesc *t, const void *a, const void *b);

/* Go's runtime.TypeAssertionError: the value a failed x.(T) panics with, a runtime.Error whose
 * Error() text type_assertion_error_text builds from the types, as Go's does. */
typedef struct TypeAssertionError {
    const TypeDesc *iface;          /* x's static interface type; NULL for x.(I) (Go's _interface) */
    const TypeDesc *concrete;       /* x's dynamic type; NULL when x is nil */
    const TypeDesc *asserted;       /* T */
    const char *missing_method;     /* x.(I): the first method of I the type lacks, or NULL */
} TypeAssertionError;
void type_assertion_error_text(const TypeAssertionError *e, char *buf, size_t n);

/* The instructions' slow paths (vm/interp.c). `srct` is the static interface type of the
 * operand, `want` the asserted or target type; dst is a frame slot (register form). */
GolIface iface_convert(GolG *g, const TypeDesc *inter, GolIface v, bool src_empty);
void     iface_assert(GolG *g, uint8_t *dst, GolIface v, const TypeDesc *want, const TypeDesc *srct);
bool     iface_assert_ok(GolG *g, uint8_t *dst, GolIface v, const TypeDesc *want, const TypeDesc *srct);
bool     iface_type_is(GolG *g, GolIface v, const TypeDesc *want, const TypeDesc *srct);

#endif
