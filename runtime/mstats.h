/* runtime/mstats.h — the heap's counters and runtime.MemStats (see mstats.c and malloc.c).
 *
 * GoMemStats has exactly the layout of Go's runtime.MemStats (5776 bytes, BySize at 4312: the
 * static asserts in mstats.c check it), so the gc engineer's runtime.gol declares the same
 * struct and ReadMemStats copies this one into it. mstats_read fills the heap's fields and
 * then calls gc_fill_stats (runtime/mgc.c) for NextGC, LastGC, PauseTotalNs, PauseNs, PauseEnd,
 * NumGC, NumForcedGC, GCCPUFraction.
 *
 * HeapStats holds cumulative counters only; every MemStats field is computed from them at read
 * time, so Go's identities hold by construction (see docs/heap.md, "Where each figure comes
 * from").
 */
#ifndef GOL_RUNTIME_MSTATS_H
#define GOL_RUNTIME_MSTATS_H

#include <stdbool.h>
#include <stdint.h>
#include "runtime/sizeclasses.h"

typedef struct GoMemStatsBySize { uint32_t Size; uint64_t Mallocs, Frees; } GoMemStatsBySize;

typedef struct GoMemStats {
    uint64_t Alloc, TotalAlloc, Sys, Lookups, Mallocs, Frees;
    uint64_t HeapAlloc, HeapSys, HeapIdle, HeapInuse, HeapReleased, HeapObjects;
    uint64_t StackInuse, StackSys, MSpanInuse, MSpanSys, MCacheInuse, MCacheSys;
    uint64_t BuckHashSys, GCSys, OtherSys;
    uint64_t NextGC, LastGC, PauseTotalNs;
    uint64_t PauseNs[256];
    uint64_t PauseEnd[256];
    uint32_t NumGC, NumForcedGC;
    double   GCCPUFraction;
    bool     EnableGC, DebugGC;
    GoMemStatsBySize BySize[61];
} GoMemStats;

typedef struct HeapStats {
    uint64_t small_mallocs[SC_NUM_CLASSES];   /* objects, published when an mcache lets go */
    uint64_t small_frees[SC_NUM_CLASSES];     /* objects freed by the sweeper */
    uint64_t large_mallocs, large_frees;      /* objects over 32 KiB */
    uint64_t large_alloc_bytes, large_free_bytes;   /* their whole-page sizes */
    uint64_t tiny_allocs;                     /* tiny sub-objects: added to Mallocs AND Frees */
    uint64_t heap_sys;                        /* arena bytes committed (HeapSys) */
    uint64_t mspan_inuse, mspan_sys;          /* span descriptor pool */
    uint64_t mcache_inuse, mcache_sys;
    uint64_t gc_sys;                          /* page table, heap bitmap, span bits, gc's own */
    int64_t  stack_inuse, stack_sys;          /* reported by runtime/stack.c */
    uint64_t heap_live;                       /* the pacer's heapLive (see heap_live_bytes) */
    uint64_t heap_marked;                     /* bytes marked by the last completed mark */
} HeapStats;

extern HeapStats heap_stats;

/* Fills every field; flushes the mcache first so the object counts are exact (as Go's
 * ReadMemStats does with the world stopped). */
void mstats_read(GoMemStats *out);
/* Provided by the collector (runtime/mgc.c): NextGC .. GCCPUFraction. */
void gc_fill_stats(GoMemStats *out);

/* Hooks for the rest of the runtime. */
void mstats_stack_add(int64_t inuse_delta, int64_t sys_delta);  /* stack.c: mmap/munmap */
void mstats_gc_sys_add(int64_t delta);                          /* collector metadata */

/* Derived figures, also used by the pacer and tests. */
uint64_t mstats_heap_alloc(void);         /* bytes in allocated objects (published counts) */

#endif
