/* runtime/mstats.c — the heap's counters and runtime.MemStats (see malloc.c for the heap).
 *
 * The heap keeps only cumulative counters (HeapStats, mstats.h) plus a few page counts in
 * mheap; every MemStats figure is computed from them when it is read. Where each heap field
 * comes from (Go's meanings, /work/shared/reference/go-runtime-facts.md §2.2):
 *
 *   Mallocs      sum of small_mallocs[c] + large_mallocs + tiny_allocs
 *   Frees        sum of small_frees[c]   + large_frees   + tiny_allocs   (Go's tiny rule)
 *   TotalAlloc   sum of small_mallocs[c] * class size + large_alloc_bytes (whole pages)
 *   HeapAlloc    TotalAlloc - (sum of small_frees[c] * class size + large_free_bytes)
 *   Alloc        = HeapAlloc
 *   HeapObjects  = Mallocs - Frees
 *   HeapSys      arena bytes committed (mheap_grow)
 *   HeapInuse    pages of in-use spans * 8 KiB
 *   HeapIdle     = HeapSys - HeapInuse (free page runs, released or not)
 *   HeapReleased pages scavenged and not reacquired * 8 KiB
 *   StackInuse, StackSys   reported by runtime/stack.c through mstats_stack_add (stacks are
 *                mmap'd there, not carved from the heap, so StackSys = StackInuse)
 *   MSpanInuse/Sys    span descriptors in use / the 16 KiB pool chunks holding them
 *   MCacheInuse/Sys   the one mcache (a static struct: Inuse = Sys = its size)
 *   BuckHashSys  the heap profile's bucket table and buckets (runtime/mprof.c), taken from the
 *                OS apart from the C heap (so not in OtherSys)
 *   GCSys        page table + heap bitmap + released bitmap (committed parts), the pool of
 *                span mark/alloc bitmaps, and whatever the collector reports (mstats_gc_sys_add)
 *   OtherSys     the C allocator's memory from the OS (mallinfo2: arena + mmapped blocks: the
 *                loaded module, tables, buffers) plus the static mheap structure
 *   Sys          the sum of the *Sys fields above, so Go's identity holds exactly
 *   BySize[c]    class c < 61: its size and small_mallocs[c], small_frees[c]
 *
 * Small-object mallocs are published when the mcache gives a span back, so mstats_read first
 * flushes the mcache, as Go's ReadMemStats does: then the counts are exact.
 */
#include <malloc.h>
#include <string.h>
#include <stddef.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mprof.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

HeapStats heap_stats;

_Static_assert(sizeof(GoMemStats) == 5776, "GoMemStats must have Go's runtime.MemStats layout");
_Static_assert(offsetof(GoMemStats, NumGC) == 4288, "GoMemStats.NumGC offset");
_Static_assert(offsetof(GoMemStats, GCCPUFraction) == 4296, "GoMemStats.GCCPUFraction offset");
_Static_assert(offsetof(GoMemStats, EnableGC) == 4304, "GoMemStats.EnableGC offset");
_Static_assert(offsetof(GoMemStats, BySize) == 4312, "GoMemStats.BySize offset");

void mstats_stack_add(int64_t inuse_delta, int64_t sys_delta) {
    heap_stats.stack_inuse += inuse_delta;
    heap_stats.stack_sys += sys_delta;
}

void mstats_gc_sys_add(int64_t delta) { heap_stats.gc_sys += (uint64_t)delta; }

static uint64_t mstats_freed_bytes(void) {
    uint64_t b = heap_stats.large_free_bytes;
    for (int c = 1; c < SC_NUM_CLASSES; c++) b += heap_stats.small_frees[c] * class_to_size[c];
    return b;
}

static uint64_t mstats_total_alloc(void) {
    uint64_t b = heap_stats.large_alloc_bytes;
    for (int c = 1; c < SC_NUM_CLASSES; c++) b += heap_stats.small_mallocs[c] * class_to_size[c];
    return b;
}

uint64_t mstats_heap_alloc(void) { return mstats_total_alloc() - mstats_freed_bytes(); }

static uint64_t mstats_other_sys(void) {
    struct mallinfo2 mi = mallinfo2();
    return (uint64_t)mi.arena + (uint64_t)mi.hblkhd + sizeof heap;
}

void mstats_read(GoMemStats *out) {
    mheap_init();
    mcache_release_all(&mcache0);
    memset(out, 0, sizeof *out);
    const HeapStats *h = &heap_stats;
    uint64_t mallocs = h->large_mallocs + h->tiny_allocs, frees = h->large_frees + h->tiny_allocs;
    for (int c = 1; c < SC_NUM_CLASSES; c++) {
        mallocs += h->small_mallocs[c];
        frees += h->small_frees[c];
    }
    for (int c = 0; c < 61; c++) {
        out->BySize[c].Size = class_to_size[c];
        out->BySize[c].Mallocs = c ? h->small_mallocs[c] : 0;
        out->BySize[c].Frees = c ? h->small_frees[c] : 0;
    }
    out->TotalAlloc = mstats_total_alloc();
    out->HeapAlloc = out->TotalAlloc - mstats_freed_bytes();
    out->Alloc = out->HeapAlloc;
    out->Lookups = 0;
    out->Mallocs = mallocs;
    out->Frees = frees;
    out->HeapObjects = mallocs - frees;
    out->HeapSys = h->heap_sys;
    out->HeapInuse = (uint64_t)heap.pages_inuse * PAGE_SIZE;
    out->HeapIdle = out->HeapSys - out->HeapInuse;
    out->HeapReleased = (uint64_t)heap.pages_released * PAGE_SIZE;
    out->StackInuse = h->stack_inuse > 0 ? (uint64_t)h->stack_inuse : 0;
    out->StackSys = h->stack_sys > 0 ? (uint64_t)h->stack_sys : 0;
    if (out->StackSys < out->StackInuse) out->StackSys = out->StackInuse;
    out->MSpanInuse = h->mspan_inuse;
    out->MSpanSys = h->mspan_sys;
    out->MCacheInuse = h->mcache_inuse;
    out->MCacheSys = h->mcache_sys;
    out->BuckHashSys = mprof_sys_bytes();
    out->GCSys = h->gc_sys;
    out->OtherSys = mstats_other_sys();
    out->Sys = out->HeapSys + out->StackSys + out->MSpanSys + out->MCacheSys + out->BuckHashSys +
               out->GCSys + out->OtherSys;
    out->EnableGC = true;
    out->DebugGC = false;
    gc_fill_stats(out);
}
