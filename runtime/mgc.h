/* runtime/mgc.h — the collector's interface to the rest of the runtime (issue 3 contract).
 *
 * mallocgc calls gc_alloc_notify after each allocation; it may run a whole stop-the-world cycle
 * right there (gol runs one OS thread, so "stop the world" means: the goroutine that allocates
 * is at a safepoint whose position is saved in g->pc/g->base, and every other goroutine is
 * parked at a safepoint too). Roots are exact: module globals (Module.globals_ptrmask), every
 * goroutine's frames via their stack maps, and the C root stack below.
 */
#ifndef GOL_RUNTIME_MGC_H
#define GOL_RUNTIME_MGC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "runtime/runtime.h"

/* ---- goroutines and modules known to the collector ---- */
void gc_register_g(GolG *g);
void gc_unregister_g(GolG *g);
void gc_register_module(const Module *m);

/* ---- triggering ---- */
/* Called by mallocgc after every allocation of `size` bytes (before returning the object). */
void gc_alloc_notify(GolG *g, size_t size);
void gc_collect(GolG *g, bool forced);          /* runtime.GC(): a full cycle, then sweep */
bool gc_stress_enabled(void);                   /* GOLDEBUG=gcstress=1: collect at every allocation */

/* ---- C code holding heap pointers across an allocation (mruby's GC arena, Wren's pushRoot) ----
 *   size_t mark = gc_root_save();
 *   gc_root_push(&p);        p stays reachable and is updated if it ever moves
 *   ... allocate ...
 *   gc_root_restore(mark);
 */
size_t gc_root_save(void);
void   gc_root_push(void **slot);
void   gc_root_restore(size_t mark);

/* ---- pacer (mgcpacer.c) ---- */
int64_t gc_set_percent(GolG *g, int64_t percent);     /* debug.SetGCPercent: returns old */
int64_t gc_set_memory_limit(int64_t limit);            /* debug.SetMemoryLimit: returns old */
uint64_t gc_heap_goal(void);                          /* MemStats.NextGC */

#endif
