/* runtime/moduledata.c — a module's memory: who owns the arrays a Module points to.
 *
 * A Module (runtime/symtab.h) is built either by the compiler, from separately malloc'd arrays
 * that it hands over one by one with module_own, or by the .golc loader (vm/golc.c), which
 * takes everything from the module's owner arena with module_alloc; what loading adds (static
 * closures, the globals area) comes from the arena too. module_free releases both kinds in one
 * go: the arena's chunks together, and every distinct owned block once (several fields may
 * share a block, such as a native's name and native_name). The arena is recorded in
 * Module.owner and created on first use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/symtab.h"

typedef struct OwnerChunk {
    struct OwnerChunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} OwnerChunk;

typedef struct ModuleOwner {
    OwnerChunk *chunks;
    void **owned;               /* separately malloc'd blocks handed over by module_own */
    size_t nowned, capowned;
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

