/* runtime/mprof.h — the heap profile: sampled allocations by call stack (runtime/mprof.c).
 *
 * The allocator samples (malloc.c, mprof_note_alloc below), the sweeper reports the death of a
 * sampled object (mgcsweep.c), the collector moves the profile's cycle (mgc.c), and
 * runtime.MemProfile / runtime/pprof read the result (mprof_records). The PCs of a recorded
 * stack are gol's encoding (runtime/symtab.h, funcpc_encode): runtime.FuncForPC and
 * runtime.CallersFrames decode them.
 */
#ifndef GOL_RUNTIME_MPROF_H
#define GOL_RUNTIME_MPROF_H

#include <stdbool.h>
#include <stdint.h>
#include "runtime/runtime.h"
#include "runtime/mspan.h"

#define MPROF_MAX_STACK 32                   /* Go's maxStack: deeper stacks are cut */

/* runtime.MemProfileRate: points at the gol variable once package runtime is loaded (its init
 * registers it), else at a C default of 512 KiB. 0 = off, 1 = every allocation. */
extern int64_t *mprof_rate;

/* The sampling countdown lives in the mcache (Go's mcache.nextSample): mallocgc subtracts each
 * object's size and calls mprof_alloc when it reaches zero. Inline so the fast path costs a few
 * instructions: two loads, two compares and a subtraction. */
void mprof_alloc(GolG *g, mcache *c, void *x, uintptr_t size);
static inline void mprof_note_alloc(GolG *g, mcache *c, void *x, uintptr_t size) {
    int64_t rate = *mprof_rate;
    if (__builtin_expect(rate <= 0, 0)) return;
    if (__builtin_expect(rate != 1 && size < c->nextSample, 1)) { c->nextSample -= size; return; }
    mprof_alloc(g, c, x, size);
}
uintptr_t mprof_next_sample(void);           /* a fresh countdown (exponential, mean = rate) */

/* The sweeper found the sampled object (its SPECIAL_PROFILE record) unmarked: count it freed
 * and drop the record. */
void mprof_free_special(mspan *s, mspecial *sp);

/* The collector's cycle points (Go's mProf_NextCycle, mProf_Flush, mProf_PostSweep). */
void mprof_next_cycle(void);                 /* mark termination */
void mprof_flush(void);                      /* right after it */
void mprof_post_sweep(void);                 /* runtime.GC: the sweep it waited for is done */

/* One record of runtime.MemProfile (Go's MemProfileRecord layout: 288 bytes). */
typedef struct MemProfileRecord {
    int64_t AllocBytes, FreeBytes, AllocObjects, FreeObjects;
    uintptr_t Stack0[MPROF_MAX_STACK];
} MemProfileRecord;

/* Go's runtime.MemProfile: the number of records; copies them into p when n <= cap. */
int64_t mprof_records(MemProfileRecord *p, int64_t cap, bool inuse_zero, bool *ok);
uint64_t mprof_sys_bytes(void);              /* MemStats.BuckHashSys */

#endif
