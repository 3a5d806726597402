/* runtime/fmt.h — Go's fmt formatting engine over (TypeDesc, pointer) values (runtime/fmt.c).
 *
 * Values are in Go memory form (what an interface's data word points at). The engine writes
 * into an FmtBuf, a growable C buffer; the natives then copy the text to stdout or into a gol
 * string allocated with mallocgc.
 */
#ifndef GOL_RUNTIME_FMT_H
#define GOL_RUNTIME_FMT_H

#include "runtime/runtime.h"

typedef struct FmtBuf { char *p; size_t len, cap; } FmtBuf;

void fmtbuf_write(FmtBuf *b, const void *p, size_t n);
void fmtbuf_free(FmtBuf *b);

void fmt_sprintf(GolG *g, FmtBuf *b, GolString format, GolSlice args);   /* args: []any */
void fmt_sprint(GolG *g, FmtBuf *b, GolSlice args);
void fmt_sprintln(GolG *g, FmtBuf *b, GolSlice args);

/* Reading scalars in Go memory form, by the type's size and kind. */
int64_t  rt_load_int(const TypeDesc *t, const void *p);
uint64_t rt_load_uint(const TypeDesc *t, const void *p);
double   rt_load_float(const TypeDesc *t, const void *p);

/* strconv.IsPrint (runtime/isprint.c). */
bool rt_is_print(int32_t r);

/* Calling a gol method from C: the hook calls the method `name` (Error or String) of v when v's
 * method set (TypeDesc.methods) holds one of type func() string, runs it to completion with
 * vm_call (a nested dispatch loop, vm/interp.h) and stores its result; false when there is no
 * such method. It defaults to runtime/fmt.c's implementation; NULL makes fmt and panic print
 * such values by their fields, as if they had no methods. A panic inside the method ends the
 * program (no recover yet). */
typedef bool (*RtStringMethodFn)(GolG *g, GolIface v, const char *name, GolString *out);
extern RtStringMethodFn rt_string_method;

/* Error() or String() of v when its type has one and the hook can call it. */
bool rt_call_string_method(GolG *g, GolIface v, const char *name, GolString *out);

#endif
