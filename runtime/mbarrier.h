/* runtime/mbarrier.h — the write barrier point: every store of a pointer into the heap or the
 * globals goes through here (Go's mbarrier.go). See runtime/mbarrier.c for the design.
 *
 *   wb_store_ptr(slot, p)            one pointer word (the interpreter's pointer stores too)
 *   typedmemmove(t, dst, src)        a value of type t: its pointer words through the barrier
 *   typedmemmove_n(t, dst, src, n)   n consecutive values of type t (slices, arrays; overlap ok)
 *   typedmemclr(t, dst)              zeroes a value of type t (a deleted map entry)
 *
 * Stores into the running goroutine's own frame need no barrier (Go's hybrid barrier: a stack is
 * scanned once per cycle); everything else does, including a store through a pointer that may
 * point into a stack. Raw memmove of pointer-holding memory into the heap is a bug that
 * GOLDEBUG=wbcheck=1 reports.
 */
#ifndef GOL_RUNTIME_MBARRIER_H
#define GOL_RUNTIME_MBARRIER_H

#include <stdbool.h>
#include <stddef.h>
#include "runtime/symtab.h"

/* Go's writeBarrier.enabled: set while a barrier has work to do (wbcheck today; the mark phase
 * of the incremental collector later). One flag test on the fast path. */
extern bool wb_enabled;
void wb_slow(void **slot, void *ptr);

static inline void wb_store_ptr(void **slot, void *ptr) {
    if (__builtin_expect(wb_enabled, 0)) wb_slow(slot, ptr);
    *slot = ptr;
}

void typedmemmove(const TypeDesc *t, void *dst, const void *src);
void typedmemmove_n(const TypeDesc *t, void *dst, const void *src, size_t n);
void typedmemclr(const TypeDesc *t, void *dst);   /* zeroes a value: its pointers through the barrier */

/* ---- GOLDEBUG=wbcheck=1: proof that every pointer store went through the barrier ---- */
void wbcheck_init(void);                          /* from GOLDEBUG, at start-up */
bool wbcheck_enabled(void);
void wbcheck_note_alloc(void *obj, size_t size);  /* the allocator: the shadow takes obj's bytes */
void wbcheck_note_globals(const void *g, size_t size, bool add);
void wbcheck_verify(void);                        /* each collection: report differing slots */

#endif
