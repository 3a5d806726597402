/* runtime/mgcscavenge.c — giving idle pages back to the OS (see malloc.c for the heap overview).
 *
 * Free page runs (mheap.c) stay mapped: the heap will likely need them again, and reusing
 * mapped pages is cheaper than asking the kernel. But a program whose heap shrank should not
 * keep its peak forever. The scavenger returns idle pages with madvise(MADV_DONTNEED): the
 * address range stays reserved and readable, the kernel drops the physical pages (RSS falls)
 * and gives fresh zero pages if they are touched again. Such pages are "released": counted in
 * MemStats.HeapReleased (still part of HeapIdle and HeapSys), marked in the released bitmap
 * (one bit per page) and in their free run's npreleased. When mheap_alloc hands a released page
 * out again it is "reacquired" and leaves HeapReleased.
 *
 * How much to keep (Go 1.19's gcPercentGoal, simplified: no background goroutine). When the
 * sweep of a cycle is complete, the scavenger releases idle pages until the retained memory,
 * HeapSys - HeapReleased, is at most the heap goal plus 10% (retainExtraPercent), rounded up to
 * an OS page. Go scales the goal by lastHeapInUse / heapGoal ratios and paces the work over
 * time; gol does it at once, which is simpler and releases slightly more eagerly. With GOGC=off
 * (an unbounded goal) nothing is released this way.
 *
 * heap_scavenge_all releases every idle page: debug.FreeOSMemory calls it after a forced
 * cycle and a full sweep.
 *
 * Which pages: the biggest free runs first, from their end, since long runs are the least
 * likely to be split again soon. A run whose pages are all released is known to be zero, so it
 * no longer needs zeroing when reused.
 */
#include <sys/mman.h>
#include "runtime/runtime.h"
#include "runtime/mgc.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

#define RETAIN_EXTRA_PERCENT 10

typedef struct ScavengeWork { uint64_t need, released; } ScavengeWork;

static void scavenge_range(uintptr_t first_page, uintptr_t n) {
    void *p = (void *)(heap.arena_start + (first_page << PAGE_SHIFT));
    madvise(p, n << PAGE_SHIFT, MADV_DONTNEED);
    for (uintptr_t i = 0; i < n; i++) mheap_set_released(first_page + i, true);
}

/* Releases unreleased pages of free run s from its end until w->need is met. */
static bool scavenge_run(mspan *s, void *arg) {
    ScavengeWork *w = arg;
    uintptr_t first = (s->startAddr - heap.arena_start) >> PAGE_SHIFT;
    uintptr_t p = first + s->npages;
    while (p > first && w->need > 0) {
        uintptr_t end = p;                          /* [p, end): a range of unreleased pages */
        while (p > first && !bits_get(heap.released, p - 1) && w->need > 0) {
            p--;
            w->need = w->need > PAGE_SIZE ? w->need - PAGE_SIZE : 0;
        }
        if (end > p) {
            scavenge_range(p, end - p);
            s->npreleased += (uint32_t)(end - p);
            w->released += (uint64_t)(end - p) * PAGE_SIZE;
        }
        while (p > first && bits_get(heap.released, p - 1)) p--;
    }
    if (s->npreleased == s->npages) s->needzero = false;
    return w->need > 0;
}

void heap_scavenge_to(uint64_t retain) {
    uint64_t retained = heap_stats.heap_sys - (uint64_t)heap.pages_released * PAGE_SIZE;
    if (retained <= retain) return;
    ScavengeWork w = {retained - retain, 0};
    mheap_for_each_free_run(scavenge_run, &w);
}

uint64_t heap_scavenge_all(void) {
    mheap_init();
    uint64_t before = heap.pages_released;
    heap_scavenge_to(0);
    return (heap.pages_released - before) * PAGE_SIZE;
}

void heap_scavenge_after_sweep(void) {
    uint64_t goal = gc_heap_goal();
    if (goal >= ((uint64_t)1 << 62)) return;        /* GOGC=off: no goal to keep near */
    uint64_t retain = goal + goal / (100 / RETAIN_EXTRA_PERCENT);
    retain = (retain + 4095) & ~(uint64_t)4095;
    heap_scavenge_to(retain);
}
