/* vm/module.c — queries on a loaded module and the last steps of loading it.
 *
 * (The queries tracebacks and the collector ask of a function's metadata — pc to line, pc to
 * stack map — are the runtime's: runtime/symtab.c.)
 *
 * Loading ends with module_bind_natives, run on every module before it executes (whether the
 * compiler just built it or vm/golc.c read it): each body-less function gets its C function from
 * the runtime's table by qualified name (an unknown name is a load error that names it), every
 * function gets its static closure — the one-word object {FuncInfo*} that LOADFN produces as
 * the function's value — and the globals area is allocated, zeroed.
 *
 * Memory the VM adds to a module comes from the module's owner arena (module_alloc,
 * runtime/moduledata.c).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "vm/module.h"
#include "runtime/runtime.h"

/* ---- binding ---- */

/* A native that calls gol code (NativeEntry.cont) gets a NatCont after its params: its frame
 * grows by one, its one stack map covers it (NatCont.gc is a pointer word) and the loop zeroes
 * it on entry. */
static void module_add_native_cont(Module *m, FuncInfo *f) {
    uint32_t words = (f->args_size + (uint32_t)sizeof(NatCont)) / 8;
    uint8_t *bits = module_alloc(m, (words + 7) / 8);
    if (f->stackmap.bits && f->stackmap.nmaps)
        memcpy(bits, f->stackmap.bits, (f->args_size / 8 + 7) / 8);
    uint32_t gcword = (f->args_size + (uint32_t)offsetof(NatCont, gc)) / 8;
    bits[gcword / 8] |= (uint8_t)(1u << (gcword % 8));
    f->frame_size = words * 8;
    f->zero_off = f->args_size;
    f->zero_size = (uint32_t)sizeof(NatCont);
    f->stackmap = (StackMap){ .nwords = words, .nmaps = 1, .bits = bits };
}

/* A bodyless function gets its native (rt_native_lookup); false, with err, if gol has none. */
static bool module_bind_func(Module *m, FuncInfo *f, char *err, size_t errlen) {
    if (!f->native_name || f->native) return true;
    const NativeEntry *e = rt_native_lookup(f->native_name);
    if (!e) {
        snprintf(err, errlen, "function %s has no body and gol has no native %s",
                 f->name ? f->name : "?", f->native_name);
        return false;
    }
    f->native = e->fn;
    if (e->cont) module_add_native_cont(m, f);
    return true;
}

bool module_bind_natives(Module *m, char *err, size_t errlen) {
    if (m->natives_bound) return true;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (!module_bind_func(m, &m->funcs[i], err, errlen)) return false;
    void **closures = m->nfuncs ? module_alloc(m, sizeof(void *) * m->nfuncs) : NULL;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        closures[i] = &m->funcs[i];
        if (!m->funcs[i].closure) m->funcs[i].closure = &closures[i];
    }
    if (!m->globals) m->globals = module_alloc(m, m->globals_size > 0 ? (size_t)m->globals_size : 16);
    m->natives_bound = true;
    return true;
}

/* A REPL session's module grows (compiler/session.c): the functions [from, nfuncs) are bound
 * as module_bind_natives binds a whole module; the globals area was set up by the REPL. */
bool module_bind_new(Module *m, uint32_t from, char *err, size_t errlen) {
    for (uint32_t i = from; i < m->nfuncs; i++) {
        FuncInfo *f = &m->funcs[i];
        if (!module_bind_func(m, f, err, errlen)) return false;
        if (!f->closure) {
            void **cl = module_alloc(m, sizeof(void *));
            *cl = f;
            f->closure = cl;
        }
    }
    m->natives_bound = true;
    return true;
}
