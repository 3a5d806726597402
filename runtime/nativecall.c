/* runtime/nativecall.c — how the runtime has gol code run: continuations, not nested loops.
 *
 * fmt calls String() and Error() methods, a panic prints its value's Error(), finalizers are
 * gol functions. The runtime never runs them itself by re-entering the interpreter on the C
 * stack (DESIGN §6): that would put C frames between gol frames, so a deep String() recursion
 * would overflow the C stack, a goroutine could not be switched away from inside one, and a
 * panic would have to unwind across C. Instead a native returns to the dispatch loop with a
 * request, as Lua's lua_callk does:
 *
 *     gol caller ──CALLNAT──► native (step 0) ──returns NAT_CALL──► loop
 *                                                                    │ pushes the callee's
 *                                                                    ▼ frame above the native's
 *                             native (step 1) ◄──RET (RETPC_RESUME_NATIVE)── callee runs
 *                                  │
 *                                  └──returns NAT_RETURN──► loop returns to the gol caller
 *
 * The native's frame stays on the goroutine's stack the whole time, with its continuation
 * (NatCont: the step to resume at, C state, one pointer the collector sees) after its params,
 * so the collector and stack copying see it like any other frame (runtime/traceback.c), and the
 * callee may allocate, grow the stack, or itself call a native that calls gol code again —
 * 100,000 String() methods deep costs stack, not C stack.
 *
 * The runtime's own calls that no gol code asked for (a panic's printer, the finalizer queue)
 * are natives too — runtime.gopanic (runtime/panic.c), runtime.runfinq (runtime/mfinal.c) —
 * which the loop pushes above the current frame.
 *
 * This file has the pieces natives use: rt_call_prepare (make room for the callee's frame and
 * say where its params go), rt_call_results, rt_native_cont, and the method calls fmt and panic
 * make: finding a `func() string` method in a type's method set and writing its receiver.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"

NatCont *rt_native_cont(GolG *g, uint8_t *frame) {
    return (NatCont *)(frame + g->func->args_size);
}

uint8_t *rt_call_prepare(GolG *g, uint8_t **frame, const void *fnval) {
    const FuncInfo *f;
    memcpy(&f, fnval, sizeof f);
    const FuncInfo *self = g->func;               /* the native making the call */
    size_t above = self->frame_size + sizeof(FrameHeader);
    if (g->base + above + f->args_size > g->stack_hi)
        g->base = stack_grow(g, g->base, above + f->args_size);
    *frame = g->base;
    g->call_ctx = fnval;
    return g->base + above;
}

uint8_t *rt_call_results(GolG *g, uint8_t *frame) {
    return frame + g->func->frame_size + sizeof(FrameHeader);
}

/* ---- String() and Error() ----
 *
 * Go's fmt asks each operand `v.(error)` then `v.(Stringer)`; gol answers from the operand's
 * TypeDesc: its method set (runtime/type.h, TypeMethod — T lists its value methods, *T also its
 * pointer methods) must hold a method of that name whose type is exactly func() string. It is
 * called the way an itab calls it (runtime/iface.c): through its itab function (TypeMethod.ifn),
 * whose one receiver slot takes the value's interface data word — the pointer itself, or a
 * pointer to the boxed copy, from which a value method's (*T).M wrapper loads the value. A value
 * method reached through a nil pointer cannot be called (the wrapper would panic; fmt prints
 * "<nil>"): rt_method_nil_receiver says so first. */

static bool nc_is_string_func(const TypeDesc *ft) {
    return ft && ft->kind == K_FUNC && ft->len == 0 && ft->nfields == 1 && ft->fields[0].type &&
           ft->fields[0].type->kind == K_STRING && !(ft->fields[0].type->flags & TDF_NAMED);
}

const TypeMethod *rt_string_method_of(const GolG *g, const TypeDesc *t, const char *name) {
    if (t == NULL) return NULL;
    for (uint32_t i = 0; i < t->nmethods; i++) {
        const TypeMethod *tm = &t->methods[i];
        if (strcmp(tm->name, name) != 0) continue;
        if (!nc_is_string_func(tm->mtype)) return NULL;
        if (g == NULL || g->mod == NULL) return tm;     /* C callers: the type says enough */
        if (tm->ifn >= g->mod->nfuncs) return NULL;
        const FuncInfo *f = &g->mod->funcs[tm->ifn];     /* the itab's function: receiver = data word */
        if (!f->closure || f->results_size != 16 || f->args_size != 16 + 8) return NULL;
        return tm;
    }
    return NULL;
}

bool rt_method_nil_receiver(GolIface v, const TypeMethod *tm) {
    return (tm->deref || tm->nil_panics) && v.data == NULL;
}

/* The method is called as an itab calls it (runtime/iface.c): its itab function (TypeMethod.ifn)
 * takes the interface's data word as the receiver, and loads the value itself when the method
 * has a value receiver (the (*T).M wrapper), so v needs no unpacking here. */
void rt_method_call_prepare(GolG *g, uint8_t **frame, GolIface v, const TypeMethod *tm) {
    const FuncInfo *f = &g->mod->funcs[tm->ifn];
    uint8_t *callee = rt_call_prepare(g, frame, f->closure);
    memcpy(callee + f->results_size, &v.data, sizeof v.data);
}
