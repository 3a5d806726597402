/* runtime/malloc.h — size classes and the heap's entry points (see runtime/malloc.c).
 *
 * mallocgc itself is declared in runtime/runtime.h: it is the one allocation funnel. This
 * header adds the size-class lookup (Go's table, generated into build/runtime/sizeclasses.h by
 * tools/mksizeclasses.c), zerobase, and the heap's own headers for who needs to look inside:
 * runtime/mspan.h (spans, mcentral, mcache, mheap), runtime/mstats.h (counters, MemStats),
 * runtime/mheap.h (the collector's contract).
 */
#ifndef GOL_RUNTIME_MALLOC_H
#define GOL_RUNTIME_MALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "runtime/sizeclasses.h"

#define TINY_SIZE 16                             /* Go's maxTinySize */

extern uint64_t zerobase;                        /* the address of every zero-sized object */

int     malloc_size_class(size_t size);          /* class of a small request; 0 if large */
size_t  malloc_alloc_size(size_t size);          /* bytes the heap really gives for size */

#endif
