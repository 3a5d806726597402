/* runtime/cpuprof.h — the CPU profile (runtime/cpuprof.c): a CPU-time clock whose ticks are
 * charged, at the next safepoint, to the running goroutine's stack. */
#ifndef GOL_RUNTIME_CPUPROF_H
#define GOL_RUNTIME_CPUPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "runtime/runtime.h"

enum { CPUPROF_MAX_DEPTH = 64 };

typedef struct CpuProfStack {
    int64_t count;                          /* ticks; 0: a free slot */
    uint32_t nstk;
    uintptr_t stk[CPUPROF_MAX_DEPTH];       /* PCs, innermost first (runtime/symtab.h) */
} CpuProfStack;

bool cpuprof_start(int64_t hz);             /* false: already running, or no timer */
void cpuprof_stop(void);
void cpuprof_tick(GolG *g);                 /* rt_preempt_point: charge pending ticks to g's stack */
/* The table (nslots slots, free ones with count 0) and what the profile header needs. */
const CpuProfStack *cpuprof_stacks(size_t *nslots, int64_t *hz, int64_t *duration_ns,
                                   int64_t *start_ns, int64_t *lost);

#endif
