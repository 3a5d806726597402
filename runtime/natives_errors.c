/* runtime/natives_errors.c — the run-time type questions package errors asks (errors.As, Is).
 *
 * Go's errors package answers them with reflect; gol has no reflect, so runtime/lib/errors.gol
 * declares three natives over the type descriptors instead:
 *
 *     errors.isComparable(v any) bool                 result @0, v @8
 *     errors.checkAsTarget(target any)                target @0
 *     errors.assignTo(err error, target any) bool     result @0, err @8, target @24
 *
 * Assignability is Go's for the two cases As allows: *target of an interface type takes err if
 * err's dynamic type implements it (the itab says), and *target of a concrete type takes err if
 * that is err's dynamic type. The store goes through typedmemmove, so the write barrier sees it.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/iface.h"
#include "runtime/mbarrier.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

static int nat_errors_is_comparable(GolG *g, uint8_t *frame) {
    (void)g;
    GolIface v = ARG(frame, 8, GolIface);
    ARG(frame, 0, int64_t) = v.type != NULL && (v.type->flags & TDF_COMPARABLE) != 0;
    return NAT_RETURN;
}

/* Whether t has the method Error() string (every type an error value can have does). */
static bool errors_implements_error(GolG *g, const TypeDesc *t) {
    return rt_string_method_of(g, t, "Error") != NULL;
}

static int nat_errors_check_as_target(GolG *g, uint8_t *frame) {
    GolIface target = ARG(frame, 0, GolIface);
    if (target.type == NULL) rt_panic_value_str(g, "errors: target cannot be nil");
    if (target.type->kind != K_POINTER || target.data == NULL)
        rt_panic_value_str(g, "errors: target must be a non-nil pointer");
    const TypeDesc *elem = target.type->elem;
    if (elem->kind != K_INTERFACE && !errors_implements_error(g, elem))
        rt_panic_value_str(g, "errors: *target must be interface or implement error");
    return NAT_RETURN;
}

static int nat_errors_assign_to(GolG *g, uint8_t *frame) {
    GolIface err = ARG(frame, 8, GolIface);            /* an error: word0 an itab */
    GolIface target = ARG(frame, 24, GolIface);        /* checked by checkAsTarget */
    const TypeDesc *elem = target.type->elem;
    GolIface e = iface_to_eface(err, false);
    bool ok = false;
    if (e.type == NULL) {
        ok = false;
    } else if (elem->kind == K_INTERFACE) {
        GolIface v = e;
        if (!iface_type_is_empty(elem)) {
            const Itab *tab = itab_find(g, elem, e.type, NULL);
            v.type = (const TypeDesc *)tab;
            ok = tab != NULL;
        } else {
            ok = true;
        }
        if (ok) typedmemmove(elem, target.data, &v);
    } else if (e.type == elem) {
        const void *src = (elem->flags & TDF_DIRECTIFACE) ? (const void *)&e.data : e.data;
        typedmemmove(elem, target.data, src);
        ok = true;
    }
    ARG(frame, 0, int64_t) = ok;
    return NAT_RETURN;
}

static const NativeEntry errors_natives[] = {
    { "errors.isComparable",  nat_errors_is_comparable },
    { "context.isComparable", nat_errors_is_comparable },   /* WithValue's key check */
    { "errors.checkAsTarget", nat_errors_check_as_target },
    { "errors.assignTo",      nat_errors_assign_to },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_errors(const char *qualified_name) {
    for (const NativeEntry *e = errors_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
