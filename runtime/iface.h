/* runtime/iface.h — value helpers shared inside the runtime (runtime/iface.c). */
#ifndef GOL_RUNTIME_IFACE_H
#define GOL_RUNTIME_IFACE_H

#include "runtime/runtime.h"

/* == on two values of type t in Go memory form; panics on uncomparable types as Go does. */
bool rt_value_equal(GolG *g, const TypeDesc *t, const void *a, const void *b);

#endif
