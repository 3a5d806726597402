/* runtime/mheap.h — the heap's interface to the collector (issue 3 contract; see runtime/malloc.c
 * for the design overview once written).
 *
 * The heap (mheap.c, mcentral.c, mcache.c, mbitmap.c, mgcsweep.c, mgcscavenge.c, mstats.c)
 * owns spans, their alloc/mark/pointer bits and every counter. The collector (mgc.c,
 * mgcmark.c, mgcpacer.c) decides when to collect and what is reachable. They meet here.
 * The heap engineer defines mspan and may add functions; the names below are fixed.
 */
#ifndef GOL_RUNTIME_MHEAP_H
#define GOL_RUNTIME_MHEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mspan mspan;   /* defined by the heap (runtime/mspan.h or in this file) */

/* ---- finding and marking objects (used by mark) ---- */
/* If p points into an allocated object (interior pointers included), returns true with the
 * object's base, its span and its index in the span. Pointers outside the heap, into free
 * pages or into free slots return false. O(1): page -> span table. */
bool     heap_find_object(const void *p, void **base, mspan **span, uintptr_t *index);
/* Sets the object's mark bit; returns true if it was not yet marked (the caller greys it). */
bool     span_mark(mspan *s, uintptr_t index);
bool     span_is_marked(const mspan *s, uintptr_t index);
bool     span_noscan(const mspan *s);            /* objects hold no pointers: never scanned */
size_t   span_elem_size(const mspan *s);
/* Is word i (8-byte units from base) of the object at base a pointer slot? From the pointer
 * bitmap written at allocation from the type descriptor. */
bool     heap_is_pointer_word(const mspan *s, const void *base, size_t word);
/* The same bits 64 at a time, for a fast scan loop: bit i says whether word `word + i` of the
 * object at base is a pointer slot; bits for words past span_elem_size(s)/8 are 0. Noscan: 0.
 *   for (w = 0; w < n; w += 64) for (m = heap_pointer_bits64(s, b, w); m; m &= m - 1) ...ctz(m) */
uint64_t heap_pointer_bits64(const mspan *s, const void *base, size_t word);

/* ---- cycle hooks (called by the collector, world stopped) ---- */
void     heap_for_each_small_span(void (*fn)(const mspan *s, void *arg), void *arg);   /* :heap */
void     heap_flush_caches(void);       /* return every mcache's spans (before mark) */
void     heap_finish_sweep(void);       /* sweep whatever the last cycle left unswept */
void     heap_clear_marks(void);        /* before mark (or done lazily by sweep) */
void     heap_start_sweep(void);        /* after mark: sweepgen += 2; spans swept lazily after */
uint64_t heap_marked_bytes(void);       /* bytes of marked objects after mark (heapMarked) */
uint64_t heap_live_bytes(void);         /* the pacer's heapLive: bytes in use incl. cached spans */
/* Finalizers are per-span specials: runtime/mspan.h (span_add_special, heap_for_each_special_span). */

/* ---- verification (GOLDEBUG=gcverify=1, tests) ---- */
/* Checks span invariants: mark bits within alloc bits, counts match bits, every span on the
 * right list, page table consistent. Prints what is wrong and returns false. */
bool     heap_verify(void);
/* After mark: the first word of the noscan object at base (span s) that points into a heap
 * object the cycle did not mark -- a pointer kept in memory allocated as raw bytes, whose
 * target the sweep would free while in use. Returns its index, or -1 when there is none. */
long     heap_verify_noscan_object(void *base, mspan *s, void **target);

#endif
