/* runtime/malloc.h — size classes and allocation accounting (see runtime/malloc.c).
 *
 * mallocgc itself is declared in runtime/runtime.h: it is the one allocation funnel. This
 * header adds what tests, MemStats and the future heap need to look inside it: the size-class
 * lookup (Go's table, generated into build/runtime/sizeclasses.h) and exact counters.
 *
 * Invariants of MallocStats (all cumulative, never decreasing until issue 3 adds frees):
 *   mallocs         = sum of by_class_mallocs[1..] + large_mallocs
 *   total_alloc     = sum of by_class_mallocs[c] * class_to_size[c] + large_bytes
 *   large_bytes     = sum over large objects of ceil(size / 8192) * 8192
 * Zero-sized requests return &zerobase and are not counted (Go counts no object for them).
 */
#ifndef GOL_RUNTIME_MALLOC_H
#define GOL_RUNTIME_MALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "runtime/sizeclasses.h"

typedef struct MallocStats {
    uint64_t mallocs;                            /* objects allocated (Go's MemStats.Mallocs) */
    uint64_t total_alloc;                        /* bytes, by class size (MemStats.TotalAlloc) */
    uint64_t by_class_mallocs[SC_NUM_CLASSES];   /* objects per size class; [0] unused */
    uint64_t large_mallocs;                      /* objects over 32 KiB */
    uint64_t large_bytes;                        /* their span bytes (whole pages) */
} MallocStats;

extern uint64_t zerobase;                        /* the address of every zero-sized object */

const MallocStats *malloc_stats(void);
int     malloc_size_class(size_t size);          /* class of a small request; 0 if large */
size_t  malloc_alloc_size(size_t size);          /* bytes the heap really gives for size */

#endif
