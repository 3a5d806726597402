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
 * Memory the VM adds to a module comes from a small arena recorded in Module.owner (see
 * vm/module.h): a list of chunks freed together by module_free. A module the compiler built
 * is made of separately malloc'd arrays instead; the compiler hands each of them over with
 * module_own, and module_free frees every distinct one once (several fields may share a block,
 * such as a native's name and native_name).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "vm/module.h"
#include "runtime/runtime.h"

/* ---- the owner arena ---- */

typedef struct OwnerChunk {
    struct OwnerChunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} OwnerChunk;

typedef struct ModuleOwner {
    OwnerChunk *chunks;
    void **owned;               /* separately malloc'd blocks handed over by module_own */
    size_t nowned, capowned;
    bool bound;                 /* module_bind_natives has run */
} ModuleOwner;

#define OWNER_CHUNK 65536u

static void *module_oom(void) {
    fputs("gol: out of memory\n", stderr);
    exit(1);
}

static ModuleOwner *module_owner(Module *m) {
    if (!m->owner) {
        m->owner = calloc(1, sizeof(ModuleOwner));
        if (!m->owner) module_oom();
    }
    return m->owner;
}

Module *module_new(void) {
    Module *m = calloc(1, sizeof *m);
    if (!m) module_oom();
    module_owner(m);
    return m;
}

void *module_alloc(Module *m, size_t size) {
    ModuleOwner *o = module_owner(m);
    size = (size + 15) & ~(size_t)15;
    OwnerChunk *c = o->chunks;
    if (!c || c->size - c->used < size) {
        size_t cap = size > OWNER_CHUNK ? size : OWNER_CHUNK;
        c = calloc(1, sizeof(OwnerChunk) + cap);
        if (!c) module_oom();
        c->size = cap;
        c->next = o->chunks;
        o->chunks = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

void module_own(Module *m, const void *p) {
    if (!p) return;
    ModuleOwner *o = module_owner(m);
    if (o->nowned == o->capowned) {
        o->capowned = o->capowned ? 2 * o->capowned : 64;
        o->owned = realloc(o->owned, o->capowned * sizeof *o->owned);
        if (!o->owned) module_oom();
    }
    o->owned[o->nowned++] = (void *)p;
}

static int module_cmp_ptr(const void *a, const void *b) {
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
    return x < y ? -1 : x > y;
}

static void module_free_owned(ModuleOwner *o) {
    if (o->nowned) qsort(o->owned, o->nowned, sizeof *o->owned, module_cmp_ptr);
    for (size_t i = 0; i < o->nowned; i++)
        if (i == 0 || o->owned[i] != o->owned[i - 1]) free(o->owned[i]);
    free(o->owned);
}

void module_free(Module *m) {
    if (!m) return;
    ModuleOwner *o = m->owner;
    if (o) {
        module_free_owned(o);
        for (OwnerChunk *c = o->chunks, *next; c; c = next) {
            next = c->next;
            free(c);
        }
        free(o);
    }
    free(m);
}

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

bool module_bind_natives(Module *m, char *err, size_t errlen) {
    ModuleOwner *o = module_owner(m);
    if (o->bound) return true;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        FuncInfo *f = &m->funcs[i];
        if (!f->native_name || f->native) continue;
        const NativeEntry *e = rt_native_lookup(f->native_name);
        if (!e) {
            snprintf(err, errlen, "function %s has no body and gol has no native %s",
                     f->name ? f->name : "?", f->native_name);
            return false;
        }
        f->native = e->fn;
        if (e->cont) module_add_native_cont(m, f);
    }
    void **closures = m->nfuncs ? module_alloc(m, sizeof(void *) * m->nfuncs) : NULL;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        closures[i] = &m->funcs[i];
        if (!m->funcs[i].closure) m->funcs[i].closure = &closures[i];
    }
    if (!m->globals) m->globals = module_alloc(m, m->globals_size > 0 ? (size_t)m->globals_size : 16);
    o->bound = true;
    return true;
}
